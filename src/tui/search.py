"""Full-text search over the parsed cache's `entries` table (SQLite FTS5), for the app and the CLI.

How the index works, and why:

* One FTS5 table, `entries_fts`, with the unicode61 tokenizer (case- and diacritic-insensitive).
  English words match whole words and prefixes (`"diff" *`), natively and fast.
* Chinese has no spaces, so before indexing every CJK character is set apart by spaces
  (tui.query.index_text). Each character is then a word and a Chinese query is a phrase of
  characters: `扩散` finds 扩散模型, and one- or two-character queries are ordinary index look-ups.
  (The trigram tokenizer would need a full scan below three characters and would give English
  substring semantics instead of words.)
* The FTS rowid of an entry is its sort key (newest day first, then entry id), so FTS5 hands back
  matches already in display order and no query sorts anything. A compact side table,
  `search_meta` (sort key, entry id, paper number, day, has-code), maps them back; `search_papers`
  numbers the distinct papers (arXiv ids); `search_info` counts changes. Each reading connection
  keeps these columns in Python lists (the "catalog", ~0.3 s per 100,000 entries, reloaded after
  a change; warm() loads it ahead of the first key press), so that date/code/read filters and the
  one-row-per-paper rule cost a list pass instead of a read of every row.
* Keeping the index in step with `entries` (the cache writes `entries`; this module owns the rest):
  - New rows are indexed in bulk by sync(conn), never row by row: there is no insert trigger (fed
    row by row through a trigger FTS5 flushes at every statement: ~25 s for the corpus, against
    ~2 s in bulk). The cache calls sync() after storing files; until then a new row is simply
    not found. The rows to index are those with an id above the highest id indexed so far
    (entry ids only grow: see sync()).
  - sync() commits every SYNC_CHUNK rows and pauses briefly, so another connection's writes (a
    second app instance) wait a fraction of a second, not for the whole build, and readers see
    the index grow. It takes no write lock when there is nothing to index.
  - Triggers unindex a deleted row, and reindex an updated one, at once. Deleting needs no SQL
    function (FTS5 keeps its own copy of the indexed text); an UPDATE of an indexed row calls
    tui_fts_text_v1, so a connection that updates `entries` must call register_functions(conn)
    (sync() and ensure_schema() register it on their connection). The cache never updates rows.
  - ensure_schema() repairs, then syncs: a missing or outdated table, index or trigger is
    (re)created; if a trigger was missing (rows may have been deleted or changed unseen, and
    their ids handed out again) or the row counts disagree, the index is emptied and refilled
    (in chunks, like any sync). When nothing is missing it only reads: a warm open never waits
    for another instance's write lock. DROPPING THE TRIGGERS IS NOT NEEDED ANY MORE and now costs
    a full refill: a bulk load should just store its rows and call sync().

Ranking: papers with all of the query's words in a title (English or Chinese) first, then those
with some, then the rest; within a tier newest day first, then the order the cache wrote the rows
(file order). Each tier is one FTS query, its NOT and AND done by FTS5 (cutting the tiers in
Python out of one set of matches was measured: slower on big results). FTS5's bm25 was measured
too: it reads every matching row's sizes and made common-word queries several times slower, for
an order that is harder to predict.
Results are one per paper (arXiv id), represented by its best-ranked entry.

is:read / is:starred come from the state store (another SQLite file): the caller passes the id
sets, and they are applied to the ranked positions (a set look-up each).

run() never raises: query problems come back as SearchResult.hint (the rest of the query still
runs), database failures as SearchResult.failed. Nothing here imports Textual.

Threads: run() may be called from a worker thread; searches on one connection take turns. A
reading connection of its own (WAL allows it beside the cache's writer) keeps searches from
waiting on the cache, and conn.interrupt() then cancels a search made stale by the next key.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import secrets
import sqlite3
import threading
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from tui.model import Paper
from tui.query import (
    TEXT_FIELDS,
    CodeClause,
    DateClause,
    Query,
    StateClause,
    TextClause,
    index_text,
    is_cjk,
    parse,
)

ItemT = TypeVar("ItemT", bound="_Item")

FTS_TABLE = "entries_fts"
# The indexed columns, in FTS order; each is the `entries` column of the same name.
FTS_COLUMNS = (
    "title",
    "title_cn",
    "authors",
    "abstract",
    "abstract_cn",
    "contribution",
    "arxiv_id",
    "category",
)
_TITLE_COLUMNS = TEXT_FIELDS["title"]
# The SQL function turning a column into indexed text (index_text). The version is in its name:
# changing how text is cut into words means a new name, hence new trigger SQL, which sync() sees
# and rebuilds the index for.
TEXT_FUNCTION = "tui_fts_text_v1"
# Rows indexed per committed transaction by sync(): ~0.15 s of work on this 2-core machine
# (~0.7 s for the chunk that merges segments, under load), so another instance's writes wait
# about that long, not for the whole build.
SYNC_CHUNK = 4000
# Gaps between chunks, for another instance's writer to get the lock. It waits in SQLite's busy
# handler, which retries after 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50 ms, then every 100 ms:
# a short gap catches its early tries; a long one catches any try. Long gaps come after every
# SYNC_YIELD_EVERY seconds of building, and after each chunk once another connection has written
# during the build (it is busy: give it room).
SYNC_PAUSE = 0.01
SYNC_YIELD = 0.1
SYNC_YIELD_EVERY = 1.0

_CREATE_FTS = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    + ", ".join(FTS_COLUMNS)
    + ", tokenize = 'unicode61 remove_diacritics 2', prefix = '2')"
)
# Prefix index for two-letter prefixes only (measured on the corpus, bench_search.py): a prefix
# index doubles the postings it covers. '1 2' made the build ~30 % slower, mostly because every
# CJK character (a one-letter word) went into the one-letter index, which no query needs since
# a CJK last word is looked up exactly (fts_phrase). A one-letter English prefix ("d", the first
# key typed) then merges the words starting with it: ~35 ms on the corpus instead of ~20; two
# letters and more stay as fast as before.
# FTS5 settings, also measured on the corpus: buffer up to 16 MB of pending terms before writing
# a segment (default 1 MB): one segment per chunk instead of several, so less merging (~15 % less
# CPU for the build; +16 MB of memory while writing). automerge stays at its default, 4, written
# down so that a changed value is put back: 16 made the build cheaper only by leaving the merges
# for later (the first small sync after a cold build then took 0.5 s instead of 5 ms).
_FTS_CONFIG = {"automerge": 4, "hashsize": 16 * 1024 * 1024}
# Side tables and indexes (created if missing; their SQL is compared like the triggers').
_TABLES = {
    "search_info": "CREATE TABLE search_info (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    "search_papers": (
        "CREATE TABLE search_papers (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE)"
    ),
    "search_meta": (
        "CREATE TABLE search_meta (sortkey INTEGER PRIMARY KEY, id INTEGER NOT NULL,"
        " paper INTEGER NOT NULL, day TEXT, code INTEGER NOT NULL)"
    ),
}
# max(search_meta.id), the high-water mark of indexed entries, in one index look-up.
_INDEXES = {"search_meta_id": "CREATE INDEX search_meta_id ON search_meta (id)"}

# A paper's key: its arXiv id, or the entry itself for an entry without one.
_KEY = "CASE WHEN {r}.arxiv_id = '' THEN '#' || {r}.id ELSE {r}.arxiv_id END"
# Base order as one integer, unique per entry: newest day first, then entry id (the order in which
# the cache wrote the rows: file by file, in file order). A missing or unreadable day sorts last.
# It is also the FTS rowid, so FTS5 returns matches already in base order: no sorting per query.
_SORTKEY = (
    "((4000000 - coalesce(CAST(julianday({r}.day) AS INTEGER), 0)) * 4294967296"
    " + {r}.id % 4294967296)"
)
_HIGH_WATER = "SELECT coalesce(max(id), 0) FROM search_meta"
_COUNT_CHANGE = "UPDATE search_info SET value = value + 1 WHERE key = 'changes'; "
_INDEXED_OLD = f"EXISTS (SELECT 1 FROM search_meta WHERE sortkey = {_SORTKEY.format(r='old')})"
_UNINDEX_OLD = (
    f"DELETE FROM search_meta WHERE sortkey = {_SORTKEY.format(r='old')}; "
    f"DELETE FROM {FTS_TABLE} WHERE rowid = {_SORTKEY.format(r='old')}; "
)
_INDEX_NEW = (
    f"INSERT OR IGNORE INTO search_papers (key) VALUES ({_KEY.format(r='new')}); "
    "INSERT OR REPLACE INTO search_meta (sortkey, id, paper, day, code) VALUES "
    f"({_SORTKEY.format(r='new')}, new.id, "
    f"(SELECT id FROM search_papers WHERE key = {_KEY.format(r='new')}), "
    "new.day, new.code_url <> ''); "
    f"INSERT OR REPLACE INTO {FTS_TABLE} (rowid, {', '.join(FTS_COLUMNS)}) VALUES "
    f"({_SORTKEY.format(r='new')}, "
    + ", ".join(f"{TEXT_FUNCTION}(new.{c})" for c in FTS_COLUMNS)
    + "); "
)
# No insert trigger: new rows are indexed in bulk by sync() (row by row, FTS5 flushes at every
# statement: ~25 s for the corpus against ~2 s in bulk). Deleting or updating an indexed row
# keeps the index in step at once. Only the update needs TEXT_FUNCTION (register_functions).
_TRIGGERS = {
    f"{FTS_TABLE}_ad": (
        f"CREATE TRIGGER {FTS_TABLE}_ad AFTER DELETE ON entries WHEN {_INDEXED_OLD} BEGIN "
        f"{_UNINDEX_OLD}{_COUNT_CHANGE}END"
    ),
    f"{FTS_TABLE}_au": (
        f"CREATE TRIGGER {FTS_TABLE}_au AFTER UPDATE ON entries WHEN {_INDEXED_OLD} BEGIN "
        f"{_UNINDEX_OLD}{_INDEX_NEW}{_COUNT_CHANGE}END"
    ),
}

# The `entries` table as notes/INTERFACES.md defines it (tui.cache owns the real one): used for
# in-memory searches over papers that are not in a cache (the `list --search` command).
ENTRIES_SQL = """CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL,
    day TEXT,
    category TEXT NOT NULL,
    position INTEGER NOT NULL,
    arxiv_id TEXT NOT NULL,
    title TEXT NOT NULL,
    title_cn TEXT NOT NULL,
    authors TEXT NOT NULL,
    abstract TEXT NOT NULL,
    abstract_cn TEXT NOT NULL,
    contribution TEXT NOT NULL,
    code_url TEXT NOT NULL
)"""


class SearchUnavailable(RuntimeError):
    """This Python's SQLite lacks FTS5 (it has had it for years; a custom build might not)."""


# --------------------------------------------------------------------------------------------------
# Schema and index upkeep


def _fts_text(value: object) -> str:
    return index_text(value) if isinstance(value, str) else ""


def register_functions(conn: sqlite3.Connection) -> None:
    """Register the SQL function that indexing calls: sync(), and the update trigger."""
    try:
        conn.execute(f"SELECT {TEXT_FUNCTION}('')").fetchone()
    except sqlite3.OperationalError:  # not registered yet on this connection
        conn.create_function(TEXT_FUNCTION, 1, _fts_text, deterministic=True)
    # (Registering again is not only useless: after an FTS5 write in an open transaction SQLite
    # refuses it, "unable to modify user-function due to active statements".)
    # Some SQLite builds distrust application functions called from a schema's triggers.
    conn.execute("PRAGMA trusted_schema = ON")


def ensure_schema(conn: sqlite3.Connection) -> int:
    """Create or repair the index over an existing `entries` table, then sync() it.

    Repairs: a missing or outdated table, index or trigger is (re)created; an index that cannot be
    trusted (a trigger was missing, so rows may have been deleted unseen; or its row counts
    disagree with `entries`) is emptied and refilled. Reads only, and takes no write lock, when
    nothing is missing and nothing is left to index (a warm open). Returns how many rows it
    indexed. Raises SearchUnavailable without FTS5.
    """
    _prepare(conn, check_counts=True)
    return sync(conn)


def sync(conn: sqlite3.Connection, *, chunk: int = SYNC_CHUNK, limit: int | None = None) -> int:
    """Index the `entries` rows not indexed yet; return how many (0: nothing to do, no write).

    The rows not indexed are exactly those with an id above the highest indexed one: ids only
    grow (SQLite gives a new row max(id) + 1, and the delete trigger unindexes a deleted row, so
    the highest indexed id never exceeds the highest id). Rows are indexed in id order, `chunk`
    at a time, each chunk in a committed transaction of its own (BEGIN IMMEDIATE ... COMMIT)
    with a short pause between chunks, so that another connection's writes wait a fraction of a
    second, not for the whole build; readers see the index grow chunk by chunk. Inside the
    caller's transaction it indexes everything in a savepoint instead (the caller commits).
    `limit` stops after that many rows (the caller calls again for the rest).

    Also creates missing tables and triggers (cheap when they exist): safe to call first.
    """
    _prepare(conn, check_counts=False)
    outer = conn.in_transaction
    done = chunks = 0
    refilled = False
    gaps = _Gaps(conn)
    checkpoints = _Checkpoints(conn)
    try:
        while limit is None or done < limit:
            if not outer and conn.execute(_PENDING).fetchone()[0] == 0:
                break  # nothing to index: no write lock taken
            if chunks and not outer:
                gaps.wait()
                checkpoints.hold()
            try:
                size = chunk if limit is None else min(chunk, limit - done)
                with _writing(conn, outer):
                    count = _index_chunk(conn, size)
            except sqlite3.IntegrityError:
                # A row above the mark is in the index already: the index was tampered with or
                # damaged (ensure_schema's counts would have said so). Refill it, once.
                if refilled:
                    raise
                refilled = True
                _prepare(conn, check_counts=False, refill=True)
                continue
            done += count
            chunks += 1
            if count == 0:
                break
    finally:
        checkpoints.release()
    return done


_PENDING = f"SELECT EXISTS (SELECT 1 FROM entries WHERE id > ({_HIGH_WATER}))"


class _Gaps:
    """The pauses between sync()'s chunks (see SYNC_PAUSE)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.since_yield = time.monotonic()
        self.version = self._data_version()

    def wait(self) -> None:
        # data_version changes when another connection commits to the file. Since the last
        # gap began, that can only have happened during that gap: a chunk holds the lock.
        version = self._data_version()
        busy = version != self.version
        self.version = version
        if busy or time.monotonic() - self.since_yield >= SYNC_YIELD_EVERY:
            time.sleep(SYNC_YIELD)
            self.since_yield = time.monotonic()
        elif SYNC_PAUSE:
            time.sleep(SYNC_PAUSE)

    def _data_version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])


class _Checkpoints:
    """No automatic WAL checkpoint after every chunk: one at the end instead.

    With the default wal_autocheckpoint each chunk's COMMIT would copy its pages into the
    database file and fsync it (28 times for 100,000 entries: the build took 25 % longer).
    A connection that already has automatic checkpoints off (tui.cache's bulk load) is left
    alone: its owner checkpoints.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.restore: int | None = None

    def hold(self) -> None:
        if self.restore is None:
            (pages,) = self.conn.execute("PRAGMA wal_autocheckpoint").fetchone()
            if pages > 0:
                self.conn.execute("PRAGMA wal_autocheckpoint = 0")
                self.restore = int(pages)

    def release(self) -> None:
        if self.restore is not None:
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {self.restore}")
            with contextlib.suppress(sqlite3.Error):  # busy readers: the next commit's turn
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            self.restore = None


@contextlib.contextmanager
def _writing(conn: sqlite3.Connection, outer: bool) -> Iterator[None]:
    """A committed transaction of its own, or a savepoint in the caller's transaction."""
    if outer:
        conn.execute("SAVEPOINT tui_search")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK TO tui_search")
            conn.execute("RELEASE tui_search")
            raise
        conn.execute("RELEASE tui_search")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _index_chunk(conn: sqlite3.Connection, chunk: int) -> int:
    """Index the next `chunk` rows above the high-water mark; how many were indexed."""
    (high,) = conn.execute(_HIGH_WATER).fetchone()
    count, last = conn.execute(
        "SELECT count(*), max(id) FROM (SELECT id FROM entries WHERE id > ? ORDER BY id LIMIT ?)",
        (high, max(chunk, 1)),
    ).fetchone()
    if not count:
        return 0
    rows = "FROM entries AS e WHERE e.id > ? AND e.id <= ?"
    bounds = (high, last)
    conn.execute(
        f"INSERT OR IGNORE INTO search_papers (key) SELECT {_KEY.format(r='e')} {rows}", bounds
    )
    conn.execute(
        f"INSERT OR REPLACE INTO search_meta (sortkey, id, paper, day, code) SELECT"
        f" {_SORTKEY.format(r='e')}, e.id, p.id, e.day, e.code_url <> ''"
        f" FROM entries AS e JOIN search_papers AS p ON p.key = {_KEY.format(r='e')}"
        " WHERE e.id > ? AND e.id <= ?",
        bounds,
    )
    values = ", ".join(f"{TEXT_FUNCTION}(e.{c})" for c in FTS_COLUMNS)
    # In rowid order: FTS5 flushes its pending terms whenever a rowid goes down. Plain INSERT:
    # OR REPLACE would make FTS5 look up (and try to delete) every row first.
    conn.execute(
        f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(FTS_COLUMNS)})"
        f" SELECT {_SORTKEY.format(r='e')} AS k, {values} {rows} ORDER BY k",
        bounds,
    )
    conn.execute(_COUNT_CHANGE)
    return int(count)


@dataclass
class _Repair:
    """What _prepare found wrong (nothing when all lists are empty and `clear` is False)."""

    create: list[str]  # names of tables, indexes and triggers to (re)create
    drop_triggers: list[str]  # triggers of an older version
    clear: bool  # the index cannot be trusted: empty it (sync refills it)
    renumber: bool  # search_papers is new: paper numbers start again (new generation)
    seed: bool  # search_info lacks a row
    configure: bool  # the FTS table's settings differ from _FTS_CONFIG

    def __bool__(self) -> bool:
        return bool(self.create or self.drop_triggers or self.clear or self.seed or self.configure)


def _prepare(conn: sqlite3.Connection, *, check_counts: bool, refill: bool = False) -> None:
    """Find what is missing (reading only) and repair it in one short write, if anything.

    refill=True empties the index whatever the diagnosis (sync refills it).
    """
    register_functions(conn)
    repair = _diagnose(conn, check_counts)
    if not (repair or refill):
        return
    with _writing(conn, conn.in_transaction):
        repair = _diagnose(conn, check_counts)  # again, now that no one else can write
        repair.clear = repair.clear or refill
        if repair:
            _apply(conn, repair)


def _diagnose(conn: sqlite3.Connection, check_counts: bool) -> _Repair:
    existing = dict(
        conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE name IN"
            f" ({','.join('?' * (1 + len(_TABLES) + len(_INDEXES)))})"
            f" OR (type = 'trigger' AND name LIKE '{FTS_TABLE}%')",
            [FTS_TABLE, *_TABLES, *_INDEXES],
        )
    )
    wanted = {FTS_TABLE: _CREATE_FTS, **_TABLES, **_INDEXES, **_TRIGGERS}
    create = [name for name, sql in wanted.items() if existing.get(name) != sql]
    if "search_meta" in create and "search_meta_id" not in create:
        create.append("search_meta_id")  # dropped with its table
    drop = [name for name in existing if name.startswith(FTS_TABLE) and name not in wanted]
    # A new FTS table or search_meta is empty; a missing trigger may have let rows be deleted or
    # changed unseen: the index as a whole is refilled.
    clear = any(name in create for name in (FTS_TABLE, "search_meta", *_TRIGGERS))
    renumber = "search_papers" in create
    seed = "search_info" in create
    if not seed:
        seed = conn.execute("SELECT count(*) FROM search_info").fetchone()[0] < 2
    configure = FTS_TABLE not in create and _fts_config(conn) != _FTS_CONFIG
    if check_counts and not clear:
        indexed, meta, below = conn.execute(
            f"SELECT (SELECT count(*) FROM {FTS_TABLE}_docsize),"
            " (SELECT count(*) FROM search_meta),"
            # All rows minus those above the mark: a count over the small index on file_id and a
            # short rowid range, not a walk over every row's text.
            " (SELECT count(*) FROM entries)"
            f" - (SELECT count(*) FROM entries WHERE id > ({_HIGH_WATER}))"
        ).fetchone()
        clear = not indexed == meta == below
    return _Repair(create, drop, clear, renumber, seed, configure)


def _fts_config(conn: sqlite3.Connection) -> dict[str, object]:
    names = ",".join(f"'{name}'" for name in _FTS_CONFIG)
    return dict(conn.execute(f"SELECT k, v FROM {FTS_TABLE}_config WHERE k IN ({names})"))


def _apply(conn: sqlite3.Connection, repair: _Repair) -> None:
    for name in repair.drop_triggers:
        conn.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    for name in repair.create:
        if name in _TRIGGERS:
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif name in _INDEXES:
            conn.execute(f"DROP INDEX IF EXISTS {name}")
        else:
            conn.execute(f"DROP TABLE IF EXISTS {name}")
        if name != FTS_TABLE:
            conn.execute({**_TABLES, **_INDEXES, **_TRIGGERS}[name])
    if repair.clear or FTS_TABLE in repair.create:
        conn.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")  # far faster than deleting its rows
        try:
            conn.execute(_CREATE_FTS)
        except sqlite3.OperationalError as error:
            raise SearchUnavailable(
                f"this Python's SQLite {sqlite3.sqlite_version} cannot build the search index:"
                f" {error}"
            ) from error
        conn.execute("DELETE FROM search_meta")
    if repair.configure or repair.clear or FTS_TABLE in repair.create:
        for name, value in _FTS_CONFIG.items():
            conn.execute(
                f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES (?, ?)", (name, value)
            )
    conn.execute("INSERT OR IGNORE INTO search_info (key, value) VALUES ('changes', 0)")
    # From the system's randomness, not `random`: a program (or a test) that seeds `random` would
    # otherwise give two databases the same generation, and a catalog could outlive its database.
    generation = secrets.randbits(62)
    if repair.renumber:
        conn.execute(
            "INSERT OR REPLACE INTO search_info (key, value) VALUES ('generation', ?)",
            (generation,),
        )
    else:
        conn.execute(
            "INSERT OR IGNORE INTO search_info (key, value) VALUES ('generation', ?)",
            (generation,),
        )
    conn.execute(_COUNT_CHANGE)


# --------------------------------------------------------------------------------------------------
# What a reader derives from the tables, kept between queries


class _Catalog:
    """Per connection: paper number -> arXiv id, and every entry in base order (newest day first).

    Filters without words (is:unread, code:yes, date:2024-02, -word) run over these lists instead
    of reading ~100,000 rows from SQLite per key press. Valid while search_info's generation and
    change count are unchanged; rebuilt lazily after a change, or ahead of need by warm().
    """

    def __init__(self) -> None:
        self.generation = -1
        self.changes = -1
        self.keys: list[str] = []  # paper number -> arXiv id ("" for an entry without one)
        self.loaded = False
        self.lock = threading.Lock()  # one search at a time per connection
        self.sortkeys: list[int] = []  # base order keys (= FTS rowids), ascending
        # Entry id (the low 32 bits of the FTS rowid) -> position: a list (-1 where no entry)
        # while ids are dense, as they are in the cache; else a dict.
        self.pos_of: list[int] | dict[int, int] = []
        self.ids: list[int] = []  # entry ids in base order
        self.papers: list[int] = []  # their paper numbers
        self.daynos: list[int] = []  # -date.toordinal() (ascending in base order); 1 = no day
        self.codes = bytearray()  # 1 where the entry links to code
        self._base: list[int] | None = None  # positions of each paper's first entry

    def refresh(self, conn: sqlite3.Connection) -> None:
        info = dict(conn.execute("SELECT key, value FROM search_info"))
        generation, changes = info.get("generation", 0), info.get("changes", 0)
        if generation != self.generation:
            self.generation, self.changes, self.keys = generation, -1, []
        if changes != self.changes:
            self.changes = changes
            self.loaded, self._base = False, None
            self.sortkeys, self.ids, self.papers, self.daynos = [], [], [], []
            self.codes, self.pos_of = bytearray(), []
            self.load_keys(conn)

    def load_keys(self, conn: sqlite3.Connection) -> None:
        """Read the paper numbers added since last time (they are never renumbered)."""
        rows = conn.execute(
            "SELECT id, key FROM search_papers WHERE id >= ? ORDER BY id", (len(self.keys),)
        ).fetchall()
        for paper, key in rows:
            while len(self.keys) < paper:
                self.keys.append("")
            self.keys.append("" if key.startswith("#") else key)

    def load(self, conn: sqlite3.Connection) -> None:
        if self.loaded:
            return
        rows = conn.execute(
            "SELECT sortkey, id, paper, day, code FROM search_meta ORDER BY sortkey"
        )
        ordinals: dict[str | None, int] = {}
        sortkeys, ids, papers, daynos, codes = [], [], [], [], bytearray()
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
        if papers and max(papers) >= len(self.keys):
            self.load_keys(conn)
        self.sortkeys, self.ids, self.papers = sortkeys, ids, papers
        self.daynos, self.codes = daynos, codes
        low = [entry_id & _LOW_BITS for entry_id in ids]
        top = max(low, default=0)
        if top <= 4 * len(low) + 65536:
            pos_of = [-1] * (top + 1)
            for i, key in enumerate(low):
                pos_of[key] = i
            self.pos_of = pos_of
        else:
            self.pos_of = {key: i for i, key in enumerate(low)}
        self.loaded = True

    def positions(self, joined: str) -> list[int]:
        """Positions of the entries FTS5 returned (`joined`: their low rowid bits, comma-joined).

        An entry indexed after this catalog was read has no position: it is left out.
        """
        keys = list(map(int, joined.split(",")))
        pos_of = self.pos_of
        try:
            found = list(map(pos_of.__getitem__, keys))
        except (IndexError, KeyError):
            found = [-1]
        if -1 in found:
            if isinstance(pos_of, list):
                found = [pos_of[k] if k < len(pos_of) else -1 for k in keys]
            else:
                found = [pos_of.get(k, -1) for k in keys]
            found = [i for i in found if i >= 0]
        return found

    def base(self) -> list[int]:
        """Positions of every paper's first entry in base order."""
        if self._base is None:
            seen: set[int] = set()
            add = seen.add
            self._base = [i for i, p in enumerate(self.papers) if not (p in seen or add(p))]
        return self._base

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
    entry_ids: tuple[int, ...] = ()  # rank order, cut to the limit
    total: int = 0  # how many matched before the limit
    hint: str | None = None  # the first problem with the query (or the database), for the UI
    failed: bool = False  # the database failed or was interrupted: keep showing the last results

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
) -> SearchResult:
    """Search `entries`; never raises for a bad query (see SearchResult.hint).

    read_ids / starred_ids: arXiv ids from the state store, for is:read, is:unread, is:starred and
    the unread-only / starred-only toggles. An empty query matches everything (newest day first).
    dedupe=False keeps every entry (each file and category listing a paper).
    """
    if isinstance(query, str):
        query = parse(query)
    if unread_only:
        query = query.with_clauses(StateClause("read", negated=True))
    if starred_only:
        query = query.with_clauses(StateClause("starred"))
    try:
        catalog = _catalog(conn)
        with catalog.lock:
            catalog.refresh(conn)
            catalog.load(conn)
            positions = _positions(conn, catalog, query, dedupe)
            keys, papers = catalog.keys, catalog.papers
            for clause in query.clauses:
                if isinstance(clause, StateClause):
                    id_set = read_ids if clause.state == "read" else starred_ids
                    if clause.negated:
                        positions = [i for i in positions if keys[papers[i]] not in id_set]
                    else:
                        positions = [i for i in positions if keys[papers[i]] in id_set]
            ids = catalog.ids
            found = [ids[i] for i in positions]
    except sqlite3.Error as error:  # includes conn.interrupt() from another thread
        return SearchResult(query, (), 0, f"search failed: {error}", failed=True)
    total = len(found)
    if limit is not None:
        found = found[: max(limit, 0)]
    return SearchResult(query, tuple(found), total, query.hint)


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
        found: list[int] = []
        for match in tiers:
            # One string instead of a row each (a quarter less time on big results), of the
            # rowids' low 32 bits, the entry ids: short numbers, looked up in a list (on the
            # biggest results a third less time than rowids looked up in a dict).
            (joined,) = conn.execute(_MATCH_IDS, (match,)).fetchone()
            if joined:
                found += catalog.positions(joined)
        positions = found if full else [i for i in found if lo <= i < hi]
    else:
        negative = [c for c in query.clauses if isinstance(c, TextClause) and c.negated]
        if dedupe and not (cuts or wanted_code or negative) and full:
            return catalog.base()
        positions = range(lo, hi)
        if negative:
            excluded = {
                k
                for (k,) in conn.execute(
                    f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?",
                    (" OR ".join(fts_phrase(c) for c in negative),),
                )
            }
            sortkeys = catalog.sortkeys
            positions = [i for i in positions if sortkeys[i] not in excluded]
    for first, last in cuts:
        positions = [i for i in positions if not first <= i < last]
    codes = catalog.codes
    for want in wanted_code:
        positions = [i for i in positions if codes[i] == want]
    if dedupe:
        papers = catalog.papers
        seen: set[int] = set()
        add = seen.add
        positions = [i for i in positions if not (papers[i] in seen or add(papers[i]))]
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
        in_title = [fts_phrase(c, _TITLE_COLUMNS) for c in free]
        any_in_title = " OR ".join(in_title)
        tiers = [" AND ".join(in_title + fielded)]
        if len(free) > 1:
            tiers.append(f"({every}) AND ({any_in_title}) NOT ({' AND '.join(in_title)})")
        tiers.append(f"({every}) NOT ({any_in_title})")
    if negative:
        exclude = " OR ".join(fts_phrase(c) for c in negative)
        tiers = [f"({tier}) NOT ({exclude})" for tier in tiers]
    return tiers


# --------------------------------------------------------------------------------------------------
# Rows for display


@dataclass(frozen=True, slots=True)
class Hit:
    """What a result row shows: the paper's day and category (and enough to find the Paper)."""

    entry_id: int
    file_id: int
    day: dt.date | None
    category: str
    position: int
    arxiv_id: str
    title: str
    title_cn: str


def hits(conn: sqlite3.Connection, entry_ids: Sequence[int]) -> list[Hit]:
    """The rows for some entry ids (e.g. the visible part of a result list), in the given order."""
    found: dict[int, Hit] = {}
    for start in range(0, len(entry_ids), 500):
        chunk = list(entry_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            "SELECT id, file_id, day, category, position, arxiv_id, title, title_cn FROM entries"
            f" WHERE id IN ({marks})",
            chunk,
        ):
            day = _day(row[2])
            found[row[0]] = Hit(row[0], row[1], day, row[3], row[4], row[5], row[6], row[7])
    return [found[i] for i in entry_ids if i in found]


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------------
# Searching papers that are not in a cache


class MemoryIndex:
    """The same search over papers held in memory (an in-memory SQLite): for `list --search`.

    add() returns the entry id of each paper: 1, 2, 3... in the order added. The index is built in
    bulk at the first search.
    """

    def __init__(self) -> None:
        self.conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        self.conn.execute(ENTRIES_SQL)
        register_functions(self.conn)
        self._next = 1
        self._dirty = True

    def add(self, day: dt.date | None, category: str, paper: Paper, *, file_id: int = 0) -> int:
        entry_id = self._next
        self._next += 1
        self._dirty = True
        self.conn.execute(
            "INSERT INTO entries (id, file_id, day, category, position, arxiv_id, title, title_cn,"
            " authors, abstract, abstract_cn, contribution, code_url)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                entry_id,
                file_id,
                day.isoformat() if day else None,
                category,
                entry_id,
                paper.arxiv_id,
                paper.title,
                paper.title_cn,
                ", ".join(paper.authors),
                paper.abstract,
                paper.abstract_cn,
                paper.contribution,
                paper.code_url,
            ),
        )
        return entry_id

    def add_many(self, items: Iterable[tuple[dt.date | None, str, Paper]]) -> list[int]:
        """Add (day, category, paper) triples in one transaction; their entry ids in order."""
        self.conn.execute("BEGIN")
        try:
            ids = [self.add(day, category, paper) for day, category, paper in items]
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        return ids

    def search(self, query: str | Query, **options: Any) -> SearchResult:
        """run() over these papers; options as for run()."""
        if self._dirty:
            ensure_schema(self.conn)
            self._dirty = False
        return run(self.conn, query, **options)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> MemoryIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Item(Protocol):
    """What filter_items needs of an item (tui.export.ExportItem has it)."""

    @property
    def day(self) -> dt.date | None: ...
    @property
    def category(self) -> str: ...
    @property
    def paper(self) -> Paper: ...


def filter_items(
    items: Sequence[ItemT], query: str | Query, *, ranked: bool = False
) -> tuple[list[ItemT], str | None]:
    """The items that match a query, and the query's hint (None when it is well formed).

    For the command line (`list --search`, `export --search`): the same semantics as the app,
    through an in-memory index. Items keep their input order unless ranked=True (best first);
    every listing of a paper is kept. is:read / is:starred use the items' `read` / `starred`
    attributes when they have them.
    """
    read = {i.paper.arxiv_id for i in items if getattr(i, "read", False) and i.paper.arxiv_id}
    starred = {i.paper.arxiv_id for i in items if getattr(i, "starred", False) and i.paper.arxiv_id}
    with MemoryIndex() as index:
        index.add_many((item.day, item.category, item.paper) for item in items)
        result = index.search(query, read_ids=read, starred_ids=starred, dedupe=False)
    order = result.entry_ids if ranked else sorted(result.entry_ids)
    return [items[entry_id - 1] for entry_id in order], result.hint


def matches(
    query: str | Query,
    paper: Paper,
    day: dt.date | None = None,
    category: str = "",
    *,
    read: bool = False,
    starred: bool = False,
) -> bool:
    """Whether one paper matches: same semantics (a tiny index: use filter_items for many)."""
    ids = {paper.arxiv_id}
    with MemoryIndex() as index:
        index.add(day, category, paper)
        result = index.search(
            query,
            read_ids=ids if read else frozenset(),
            starred_ids=ids if starred else frozenset(),
            dedupe=False,
        )
    return bool(result.entry_ids)
