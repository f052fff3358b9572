"""Reading a file with a time limit, so that one file on a hung mount cannot stop the reader.

A read from a network or FUSE mount whose server has hung blocks in the kernel, and no Python
code can interrupt it. So files are opened and read by a helper thread while the caller waits
at most READ_TIMEOUT_S: a file that does not answer is given up ("did not answer in 10 s") and
the caller goes on with the next one. The stuck helper is a daemon thread, left behind (it
cannot be stopped); the next read gets a fresh helper. Helpers are reused between reads, so an
ordinary file costs two thread switches, not a thread start.

What cannot be helped: a thread blocked on a mount that never answers, even a kill, keeps the
process from being reaped until the mount answers or is aborted (umount -f / -l).
"""

from __future__ import annotations

import errno
import os
import queue
import threading

READ_TIMEOUT_S = 10.0


class NoAnswer(OSError):
    """The file did not answer within the time limit (a hung network or FUSE mount?)."""


class _Job:
    __slots__ = ("data", "done", "error", "path")

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = path
        self.done = threading.Event()
        self.data = b""
        self.error: OSError | None = None


class _Helper:
    """One daemon thread reading the files it is handed, one at a time."""

    def __init__(self) -> None:
        self.jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        thread = threading.Thread(target=self._run, name="arxiv-digest-read", daemon=True)
        thread.start()

    def _run(self) -> None:
        while True:
            job = self.jobs.get()
            try:
                with open(job.path, "rb") as handle:
                    job.data = handle.read()
            except OSError as error:
                job.error = error
            except (ValueError, MemoryError) as error:  # an embedded NUL, a huge file
                job.error = OSError(errno.EIO, str(error))
            job.done.set()


_lock = threading.Lock()
_idle: list[_Helper] = []
_stopping = threading.Event()
_waiting: set[_Job] = set()


def stop_waiting() -> None:
    """The program is quitting: reads waiting now (and later ones) give up at once.

    For the reader's quit: the loader thread may be waiting for a file on a hung mount, and
    nothing else needs its answer."""
    _stopping.set()
    with _lock:
        pending = list(_waiting)
    for job in pending:
        job.done.set()


def read_bytes(path: str | os.PathLike[str], timeout: float = READ_TIMEOUT_S) -> bytes:
    """The file's bytes; NoAnswer if opening and reading it take longer than `timeout`."""
    with _lock:
        helper = _idle.pop() if _idle else None
    if helper is None:
        helper = _Helper()
    job = _Job(path)
    if _stopping.is_set():
        raise NoAnswer(errno.ETIMEDOUT, "not read: the program is quitting")
    with _lock:
        _waiting.add(job)
    helper.jobs.put(job)
    finished = job.done.wait(timeout)
    with _lock:
        _waiting.discard(job)
    if not finished or _stopping.is_set():
        # The helper is stuck in the kernel: abandon it (it is never handed another file).
        raise NoAnswer(errno.ETIMEDOUT, f"did not answer in {timeout:g} s: a hung network mount?")
    with _lock:
        _idle.append(helper)
    if job.error is not None:
        raise job.error
    return job.data
