"""One request at a time, and no sooner than the interval, across every instance on the machine.

The API's terms: no more than one request every three seconds, one connection at a time, for all
the machines of a user together. Threads and processes of this program share two files in the
cache folder: `arxiv.lock`, held with flock() for the whole request, and `arxiv.next`: when the
last request ended (wall clock) and the pause owed after it (the interval, or longer when the
server asked with Retry-After). A crash releases the lock with the process; a clock set back makes
an end time in the future, which counts as now; a damaged file counts as no request yet. When the
cache folder cannot be written, the schedule is kept for this process only.
"""

from __future__ import annotations

import contextlib
import fcntl
import math
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = "arxiv.lock"
NEXT_NAME = "arxiv.next"
POLL = 0.05  # seconds between tries for a lock held by another process


class Cancelled(Exception):
    """stop was set while waiting for the lock or the interval."""


class TooLong(Exception):
    """The next request may not start for longer than the caller wanted to wait."""

    def __init__(self, wait: float) -> None:
        super().__init__(f"the next request may start in {wait:.0f} s")
        self.wait = wait


class Slot:
    """Held while one request runs; defer() asks for a longer pause after it (Retry-After)."""

    def __init__(self) -> None:
        self.pause = 0.0

    def defer(self, seconds: float) -> None:
        self.pause = max(self.pause, seconds)


class Pacer:
    """The shared schedule in `folder`. One per client; threads of one process also queue here."""

    def __init__(self, folder: Path, interval: float, *, max_pause: float = 3600.0) -> None:
        self.folder = folder
        self.interval = interval
        self.max_pause = max_pause  # longest Retry-After believed (a clock jump is not a pause)
        self._local = threading.Lock()
        self._memory: tuple[float, float] = (0.0, 0.0)  # (end, pause) when files fail

    @contextlib.contextmanager
    def slot(self, stop: threading.Event, max_wait: float = float("inf")) -> Iterator[Slot]:
        """Wait for the interval, then hold the lock while the caller's request runs.

        The wait is spent without the lock (then the time is read again under it), so that an
        instance making many requests does not starve another one that waits too.
        Raises Cancelled when stop is set while waiting, TooLong when the start is further away
        than max_wait (nothing is waited for then).
        """
        while True:
            with self._local_lock(stop), self._file_lock(stop):
                end, pause = self._read()
                now = time.time()
                wait = min(end, now) + pause - now
                if wait > max_wait:
                    raise TooLong(wait)
                if wait <= 0:
                    slot = Slot()
                    try:
                        yield slot
                    finally:
                        pause = min(max(slot.pause, self.interval), self.max_pause)
                        self._write(time.time(), pause)
                    return
            if stop.wait(wait):
                raise Cancelled

    @contextlib.contextmanager
    def _local_lock(self, stop: threading.Event) -> Iterator[None]:
        while not self._local.acquire(timeout=POLL):
            if stop.is_set():
                raise Cancelled
        try:
            yield
        finally:
            self._local.release()

    @contextlib.contextmanager
    def _file_lock(self, stop: threading.Event) -> Iterator[None]:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            yield  # no shared folder: this process's lock alone
            return
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if stop.wait(POLL):
                        raise Cancelled from None
            yield
        finally:
            os.close(fd)  # releases the flock

    def _read(self) -> tuple[float, float]:
        """(end of the last request, pause owed after it); a damaged file is no request yet."""
        try:
            end_text, pause_text = (self.folder / NEXT_NAME).read_text(encoding="ascii").split()
            end, pause = float(end_text), float(pause_text)
        except (OSError, ValueError, UnicodeDecodeError):
            return self._memory
        if not (math.isfinite(end) and math.isfinite(pause)) or end < self._memory[0]:
            return self._memory
        return end, min(max(pause, self.interval), self.max_pause)

    def _write(self, end: float, pause: float) -> None:
        self._memory = (end, pause)
        # Written while the flock is held: no other instance reads it half-written.
        with contextlib.suppress(OSError):
            (self.folder / NEXT_NAME).write_text(f"{end:.3f} {pause:.3f}\n", encoding="ascii")
