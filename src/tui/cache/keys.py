"""File paths as the cache's keys, for every name a file system allows.

Linux file names are bytes. One that is not UTF-8 (b"2024-02-\\xff.md") reaches Python as text
with a lone surrogate, which SQLite's text type cannot hold: binding it raised
UnicodeEncodeError and stopped the whole load. Decision: a path that is valid UTF-8 is stored as
TEXT, as before; any other is stored as a BLOB of its raw bytes (os.fsencode). The `path`
column's UNIQUE constraint and look-ups work the same for both, the mapping is exact both ways,
so the real path survives for opening the file; what is shown of it is tui.text.display_path.
"""

from __future__ import annotations

import os


def path_key(path: str) -> str | bytes:
    """The value stored in (and looked up by) the `path` column."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path)
    return path


def path_of(value: object) -> str:
    """The path back from a `path` column value (raises TypeError for anything else)."""
    if isinstance(value, bytes):
        return os.fsdecode(value)
    if isinstance(value, str):
        return value
    raise TypeError(f"a cached path is a {type(value).__name__}")
