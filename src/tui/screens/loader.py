"""Loading in worker threads: the library (iter_library), then what "All days" and search need.

The functions here run in threads and never touch a widget: they post messages to the screen
(Textual's post_message is thread-safe). Each day is posted as soon as it is read: a message costs
the UI thread well under a millisecond, and holding days back for a batch would hide them behind
a slow file.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui.cache import Cache
    from tui.library import Day, Library, LoadEvent
    from tui.screens.library_index import LibraryIndex
    from tui.screens.search_source import Found, SearchSource


class DaysArrived(Message):
    """Days read so far (newest first within the batch); `done` of `total` files examined."""

    def __init__(self, days: list[Day], done: int, total: int) -> None:
        super().__init__()
        self.days = days
        self.done = done
        self.total = total


class LibraryFinished(Message):
    """Every file is read. `cache` is kept for the search (None when the library was given)."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library


class SearchIndexed(Message):
    """The cache's full-text index covers the library; the cache is handed over for searching."""

    def __init__(self, cache: Cache | None) -> None:
        super().__init__()
        self.cache = cache


class LoadFailed(Message):
    """The loader stopped on an unexpected error (the days read so far stay)."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class IndexReady(Message):
    """Every paper of the library is in memory: the "All days" view can show."""

    def __init__(self, index: LibraryIndex) -> None:
        super().__init__()
        self.index = index


class SearchReady(Message):
    """Searching works from now on (`source` None: it cannot, `problem` says why)."""

    def __init__(self, source: SearchSource | None, problem: str | None = None) -> None:
        super().__init__()
        self.source = source
        self.problem = problem


class SearchFound(Message):
    """A query's rows; `generation` tells a stale answer (an older key press) from the latest."""

    def __init__(self, generation: int, found: Found) -> None:
        super().__init__()
        self.generation = generation
        self.found = found


Post = Callable[[Message], object]
EventSource = Callable[[Sequence["str | os.PathLike[str]"], "Cache"], Iterator["LoadEvent"]]


def _iter_library(paths: Sequence[str | os.PathLike[str]], cache: Cache) -> Iterator[LoadEvent]:
    from tui.library import iter_library

    return iter_library(paths, cache=cache)


Cancelled = Callable[[], bool]


def load_library(
    paths: Sequence[str | os.PathLike[str]],
    cache_path: str | os.PathLike[str] | None,
    post: Post,
    cancelled: Cancelled,
    source: EventSource | None = None,
) -> None:
    """Run iter_library to the end (or until cancelled), posting what the screen shows.

    `source(paths, cache)` replaces iter_library: tests pass one that wraps it (to hold the
    loader between two days, as a slow disk would).
    """
    from tui.cache import Cache
    from tui.library import DayLoaded, Discovered, Finished
    from tui.library import SearchIndexed as Indexed

    cache = Cache(cache_path)
    handed_over = False
    events = (source or _iter_library)(paths, cache)
    try:
        for event in events:
            if cancelled():
                break
            if isinstance(event, DayLoaded):
                post(DaysArrived([event.day], event.done, event.total))
            elif isinstance(event, Discovered):
                post(DaysArrived([], 0, event.total))
            elif isinstance(event, Finished):
                post(LibraryFinished(event.library))
            elif isinstance(event, Indexed):
                handed_over = True
                post(SearchIndexed(cache))
    except Exception as error:
        post(LoadFailed(f"Reading the library stopped: {type(error).__name__}: {error}"))
    finally:
        events.close()
        if not handed_over:
            cache.close()


class LibraryLoader(threading.Thread):
    """load_library in a thread of its own, started before the app: the command waits a moment
    for the newest day (run_app), so the very first frame already shows it, and the rest is read
    while the reader is in use.

    Messages posted before the screen is there are kept and handed over by attach(); later ones
    go straight to the screen's queue. stop() asks the loader to stop between two events.
    """

    def __init__(
        self,
        paths: Sequence[str | os.PathLike[str]],
        cache_path: str | os.PathLike[str] | None = None,
        source: EventSource | None = None,
    ) -> None:
        super().__init__(name="arxiv-digest-loader")
        self.paths = list(paths)
        self.cache_path = cache_path
        self.source = source
        self._first = threading.Event()  # the first day (or the end) is known
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._pending: list[Message] = []
        self._target: Post | None = None

    def run(self) -> None:
        try:
            load_library(self.paths, self.cache_path, self._post, self._stopped.is_set, self.source)
        finally:
            self._first.set()

    def _post(self, message: Message) -> None:
        if (isinstance(message, DaysArrived) and message.days) or not isinstance(
            message, DaysArrived
        ):
            self._first.set()
        with self._lock:
            if self._target is None:
                self._pending.append(message)
                return
        self._target(message)

    def wait_first_day(self, timeout: float) -> bool:
        """Block up to `timeout` seconds until the newest day (or the end) is known."""
        return self._first.wait(timeout)

    def attach(self, post: Post) -> list[Message]:
        """From now on post to `post`; returns what was posted before, in order."""
        with self._lock:
            pending, self._pending = self._pending, []
            self._target = post
        return pending

    def stop(self) -> None:
        self._stopped.set()


def prepare_index(library: Library, post: Post, cancelled: Cancelled) -> LibraryIndex | None:
    """Materialize every paper for "All days" (and search hits); posts IndexReady."""
    from tui.screens.library_index import build_index

    if cancelled():
        return None
    index = build_index(library)
    library.appearances("")  # builds the "also on" index here rather than on a key press
    post(IndexReady(index))
    return index


def prepare_search(
    library: Library, index: LibraryIndex, cache: Cache | None, post: Post, cancelled: Cancelled
) -> None:
    """Open the search: over the cache when the library came from it, else an in-memory index."""
    from tui.screens.search_source import SearchSource

    if cancelled():
        if cache is not None:
            cache.close()
        return
    try:
        if cache is not None:
            source = SearchSource.over_cache(cache, library, index)
        else:
            source = SearchSource.in_memory(index)
    except Exception as error:
        if cache is not None:
            cache.close()
        post(SearchReady(None, f"Search is unavailable: {error}"))
        return
    post(SearchReady(source))
