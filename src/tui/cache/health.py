"""What state a cache file is in: surely damaged, busy (another instance writes), corrupt.

Cheap checks the store (tui.cache.store) makes before and after opening the file; and emptying
a cache of another version in place. Nothing here knows the cache's tables.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

_SQLITE_MAGIC = b"SQLite format 3\x00"


def looks_damaged(path: Path) -> str | None:
    """A cheap look at the file header: a reason when it is surely not a healthy SQLite file."""
    try:
        size = path.stat().st_size
        if size == 0:
            return None  # an empty file is a valid empty database
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return None  # absent, or unreadable: opening it will say which (and fall back to memory)
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        return "not a SQLite database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    change_counter, valid_for = header[24:28], header[92:96]
    wal_exists = Path(f"{path}-wal").exists()  # with a live WAL the main file may lag behind
    if not wal_exists and change_counter == valid_for and pages * page_size > size:
        return "truncated"
    return None


def drop_everything(conn: sqlite3.Connection) -> None:
    """Empty a cache of another version in place (another instance may have it open: no unlink)."""
    rows = conn.execute(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        " AND type IN ('table', 'view', 'trigger')"
    ).fetchall()
    virtual = {
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE 'CREATE VIRTUAL%'"
        )
    }
    for kind, name in rows:
        if kind == "trigger":
            conn.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    for kind, name in rows:
        if kind == "view":
            conn.execute(f'DROP VIEW IF EXISTS "{name}"')
    for name in virtual:  # dropping a virtual table drops its shadow tables
        conn.execute(f'DROP TABLE IF EXISTS "{name}"')
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall():
        conn.execute(f'DROP TABLE IF EXISTS "{name}"')
    conn.execute("PRAGMA user_version = 0")


def is_busy(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def is_corruption(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return any(
        marker in text
        for marker in ("malformed", "not a database", "file is encrypted", "disk image", "corrupt")
    )
