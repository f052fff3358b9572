"""`export -o` onto a FIFO or a device (issue 16, item 12).

The atomic write (a temporary file renamed over the target) is right for regular files only:
renamed over a FIFO or a device node it replaces it with a regular file (as root, `-o /dev/null`
would replace the system's /dev/null). Special files are written into directly. The real CLI
runs as a subprocess; the device is first a copy of /dev/null made with mknod, and the real
/dev/null is tried only once the copy is known to survive.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from library_cases import run_cli
from pty_app import SAMPLE

PAPERS = 39  # in the sample


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    return out


def test_export_into_a_fifo_feeds_its_reader_and_keeps_it(folder: Path) -> None:
    fifo = folder / "papers.bib"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as pipe:  # blocks until the export opens the other end
            received.append(pipe.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    done = run_cli(["export", str(SAMPLE), "--format", "bibtex", "-o", str(fifo)], timeout=30)
    thread.join(timeout=10)
    assert done.returncode == 0, done.stderr.decode()
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a FIFO, not a regular file
    assert received and received[0].count(b"@misc{") == PAPERS
    assert [p.name for p in folder.iterdir()] == ["papers.bib"]  # no temporary file left


def test_export_into_a_fifo_without_a_reader_says_so(tmp_path: Path) -> None:
    fifo = tmp_path / "papers.bib"
    os.mkfifo(fifo)
    done = run_cli(["export", str(SAMPLE), "--format", "bibtex", "-o", str(fifo)], timeout=30)
    assert done.returncode == 1
    assert "no program is reading" in done.stderr.decode(), done.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def null_clone(folder: Path) -> Path:
    """A character device like /dev/null (major 1, minor 3), made with mknod."""
    node = folder / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as error:
        pytest.skip(f"mknod is not allowed here ({error}); the real /dev/null is not risked")
    return node


def test_export_onto_a_device_writes_into_it_and_keeps_it(folder: Path) -> None:
    node = null_clone(folder)
    done = run_cli(["export", str(SAMPLE), "--format", "csv", "-o", str(node)])
    assert done.returncode == 0, done.stderr.decode()
    assert stat.S_ISCHR(os.stat(node).st_mode), "the device was replaced by a regular file"
    assert [p.name for p in folder.iterdir()] == ["null"]
    # Only now that a copy survived: the system's own /dev/null.
    before = os.stat("/dev/null")
    done = run_cli(["export", str(SAMPLE), "--format", "json", "-o", "/dev/null"])
    after = os.stat("/dev/null")
    assert done.returncode == 0, done.stderr.decode()
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino
