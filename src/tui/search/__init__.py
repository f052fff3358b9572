"""Full-text search over the parsed cache's `entries` table (SQLite FTS5), for the app and the CLI.

The package: `index` (the index's tables, triggers, repair and bulk indexing: how and why it
works is told there), `engine` (queries and result rows), `memory` (the same search over papers
that are not in a cache). Nothing here imports Textual.

`engine` and `memory` (with the query language) load when first used: opening the cache
registers the index's SQL function before the newest day is shown, and needs only `index`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from tui.search.engine import SearchResult, fts_phrase, fts_tiers, index_complete, run, warm
    from tui.search.memory import MemoryIndex, filter_items

_ENGINE = ("SearchResult", "fts_phrase", "fts_tiers", "index_complete", "run", "warm")
_LAZY = dict.fromkeys(_ENGINE, "engine") | dict.fromkeys(("MemoryIndex", "filter_items"), "memory")

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


def __getattr__(name: str) -> object:
    """The engine's and the in-memory search's names, imported on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tui.search' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"tui.search.{module}"), name)
    globals()[name] = value
    return value
