"""Every paper of a finished library, for the "All days" view and for turning search hits into rows.

Built once in a worker thread after the loader finishes (it materializes every day: ~0.5 s and
~100 MB for 29,000 entries), then read by the UI thread. Pure: no Textual.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from tui.entries import KeyRow
from tui.library import Library, LibraryEntry, name_date
from tui.model import paper_identity, paper_key
from tui.reader.day_view import distinct


@dataclass(frozen=True, slots=True)
class LibraryIndex:
    """`entries`: every paper once, newest listing first (the "All days" view). `listing`: the
    row a (day, category, paper key) or a (day, paper key) shows, for search hits."""

    entries: tuple[LibraryEntry, ...]
    listings: tuple[LibraryEntry, ...]  # every listing, newest day first (day files merged)
    by_place: dict[tuple[dt.date, str, str], LibraryEntry]
    by_day: dict[tuple[dt.date, str], LibraryEntry]

    def listing(self, day: dt.date, category: str, key: str) -> LibraryEntry | None:
        return self.by_place.get((day, category, key)) or self.by_day.get((day, key))


def build_index(library: Library) -> LibraryIndex:
    """Materialize every day of `library` (call in a worker thread)."""
    listings = tuple(library.entries())
    by_place: dict[tuple[dt.date, str, str], LibraryEntry] = {}
    by_day: dict[tuple[dt.date, str], LibraryEntry] = {}
    for entry in listings:
        key = paper_key(entry.paper)
        by_place.setdefault((entry.date, entry.category, key), entry)
        by_day.setdefault((entry.date, key), entry)
    return LibraryIndex(distinct(listings), listings, by_place, by_day)


def file_dates(library: Library) -> dict[int, dt.date]:
    """file id in the cache -> the day its papers are listed under (as the loader files them)."""
    dates: dict[int, dt.date] = {}
    for record in library.files:
        date = record.date or name_date(record.path)
        if record.file_id is not None and date is not None:
            dates[record.file_id] = date
    return dates


def entry_lookup(
    rows: Iterable[KeyRow], dates: dict[int, dt.date], index: LibraryIndex
) -> dict[int, LibraryEntry]:
    """Cache entry id -> the row the reader shows for it. Entries of files outside this library
    (the cache is shared by every library opened) are left out."""
    lookup: dict[int, LibraryEntry] = {}
    for entry_id, file_id, category, arxiv_id, title in rows:
        day = dates.get(file_id)
        if day is None:
            continue
        key = paper_identity(arxiv_id, title)
        found = index.listing(day, category, key)
        if found is not None:
            lookup[entry_id] = found
    return lookup
