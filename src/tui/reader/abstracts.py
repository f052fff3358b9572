"""The reader's side of abstracts from arXiv: what arrived, what is being fetched, and why an
abstract is missing. No Textual, and no I/O in the caller's thread: the fetcher works in its own
thread and posts its reports as reader events (through the library feed), which the session
hands back here on the UI thread.

When a paper without an abstract is shown, every id of its day is wanted, the shown paper's
first; the detail pane fills in as batches arrive; the header shows "abstracts 100/153"; a
failure gives one notice per streak and the pane says why; `A` retries at once.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tui.arxiv import DEFAULT_API, DEFAULT_INTERVAL
from tui.arxiv.fetcher import NOTICE, RETRY_DELAY, Fetcher, Progress
from tui.arxiv.merge import enrich, fill_index
from tui.arxiv.record import Record
from tui.model import Paper
from tui.reader.events import AbstractsArrived, AbstractsFailed, ReaderEvent
from tui.reader.jobs import Job

if TYPE_CHECKING:
    from tui.library import Library

Mode = Literal["auto", "off", "offline", "unavailable"]
Post = Callable[[ReaderEvent], None]

OFF_NOTE = (
    'Abstracts from arXiv are off (fetch_abstracts = "off" in config.toml); '
    'set it to "auto" to fetch them.'
)
STORED_DAYS = 64  # days whose ids are looked up in the abstracts' store at a time
OFFLINE_NOTE = "Started with --offline: abstracts are not fetched from arXiv."


class Abstracts:
    """Fetched metadata for the reader, and the fetcher that brings it (started on first use)."""

    def __init__(
        self,
        mode: Mode = "unavailable",
        *,
        api: str = DEFAULT_API,
        interval: float = DEFAULT_INTERVAL,
        retry_delay: float = RETRY_DELAY,
        store_path: Path | None = None,
        folder: Path | None = None,
    ) -> None:
        self.mode: Mode = mode
        self.api = api
        self.interval = interval
        self.retry_delay = retry_delay
        self.store_path = store_path
        self.folder = folder  # the pacer's folder (None: the cache folder)
        self.records: dict[str, Record] = {}
        self.absent: dict[str, str] = {}
        self.done = 0
        self.total = 0
        self.failure: str | None = None
        self.cache_path: Path | None = None  # the parse cache, whose search index gets abstracts
        self.notices: list[str] = []  # the store's (damaged, in memory): said once, then cleared
        self._wanted: set[str] = set()
        self._post: Post | None = None
        self._fetcher: Fetcher | None = None

    # -- wiring ----------------------------------------------------------------------------------

    def connect(self, post: Post) -> None:
        """Where the fetcher's reports go (any thread): the feed the screen drains."""
        self._post = post

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.stop(timeout=0.5)

    def _start(self) -> Fetcher:
        if self._fetcher is None:
            from tui.arxiv.client import Client
            from tui.arxiv.store import Store

            client = Client(self.api, folder=self.folder, interval=self.interval)
            path = self.store_path

            def open_store() -> Store:  # in the fetcher's thread
                store = Store(path)
                self.notices.extend(store.notices)
                return store

            self._fetcher = Fetcher(
                client,
                open_store,
                on_batch=self._arrived,
                on_failure=lambda reason: self._send(AbstractsFailed(reason)),
                retry_delay=self.retry_delay,
            )
        return self._fetcher

    def _arrived(self, progress: Progress) -> None:
        """In the fetcher's thread: index the new abstracts for search, then report."""
        if progress.records and self.cache_path is not None:
            with contextlib.suppress(sqlite3.Error, OSError):
                _index(self.cache_path, progress.records.values())
        self._send(AbstractsArrived(progress))

    def _send(self, event: ReaderEvent) -> None:
        if self._post is not None:
            self._post(event)

    # -- decisions (UI thread) -------------------------------------------------------------------

    def shown(self, paper: Paper, day_ids: Iterable[str]) -> None:
        """`paper` is in the detail pane: without an abstract, fetch its day's ids (it first)."""
        aid = paper.arxiv_id
        if self.mode != "auto" or not aid or paper.abstract.strip() or aid in self._wanted:
            return
        ids = [i for i in dict.fromkeys([aid, *day_ids]) if i not in self._wanted]
        self._wanted.update(ids)
        self._start().want(ids, first=[aid])

    def apply(self, event: AbstractsArrived | AbstractsFailed) -> set[str]:
        """Take a report; returns the ids whose pane content changed."""
        if isinstance(event, AbstractsFailed):
            self.failure = event.reason
            return set()
        progress = event.progress
        self.records.update(progress.records)
        self.absent.update(progress.absent)
        if progress.requested or progress.total:
            self.done, self.total = progress.done, progress.total
        if progress.requested:
            self.failure = None
        return set(progress.records) | set(progress.absent)

    def retry(self) -> str:
        """`A`: try again now; returns what to tell the user."""
        if self.mode == "off":
            return OFF_NOTE
        if self.mode == "offline":
            return OFFLINE_NOTE
        if self.mode != "auto":
            return "Abstracts from arXiv are not available here."
        if self._fetcher is None or not self._fetcher.busy:
            return "No abstract is waiting to be fetched."
        self.failure = None
        self._fetcher.retry_now()
        return "Fetching abstracts from arXiv again…"

    # -- reads -----------------------------------------------------------------------------------

    def enrich(self, paper: Paper) -> Paper:
        return enrich(paper, self.records.get(paper.arxiv_id)) if paper.arxiv_id else paper

    @property
    def progress(self) -> str | None:
        """ "abstracts 100/153" while a wave is under way."""
        if self.mode != "auto" or not self.total or self.done >= self.total:
            return None
        return f"abstracts {self.done}/{self.total}"

    def note(self, paper: Paper) -> str | None:
        """Why `paper` (shown without an abstract) has none yet, or None when nothing to say."""
        if paper.abstract.strip() or not paper.arxiv_id:
            return None
        if self.mode == "off":
            return OFF_NOTE
        if self.mode == "offline":
            return OFFLINE_NOTE
        if self.mode != "auto":
            return None
        reason = self.absent.get(paper.arxiv_id)
        if reason == "unknown":
            return "arXiv does not know this id (it may appear there tomorrow)."
        if reason == "malformed":
            return "arXiv says this id is malformed."
        if paper.arxiv_id in self.records:
            return "arXiv has no abstract for this paper."
        if self.failure:
            return f"{NOTICE} ({self.failure})."
        return "Fetching the abstract from arXiv…"


def index_stored(abstracts: Abstracts, library: Library) -> Job | None:
    """After a load: abstracts fetched earlier (by `arxiv-digest fetch`, or before the parse
    cache was rebuilt) into the search index of the library's entries that lack one. None when
    there is nothing to do (no abstracts configured, or no parse cache)."""
    if abstracts.mode == "unavailable" or library.cache_path is None:
        return None
    cache_path = library.cache_path

    def run(cancelled: Callable[[], bool]) -> None:
        from tui.arxiv.merge import stored_records

        if cancelled():
            return None
        records: dict[str, Record] = {}
        with contextlib.suppress(sqlite3.Error, OSError):
            days = library.days
            for start in range(0, len(days), STORED_DAYS):  # a set of a few days' ids at a time
                ids = {key for day in days[start : start + STORED_DAYS] for key in day.arxiv_ids()}
                records.update(stored_records(ids, abstracts.store_path))
                if cancelled():
                    return None
            if records:
                _index(cache_path, records.values())
        return None

    return Job("arxiv", run)


def _index(cache_path: Path, records: Iterable[Record]) -> None:
    """Fetched abstracts into the parse cache's search index (a short write of its own)."""
    from tui import search

    conn = sqlite3.connect(cache_path, timeout=5.0, isolation_level=None)
    try:
        search.register_functions(conn)
        fill_index(conn, records)
    finally:
        conn.close()
