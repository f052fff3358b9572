"""Full-text search over the parsed cache's `entries` table (SQLite FTS5), for the app and the CLI.

The package: `index` (the index's tables, triggers, repair and bulk indexing: how and why it
works is told there), `engine` (running queries), `memory` (the same search over papers
that are not in a cache). Nothing here imports Textual.
"""

from __future__ import annotations

from tui.search.engine import SearchResult, run, warm
from tui.search.index import FTS_TABLE, SearchUnavailable, ensure_schema, register_functions, sync
from tui.search.memory import MemoryIndex, filter_items, matches

__all__ = [
    "FTS_TABLE",
    "MemoryIndex",
    "SearchResult",
    "SearchUnavailable",
    "ensure_schema",
    "filter_items",
    "matches",
    "register_functions",
    "run",
    "sync",
    "warm",
]
