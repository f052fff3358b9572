"""The reader's search: tui.search over the cache (or an in-memory index), hits turned into rows.

tui.search ranks entry ids (rows of the cache's `entries` table, one per file and category). The
reader shows merged days, so each id is mapped to the row it shows (LibraryIndex), ids of files
outside this library are dropped, and each paper is kept once, at its best rank. A query runs in a
worker thread; `interrupt()` stops a query made stale by the next key press. Pure: no Textual.
"""

from __future__ import annotations

import sqlite3
import threading
from array import array
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui import search
from tui.entries import SELECT_KEYS_SQL, KeyRow
from tui.library import LibraryEntry
from tui.query import Query, StateClause, parse
from tui.reader.library_index import LibraryIndex, entry_lookup
from tui.reader.library_rows import Rows

if TYPE_CHECKING:
    from tui.cache import Cache
    from tui.library import Library


@dataclass(frozen=True, slots=True)
class Found:
    """One query's rows, best first, each paper once; `hint` says what is wrong with the query."""

    query: Query
    entries: Sequence[LibraryEntry]  # Rows by reference (tui.reader.library_rows), or a list
    hint: str | None = None
    failed: bool = False  # the database failed or the query was interrupted
    skipped: bool = False  # not run: a newer query was wanted by then


class SearchSource:
    """Runs queries on one connection (searches take turns on it) and maps ids to rows."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        lookup: array[int],
        rows: Rows,
        closer: Callable[[], None] | None = None,
        *,
        complete: bool = False,
    ) -> None:
        """`lookup`: entry id -> the row (a reference into `rows`' days) it shows, or -1."""
        self.conn = conn
        self.lookup = lookup
        self.rows = rows
        # Every entry of the index belongs to this library (the usual case): the search module
        # can then keep one entry per paper itself, which is faster than doing it here.
        self.complete = complete
        # entry id -> the paper it shows (arXiv id, else the row itself): for keeping each paper
        # once here when the index also holds entries of other libraries.
        self._paper_of: dict[int, object] = (
            {}
            if complete
            else {i: rows._key(packed) for i, packed in enumerate(lookup) if packed >= 0}
        )
        self._closer = closer
        self._closed = False
        self._lock = threading.Lock()

    @classmethod
    def in_memory(cls, index: LibraryIndex) -> SearchSource:
        """An index of the library's own papers (a library that did not come from the cache)."""
        memory = search.MemoryIndex()
        listings = index.listings
        ids = memory.add_many((e.date, e.category, e.paper) for e in listings)
        search.ensure_schema(memory.conn)
        search.warm(memory.conn)
        lookup = array("q", [-1]) * (max(ids, default=0) + 1)
        for entry_id, packed in zip(ids, listings.refs, strict=True):
            lookup[entry_id] = packed
        return cls(memory.conn, lookup, listings, memory.close, complete=True)

    @classmethod
    def over_cache(cls, cache: Cache, library: Library, index: LibraryIndex) -> SearchSource:
        """The cache's full-text index (already in step: call after SearchIndexed). Owns `cache`."""
        from tui.reader.library_index import file_dates

        conn = cache.connection
        count, top = conn.execute("SELECT count(*), max(id) FROM entries").fetchone()
        rows: Iterable[KeyRow] = conn.execute(SELECT_KEYS_SQL)
        lookup = entry_lookup(rows, file_dates(library), index, (top or 0) + 1)
        known = len(lookup) - lookup.count(-1)
        search.warm(conn)
        return cls(conn, lookup, index.listings, cache.close, complete=known == count)

    def run(
        self,
        text: str,
        *,
        read_ids: Collection[str] = frozenset(),
        starred_ids: Collection[str] = frozenset(),
        unread_only: bool = False,
        starred_only: bool = False,
        sets: Mapping[str, Collection[str]] | None = None,
        leave_out: Sequence[str] = (),
        wanted: Callable[[], bool] | None = None,
    ) -> Found:
        """Search (in a worker thread); never raises. `sets`: the papers of the triage words
        (tui.triage.sets); `leave_out`: sets whose papers are left out unless the query names
        them (the reader's hidden and dismissed papers). `wanted`: asked once the search's turn
        comes; False (a newer key press) skips the query (Found.skipped)."""
        query = parse(text)
        named = {c.state for c in query.clauses if isinstance(c, StateClause)}
        extra = [StateClause(name, negated=True) for name in leave_out if name not in named]
        if extra:
            query = query.with_clauses(*extra)
        with self._lock:
            if wanted is not None and not wanted():
                return Found(query, [], failed=True, skipped=True)
            if self._closed:
                return Found(query, [], "search is closed", failed=True)
            return self._run(query, read_ids, starred_ids, unread_only, starred_only, sets)

    def _run(
        self,
        text: Query,
        read_ids: Collection[str],
        starred_ids: Collection[str],
        unread_only: bool,
        starred_only: bool,
        sets: Mapping[str, Collection[str]] | None,
    ) -> Found:
        try:
            result = search.run(
                self.conn,
                text,
                sets=sets,
                read_ids=read_ids,
                starred_ids=starred_ids,
                unread_only=unread_only,
                starred_only=starred_only,
                dedupe=self.complete,
            )
        except (sqlite3.Error, search.SearchUnavailable) as error:  # run() should not raise
            return Found(text, [], f"search failed: {error}", failed=True)
        lookup = self.lookup
        size = len(lookup)
        if self.complete:  # one entry per paper already, all of them in this library
            found = (lookup[i] if i < size else -1 for i in result.entry_ids)
            refs = array("q", (packed for packed in found if packed >= 0))
            return Found(result.query, Rows(self.rows.days, refs), result.hint, result.failed)
        paper_of = self._paper_of
        first: dict[object, int] = {}
        for entry_id in result.entry_ids:
            paper = paper_of.get(entry_id)
            if paper is not None and paper not in first:
                first[paper] = entry_id
        refs = array("q", (lookup[i] for i in first.values()))
        return Found(result.query, Rows(self.rows.days, refs), result.hint, result.failed)

    def interrupt(self) -> None:
        """Stop the query running now, if any (it returns failed=True)."""
        if not self._closed:
            self.conn.interrupt()

    def close(self) -> None:
        """Stop any running query, wait for it, then close the connection."""
        if self._closed:
            return
        self._closed = True
        self.conn.interrupt()
        with self._lock:
            if self._closer is not None:
                self._closer()
