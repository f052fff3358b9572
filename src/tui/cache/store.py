"""The parsed cache's SQLite file: opening, repairing, reading and writing it (see tui.cache)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from tui.cache.blobs import OutlineAt
from tui.cache.health import drop_everything, is_busy, is_corruption, looks_damaged
from tui.cache.keys import path_key, path_of
from tui.cache.records import KIND_DIGEST, FileRecord, FileStat
from tui.cache.version import SCHEMA_VERSION, fingerprint
from tui.entries import CREATE_SQL as ENTRIES_SQL
from tui.entries import INSERT_SQL as ENTRY_INSERT_SQL
from tui.sqlite_wal import enable_wal
from tui.text import display_path

CACHE_FILE = "cache.sqlite3"
WAL_SIZE_LIMIT = 64 * 1024 * 1024  # bytes a WAL file is cut back to after a checkpoint
BUSY_TIMEOUT_MS = 5000
# How long opening the cache, and completing its search index, wait for other instances
# before giving up (then: a cache in memory; searches that say they are partial).
BUSY_PATIENCE_S = 60.0


_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha1 TEXT NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    day TEXT,
    format TEXT NOT NULL DEFAULT '',
    paper_count INTEGER NOT NULL DEFAULT 0,
    richness INTEGER NOT NULL DEFAULT 0,
    outline TEXT NOT NULL DEFAULT '[]',
    warnings TEXT NOT NULL DEFAULT '[]',
    digest BLOB
);
{ENTRIES_SQL};
CREATE INDEX IF NOT EXISTS entries_file ON entries (file_id);
"""


# ---------------------------------------------------------------------------------------------
# The database


def default_path() -> Path:
    from tui import paths  # at call time: tests move XDG_CACHE_HOME

    return paths.cache_dir() / CACHE_FILE


class Cache:
    """The parsed-digest cache. Thread-safe (one connection behind a lock); never raises on I/O.

    `notices` collects the one-line messages for the user (rebuilt, damaged, working in memory).
    `persistent` is False when the cache could not be opened on disk and lives in memory.
    """

    def __init__(
        self, path: str | os.PathLike[str] | None = None, *, version: str | None = None
    ) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.version = version if version is not None else fingerprint()
        self.notices: list[str] = []
        self.persistent = True
        self._lock = threading.RLock()
        self._conn = self._open()

    # -- opening ----------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        reason = looks_damaged(self.path)
        if reason is not None and self._confirm_damage():
            self._start_afresh(reason)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect_patiently()
        except sqlite3.DatabaseError as error:
            if not is_corruption(error):
                return self._in_memory(error)
            # Garbage the header check did not catch: it is only a cache, start afresh.
            self._start_afresh(str(error))
            try:
                return self._connect_prepared()
            except (sqlite3.Error, OSError) as again:
                return self._in_memory(again)
        except OSError as error:
            return self._in_memory(error)

    def _connect_patiently(self) -> sqlite3.Connection:
        """_connect_prepared, tried again while other instances hold the file (five opening one
        cold cache at once all want to create it): a cache in memory would index only what this
        instance parses, a second and partial index."""
        deadline = time.monotonic() + BUSY_PATIENCE_S
        while True:
            try:
                return self._connect_prepared()
            except sqlite3.OperationalError as error:
                if not is_busy(error) or time.monotonic() > deadline:
                    raise
                time.sleep(random.uniform(0.05, 0.2))

    def _connect_prepared(self) -> sqlite3.Connection:
        conn = self._connect(str(self.path))
        try:
            self._prepare(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _start_afresh(self, reason: str) -> None:
        self._delete_files()
        name = display_path(self.path)
        self.notices.append(f"The parse cache {name} was damaged ({reason}); rebuilt it.")

    def _in_memory(self, error: BaseException) -> sqlite3.Connection:
        self.persistent = False
        reason = getattr(error, "strerror", None) or str(error)
        self.notices.append(
            f"The parse cache {display_path(self.path)} cannot be used ({reason}); working"
            " without it: files are parsed on every start."
        )
        conn = self._connect(":memory:")
        self._prepare(conn)
        return conn

    def _confirm_damage(self) -> bool:
        """The header looked wrong: ask SQLite itself before deleting anything."""
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=1)
            try:
                row = conn.execute("PRAGMA quick_check(1)").fetchone()
                return not row or row[0] != "ok"
            finally:
                conn.close()
        except sqlite3.Error:
            return True

    def _delete_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):  # what cannot go, fails to open next: memory
                os.remove(f"{self.path}{suffix}")

    @staticmethod
    def _connect(target: str) -> sqlite3.Connection:
        conn = sqlite3.connect(
            target, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, isolation_level=None
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return conn

    def _prepare(self, conn: sqlite3.Connection) -> None:
        """WAL, then the version check; a cache written by another version is emptied and reused.

        The check only reads; the write lock is taken when there is something to create, so that
        opening a current cache never waits for another instance's write.
        """
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            enable_wal(conn, BUSY_TIMEOUT_MS / 1000)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")  # a reset WAL is cut
        self._register_search(conn)
        if self._current(conn):
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            if not self._current(conn):  # still not: another instance did not just build it
                if conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
                    drop_everything(conn)
                    self.notices.append(
                        "The parse cache was written by another version of the program;"
                        " rebuilding it."
                    )
                for statement in _statements(_SCHEMA):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('version', ?)",
                    (self.version,),
                )
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise

    def _current(self, conn: sqlite3.Connection) -> bool:
        """Written by this schema and this parser?"""
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            return False
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        except sqlite3.OperationalError:  # no meta table
            return False
        return row is not None and row[0] == self.version

    @staticmethod
    def _register_search(conn: sqlite3.Connection) -> None:
        """The SQL function tui.search's triggers call: needed before any write to `entries`."""
        from tui import search  # the engine loads in the loader's thread, not at start-up

        search.register_functions(conn)

    def begin_bulk(self) -> None:
        """Before storing many files (a cold open): no checkpoints until end_bulk().

        Checkpoints (each with an fsync) every 4 MB of WAL cost 40 % of the stores of a cold
        open; end_bulk() does one at the end, after the library is on screen. The search index
        is not fed row by row: sync_search() indexes the new rows in chunks afterwards.
        """
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.execute("PRAGMA wal_autocheckpoint = 0")

    def end_bulk(self) -> None:
        """After a bulk load (and its search rebuild): checkpoint once, back to the default.

        TRUNCATE, not PASSIVE: a cold open of 300,000 entries left a 1.1 GB WAL file, which
        the next start read through to open the cache (0.7 s before the first frame)."""
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.execute("PRAGMA wal_autocheckpoint = 1000")
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def sync_search(self, progress: Callable[[int], None] | None = None) -> int | None:
        """Bring tui.search's full-text index up to date with `entries`, in committed chunks.

        Called once a load has stored its files (not per row: FTS5 is several times faster fed
        in bulk). Returns the number of rows indexed, or None when search could not run.
        `progress` is told the rows indexed so far after each chunk.
        """
        from tui import search  # loaded in the loader's thread, not at start-up

        deadline = time.monotonic() + BUSY_PATIENCE_S
        with self._lock:
            try:
                while True:  # until complete: an instance must end with the whole index
                    try:
                        return search.ensure_schema(self._conn, progress) + search.sync(self._conn)
                    except sqlite3.OperationalError as error:
                        if not is_busy(error) or time.monotonic() > deadline:
                            raise
                        time.sleep(random.uniform(0.05, 0.2))  # another instance indexes
            except sqlite3.OperationalError as error:
                if not is_busy(error):
                    self._fail(error)
                # else: still busy after BUSY_PATIENCE_S: searches say they are partial
            except sqlite3.DatabaseError as error:
                self._fail(error)
            except search.SearchUnavailable as error:
                if not any("search" in notice for notice in self.notices):
                    self.notices.append(f"Full-text search is unavailable: {error}")
        return None

    # -- reading ----------------------------------------------------------------------------

    def records(self) -> dict[str, FileRecord]:
        """Every cached file, keyed by path, {} if the cache fails; without its digest, and in a
        cache file without its outline too (each is read when its day is made: OutlineAt)."""
        lazy = self.persistent
        outline_column = "''" if lazy else "outline"
        query = (
            "SELECT id, path, size, mtime_ns, sha1, kind, message, day, format, paper_count,"
            f" richness, {outline_column}, warnings FROM files"
        )
        where = str(self.path)
        result: dict[str, FileRecord] = {}
        rows = self._read(_fetch(query))
        for fid, path, size, mtime, sha1, kind, message, day, fmt, count, rich, outline, warns in (
            rows or ()
        ):
            try:
                path = path_of(path)
                record = FileRecord(
                    path=path,
                    size=size,
                    mtime_ns=mtime,
                    sha1=sha1,
                    kind=kind,
                    message=message,
                    date=dt.date.fromisoformat(day) if day else None,
                    format=fmt,
                    paper_count=count,
                    richness=rich,
                    outline_json=outline,  # decoded when its day is made (FileRecord.keys)
                    warnings=tuple(json.loads(warns)) if warns != "[]" else (),
                    file_id=fid,
                )
                if lazy and kind == KIND_DIGEST:
                    record.outline_at = OutlineAt(where, fid, sha1)
            except (ValueError, TypeError):
                continue  # a damaged row is a miss: the file is parsed again
            result[path] = record
        return result

    def blobs(self, file_ids: Iterable[int]) -> dict[int, bytes]:
        """The encoded digests of the given files (missing ids are simply absent)."""
        ids = list(file_ids)
        out: dict[int, bytes] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            query = f"SELECT id, digest FROM files WHERE id IN ({','.join('?' * len(chunk))})"
            rows = self._read(_fetch(query, chunk))
            for fid, blob in rows or ():
                if isinstance(blob, bytes):
                    out[fid] = blob
        return out

    def _read(self, action: Callable[[sqlite3.Connection], list[Any]]) -> list[Any] | None:
        with self._lock:
            try:
                return action(self._conn)
            except sqlite3.DatabaseError as error:
                self._fail(error)
                return None

    # -- writing ----------------------------------------------------------------------------

    def store(self, records: Sequence[FileRecord]) -> None:
        """Write fresh records (and their entries) in one short transaction; sets file_id."""
        if not records:
            return
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    for record in records:
                        self._store_one(record)
                    self._conn.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        self._conn.execute("ROLLBACK")
                    for record in records:
                        record.file_id = None
                    raise
            except sqlite3.DatabaseError as error:
                self._fail(error)

    def _store_one(self, record: FileRecord) -> None:
        conn = self._conn
        key = path_key(record.path)
        row = conn.execute(
            "SELECT id, size, mtime_ns, sha1, kind FROM files WHERE path = ?", (key,)
        ).fetchone()
        if row is not None and tuple(row[1:]) == (
            record.size,
            record.mtime_ns,
            record.sha1,
            record.kind,
        ):  # another instance stored this very file meanwhile: keep its rows (and their ids)
            record.file_id = int(row[0])
            return
        values = (
            record.size,
            record.mtime_ns,
            record.sha1,
            record.kind,
            record.message,
            record.date.isoformat() if record.date else None,
            record.format,
            record.paper_count,
            record.richness,
            json.dumps(record.keys(), ensure_ascii=False, separators=(",", ":")),
            json.dumps(record.warnings, ensure_ascii=False),
            record.blob,
        )
        if row is None:
            cursor = conn.execute(
                "INSERT INTO files (size, mtime_ns, sha1, kind, message, day, format, paper_count,"
                " richness, outline, warnings, digest, path) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (*values, key),
            )
            file_id = int(cursor.lastrowid or 0)
        else:
            file_id = int(row[0])
            self._delete_entries(file_id)
            conn.execute(
                "UPDATE files SET size=?, mtime_ns=?, sha1=?, kind=?, message=?, day=?, format=?,"
                " paper_count=?, richness=?, outline=?, warnings=?, digest=? WHERE id=?",
                (*values, file_id),
            )
        record.file_id = file_id
        if record.entries:
            # tui.search's triggers index these rows (and unindex deleted ones) in this transaction.
            conn.executemany(ENTRY_INSERT_SQL, [(file_id, *entry) for entry in record.entries])

    def _delete_entries(self, file_id: int) -> None:
        self._conn.execute("DELETE FROM entries WHERE file_id = ?", (file_id,))

    def touch(self, record: FileRecord, stat: FileStat) -> None:
        """Same content under a new size/mtime (a `touch`, a copy): remember the new stat."""
        if record.file_id is None:
            return
        with self._lock:
            try:
                self._conn.execute(
                    "UPDATE files SET size=?, mtime_ns=? WHERE id=?",
                    (stat.size, stat.mtime_ns, record.file_id),
                )
            except sqlite3.DatabaseError as error:
                self._fail(error)
        record.size, record.mtime_ns = stat.size, stat.mtime_ns

    def forget(self, paths: Iterable[str]) -> None:
        """Drop files that are gone (or no longer digests of the opened folders)."""
        paths = list(paths)
        if not paths:
            return
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    for path in paths:
                        row = self._conn.execute(
                            "SELECT id FROM files WHERE path = ?", (path_key(path),)
                        ).fetchone()
                        if row is not None:
                            self._delete_entries(int(row[0]))
                            self._conn.execute("DELETE FROM files WHERE id = ?", (row[0],))
                    self._conn.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        self._conn.execute("ROLLBACK")
                    raise
            except sqlite3.DatabaseError as error:
                self._fail(error)

    # -- failure and lifetime ---------------------------------------------------------------

    def _fail(self, error: sqlite3.DatabaseError) -> None:
        """A read or write failed mid-run: damaged file → start afresh; otherwise → memory."""
        if not self.persistent:
            return
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        if is_corruption(error):
            self._start_afresh(str(error))
            try:
                self._conn = self._connect_prepared()
                return
            except (sqlite3.Error, OSError) as again:
                self._conn = self._in_memory(again)
                return
        self._conn = self._in_memory(error)

    @property
    def connection(self) -> sqlite3.Connection:
        """The raw connection, for tui.search queries (hold no transaction open for long)."""
        return self._conn

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _fetch(query: str, params: Sequence[object] = ()) -> Callable[[sqlite3.Connection], list[Any]]:
    """A read for Cache._read: the rows of one query."""
    return lambda conn: conn.execute(query, params).fetchall()


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]
