"""The real app (`python -m tui …`) in a subprocess on a pseudo-terminal, for kill tests.

Nothing is mocked: the process reads keys from the pty and draws to it as in a terminal. Waits
are bounded polls (a condition checked until it holds or a generous limit passes), never sleeps
whose length decides the outcome.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

WAIT_S = 30.0  # a limit for conditions that normally hold within a second
SAMPLE = Path(__file__).parents[2] / "src" / "tui" / "data" / "2024-02-16.md"
FIRST_TITLE = "PaLM2-VAdapter"  # the sample's first paper: once drawn, the list is up
PAPERS = 39  # in the sample
STATE_DB = Path("arxiv-digest-tui") / "state.sqlite3"  # under XDG_DATA_HOME

ESCAPES = re.compile(
    r"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]"
)
KEYS = {"end": b"\x1b[F", "home": b"\x1b[H", "down": b"\x1b[B", "up": b"\x1b[A"}


def wait_until(condition: Callable[[], object], what: str, limit: float = WAIT_S) -> object:
    """Poll until condition() is truthy; fail naming `what` after `limit` seconds."""
    deadline = time.monotonic() + limit
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {limit:g} s waiting for {what}")
        time.sleep(0.02)


class PtyApp:
    """One `python -m tui ARGS` process on its own pty, output collected in the background."""

    def __init__(
        self,
        args: Sequence[str],
        env: dict[str, str],
        size: tuple[int, int] = (120, 40),
        preexec_fn: Callable[[], object] | None = None,
        prefix: Sequence[str] = (),
    ) -> None:
        """`prefix`: a command the app runs under (e.g. a helper that sets up a mount)."""
        master, slave = pty.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)}
        self.process = subprocess.Popen(
            [*prefix, sys.executable, "-m", "tui", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
            preexec_fn=preexec_fn,
        )
        os.close(slave)
        self.master = master
        self._output = bytearray()
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._reader = threading.Thread(target=self._read, args=(master,), daemon=True)
        self._reader.start()

    def _read(self, master: int) -> None:
        # Never blocked in read() when close() comes: a read in progress keeps the master open,
        # so the app's terminal would not hang up (a test of a closed terminal then saw an app
        # that "ran on" whenever it was idle at that moment).
        while not self._closing.is_set():
            try:
                if not select.select([master], [], [], 0.05)[0]:
                    continue
                data = os.read(master, 65536)
            except (OSError, ValueError):
                return
            if not data:
                return
            with self._lock:
                self._output.extend(data)

    @property
    def output(self) -> bytes:
        with self._lock:
            return bytes(self._output)

    def text(self) -> str:
        return self.output.decode("utf-8", errors="replace")

    def plain(self) -> str:
        """What was written, escape sequences removed (words of one line stay together)."""
        return ESCAPES.sub("", self.text())

    def wait_for_words(self, *words: str, limit: float = WAIT_S) -> None:
        """Wait until every word has been drawn (a notice wraps: its words may be lines apart)."""

        def drawn() -> bool:
            plain = self.plain()
            return all(word in plain for word in words)

        wait_until(lambda: drawn() or not self.alive(), f"{words!r} on screen", limit)
        assert drawn(), f"the app exited before showing {words!r}:\n{self.tail()}"

    def wait_for_text(self, text: str, limit: float = WAIT_S) -> None:
        wait_until(lambda: text in self.text() or not self.alive(), f"{text!r} on screen", limit)
        assert text in self.text(), f"the app exited before showing {text!r}:\n{self.tail()}"

    def press(self, *keys: str) -> None:
        assert self.master >= 0, "the app's terminal is closed"
        for key in keys:
            os.write(self.master, KEYS.get(key, key.encode()))

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no handler, no atexit, no flush runs in the app."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=WAIT_S)
        self.close()

    def quit(self) -> int:
        self.press("q")
        try:
            self.process.wait(timeout=WAIT_S)
        finally:
            self.kill()
        return self.process.returncode

    def close(self) -> None:
        self._closing.set()
        self._reader.join(timeout=5)  # out of read() first: then closing hangs the terminal up
        if self.master >= 0:  # once: a second close could hit a reused descriptor number
            os.close(self.master)
            self.master = -1

    def tail(self, count: int = 3000) -> str:
        """The end of what the app wrote, escape sequences shown, for failure messages."""
        return repr(self.text()[-count:])


def start(digest: Path) -> PtyApp:
    """The real app on a copy of the sample, with this process's environment (the test's XDG
    folders), once the header counts the sample's papers: the day is on screen. (Not the first
    title: a restarted app may open scrolled to the paper it was left on.)"""
    app = PtyApp([str(digest)], dict(os.environ))
    app.wait_for_text(f"{PAPERS} papers")
    return app


def read_marks(data_home: Path) -> set[str]:
    """The read marks on disk, through a fresh connection (what a restarted app would see)."""
    path = data_home / STATE_DB
    if not path.exists():
        return set()
    connection = sqlite3.connect(path, timeout=10)
    try:
        return {row[0] for row in connection.execute("SELECT arxiv_id FROM read_marks")}
    except sqlite3.OperationalError:  # the schema is not created yet
        return set()
    finally:
        connection.close()


def integrity(data_home: Path) -> str:
    connection = sqlite3.connect(data_home / STATE_DB, timeout=10)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
