"""One cached digest's encoded text, read when its day is shown rather than kept in memory.

A warm open of 300,000 entries held 110 MB of these for the whole session; now a record knows
where its blob is (the cache file and the row) and each day's papers are decoded from it on
demand (tui.days keeps the recently used ones). Each thread reads through its own read-only
connection. A row that changed or went away since (another instance re-stored the file) gives
None: the caller then parses the file itself (tui.library.collection).
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

_local = threading.local()


@dataclass(frozen=True, slots=True)
class BlobAt:
    """Where one file's encoded digest is: callable, it reads it (or None)."""

    cache: str
    file_id: int
    sha1: str  # the file's hash when it was read: a row re-stored for new content is refused

    def __call__(self) -> bytes | None:
        try:
            row = (
                _connection(self.cache)
                .execute(
                    "SELECT digest FROM files WHERE id = ? AND sha1 = ?", (self.file_id, self.sha1)
                )
                .fetchone()
            )
        except sqlite3.Error:
            return None
        blob = row[0] if row else None
        return blob if isinstance(blob, bytes) else None


def _connection(cache: str) -> sqlite3.Connection:
    connections: dict[str, sqlite3.Connection] = getattr(_local, "connections", {})
    _local.connections = connections
    conn = connections.get(cache)
    if conn is None:
        uri = f"{Path(cache).absolute().as_uri()}?mode=ro"
        conn = connections[cache] = sqlite3.connect(uri, uri=True, timeout=2.0)
    return conn
