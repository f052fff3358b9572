"""Running a query: ranked FTS5 tiers over a per-connection catalog of the index."""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import json
import sqlite3
import threading
import time
from array import array
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from tui.entries import TITLE_COLUMNS
from tui.query import (
    CodeClause,
    DateClause,
    Query,
    StateClause,
    TextClause,
    parse,
)
from tui.search.index import _PENDING, FTS_TABLE
from tui.words import is_cjk

# --------------------------------------------------------------------------------------------------
# What a reader derives from the tables, kept between queries


class _Catalog:
    """Per connection: every entry in base order (newest day first), and the paper numbers of the
    arXiv ids asked about.

    Filters without words (is:unread, code:yes, date:2024-02, -word) run over these lists instead
    of reading ~100,000 rows from SQLite per key press. Valid while search_info's generation and
    change count are unchanged; rebuilt lazily after a change, or ahead of need by warm().
    """

    def __init__(self) -> None:
        self.generation = -1
        self.changes = -1
        # arXiv id -> paper number (-1: not in the index), for the ids a state clause named so
        # far (read, starred, tags…): a few thousand, where a list of every paper's id was 20 MB.
        self.numbers: dict[str, int] = {}
        self.loaded = False
        self.lock = threading.Lock()  # one search at a time per connection
        # Arrays of machine ints, not lists of int objects: 300,000 entries take 2.4 MB a column
        # instead of about 11 (issue 15: memory that does not grow with the library).
        self.sortkeys: array[int] = array("q")  # base order keys (= FTS rowids), ascending
        # Entry id (the low 32 bits of the FTS rowid) -> position: an array (-1 where no entry)
        # while ids are dense, as they are in the cache; else a dict.
        self.pos_of: array[int] | dict[int, int] = array("q")
        self.ids: array[int] = array("q")  # entry ids in base order
        self.papers: array[int] = array("q")  # their paper numbers
        self.daynos: array[int] = array("q")  # -date.toordinal() (ascending); 1 = no day
        self.codes = bytearray()  # 1 where the entry links to code
        self._base: array[int] | None = None  # positions of each paper's first entry

    def refresh(self, conn: sqlite3.Connection) -> None:
        info = dict(conn.execute("SELECT key, value FROM search_info"))
        generation, changes = info.get("generation", 0), info.get("changes", 0)
        if generation != self.generation:
            self.generation, self.changes, self.numbers = generation, -1, {}
        if changes != self.changes:
            self.changes = changes
            self.loaded, self._base = False, None
            self.sortkeys, self.ids = array("q"), array("q")
            self.papers, self.daynos = array("q"), array("q")
            self.codes, self.pos_of = bytearray(), array("q")
            # A paper added since has a number now (numbers are never reused in a generation).
            self.numbers = {key: n for key, n in self.numbers.items() if n >= 0}

    def papers_of(self, conn: sqlite3.Connection, ids: Collection[str]) -> set[int]:
        """The paper numbers of these arXiv ids (those the index holds), asking SQLite only for
        ids not asked before."""
        numbers = self.numbers
        missing = [key for key in ids if key not in numbers and not key.startswith("#")]
        if missing:
            found = dict(conn.execute(_NUMBERS_SQL, (json.dumps(missing),)))
            for key in missing:
                numbers[key] = found.get(key, -1)
        return {numbers[key] for key in ids if numbers.get(key, -1) >= 0}

    def load(self, conn: sqlite3.Connection) -> None:
        if self.loaded:
            return
        rows = conn.execute(
            "SELECT sortkey, id, paper, day, code FROM search_meta ORDER BY sortkey"
        )
        ordinals: dict[str | None, int] = {}
        sortkeys, ids, papers, daynos = array("q"), array("q"), array("q"), array("q")
        codes = bytearray()
        for sortkey, entry_id, paper, day, code in rows:
            sortkeys.append(sortkey)
            ids.append(entry_id)
            papers.append(paper)
            dayno = ordinals.get(day)
            if dayno is None:
                parsed = _day(day)
                dayno = ordinals[day] = -parsed.toordinal() if parsed else 1
            daynos.append(dayno)
            codes.append(1 if code else 0)
        self.sortkeys, self.ids, self.papers = sortkeys, ids, papers
        self.daynos, self.codes = daynos, codes
        top = max((entry_id & _LOW_BITS for entry_id in ids), default=0)
        if top <= 4 * len(ids) + 65536:
            pos_of = array("q", [-1]) * (top + 1)
            for i, entry_id in enumerate(ids):
                pos_of[entry_id & _LOW_BITS] = i
            self.pos_of = pos_of
        else:
            self.pos_of = {entry_id & _LOW_BITS: i for i, entry_id in enumerate(ids)}
        self.loaded = True

    def positions(self, joined: str) -> array[int]:
        """Positions of the entries FTS5 returned (`joined`: their low rowid bits, comma-joined).

        Read a slice of the text at a time into an array: a query matching most of 300,000
        entries made lists of 300,000 strs and ints (30 MB) that stayed in the process's
        memory. An entry indexed after this catalog was read has no position: it is left out.
        """
        pos_of = self.pos_of
        found: array[int] = array("q")
        start, size = 0, len(joined)
        while start < size:
            end = joined.find(",", start + _PARSE_CHARS)
            end = size if end < 0 else end
            keys = list(map(int, joined[start:end].split(",")))
            start = end + 1
            before = len(found)
            try:
                found.extend(map(pos_of.__getitem__, keys))
            except (IndexError, KeyError):  # an id beyond what this catalog read
                del found[before:]
                found.extend(map(self._position, keys))
        if -1 in found:
            found = array("q", (i for i in found if i >= 0))
        return found

    def _position(self, entry_id: int) -> int:
        pos_of = self.pos_of
        if isinstance(pos_of, dict):
            return pos_of.get(entry_id, -1)
        return pos_of[entry_id] if entry_id < len(pos_of) else -1

    def base(self) -> Sequence[int]:
        """Positions of every paper's first entry in base order."""
        if self._base is None:
            self._base = self.first_of_each(range(len(self.papers)))
        return self._base

    def first_of_each(self, positions: Iterable[int]) -> array[int]:
        """The positions whose paper has not come before (a byte a paper number, not a set)."""
        papers = self.papers
        seen = bytearray(max(papers, default=0) + 1)
        kept: array[int] = array("q")
        keep = kept.append
        for i in positions:
            p = papers[i]
            if not seen[p]:
                seen[p] = 1
                keep(i)
        return kept

    def day_slice(self, clause: DateClause) -> tuple[int, int]:
        """The positions [lo, hi) whose day is in the clause's range (days are sorted)."""
        lo = 0 if clause.last is None else bisect.bisect_left(self.daynos, -clause.last.toordinal())
        hi = (
            bisect.bisect_left(self.daynos, 1)
            if clause.first is None
            else bisect.bisect_right(self.daynos, -clause.first.toordinal())
        )
        return lo, max(lo, hi)


_LOW_BITS = 0xFFFFFFFF
_PARSE_CHARS = 1 << 16  # of a query's comma-joined entry ids, parsed at a time
_NUMBERS_SQL = (
    "SELECT p.key, p.id FROM json_each(?) AS j JOIN search_papers AS p ON p.key = j.value"
)
_MATCH_IDS = (
    f"SELECT group_concat(rowid & {_LOW_BITS}) FROM"
    f" (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? ORDER BY rowid)"
)
_catalogs: dict[int, _Catalog] = {}
_catalogs_lock = threading.Lock()


def _catalog(conn: sqlite3.Connection) -> _Catalog:
    # Connections cannot be weakly referenced: key by id() and let the generation check catch a
    # reused id; keep only a few.
    with _catalogs_lock:
        catalog = _catalogs.get(id(conn))
        if catalog is None:
            if len(_catalogs) >= 16:
                _catalogs.pop(next(iter(_catalogs)))
            catalog = _catalogs[id(conn)] = _Catalog()
    return catalog


# --------------------------------------------------------------------------------------------------
# Queries


@dataclass(frozen=True, slots=True)
class SearchResult:
    """What a search found: entry ids (rows of `entries`) best first, one per paper."""

    query: Query
    entry_ids: Sequence[int] = ()  # rank order, cut to the limit
    total: int = 0  # how many matched before the limit
    hint: str | None = None  # the first problem with the query (or the database), for the UI
    failed: bool = False  # the database failed or was interrupted: keep showing the last results
    # The index does not cover every row of `entries` yet (this load or another instance is
    # still indexing): papers may be missing. The reader says "partial results" while it holds.
    partial: bool = False

    @property
    def terms(self) -> Query:
        """The query, for highlight_spans(text, result.terms, field)."""
        return self.query


def fts_phrase(clause: TextClause, columns: Sequence[str] | None = None) -> str:
    """One clause as an FTS5 expression: `{cols} : "w1 w2" *` (words are letters/digits only).

    A last word that is a CJK character gets no `*`: index_text makes every CJK character a word
    of its own, so as a prefix it would find only itself, through a slower prefix look-up.
    """
    body = " ".join(word.replace('"', '""') for word in clause.words)
    prefix = clause.prefix and not is_cjk(clause.words[-1])
    phrase = f'"{body}"' + (" *" if prefix else "")
    columns = clause.columns if columns is None else columns
    return f"{{{' '.join(columns)}}} : {phrase}" if columns else phrase


def run(
    conn: sqlite3.Connection,
    query: str | Query,
    *,
    read_ids: Collection[str] = frozenset(),
    starred_ids: Collection[str] = frozenset(),
    unread_only: bool = False,
    starred_only: bool = False,
    limit: int | None = None,
    dedupe: bool = True,
    sets: Mapping[str, Collection[str]] | None = None,
) -> SearchResult:
    """Search `entries`; never raises for a bad query (see SearchResult.hint).

    read_ids / starred_ids: arXiv ids from the state store, for is:read, is:unread, is:starred and
    the unread-only / starred-only toggles. sets: the ids of every other state a clause names
    (is:watched, watch:NAME, tag:NAME, …: tui.triage.sets); a set not given is empty.
    An empty query matches everything (newest day first).
    dedupe=False keeps every entry (each file and category listing a paper).
    """
    if isinstance(query, str):
        query = parse(query)
    if unread_only:
        query = query.with_clauses(StateClause("read", negated=True))
    if starred_only:
        query = query.with_clauses(StateClause("starred"))
    overtime: list[bool] = []
    # Asked before the search reads the index: asked after, another instance could complete the
    # index in between and older results would pass for whole ones.
    partial = not index_complete(conn)
    try:
        catalog = _catalog(conn)
        with catalog.lock:
            catalog.refresh(conn)
            catalog.load(conn)
            with _deadline(conn, SEARCH_DEADLINE_S, overtime):
                positions = _positions(conn, catalog, query, dedupe)
            papers = catalog.papers
            named = {"read": read_ids, "starred": starred_ids, **(sets or {})}
            for clause in query.clauses:
                if isinstance(clause, StateClause):
                    numbers = catalog.papers_of(conn, named.get(clause.state, frozenset()))
                    if clause.negated:
                        positions = array("q", (i for i in positions if papers[i] not in numbers))
                    else:
                        positions = array("q", (i for i in positions if papers[i] in numbers))
            found = array("q", map(catalog.ids.__getitem__, positions))
    except sqlite3.Error as error:  # includes conn.interrupt() from another thread
        if overtime:
            slow = f"this search took over {SEARCH_DEADLINE_S:g} s and was stopped: use fewer words"
            return SearchResult(query, (), 0, slow, failed=True)
        missing = "no such table" in str(error)  # the index is not created yet (a cold load)
        return SearchResult(query, (), 0, f"search failed: {error}", failed=True, partial=missing)
    total = len(found)
    if limit is not None:
        found = found[: max(limit, 0)]
    hint = query.hint or (PARTIAL_HINT if partial else None)  # the reader shows it as it is
    return SearchResult(query, found, total, hint, partial=partial)


PARTIAL_HINT = "partial results: the search index is still being built"


# A query's FTS5 work stops after this long (SQLite's progress handler): with the words capped
# (tui.query.MAX_QUERY_WORDS) no real query comes near it; it bounds what nobody waits for.
SEARCH_DEADLINE_S = 2.0


@contextlib.contextmanager
def _deadline(conn: sqlite3.Connection, seconds: float, overtime: list[bool]) -> Iterator[None]:
    end = time.monotonic() + seconds

    def check() -> int:
        if time.monotonic() > end:
            overtime.append(True)
            return 1  # SQLite stops the statement ("interrupted")
        return 0

    conn.set_progress_handler(check, 10_000)
    try:
        yield
    finally:
        conn.set_progress_handler(None, 0)


def index_complete(conn: sqlite3.Connection) -> bool:
    """Does the full-text index cover every row of `entries`? (False while one is indexed: by
    this load's sync, or by another instance sharing the cache.) Never raises."""
    try:
        return not conn.execute(_PENDING).fetchone()[0]
    except sqlite3.Error:
        return False


def warm(conn: sqlite3.Connection) -> None:
    """Load what searches need ahead of the first key press (~0.2 s per 100,000 entries).

    Optional: the app can call it in a worker once the library is indexed. Never raises.
    """
    try:
        catalog = _catalog(conn)
        with catalog.lock:
            catalog.refresh(conn)
            catalog.load(conn)
            catalog.base()
    except sqlite3.Error:
        pass


def _positions(
    conn: sqlite3.Connection, catalog: _Catalog, query: Query, dedupe: bool
) -> Sequence[int]:
    """Catalog positions of the matching entries, best first (states not yet applied)."""
    lo, hi = 0, len(catalog.ids)
    cuts: list[tuple[int, int]] = []
    wanted_code: set[int] = set()
    for clause in query.clauses:
        if isinstance(clause, DateClause):
            first, last = catalog.day_slice(clause)
            if clause.negated:
                cuts.append((first, last))
            else:
                lo, hi = max(lo, first), min(hi, last)
        elif isinstance(clause, CodeClause):
            wanted_code.add(int(clause.has_code != clause.negated))
    if len(wanted_code) > 1 or hi <= lo:
        return []  # code:yes code:no, or date ranges that do not meet
    tiers = fts_tiers(query)
    positive = bool(tiers)
    full = (lo, hi) == (0, len(catalog.ids))
    positions: Sequence[int]
    if positive:
        found: array[int] = array("q")
        for match in tiers:
            # One string instead of a row each (a quarter less time on big results), of the
            # rowids' low 32 bits, the entry ids: short numbers, looked up in a list (on the
            # biggest results a third less time than rowids looked up in a dict).
            (joined,) = conn.execute(_MATCH_IDS, (match,)).fetchone()
            if joined:
                found += catalog.positions(joined)
        positions = found if full else array("q", (i for i in found if lo <= i < hi))
    else:
        negative = [c for c in query.clauses if isinstance(c, TextClause) and c.negated]
        if dedupe and not (cuts or wanted_code or negative) and full:
            return catalog.base()
        positions = range(lo, hi)
        if negative:
            (joined,) = conn.execute(
                _MATCH_IDS, (" OR ".join(fts_phrase(c) for c in negative),)
            ).fetchone()
            excluded = bytearray(len(catalog.ids))  # a byte a position, not a set of rowids
            for i in catalog.positions(joined or ""):
                excluded[i] = 1
            positions = array("q", (i for i in positions if not excluded[i]))
    for first, last in cuts:
        positions = array("q", (i for i in positions if not first <= i < last))
    codes = catalog.codes
    for want in wanted_code:
        positions = array("q", (i for i in positions if codes[i] == want))
    if dedupe:
        positions = catalog.first_of_each(positions)
    return positions


def fts_tiers(query: Query) -> list[str]:
    """FTS5 expressions for the query's words, one per rank tier (none without positive words).

    Tiers: all the unrestricted words in a title (English or Chinese), then some of them, then
    none. FTS5 returns each tier's rows by rowid, which is the base order, so nothing is sorted.
    """
    positive = [c for c in query.clauses if isinstance(c, TextClause) and not c.negated]
    if not positive:
        return []
    negative = [c for c in query.clauses if isinstance(c, TextClause) and c.negated]
    free = [c for c in positive if c.field is None]
    fielded = [fts_phrase(c) for c in positive if c.field is not None]
    every = " AND ".join(fts_phrase(c) for c in positive)
    if not free:
        tiers = [every]
    else:
        in_title = [fts_phrase(c, TITLE_COLUMNS) for c in free]
        any_in_title = " OR ".join(in_title)
        tiers = [" AND ".join(in_title + fielded)]
        if len(free) > 1:
            tiers.append(f"({every}) AND ({any_in_title}) NOT ({' AND '.join(in_title)})")
        tiers.append(f"({every}) NOT ({any_in_title})")
    if negative:
        exclude = " OR ".join(fts_phrase(c) for c in negative)
        tiers = [f"({tier}) NOT ({exclude})" for tier in tiers]
    return tiers


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None
