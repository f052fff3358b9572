"""Cloning and syncing a digest repository with the real `git` program.

As little as git allows: one commit of history (`--depth 1`), no file contents but those checked
out (`--filter=blob:none`, where the server supports it), and a sparse checkout of the Markdown
files only. git never asks anything: no terminal prompt, no askpass, no credential helper, no
stdin, an ssh in batch mode, and a time limit, so a repository that wants a password fails at
once instead of hanging. A clone goes to a temporary folder renamed into place when complete, so
one killed mid-way leaves nothing half-made; a sync holds a lock per checkout, never touches a
checkout with local changes, and clears the index lock a killed sync left behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tui.text import one_line

TIMEOUT_S = 600.0  # one git command; a stalled network fails well before
SPARSE = ["/*.md", "/**/*.md"]  # the digests (and a README): nothing else is checked out
LOCK_NAME = "arxiv-digest-sync.lock"
CLONE = ["clone", "--depth", "1", "--filter=blob:none", "--no-checkout", "--progress"]
_SAFE_ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_ASKPASS": "",
    "SSH_ASKPASS": "",
    "GCM_INTERACTIVE": "never",
    "GIT_SSH_COMMAND": "ssh -o BatchMode=yes -o ConnectTimeout=20",
    "LC_ALL": "C",  # messages we quote back in English
}
Progress = Callable[[str], None]


class GitError(RuntimeError):
    """A git command failed; the message is git's last words, on one line."""


class Busy(GitError):
    """Another instance is syncing this checkout right now."""


@dataclass(frozen=True, slots=True)
class SyncResult:
    changed: bool
    head: str


def available() -> bool:
    return shutil.which("git") is not None


def run(
    args: list[str],
    cwd: Path | None = None,
    progress: Progress | None = None,
    timeout: float = TIMEOUT_S,
) -> str:
    """Run one git command; returns its stdout. Progress lines (stderr) go to `progress`."""
    command = ["git", "-c", "credential.helper=", "-c", "core.askPass=", *args]
    env = {**os.environ, **_SAFE_ENV}
    try:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except OSError as error:
        raise GitError(f"git could not be started: {error}") from error
    lines: list[str] = []
    reader = threading.Thread(target=_read_stderr, args=(process, lines, progress), daemon=True)
    reader.start()
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        process.kill()
        process.communicate()
        raise GitError(f"git did not finish within {timeout:g} s") from error
    reader.join(5)
    if process.returncode != 0:
        problems = [line for line in lines if line.lower().startswith(("fatal", "error"))]
        raise GitError(one_line((problems or lines or [f"git exited {process.returncode}"])[-1]))
    return out.decode("utf-8", "replace")


def _read_stderr(
    process: subprocess.Popen[bytes], lines: list[str], progress: Progress | None
) -> None:
    assert process.stderr is not None
    buffer = b""
    while chunk := process.stderr.read1(4096):  # type: ignore[attr-defined]
        buffer += chunk
        *done, buffer = re.split(rb"[\r\n]", buffer)
        for raw in done:
            line = raw.decode("utf-8", "replace").strip()
            if line:
                lines.append(line)
                if progress is not None:
                    progress(one_line(line))
    if buffer.strip():
        lines.append(buffer.decode("utf-8", "replace").strip())


def clone(url: str, target: Path, progress: Progress | None = None) -> None:
    """A shallow, sparse clone of `url` at `target` (which must not exist)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)  # what a killed clone left
    try:
        run(
            [*CLONE, url, str(partial)],
            progress=progress,
        )
        run(["sparse-checkout", "set", "--no-cone", *SPARSE], cwd=partial)
        run(["checkout", "--progress"], cwd=partial, progress=progress)
        partial.rename(target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


@contextlib.contextmanager
def sync_lock(checkout: Path) -> Iterator[None]:
    """One sync of a checkout at a time, across every instance; a second says so and skips."""
    descriptor = os.open(checkout / ".git" / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise Busy("another instance is syncing it right now; skipped") from error
        yield
    finally:
        os.close(descriptor)


def local_changes(checkout: Path) -> list[str]:
    """Tracked files changed in the checkout (untracked files are never touched by a sync)."""
    out = run(["status", "--porcelain", "--untracked-files=no"], cwd=checkout)
    return [line[3:] for line in out.splitlines() if line.strip()]


def sync(checkout: Path, progress: Progress | None = None) -> SyncResult:
    """Fetch the newest commit and move the checkout to it; never discards local changes."""
    if not (checkout / ".git").is_dir():
        raise GitError(f"{checkout} is not a git checkout")
    with sync_lock(checkout):
        stale = checkout / ".git" / "index.lock"
        if stale.exists():  # a sync killed mid-way (we hold the only sync lock): recover
            stale.unlink()
        changed = local_changes(checkout)
        if changed:
            shown = ", ".join(changed[:3]) + (" …" if len(changed) > 3 else "")
            raise GitError(f"it has local changes ({shown}); not touched: commit or undo them")
        before = run(["rev-parse", "HEAD"], cwd=checkout).strip()
        run(
            ["fetch", "--depth", "1", "--filter=blob:none", "--progress", "origin"],
            cwd=checkout,
            progress=progress,
        )
        after = run(["rev-parse", "FETCH_HEAD"], cwd=checkout).strip()
        if after != before:
            run(["reset", "--hard", "--quiet", after], cwd=checkout)
        return SyncResult(after != before, after)
