"""Full-text search over the parsed cache's `entries` table (SQLite FTS5), for the app and the CLI.

The package: `index` (the index's tables, triggers, repair and bulk indexing: how and why it
works is told there), `engine` (queries and result rows), `memory` (the same search over papers
that are not in a cache). Nothing here imports Textual.
"""

from __future__ import annotations

from tui.search.engine import SearchResult, fts_phrase, fts_tiers, index_complete, run, warm
from tui.search.index import (
    FTS_COLUMNS,
    FTS_TABLE,
    SYNC_CHUNK,
    TEXT_FUNCTION,
    SearchUnavailable,
    ensure_schema,
    register_functions,
    sync,
    unindexed,
)
from tui.search.memory import MemoryIndex, filter_items

__all__ = [
    "FTS_COLUMNS",
    "FTS_TABLE",
    "SYNC_CHUNK",
    "TEXT_FUNCTION",
    "MemoryIndex",
    "SearchResult",
    "SearchUnavailable",
    "ensure_schema",
    "filter_items",
    "fts_phrase",
    "fts_tiers",
    "index_complete",
    "register_functions",
    "run",
    "sync",
    "unindexed",
    "warm",
]
