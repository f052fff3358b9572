"""Files named like digests that are not regular files: a FIFO, a link to /dev/zero.

Opening a FIFO for reading blocks until a writer comes (forever); reading /dev/zero never ends
and fills memory. A reader pointed at such a file, or at a folder holding one, must refuse it
with a message and go on. Each case runs in a subprocess under a hang guard and a memory cap
(RLIMIT_AS), so that a failure cannot hang the suite or exhaust the machine.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pty_app import SAMPLE

GUARD_S = 8.0  # a load of the sample takes well under a second after imports
MEMORY_CAP = 1 << 30  # 1 GiB of address space: reading /dev/zero hits it within a second


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A library folder: the sample, a FIFO and a link to /dev/zero, all named like digests."""
    library = tmp_path / "library"
    library.mkdir()
    shutil.copy(SAMPLE, library / SAMPLE.name)
    os.mkfifo(library / "2024-02-17.md")
    (library / "2024-02-18.md").symlink_to("/dev/zero")
    return library


def run_guarded(code: str) -> subprocess.CompletedProcess[str] | None:
    """Run Python code with the memory cap; None if it is still running at the guard."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    try:
        return subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=GUARD_S,
            preexec_fn=cap,
        )
    except subprocess.TimeoutExpired:
        return None


LOAD = """
import sys
from tui.parser import DigestError, load
try:
    load(sys.argv[1] if len(sys.argv) > 1 else {path!r})
except DigestError as error:
    print("refused:", error)
"""


def test_load_refuses_a_fifo(folder: Path) -> None:
    done = run_guarded(LOAD.format(path=str(folder / "2024-02-17.md")))
    assert done is not None, "load() blocked on a FIFO"
    assert "refused:" in done.stdout and "2024-02-17.md" in done.stdout, done.stderr[-500:]


def test_load_refuses_a_device(folder: Path) -> None:
    done = run_guarded(LOAD.format(path=str(folder / "2024-02-18.md")))
    assert done is not None, "load() never returned on /dev/zero"
    assert "refused:" in done.stdout, done.stderr[-500:]


def test_library_goes_on_past_special_files(folder: Path, isolated_dirs) -> None:
    code = f"""
from tui.library import open_library
library = open_library([{str(folder)!r}])
print("days", len(library.days))
print("problems", library.problems)
"""
    done = run_guarded(code)
    assert done is not None, "open_library() hung"
    assert done.returncode == 0, done.stderr[-800:]
    assert "days 1" in done.stdout


def test_cli_list_of_a_folder_with_special_files_finishes(folder: Path, isolated_dirs) -> None:
    done = run_guarded(
        f"from tui.cli import main; raise SystemExit(main(['list', {str(folder)!r}]))"
    )
    assert done is not None, "arxiv-digest list hung"
    assert "PaLM2-VAdapter" in done.stdout  # the real digest is listed
    assert done.returncode == 1  # and the special files are reported
