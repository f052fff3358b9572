"""One feed of library events for the reader, whatever the library came from.

Over paths, a thread runs tui.library.iter_library and queues its events as they come (the newest
day first, so the first frame can show it long before the last file is parsed). Over a ready
Library, the same events are queued at once. The screen drains the queue: on mount, and each time
the feed wakes it. No Textual here: waking is a plain callback.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui.library import DayLoaded, Discovered, Finished, Library, LoadEvent, SearchIndexed
from tui.reader.events import LoadFailed, ReaderEvent
from tui.reader.place import library_key

if TYPE_CHECKING:
    from tui.cache import Cache

# iter_library's signature; tests wrap it (to hold the loader between two days).
LoadEvents = Iterator[LoadEvent]
EventSource = Callable[[Sequence["str | os.PathLike[str]"], "Cache"], LoadEvents]
Waker = Callable[[], object]
PAINT_WAIT = 1.0  # seconds the loader waits at most for the first frame (hold_first_day)


def _iter_library(paths: Sequence[str | os.PathLike[str]], cache: Cache) -> LoadEvents:
    from tui.library import iter_library

    return iter_library(paths, cache=cache)


class LibraryFeed:
    """Events queued by a producer (a thread over paths, or at once for a ready library)."""

    def __init__(self, key: str) -> None:
        self.key = key  # the library's identity, for remembering the place per library
        self._queue: deque[ReaderEvent] = deque()
        self._lock = threading.Lock()
        self._waker: Waker | None = None
        self._wake_pending = False
        self._first = threading.Event()  # the newest day (or the end) is known
        self._stopped = threading.Event()
        self._hold_first = False  # over_paths(hold_first_day=True)
        self._painted = threading.Event()
        self._thread: threading.Thread | None = None
        # The same paths read again (after a sync); None for a library given ready.
        self.reopen: Callable[[], LibraryFeed] | None = None

    # -- producers ------------------------------------------------------------------------------

    @classmethod
    def of_library(cls, library: Library) -> LibraryFeed:
        """A ready library: the events iter_library would have sent, queued now."""
        feed = cls(library_key([record.path for record in library.files]))
        feed.put(Discovered(len(library.files)))
        for day in library.days:
            feed.put(DayLoaded(day, len(library.files), len(library.files)))
        feed.put(Finished(library))
        feed.put(SearchIndexed(None))
        feed._first.set()
        return feed

    @classmethod
    def over_paths(
        cls,
        paths: Sequence[str | os.PathLike[str]],
        cache_path: str | os.PathLike[str] | None = None,
        source: EventSource | None = None,
        *,
        hold_first_day: bool = False,
    ) -> LibraryFeed:
        """Files and folders read by a thread that starts now, through the parse cache.
        `hold_first_day`: after the first day the loader waits (at most PAINT_WAIT) for
        painted(), which the reader calls after its first frame."""
        feed = cls(library_key(paths))
        feed._hold_first = hold_first_day
        feed.reopen = lambda: cls.over_paths(paths, cache_path, source)
        feed._thread = threading.Thread(
            target=feed._load,
            args=(list(paths), cache_path, source or _iter_library),
            name="arxiv-digest-loader",
            daemon=True,
        )
        feed._thread.start()
        return feed

    def _load(
        self,
        paths: Sequence[str | os.PathLike[str]],
        cache_path: str | os.PathLike[str] | None,
        source: EventSource,
    ) -> None:
        from tui.cache import Cache

        try:
            cache = Cache(None if cache_path is None else Path(cache_path))
            events = source(paths, cache)
            try:
                for event in events:
                    if self._stopped.is_set():
                        break
                    self.put(event)
                    if self._hold_first and isinstance(event, DayLoaded):
                        # The first frame shows this day: the rest of a warm library (built in
                        # this thread, holding the interpreter lock) waits until it is painted.
                        self._hold_first = False
                        self._painted.wait(PAINT_WAIT)
            finally:
                close = getattr(events, "close", None)  # a generator: let it clean up now
                if close is not None:
                    close()
                cache.close()
        except Exception as error:  # the days read so far stay; the user is told why it stopped
            self.put(LoadFailed(f"Reading the library stopped: {type(error).__name__}: {error}"))
        finally:
            self._first.set()

    def put(self, event: ReaderEvent) -> None:
        """Queue an event (any thread) and wake the consumer once per batch."""
        if isinstance(event, DayLoaded | Finished | LoadFailed):
            self._first.set()
        with self._lock:
            self._queue.append(event)
            waker = None if self._wake_pending else self._waker
            if waker is not None:
                self._wake_pending = True
        if waker is not None:
            waker()

    # -- the consumer ---------------------------------------------------------------------------

    def connect(self, waker: Waker) -> None:
        """From now on call `waker` (from any thread) when events wait; drain() takes them."""
        with self._lock:
            self._waker = waker
            self._wake_pending = False

    def drain(self, limit: int | None = None) -> list[ReaderEvent]:
        """The events queued so far, in order (at most `limit`: the caller asks again for the
        rest, so a whole library read in a blink does not hold the first frame or a key)."""
        with self._lock:
            if limit is None or limit >= len(self._queue):
                events = list(self._queue)
                self._queue.clear()
                self._wake_pending = False
            else:
                events = [self._queue.popleft() for _ in range(limit)]
        return events

    @property
    def pending(self) -> bool:
        with self._lock:
            return bool(self._queue)

    def wait_first_day(self, timeout: float) -> bool:
        """Block up to `timeout` seconds until the newest day (or the end) is known."""
        return self._first.wait(timeout)

    def wait_done(self, timeout: float) -> bool:
        """Block up to `timeout` seconds until the loader has queued its last event."""
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    def painted(self) -> None:
        self._painted.set()

    def stop(self, wait: float = 0.0) -> None:
        """Ask the loader to stop between two events; wait up to `wait` seconds for it."""
        self._stopped.set()
        self._painted.set()
        if self._thread is not None and wait:
            self._thread.join(wait)
