"""One cached digest's encoded text, read when its day is shown rather than kept in memory.

A warm open of 300,000 entries held 110 MB of these for the whole session; now a record knows
where its blob is (the cache file and the row) and each day's papers are decoded from it on
demand (tui.days keeps the recently used ones). Each thread reads through its own read-only
connection. A row that changed or went away since (another instance re-stored the file) gives
None: the caller then parses the file itself (tui.library.collection).

A file's outline (its categories and paper keys, 4.4 MB for 960 files) is read the same way, when
its day is made (OutlineAt): reading every outline with the file list was 15 ms of a warm start's
0.2 s before the newest day could be shown.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.cache.records import FileRecord
    from tui.cache.store import Cache

_local = threading.local()


@dataclass(frozen=True, slots=True)
class BlobAt:
    """Where one file's encoded digest is: callable, it reads it (or None)."""

    cache: str
    file_id: int
    sha1: str  # the file's hash when it was read: a row re-stored for new content is refused

    def __call__(self) -> bytes | None:
        blob = _cell(self.cache, "digest", self.file_id, self.sha1)
        return blob if isinstance(blob, bytes) else None


@dataclass(frozen=True, slots=True)
class OutlineAt:
    """Where one file's outline (JSON) is: callable, it reads it (or None)."""

    cache: str
    file_id: int
    sha1: str

    def __call__(self) -> str | None:
        text = _cell(self.cache, "outline", self.file_id, self.sha1)
        return text if isinstance(text, str) else None


def _cell(cache: str, column: str, file_id: int, sha1: str) -> object:
    """One column of one file's row, if the row still holds that content (else None)."""
    try:
        row = (
            _connection(cache)
            .execute(f"SELECT {column} FROM files WHERE id = ? AND sha1 = ?", (file_id, sha1))
            .fetchone()
        )
    except sqlite3.Error:
        return None
    return row[0] if row else None


def _connection(cache: str) -> sqlite3.Connection:
    connections: dict[str, sqlite3.Connection] = getattr(_local, "connections", {})
    _local.connections = connections
    conn = connections.get(cache)
    if conn is None:
        uri = f"{Path(cache).absolute().as_uri()}?mode=ro"
        conn = connections[cache] = sqlite3.connect(uri, uri=True, timeout=2.0)
    return conn


def attach(records: Sequence[FileRecord], cache: Cache, *, stored: bool = False) -> None:
    """Let each record find its encoded digest: in the cache file, read when its day is shown;
    in memory when the cache is (a cache that can't be a file). `stored`: freshly parsed
    records just stored (their digest or blob is let go)."""
    if cache.persistent:
        where = str(cache.path)
        for record in records:
            if record.file_id is not None and (stored or record.blob is None):
                record.fetch = BlobAt(where, record.file_id, record.sha1)
                record.blob = record.digest = None
        return
    if stored:
        return
    ids = [r.file_id for r in records if r.file_id is not None and r.blob is None]
    blobs = cache.blobs(ids) if ids else {}
    for record in records:
        if record.file_id in blobs:
            record.blob = blobs[record.file_id]
