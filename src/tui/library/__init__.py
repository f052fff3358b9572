"""A library: every digest under the given files and folders, as days (newest first), via the cache.

The package: `discovery` (finding the files), `events` (what the loader reports), `loader` (the
load itself, with its pool of parser processes: how it works is told there) and `collection`
(the Library it builds). Nothing here imports Textual.
"""

from __future__ import annotations

from tui.dates import name_date  # the screens' old import path
from tui.days import Day
from tui.library.collection import Library, LibraryEntry, LoadStats
from tui.library.discovery import (
    DIGEST_SUFFIXES,
    SAMPLE_NAME,
    bundled_sample,
    discover,
)
from tui.library.events import (
    DayLoaded,
    Discovered,
    Finished,
    LoadEvent,
    Notice,
    Problem,
    SearchIndexed,
    SearchIndexing,
)
from tui.library.loader import default_workers, examine, iter_library, open_library

__all__ = [
    "DIGEST_SUFFIXES",
    "SAMPLE_NAME",
    "Day",
    "DayLoaded",
    "Discovered",
    "Finished",
    "Library",
    "LibraryEntry",
    "LoadEvent",
    "LoadStats",
    "Notice",
    "Problem",
    "SearchIndexed",
    "SearchIndexing",
    "bundled_sample",
    "default_workers",
    "discover",
    "examine",
    "iter_library",
    "name_date",
    "open_library",
]
