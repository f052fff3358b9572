"""Libraries that a hostile machine hands the reader, and the real command run on them.

Shared by the reliability tests of file names, unreadable folders and cut files: each builds a
folder of real corpus days (or the bundled sample), then runs `python -m tui` as a subprocess.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus"
FEBRUARY = CORPUS / "data" / "2024-02"
RUN_S = 60.0  # a guard: each run normally ends within a few seconds


def needs_corpus() -> None:
    if not (CORPUS / "expected.jsonl").is_file():
        pytest.skip(f"the shared corpus is not at {CORPUS}")


def expected_papers() -> dict[str, int]:
    """Paper entries per corpus file, counted line by line when the corpus was made."""
    counts: dict[str, int] = {}
    with (CORPUS / "expected.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            counts[row["file"]] = row["papers"]
    return counts


def corpus_days(folder: Path, count: int) -> dict[str, int]:
    """Copy the first `count` February days into `folder`; {file name: expected entries}."""
    needs_corpus()
    expected = expected_papers()
    folder.mkdir(parents=True, exist_ok=True)
    days: dict[str, int] = {}
    for source in sorted(FEBRUARY.glob("2024-02-*.md"))[:count]:
        shutil.copy(source, folder / source.name)
        days[source.name] = expected[f"data/2024-02/{source.name}"]
    return days


def run_cli(
    args: Sequence[str | bytes],
    *,
    env: dict[str, str] | None = None,
    prefix: Sequence[str] = (),
    timeout: float = RUN_S,
) -> subprocess.CompletedProcess[bytes]:
    """`python -m tui ARGS` (after `prefix`, e.g. setpriv) with this test's XDG folders.

    PYTHONIOENCODING=utf-8 gives the strict UTF-8 output of a usual desktop locale
    (en_US.UTF-8; this machine has only C.UTF-8, where Python escapes undecodable bytes)."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "tui", *args],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
        timeout=timeout,
        check=False,
    )


def run_python(code: str, *, prefix: Sequence[str] = (), timeout: float = RUN_S) -> str:
    """Python code in a fresh process (the real loader, as the reader runs it); its stdout."""
    done = subprocess.run(
        [*prefix, sys.executable, "-c", code],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done.stdout.decode()


LOAD_REPORT = """
import json, sys
from tui.library import open_library
library = open_library([sys.argv[1] if len(sys.argv) > 1 else {path!r}])
print(json.dumps({{
    "days": [day.date.isoformat() for day in library.days],
    "problems": library.problems,
    "warnings": library.warnings,
    "notices": library.notices,
    "cached": library.stats.cached,
}}))
"""


def load_report(folder: Path | str, *, prefix: Sequence[str] = ()) -> dict[str, object]:
    """open_library (the reader's loader, with the cache) in a fresh process, as JSON."""
    out = run_python(LOAD_REPORT.format(path=os.fsdecode(folder)), prefix=prefix)
    return json.loads(out.strip().splitlines()[-1])
