"""Time from the command to the first paint, and from a key press to the redrawn detail pane.

Starts the real `arxiv-digest` command (the console script next to this Python, else
`python -m tui`) in a pseudo-terminal of 120x40, reads what it draws, and stops the clock when the
first paper's title of the bundled sample is on screen. Then it presses `j` and times until the
list shows the new position and until the second paper's arXiv id (shown only in the detail pane)
is drawn: the gap between the two says whether the detail pane came in the same frame. The runs
share fresh XDG folders in a temporary directory (the first run creates the state file and the
parse cache, later runs reuse them, as a user's would).

    python benchmarks/bench_startup.py [--runs 7] [--command arxiv-digest ...]

Prints every run and the median of each figure, with the load average (a busy machine skews
wall-clock figures). Budget (issue): first paint <= 0.6 s.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROWS, COLS = 40, 120
TIMEOUT = 20.0
_ESCAPES = re.compile(
    rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])"
)


def default_command() -> list[str]:
    script = Path(sys.executable).with_name("arxiv-digest")
    if script.exists():
        return [str(script)]
    found = shutil.which("arxiv-digest")
    return [found] if found else [sys.executable, "-m", "tui"]


def compile_reader() -> str:
    """Write the reader's bytecode, as `pip install` does for an installed package.

    An editable install under PYTHONDONTWRITEBYTECODE (this machine sets it) compiles every
    module of the reader from source at each start: +50 ms of imports, measured, that no
    installed copy pays. Returns a line saying what was done, for the report."""
    import compileall

    import tui

    package = Path(tui.__file__).parent
    ok = compileall.compile_dir(package, quiet=1)
    return f"bytecode of {package}: {'written or current' if ok else 'not all could be written'}"


def sample_markers() -> tuple[str, str, str]:
    """What appears on screen, in the bundled sample: a piece of the first title (first paint);
    after `j`, the list's position "2/N" and the second paper's versioned id (detail pane only)."""
    from tui.library import bundled_sample
    from tui.parser import load

    papers = load(bundled_sample()).papers
    return papers[0].title[:24], f"2/{len(papers)}", papers[1].versioned_id


def _take_terminal() -> None:
    """In the child, after setsid(): make stdin (the pty) the controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """A child process on a pty of ROWS x COLS; collects its output as plain text."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            # The pty becomes the program's controlling terminal, as in a real terminal: if this
            # script dies, closing the pty hangs the program up instead of leaving it running.
            preexec_fn=_take_terminal,
        )
        os.close(slave)
        self.raw = b""

    def wait_for(self, text: str, since: int = 0) -> float:
        """Seconds (since start) when `text` appears in the output after byte offset `since`."""
        needle = text.encode()
        deadline = time.perf_counter() + TIMEOUT
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    break
                self.raw += chunk
                if needle in _ESCAPES.sub(b"", self.raw[since:]):
                    return time.perf_counter() - self.started
            elif self.process.poll() is not None:
                break
        tail = _ESCAPES.sub(b"", self.raw[-2000:]).decode(errors="replace")
        raise RuntimeError(f"{text!r} never appeared; last output:\n{tail}")

    def drain(self, seconds: float) -> None:
        """Read (and keep) whatever the program draws for `seconds`: call before timing a key,
        so that a frame drawn before the key cannot be taken for its answer."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    self.raw += os.read(self.master, 65536)
                except OSError:
                    return

    def press(self, key: str) -> float:
        os.write(self.master, key.encode())
        return time.perf_counter() - self.started

    def close(self) -> None:
        try:
            os.write(self.master, b"q")
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self.master)


def one_run(
    command: list[str], env: dict[str, str], markers: tuple[str, str, str]
) -> tuple[float, float, float]:
    """(first paint, key -> list redrawn, key -> detail redrawn) in seconds."""
    title, position, second_id = markers
    term = Terminal(command, env)
    try:
        first_paint = term.wait_for(title)
        term.press("\x1b[H")  # home: the reader reopens where the last run left it
        term.drain(0.3)  # let startup settle so the key is not queued behind it
        mark = len(term.raw)
        pressed = term.press("j")
        listed = term.wait_for(position, since=mark)
        detailed = term.wait_for(second_id, since=mark)
        return first_paint, listed - pressed, detailed - pressed
    finally:
        term.close()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--command", nargs="+", default=None, help="command to start")
    args = parser.parse_args()
    command = args.command or default_command()
    print(compile_reader())
    markers = sample_markers()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(ROWS))
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            env[name] = str(Path(tmp) / name)
        env.pop("TEXTUAL", None)
        print(f"command: {' '.join(command)}  ({COLS}x{ROWS} pty)")
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"load average before: {load} on {os.cpu_count()} CPUs (busy machines run slower)")
        paints, lists, details = [], [], []
        for run in range(1, args.runs + 1):
            paint, listed, detailed = one_run(command, env, markers)
            paints.append(paint)
            lists.append(listed)
            details.append(detailed)
            print(
                f"run {run}: first paint {paint:.3f} s; after j: list {listed * 1000:.1f} ms, "
                f"detail {detailed * 1000:.1f} ms"
            )
    lag = [(d - li) * 1000 for d, li in zip(details, lists, strict=True)]
    print(f"median first paint: {statistics.median(paints):.3f} s (budget 0.600 s)")
    print(f"median key -> list redrawn: {statistics.median(lists) * 1000:.1f} ms")
    print(f"median key -> detail redrawn: {statistics.median(details) * 1000:.1f} ms")
    print(f"detail after list: median {statistics.median(lag):.1f} ms, max {max(lag):.1f} ms")
    print("(a frame is 16.7 ms at 60 fps; a lag well under that means the same frame)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
