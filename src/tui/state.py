"""Read marks, stars, preferences and triage (tui.triage): the precious file,
paths.data_dir()/"state.sqlite3".

Durability. Every setter runs one short transaction and commits before it returns. The database is
in WAL mode with synchronous=FULL: a commit is written to the WAL *and* fsynced, so a mark survives
not only a SIGKILL right after the call (for that, NORMAL would do: the WAL write is already in the
kernel) but also a power cut. The fsync costs a few milliseconds per mark, which a human pressing
keys never notices; bulk marking (set_read_many) pays it once.

Several processes may share the file: WAL lets readers run beside a writer, BEGIN IMMEDIATE takes
the write lock up front and busy_timeout makes a second writer wait instead of failing. Nothing is
cached in this object, so every read sees what other processes committed.

Failure never costs the session its marks:
- folder or file not writable: the store keeps working in memory (with a copy of what the file
  held, if it could be read: read-only, else with immutable=1, which needs no -shm file and so
  reads a WAL file in a read-only folder) and .warning says the marks last until quit;
- a damaged file is renamed to state.sqlite3.broken-<timestamp> (never deleted), a fresh file is
  started, and .warning says where the old one went;
- a file written by a newer version (PRAGMA user_version above ours) is left alone: memory copy.
The UI shows .warning when it is set; it can also appear later if the disk fails mid-session.
The reader does not call the setters on its thread: tui.state_writer queues its changes and lands
them with write_changes(), which raises instead of falling back to memory, so it can retry.
read_saved() reads the marks without writing or waiting on a lock (the reader's first frame, the
CLI).

Schema: PRAGMA user_version holds the version; _MIGRATIONS[n] turns version n into n + 1.
Migrations must only add tables or columns, so older versions can still read a newer file's copy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from tui import paths
from tui.sqlite_wal import enable_wal
from tui.triage import tables
from tui.triage.records import Rule, RuleKind, Seen
from tui.triage.tables import Triage, TriageChanges

STATE_NAME = "state.sqlite3"
BUSY_TIMEOUT_S = 5.0
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"  # UTC, millisecond precision
_VERSION_SUFFIX = re.compile(r"v\d+$")
_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 0 -> 1
        "CREATE TABLE read_marks (arxiv_id TEXT PRIMARY KEY, marked_at TEXT NOT NULL)"
        " WITHOUT ROWID",
        "CREATE TABLE stars (arxiv_id TEXT PRIMARY KEY, marked_at TEXT NOT NULL) WITHOUT ROWID",
        "CREATE TABLE prefs (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL)"
        " WITHOUT ROWID",
    ),
    tables.MIGRATION,  # 1 -> 2: rules, dismissed, tags, notes, seen (tui.triage)
)
SCHEMA_VERSION = len(_MIGRATIONS)

T = TypeVar("T")


def normalize_id(arxiv_id: str) -> str:
    """The key for an arXiv id: surrounding space and a version suffix ("v2") removed."""
    return _VERSION_SUFFIX.sub("", arxiv_id.strip())


class _Damaged(Exception):
    """The file is not a usable SQLite database."""


class _TooNew(Exception):
    """The file was written by a newer schema than this version knows."""


class Unwritable(Exception):
    """The file can't be opened for writing (StateStore(..., memory_fallback=False))."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class StateStore:
    """Read marks, stars and preferences, committed to disk before each setter returns.

    Empty ids (a paper without an arXiv id) are never marked: setters ignore them.
    """

    def __init__(
        self,
        path: Path | None = None,
        busy_timeout: float = BUSY_TIMEOUT_S,
        *,
        memory_fallback: bool = True,
    ) -> None:
        """memory_fallback=False: raise Unwritable (its __cause__ the error) instead of going on
        in memory when the file can't be written; the write-behind queue then retries later."""
        self.path = path if path is not None else paths.data_dir() / STATE_NAME
        self.busy_timeout = busy_timeout
        self.memory_fallback = memory_fallback
        self.warning: str | None = None
        self.reason: str | None = None  # why the store is in memory, when it is
        self.in_memory = False
        self._lock = threading.RLock()
        self._conn = self._open()

    # --- read marks -------------------------------------------------------------------------

    def is_read(self, arxiv_id: str) -> bool:
        return self._has("read_marks", arxiv_id)

    def set_read(self, arxiv_id: str, read: bool = True) -> None:
        self.set_read_many([arxiv_id], read)

    def set_read_many(self, arxiv_ids: Iterable[str], read: bool = True) -> None:
        """Mark (or unmark) many papers in one transaction, e.g. a whole category."""
        self._set("read_marks", arxiv_ids, read)

    def read_ids(self) -> set[str]:
        return self._ids("read_marks")

    # --- stars ------------------------------------------------------------------------------

    def is_starred(self, arxiv_id: str) -> bool:
        return self._has("stars", arxiv_id)

    def set_starred(self, arxiv_id: str, starred: bool = True) -> None:
        self._set("stars", [arxiv_id], starred)

    def starred_ids(self) -> set[str]:
        return self._ids("stars")

    # --- preferences ------------------------------------------------------------------------

    def get_pref(self, key: str, default: str | None = None) -> str | None:
        row = self._run(
            lambda c: c.execute("SELECT value FROM prefs WHERE key = ?", (key,)).fetchone()
        )
        return row[0] if row else default

    def set_pref(self, key: str, value: str) -> None:
        sql = (
            f"INSERT INTO prefs VALUES (?, ?, {_NOW}) ON CONFLICT (key)"
            " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"
        )
        self._run(lambda c: c.execute(sql, (key, str(value))), write=True)

    def write_changes(
        self,
        reads: Mapping[str, bool] = {},  # never mutated
        stars: Mapping[str, bool] = {},
        prefs: Mapping[str, str] = {},
        triage: TriageChanges | None = None,
    ) -> None:
        """Apply marks (id -> on), stars, prefs and triage changes in one transaction, or raise.

        Unlike the setters, a failing disk raises (sqlite3.Error, OSError) and nothing is kept in
        memory: the caller (the write-behind queue) keeps the changes and tries again.
        """
        mark = f"INSERT OR IGNORE INTO {{}} VALUES (?, {_NOW})"
        unmark = "DELETE FROM {} WHERE arxiv_id = ?"
        pref = (
            f"INSERT INTO prefs VALUES (?, ?, {_NOW}) ON CONFLICT (key)"
            " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"
        )

        def work(conn: sqlite3.Connection) -> None:
            for table, changes in (("read_marks", reads), ("stars", stars)):
                for on in (True, False):
                    keys = [(k,) for k, v in changes.items() if v is on and normalize_id(k)]
                    if keys:
                        conn.executemany((mark if on else unmark).format(table), keys)
            if prefs:
                conn.executemany(pref, list(prefs.items()))
            if triage:
                tables.write(conn, triage)

        with self._lock:
            _transaction(self._conn, work, write=True)

    # --- triage (tui.triage): rules, dismissed papers, tags, notes, what was seen -------------

    def triage(self) -> Triage:
        return self._run(tables.read)

    def write_triage(self, changes: TriageChanges) -> None:
        """Apply triage changes (keys: normalize_id'd ids) in one transaction."""
        self._run(lambda conn: tables.write(conn, changes), write=True)

    # The write-behind queue's triage setters, for one process that writes directly (tests, CLI).
    def set_dismissed(self, arxiv_ids: Iterable[str], dismissed: bool = True) -> None:
        ids = {key: dismissed for key in map(normalize_id, arxiv_ids) if key}
        self.write_triage(TriageChanges(dismissed=ids))

    def set_tags(self, arxiv_id: str, tags: frozenset[str]) -> None:
        self.write_triage(TriageChanges(tags={normalize_id(arxiv_id): frozenset(tags)}))

    def set_note(self, arxiv_id: str, text: str) -> None:
        self.write_triage(TriageChanges(notes={normalize_id(arxiv_id): text}))

    def save_rule(self, rule: Rule) -> None:
        self.write_triage(TriageChanges(rules={(rule.kind, rule.name): rule.query}))

    def delete_rule(self, kind: RuleKind, name: str) -> None:
        self.write_triage(TriageChanges(rules={(kind, name): None}))

    def record_seen(self, sightings: dict[str, Seen]) -> None:
        self.write_triage(TriageChanges(seen={normalize_id(k): v for k, v in sightings.items()}))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- internals --------------------------------------------------------------------------

    def _has(self, table: str, arxiv_id: str) -> bool:
        key = normalize_id(arxiv_id)
        sql = f"SELECT 1 FROM {table} WHERE arxiv_id = ?"
        return bool(key) and self._run(lambda c: c.execute(sql, (key,)).fetchone()) is not None

    def _ids(self, table: str) -> set[str]:
        rows = self._run(lambda c: c.execute(f"SELECT arxiv_id FROM {table}").fetchall())
        return {row[0] for row in rows}

    def _set(self, table: str, arxiv_ids: Iterable[str], on: bool) -> None:
        keys = [(key,) for key in dict.fromkeys(map(normalize_id, arxiv_ids)) if key]
        if not keys:
            return
        if on:  # OR IGNORE keeps the time of the first mark
            sql = f"INSERT OR IGNORE INTO {table} VALUES (?, {_NOW})"
        else:
            sql = f"DELETE FROM {table} WHERE arxiv_id = ?"
        self._run(lambda c: c.executemany(sql, keys), write=True)

    def _run(self, work: Callable[[sqlite3.Connection], T], write: bool = False) -> T:
        """Run work in one transaction; if the disk fails, carry on in memory and say so."""
        with self._lock:
            try:
                return _transaction(self._conn, work, write)
            except sqlite3.ProgrammingError:
                raise  # a bug (e.g. used after close), not a failing disk
            except sqlite3.Error as exc:
                if self.in_memory:
                    raise
                self._conn = self._memory(f"{self.path} stopped working: {exc}", self._conn)
                return _transaction(self._conn, work, write)

    def _open(self) -> sqlite3.Connection:
        try:
            return _connect(self.path, self.busy_timeout)
        except _Damaged as exc:
            damage = str(exc)
        except _TooNew as exc:
            reason = f"{self.path} was written by a newer version ({exc.args[0]})"
            if not self.memory_fallback:
                exc.args[1].close()
                raise Unwritable(reason) from None
            return self._memory(reason, exc.args[1])
        except (OSError, sqlite3.Error) as exc:
            if not self.memory_fallback:
                raise Unwritable(_reason(exc, self.path)) from exc
            return self._memory(_reason(exc, self.path), _read_only_copy(self.path))
        try:
            moved = _move_aside(self.path)
            conn = _connect(self.path, self.busy_timeout)
        except (OSError, sqlite3.Error, _Damaged, _TooNew) as exc:
            reason = f"{self.path} is damaged ({damage}) and {_reason(exc, self.path)}"
            if not self.memory_fallback:
                raise Unwritable(reason) from exc
            return self._memory(reason)
        self.warning = (
            f"The read-marks file was damaged ({damage}); it was moved to {moved}"
            " and a fresh one was started"
        )
        return conn

    def _memory(self, reason: str, source: sqlite3.Connection | None = None) -> sqlite3.Connection:
        """An in-memory store holding a copy of source when it can still be read."""
        self.in_memory = True
        self.reason = reason
        self.warning = f"Read marks can't be saved: {reason}; they last until you quit"
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        if source is not None:
            try:
                source.backup(conn)
            except sqlite3.Error:
                pass  # start empty: the file stays untouched on disk
            finally:
                source.close()
        with contextlib.suppress(_TooNew):  # a newer file's copy: migrations only add tables
            _migrate(conn)
        return conn


def _connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """Open, check and migrate the file; raise _Damaged/_TooNew, OSError or sqlite3.Error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        enable_wal(conn, busy_timeout)
        conn.execute("PRAGMA synchronous = FULL")
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise _Damaged(check)
        _migrate(conn)
        # SQLite silently opens a file it may not write read-only: try a write, then roll it back.
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR REPLACE INTO prefs VALUES ('.probe', '', '')")
        conn.execute("ROLLBACK")
    except _TooNew as exc:
        raise _TooNew(exc.args[0], conn) from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        if (exc.sqlite_errorname or "").startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
            raise _Damaged(str(exc)) from exc
        raise
    except BaseException:
        conn.close()
        raise
    return conn


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema to SCHEMA_VERSION in one transaction (another process may race us)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise _TooNew(f"schema {version}, this version knows {SCHEMA_VERSION}")
    if version == SCHEMA_VERSION:
        return

    def migrate(conn: sqlite3.Connection) -> None:
        start = conn.execute("PRAGMA user_version").fetchone()[0]  # again, under the write lock
        for statements in _MIGRATIONS[start:]:
            for statement in statements:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    _transaction(conn, migrate, write=True)


def _transaction(
    conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], T], write: bool
) -> T:
    """One write transaction, lock taken up front so a busy peer is waited for; reads run as is."""
    if not write:
        return work(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = work(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return result


def _read_only_copy(path: Path, busy_timeout: float = 0.0) -> sqlite3.Connection | None:
    """The existing file opened without writing, to read its marks; None if impossible.

    Read-only first (it sees the WAL); if that fails (a WAL file in a read-only folder needs a
    -shm file it cannot create), immutable=1, which reads the main file alone: everything up to
    the last checkpoint, i.e. all of a session that quit normally.
    """
    if not path.is_file():
        return None
    for query in ("mode=ro", "immutable=1"):
        try:
            uri = f"{path.absolute().as_uri()}?{query}"
            conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout, check_same_thread=False)
        except (OSError, ValueError, sqlite3.Error):
            continue
        try:
            conn.execute("SELECT count(*) FROM read_marks").fetchone()
            return conn
        except sqlite3.Error:
            conn.close()
    return None


def can_write(path: Path) -> bool:
    """Whether the state file (or, before it exists, its nearest existing folder) is writable.

    access() also says no on a read-only mount (EROFS), even to root.
    """
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    folder = next((p for p in path.parents if p.exists()), path.parent)
    return os.access(folder, os.W_OK)


@dataclass
class Saved:
    """What the state file holds, read without writing: marks, stars, prefs, and any problem."""

    read: set[str] = field(default_factory=set)
    stars: set[str] = field(default_factory=set)
    prefs: dict[str, str] = field(default_factory=dict)
    triage: Triage = field(default_factory=Triage)
    problem: str | None = None  # the file exists but could not be read
    writable: bool = True  # False: the data folder or the file can't be written


def read_saved(path: Path | None = None, busy_timeout: float = 0.2) -> Saved:
    """Read the state file without creating, changing or waiting long on it.

    Readers never wait for a writer in WAL mode, so another process holding the write lock does
    not delay this; busy_timeout bounds the rare wait (a file in rollback mode, a recovery).
    """
    path = path if path is not None else paths.data_dir() / STATE_NAME
    writable = can_write(path)
    if not path.exists():
        return Saved(writable=writable)
    conn = _read_only_copy(path, busy_timeout)
    if conn is None:
        return Saved(problem=f"{path} could not be read", writable=writable)
    try:
        with contextlib.closing(conn):
            read = {row[0] for row in conn.execute("SELECT arxiv_id FROM read_marks")}
            stars = {row[0] for row in conn.execute("SELECT arxiv_id FROM stars")}
            prefs = dict(conn.execute("SELECT key, value FROM prefs WHERE key != '.probe'"))
            triage = tables.read(conn)
    except sqlite3.Error as exc:
        return Saved(problem=f"{path} could not be read ({exc})", writable=writable)
    return Saved(read, stars, prefs, triage, writable=writable)


def _move_aside(path: Path) -> Path:
    """Rename a damaged file (and its WAL) to <name>.broken-<timestamp>; never overwrite one."""
    stamp = f"{path.name}.broken-{dt.datetime.now():%Y%m%d-%H%M%S}"
    target = path.with_name(stamp)
    n = 1
    while target.exists():
        target, n = path.with_name(f"{stamp}-{n}"), n + 1
    for suffix in ("", "-wal", "-shm", "-journal"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            os.replace(source, f"{target}{suffix}")
    return target


def _reason(exc: BaseException, path: Path) -> str:
    """A short cause naming the file or folder concerned."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror.lower()} ({exc.filename or path})"
    return f"{exc} ({path})"
