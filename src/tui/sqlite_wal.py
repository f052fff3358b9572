"""Switching an SQLite file to WAL when another process may be creating it at the same moment."""

from __future__ import annotations

import sqlite3
import time


def enable_wal(conn: sqlite3.Connection, timeout_s: float) -> None:
    """Switch to WAL, waiting for a busy peer as the busy timeout would.

    The switch needs the database to itself and SQLite does not call the busy handler for it:
    two instances creating the same file at once got "database is locked" at once.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if error.sqlite_errorname != "SQLITE_BUSY" or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
