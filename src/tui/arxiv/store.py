"""What the arXiv API said, kept in the cache folder (`arxiv.sqlite3`): nothing is asked twice.

Only a cache: every row can be fetched again, so the file may be deleted at any time, and any doubt
about it (garbage, truncation, another schema) ends in a rebuild with one notice, or in a store in
memory when the folder cannot be written. Records are kept by arXiv id and version; `get` gives the
newest version known. Ids arXiv did not know are remembered for UNKNOWN_TTL (a paper announced
today may be known tomorrow), ids it called malformed for MALFORMED_TTL. Several instances may
share the file: WAL, a busy timeout, one short transaction per batch.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from tui.arxiv.record import Record
from tui.sqlite_wal import enable_wal

STORE_NAME = "arxiv.sqlite3"
SCHEMA_VERSION = 1
BUSY_TIMEOUT = 5.0
UNKNOWN_TTL = 24 * 3600.0
MALFORMED_TTL = 30 * 24 * 3600.0
_MAGIC = b"SQLite format 3\x00"
_CORRUPT = ("malformed", "not a database", "file is encrypted", "disk image", "corrupt")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    arxiv_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    authors TEXT NOT NULL,
    abstract TEXT NOT NULL,
    comment TEXT NOT NULL,
    journal_ref TEXT NOT NULL,
    doi TEXT NOT NULL,
    primary_category TEXT NOT NULL,
    categories TEXT NOT NULL,
    published TEXT NOT NULL,
    updated TEXT NOT NULL,
    fetched_at REAL NOT NULL,
    PRIMARY KEY (arxiv_id, version)
);
CREATE TABLE IF NOT EXISTS absent (
    arxiv_id TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    until REAL NOT NULL
)
"""
_COLUMNS = (
    "arxiv_id, version, title, authors, abstract, comment, journal_ref, doi,"
    " primary_category, categories, published, updated"
)


def default_path() -> Path:
    from tui import paths  # at call time: tests move XDG_CACHE_HOME

    return paths.cache_dir() / STORE_NAME


class Store:
    """The metadata store. Thread-safe (one connection behind a lock); never raises on I/O."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else default_path()
        self.notices: list[str] = []
        self.persistent = True
        self._lock = threading.Lock()
        self._conn = self._open()

    # -- reading -----------------------------------------------------------------------------

    def get(self, ids: Iterable[str]) -> dict[str, Record]:
        """The newest stored version of each id that has one."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, Record] = {}
        for chunk in _chunks(wanted, 500):
            marks = ",".join("?" * len(chunk))
            rows = self._run(
                f"SELECT {_COLUMNS} FROM records WHERE arxiv_id IN ({marks})"
                " ORDER BY arxiv_id, version",
                chunk,
            )
            for row in rows:
                record = _record(row)
                if record is not None:
                    found[record.arxiv_id] = record  # ordered by version: the newest wins
        return found

    def missing(self, ids: Iterable[str], now: float | None = None) -> list[str]:
        """The ids (in the given order, once each) neither stored nor recently found absent."""
        wanted = list(dict.fromkeys(ids))
        now = time.time() if now is None else now
        known: set[str] = set()
        for chunk in _chunks(wanted, 500):
            marks = ",".join("?" * len(chunk))
            sql = (
                f"SELECT arxiv_id FROM records WHERE arxiv_id IN ({marks}) UNION "
                f"SELECT arxiv_id FROM absent WHERE until > ? AND arxiv_id IN ({marks})"
            )
            known.update(row[0] for row in self._run(sql, [*chunk, now, *chunk]))
        return [i for i in wanted if i not in known]

    def absent(self, ids: Iterable[str], now: float | None = None) -> dict[str, str]:
        """Ids recently found unknown or malformed → "unknown" | "malformed"."""
        wanted = list(dict.fromkeys(ids))
        now = time.time() if now is None else now
        out: dict[str, str] = {}
        for chunk in _chunks(wanted, 500):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT arxiv_id, reason FROM absent WHERE until > ? AND arxiv_id IN ({marks})"
            out.update((str(a), str(r)) for a, r in self._run(sql, [now, *chunk]))
        return out

    def count(self) -> int:
        rows = self._run("SELECT count(DISTINCT arxiv_id) FROM records", [])
        return int(rows[0][0]) if rows else 0

    # -- writing -----------------------------------------------------------------------------

    def put(
        self,
        records: Iterable[Record],
        unknown: Iterable[str] = (),
        malformed: Iterable[str] = (),
        now: float | None = None,
    ) -> None:
        """Store one batch's answer in one transaction."""
        now = time.time() if now is None else now
        rows = [_row(record, now) for record in records]
        gone = [(i, "unknown", now + UNKNOWN_TTL) for i in unknown]
        gone += [(i, "malformed", now + MALFORMED_TTL) for i in malformed]

        def write(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    f"INSERT OR REPLACE INTO records ({_COLUMNS}, fetched_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    rows,
                )
                conn.executemany(
                    "DELETE FROM absent WHERE arxiv_id = ?", [(row[0],) for row in rows]
                )
                conn.executemany("INSERT OR REPLACE INTO absent VALUES (?,?,?)", gone)
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise

        self._write(write)

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the file ----------------------------------------------------------------------------

    def _run(self, sql: str, params: Sequence[object]) -> list[tuple[Any, ...]]:
        with self._lock:
            for _attempt in range(2):
                try:
                    return list(self._conn.execute(sql, params).fetchall())
                except sqlite3.DatabaseError as error:
                    if not self._recover(error):
                        return []
            return []

    def _write(self, write: Callable[[sqlite3.Connection], None]) -> None:
        with self._lock:
            for _attempt in range(2):
                try:
                    write(self._conn)
                    return
                except sqlite3.DatabaseError as error:
                    if not self._recover(error):
                        return

    def _recover(self, error: sqlite3.DatabaseError) -> bool:
        """After an error: rebuild a damaged file (True: try again); a busy one is left alone."""
        text = str(error).lower()
        if "locked" in text or "busy" in text:
            return False
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        if any(marker in text for marker in _CORRUPT):
            self._start_afresh(str(error))
            self._conn = self._connect_or_memory()
        else:
            self._conn = self._in_memory(error)
        return True

    def _open(self) -> sqlite3.Connection:
        reason = _looks_damaged(self.path)
        if reason is not None:
            self._start_afresh(reason)
        return self._connect_or_memory()

    def _connect_or_memory(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect(str(self.path))
        except sqlite3.DatabaseError as error:
            if not any(marker in str(error).lower() for marker in _CORRUPT):
                return self._in_memory(error)
            self._start_afresh(str(error))
            try:
                return self._connect(str(self.path))
            except (sqlite3.Error, OSError) as again:
                return self._in_memory(again)
        except OSError as error:
            return self._in_memory(error)

    def _connect(self, target: str) -> sqlite3.Connection:
        conn = sqlite3.connect(
            target, timeout=BUSY_TIMEOUT, check_same_thread=False, isolation_level=None
        )
        try:
            if target != ":memory:":
                enable_wal(conn, BUSY_TIMEOUT)
            conn.execute("PRAGMA synchronous = NORMAL")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                conn.execute("BEGIN IMMEDIATE")
                if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                    for (name,) in conn.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table'"
                    ).fetchall():
                        conn.execute(f'DROP TABLE IF EXISTS "{name}"')
                    for statement in _SCHEMA.split(";"):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
        except BaseException:
            conn.close()
            raise
        return conn

    def _start_afresh(self, reason: str) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                os.remove(f"{self.path}{suffix}")
        self.notices.append(
            f"The arXiv metadata store {self.path} was damaged ({reason}); started afresh "
            "(its contents are fetched again when needed)."
        )

    def _in_memory(self, error: BaseException) -> sqlite3.Connection:
        self.persistent = False
        reason = getattr(error, "strerror", None) or str(error)
        self.notices.append(
            f"The arXiv metadata store {self.path} cannot be used ({reason}); "
            "fetched abstracts are kept for this session only."
        )
        return self._connect(":memory:")


def _looks_damaged(path: Path) -> str | None:
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return None
    if not header:
        return None  # an empty file is a valid empty database
    if len(header) < 100 or not header.startswith(_MAGIC):
        return "not a SQLite database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    in_header_valid = header[24:28] == header[92:96]  # else the page count is not to be trusted
    if in_header_valid and not Path(f"{path}-wal").exists() and pages * page_size > size:
        return "truncated"
    return None


def _row(record: Record, now: float) -> tuple[object, ...]:
    return (
        record.arxiv_id,
        record.version or 0,
        record.title,
        json.dumps(list(record.authors), ensure_ascii=False),
        record.abstract,
        record.comment,
        record.journal_ref,
        record.doi,
        record.primary_category,
        json.dumps(list(record.categories), ensure_ascii=False),
        record.published,
        record.updated,
        now,
    )


def _record(row: Sequence[object]) -> Record | None:
    """A stored row back as a Record; None for a row that does not decode (a damaged file)."""
    aid, version, title, authors, abstract, comment, journal, doi, primary, cats, pub, upd = row
    try:
        author_list = json.loads(str(authors))
        category_list = json.loads(str(cats))
        texts = (aid, title, abstract, comment, journal, doi, primary, pub, upd)
        if not all(isinstance(v, str) for v in texts) or not isinstance(version, int):
            return None
        if not all(isinstance(v, str) for v in [*author_list, *category_list]):
            return None
    except (ValueError, TypeError):
        return None
    return Record(
        arxiv_id=str(aid),
        version=version or None,
        title=str(title),
        authors=tuple(author_list),
        abstract=str(abstract),
        comment=str(comment),
        journal_ref=str(journal),
        doi=str(doi),
        primary_category=str(primary),
        categories=tuple(category_list),
        published=str(pub),
        updated=str(upd),
    )


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
