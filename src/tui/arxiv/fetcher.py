"""Fetching wanted ids in the background, in batches, for the reader and `arxiv-digest fetch`.

`want(ids, first=...)` queues ids in priority order and returns at once: no I/O in the caller's
thread (the store may even be given as a function that opens it, called in the worker). One
worker thread looks them up in the Store, hands over what is already there, asks the Client for
the rest (MAX_BATCH at a time, `first` ids in the first batch) and stores each answer before
reporting it through `on_batch` with the progress of the current wave (done/total). A failure of
any kind (offline, DNS, timeout, 429, 503, bad or cut-off XML) is reported once per streak
through `on_failure(reason)`; the worker then tries again after `retry_delay` (or the pause the
server asked for) by itself, or at once after retry_now(). With `retry_delay=None` (the CLI) it
stops at the first failure instead. Callbacks run in the worker thread.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.arxiv import MAX_BATCH
from tui.arxiv.record import Record
from tui.arxiv.store import Store

if TYPE_CHECKING:  # the HTTP client loads in the worker: not needed to start the reader
    from tui.arxiv.client import BatchResult, Client

NOTICE = "arXiv unreachable: abstracts not fetched; A tries again"
RETRY_DELAY = 300.0  # seconds before a failed fetch is tried again by itself


@dataclass(frozen=True)
class Progress:
    """One report: records that arrived (or were already stored), ids arXiv lacks, the counts."""

    records: dict[str, Record] = field(default_factory=dict)
    absent: dict[str, str] = field(default_factory=dict)  # id → "unknown" | "malformed"
    done: int = 0  # ids of the current wave answered (found or absent)
    total: int = 0  # ids of the current wave that were missing from the store
    requested: int = 0  # HTTP requests this report cost


class Fetcher:
    """The background worker. Start-free: the thread starts with the first want()."""

    def __init__(
        self,
        client: Client,
        store: Store | Callable[[], Store],
        *,
        on_batch: Callable[[Progress], None] | None = None,
        on_failure: Callable[[str], None] | None = None,
        retry_delay: float | None = RETRY_DELAY,
    ) -> None:
        self.client = client
        self._store = store  # a Store, or what opens one (in the worker: no I/O in the caller)
        self.on_batch = on_batch
        self.on_failure = on_failure
        self.retry_delay = retry_delay
        self.done = 0
        self.total = 0
        self.failure: str | None = None  # the reason of the current failure streak
        self.retry_at: float | None = None  # monotonic time of the next automatic try
        self.gave_up = False  # retry_delay None and a fetch failed
        self._inbox: list[tuple[list[str], list[str]]] = []
        self._queue: list[str] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._thread: threading.Thread | None = None
        self._notified = False

    # -- the caller's side -------------------------------------------------------------------

    def want(self, ids: Iterable[str], first: Iterable[str] = ()) -> None:
        """Queue ids (without version); `first` ones go to the front. Returns at once."""
        with self._lock:
            self._inbox.append((list(ids), list(first)))
            self._idle.clear()
            if self._thread is None and not self.client.stop.is_set():
                self._thread = threading.Thread(target=self._run, name="arxiv-fetch", daemon=True)
                self._thread.start()
        self._wake.set()

    def retry_now(self) -> None:
        """Try again at once (the A key); a new failure gives a new notice."""
        self.retry_at = None
        self._notified = False
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop waiting and fetching; a request under way ends within the client's timeout."""
        self.client.stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until nothing is queued (or the worker stopped or failed); True when idle."""
        return self._idle.wait(timeout)

    @property
    def store(self) -> Store:
        if not isinstance(self._store, Store):
            self._store = self._store()
        return self._store

    @property
    def busy(self) -> bool:
        return not self._idle.is_set()

    # -- the worker --------------------------------------------------------------------------

    def _run(self) -> None:
        stop = self.client.stop
        while not stop.is_set():
            try:
                if not self._step():
                    break
            except Exception as error:  # a bug must not end fetching with a traceback
                if self._failed(f"unexpected error: {type(error).__name__}: {error}", None):
                    break
        self._idle.set()

    def _step(self) -> bool:
        """One turn of the worker: take new wants, wait, or fetch one batch. False: stop."""
        from tui.arxiv.client import FetchError
        from tui.arxiv.pacer import Cancelled

        self._take_inbox()
        with self._lock:
            batch = self._queue[:MAX_BATCH]
            if not batch and not self._inbox:
                self._idle.set()
        if not batch:
            self._sleep(None)
            return True
        if self.retry_at is not None and time.monotonic() < self.retry_at:
            self._sleep(self.retry_at - time.monotonic())
            return True
        try:
            result = self.client.fetch(batch)
        except Cancelled:
            return False
        except FetchError as error:
            return not self._failed(error.reason, error.retry_after)
        self._arrived(batch, result)
        return True

    def _take_inbox(self) -> None:
        with self._lock:
            inbox, self._inbox = self._inbox, []
        if not inbox:
            return
        records: dict[str, Record] = {}
        absent: dict[str, str] = {}
        for ids, first in inbox:
            wanted = list(dict.fromkeys([*first, *ids]))
            missing = self.store.missing(wanted)
            lacking = set(missing)
            present = [i for i in wanted if i not in lacking]
            records.update(self.store.get(present))
            absent.update(self.store.absent(i for i in present if i not in records))
            with self._lock:
                if not self._queue:
                    self.done = self.total = 0  # a new wave
                queued = set(self._queue)
                new = [i for i in missing if i not in queued]
                self.total += len(new)
                front = [i for i in first if i in lacking]
                rest = [i for i in self._queue if i not in front] + new
                self._queue = list(dict.fromkeys([*front, *rest]))
        if records or absent:
            self._report(Progress(records, absent, self.done, self.total))

    def _arrived(self, batch: list[str], result: BatchResult) -> None:
        self.store.put(result.records.values(), result.unknown, result.bad)
        answered = set(batch)
        with self._lock:
            self._queue = [i for i in self._queue if i not in answered]
            self.done += len(batch)
        self.failure = None
        self.retry_at = None
        self._notified = False
        absent = {i: "unknown" for i in result.unknown}
        absent.update((i, "malformed") for i in result.bad)
        self._report(Progress(result.records, absent, self.done, self.total, result.requests))

    def _failed(self, reason: str, retry_after: float | None) -> bool:
        """Note a failure; True when the worker should stop (no retry delay: the CLI)."""
        self.failure = reason
        if not self._notified:
            self._notified = True
            if self.on_failure is not None:
                with contextlib.suppress(Exception):  # the caller's bug must not stop fetching
                    self.on_failure(reason)
        if self.retry_delay is None:
            self.gave_up = True
            return True
        self.retry_at = time.monotonic() + max(self.retry_delay, retry_after or 0.0)
        return False

    def _report(self, progress: Progress) -> None:
        if self.on_batch is None:
            return
        with contextlib.suppress(Exception):  # the caller's bug must not stop fetching
            self.on_batch(progress)

    def _sleep(self, seconds: float | None) -> None:
        self._wake.wait(seconds)
        self._wake.clear()
