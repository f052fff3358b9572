"""The full-text index over `entries` (SQLite FTS5): tables, triggers, repair and bulk upkeep.

How the index works, and why:

* One FTS5 table, `entries_fts`, with the unicode61 tokenizer (case- and diacritic-insensitive).
  English words match whole words and prefixes (`"diff" *`), natively and fast.
* Chinese has no spaces, so before indexing every CJK character is set apart by spaces
  (tui.words.index_text). Each character is then a word and a Chinese query is a phrase of
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

import contextlib
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tui.words import index_text

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
# The SQL function turning a column into indexed text (index_text). The version is in its name:
# changing how text is cut into words means a new name, hence new trigger SQL, which sync() sees
# and rebuilds the index for.
TEXT_FUNCTION = "tui_fts_text_v1"
# Rows indexed per committed transaction by sync(): ~0.5 s of work on this 2-core machine, so
# another instance's writes wait about that long, not for the whole build. (4,000 made 300,000
# entries take 14.4 s instead of 9.4: FTS5 merged more, smaller segments, and paused 75 times.)
SYNC_CHUNK = 20_000
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
# Keeping the index in step with `entries`


def ensure_schema(conn: sqlite3.Connection, on_chunk: Callable[[int], None] | None = None) -> int:
    """Create or repair the index over an existing `entries` table, then sync() it.

    Repairs: a missing or outdated table, index or trigger is (re)created; an index that cannot be
    trusted (a trigger was missing, so rows may have been deleted unseen; or its row counts
    disagree with `entries`) is emptied and refilled. Reads only, and takes no write lock, when
    nothing is missing and nothing is left to index (a warm open). Returns how many rows it
    indexed (`on_chunk`: see sync). Raises SearchUnavailable without FTS5.
    """
    _prepare(conn, check_counts=True)
    return sync(conn, on_chunk=on_chunk)


def sync(
    conn: sqlite3.Connection,
    *,
    chunk: int = SYNC_CHUNK,
    limit: int | None = None,
    on_chunk: Callable[[int], None] | None = None,
) -> int:
    """Index the `entries` rows not indexed yet; return how many (0: nothing to do, no write).

    The rows not indexed are exactly those with an id above the highest indexed one: ids only
    grow (SQLite gives a new row max(id) + 1, and the delete trigger unindexes a deleted row, so
    the highest indexed id never exceeds the highest id). Rows are indexed in id order, `chunk`
    at a time, each chunk in a committed transaction of its own (BEGIN IMMEDIATE ... COMMIT)
    with a short pause between chunks, so that another connection's writes wait a fraction of a
    second, not for the whole build; readers see the index grow chunk by chunk. Inside the
    caller's transaction it indexes everything in a savepoint instead (the caller commits).
    `limit` stops after that many rows (the caller calls again for the rest). `on_chunk` is
    told the rows indexed so far after each committed chunk.

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
            if on_chunk is not None and count:
                on_chunk(done)
            if count == 0:
                break
    finally:
        checkpoints.release()
    return done


_PENDING = f"SELECT EXISTS (SELECT 1 FROM entries WHERE id > ({_HIGH_WATER}))"


def unindexed(conn: sqlite3.Connection) -> int:
    """How many `entries` rows sync() has still to index (after ensure_schema)."""
    (count,) = conn.execute(f"SELECT count(*) FROM entries WHERE id > ({_HIGH_WATER})").fetchone()
    return int(count)


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
