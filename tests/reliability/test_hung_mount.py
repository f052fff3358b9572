"""One file whose read never returns (issue 16, item 9): a hung network or FUSE mount.

The mount is real: fuse_hang.py serves a FUSE file system (in a mount namespace of its own)
whose file answers lookup, stat and open but never a read. The library links to that file next
to the bundled sample. Before: the CLI never ended and the reader stayed at "reading 0/2
files", deaf to `q`. Now the file is given up after READ_TIMEOUT_S with a message, the rest is
read, and both end.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pty_app import SAMPLE, PtyApp

from tui.parser.timed_read import READ_TIMEOUT_S, NoAnswer, read_bytes

HELPER = Path(__file__).with_name("fuse_hang.py")
GUARD_S = READ_TIMEOUT_S + 40.0


def test_a_read_that_blocks_is_given_up(tmp_path: Path) -> None:
    """A FIFO without a writer blocks open() like a hung mount (the loader refuses FIFOs before
    reading, so this calls the timed read directly)."""
    fifo = tmp_path / "2024-02-17.md"
    os.mkfifo(fifo)
    start = time.monotonic()
    with pytest.raises(NoAnswer, match="did not answer in 1 s"):
        read_bytes(fifo, timeout=1.0)
    assert time.monotonic() - start < 3.0
    assert read_bytes(SAMPLE) == SAMPLE.read_bytes()  # a fresh helper reads the next file


STOP = """
import os, sys, threading, time
from tui.parser.timed_read import NoAnswer, read_bytes, stop_waiting
outcome = []
def read():
    try:
        read_bytes(sys.argv[1])
    except NoAnswer as error:
        outcome.append(time.monotonic())
thread = threading.Thread(target=read)
thread.start()
time.sleep(0.5)
start = time.monotonic()
stop_waiting()
thread.join(5)
print(f"{outcome[0] - start:.3f}" if outcome else "still waiting")
"""


def test_stop_waiting_ends_a_blocked_read_at_once(tmp_path: Path) -> None:
    """What the reader calls on quit (in a subprocess: it is for good, in that process)."""
    fifo = tmp_path / "2024-02-17.md"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-c", STOP, str(fifo)], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) < 0.5, done.stdout


@pytest.fixture
def hung_library(tmp_path: Path) -> tuple[Path, list[str]]:
    """The sample, and 2024-02-17.md: a link into the hung mount. Returns the command prefix
    that runs a command with the mount in place."""
    if shutil.which("unshare") is None or not os.path.exists("/dev/fuse"):
        pytest.skip("needs unshare(1) and /dev/fuse")
    mountpoint = tmp_path / "mnt"
    mountpoint.mkdir()
    library = tmp_path / "library"
    library.mkdir()
    shutil.copy(SAMPLE, library / SAMPLE.name)
    (library / "2024-02-17.md").symlink_to(mountpoint / "2024-02-17.md")
    prefix = ["unshare", "--mount", "--propagation", "private", "--"]
    prefix += [sys.executable, str(HELPER), str(mountpoint), "--"]
    probe = subprocess.run(
        [*prefix, "stat", "-c", "%F", str(mountpoint / "2024-02-17.md")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if probe.returncode != 0 or "regular file" not in probe.stdout:
        pytest.skip(f"cannot mount a FUSE file system here: {probe.stderr.strip()[-300:]}")
    return library, prefix


def test_cli_ends_and_lists_the_rest_past_a_hung_file(hung_library) -> None:
    library, prefix = hung_library
    start = time.monotonic()
    try:
        done = subprocess.run(
            [*prefix, sys.executable, "-m", "tui", "list", str(library)],
            capture_output=True,
            text=True,
            timeout=GUARD_S,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"arxiv-digest list did not end within {GUARD_S:g} s")
    took = time.monotonic() - start
    print(f"list past a hung file: {took:.1f} s (limit per file {READ_TIMEOUT_S:g} s)")
    assert "PaLM2-VAdapter" in done.stdout  # the sample is listed
    assert f"did not answer in {READ_TIMEOUT_S:g} s" in done.stderr, done.stderr
    assert done.returncode == 1


LOADER = """
import json, sqlite3, sys
from tui.cache import Cache
from tui.library import open_library
library = open_library([sys.argv[1]])
rows = sqlite3.connect(Cache().path).execute(
    "SELECT kind FROM files WHERE path LIKE '%2024-02-17.md'").fetchall()
print(json.dumps({"days": len(library.days), "problems": library.problems, "rows": rows}))
"""


def test_the_loader_reports_a_hung_file_and_does_not_cache_it(hung_library) -> None:
    """Through the reader's loader (the cache, the parser processes): the file is reported, and
    not remembered as broken: once the mount answers again, it is read."""
    library, prefix = hung_library
    done = subprocess.run(
        [*prefix, sys.executable, "-c", LOADER, str(library)],
        capture_output=True,
        text=True,
        timeout=GUARD_S,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["days"] == 1  # the sample
    assert [p for p in report["problems"] if "did not answer" in p], report
    assert report["rows"] == [], "a file that did not answer was cached as broken"


class HungApp(PtyApp):
    """The real app on a pty, started under the hung mount's helper."""

    def __init__(self, prefix: list[str], args: list[str]) -> None:
        super().__init__(args, dict(os.environ), prefix=prefix)


def test_reader_shows_the_rest_and_quits_past_a_hung_file(hung_library) -> None:
    library, prefix = hung_library
    app = HungApp(prefix, [str(library)])
    try:
        app.wait_for_text("39 papers", limit=GUARD_S)  # the sample's day, after the hung file
        app.wait_for_words("did", "answer", "hung", limit=15)  # and the notice (it wraps)
        start = time.monotonic()
        app.press("q")
        app.process.wait(timeout=30)
        print(f"q → exit: {time.monotonic() - start:.2f} s")
        assert app.process.returncode == 0
    finally:
        app.kill()


def test_reader_quits_while_a_file_hangs(hung_library) -> None:
    """`q` while the loader is still waiting for the hung file (before the time limit)."""
    library, prefix = hung_library
    app = HungApp(prefix, [str(library)])
    try:
        app.wait_for_text("Reading", limit=30)
        time.sleep(1.0)  # the loader is now blocked on the hung file
        start = time.monotonic()
        app.press("q")
        app.process.wait(timeout=READ_TIMEOUT_S + 10)
        took = time.monotonic() - start
        print(f"q while a read hangs → exit: {took:.2f} s")
        assert app.process.returncode == 0
        # run_app tells waiting reads to give up before it stops the loader: no 5 s wait.
        assert took < 2.0, f"quitting waited {took:.1f} s for the hung read"
    finally:
        app.kill()
