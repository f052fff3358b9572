"""A real git repository of digests for the subscription tests (unit and UI)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "formats" / "h5-2026-05-20.md"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t"}


def digest(day: str) -> str:
    """The H5 fixture with its date changed to `day` (header and file name agree)."""
    return FIXTURE.read_text(encoding="utf-8").replace("2026-05-20", day)


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, **GIT_ENV, "GIT_COMMITTER_EMAIL": "t@e"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


class Remote:
    """A bare repository of digests in the 2025-2026 layout, and a work tree that feeds it."""

    def __init__(self, root: Path) -> None:
        self.work, self.bare = root / "work", root / "remote.git"
        self.work.mkdir(parents=True)
        git("init", "-q", "-b", "main", cwd=self.work)
        (self.work / "README.md").write_text("# digests\n")
        (self.work / "assets").mkdir()
        (self.work / "assets" / "figure.png").write_bytes(b"\x89PNG" + b"0" * 5000)
        self.add_day("2026-05-20")
        git("clone", "-q", "--bare", str(self.work), str(self.bare), cwd=root)
        git("config", "uploadpack.allowFilter", "true", cwd=self.bare)  # as GitHub allows

    @property
    def url(self) -> str:
        return self.bare.as_uri()

    def add_day(self, day: str) -> None:
        path = self.work / "data" / day[:7] / f"{day}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(digest(day), encoding="utf-8")
        git("add", "-A", cwd=self.work)
        git("commit", "-qm", day, cwd=self.work)
        if self.bare.exists():
            git("push", "-q", str(self.bare), "main", cwd=self.work)
