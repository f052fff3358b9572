"""Every paper of a finished library, for the "All days" view and for turning search hits into
rows: built in a worker thread from the days' outlines (keys only, nothing decoded) as rows by
reference (tui.reader.library_rows), so it costs a few MB at 300,000 entries. Pure: no Textual.
"""

from __future__ import annotations

import bisect
import datetime as dt
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tui.entries import KeyRow
from tui.library import Library, LibraryEntry, name_date
from tui.model import TITLE_KEY, paper_identity
from tui.reader.library_rows import Rows, ref


@dataclass(frozen=True, slots=True)
class LibraryIndex:
    """`entries`: every paper once, newest listing first (the "All days" view; entries without
    an arXiv id are all kept). `listings`: every listing, newest day first (day files merged)."""

    entries: Rows
    listings: Rows
    day_numbers: dict[dt.date, int]  # a day's place in the library's days
    # Every listing as hash(key) << shift | its position in `listings`, sorted: the listings of
    # a key are found by bisection (2.4 MB at 300,000 entries, where a set of ids per day was 32).
    by_hash: array[int]
    shift: int

    def _positions(self, key: str) -> Iterator[int]:
        """Positions in `listings` of the key's listings, newest first."""
        shift, by_hash = self.shift, self.by_hash
        high = _hash_bits(key, shift)
        mask = (1 << shift) - 1
        at = bisect.bisect_left(by_hash, high << shift)
        while at < len(by_hash) and by_hash[at] >> shift == high:
            position = by_hash[at] & mask
            if self.listings.key(position) == key:
                yield position
            at += 1

    def appearances(self, key: str) -> list[tuple[dt.date, str]]:
        """Every (day, category) listing the paper, newest first ("also on 2024-02-14, 多模态")."""
        listings = self.listings
        return [(listings.date(i), listings.category(i)) for i in self._positions(key)]

    def repeated(self) -> Iterator[str]:
        """Keys (arXiv ids) listed on more than one day."""
        by_hash, shift, listings = self.by_hash, self.shift, self.listings
        mask = (1 << shift) - 1
        start = 0
        while start < len(by_hash):
            high = by_hash[start] >> shift
            end = start + 1
            while end < len(by_hash) and by_hash[end] >> shift == high:
                end += 1
            if end - start > 1:
                days: dict[str, set[dt.date]] = {}
                for at in range(start, end):
                    position = by_hash[at] & mask
                    days.setdefault(listings.key(position), set()).add(listings.date(position))
                yield from (k for k, on in days.items() if len(on) > 1 and not _untitled(k))
            start = end

    def listing_ref(self, day: dt.date, category: str, key: str) -> int | None:
        """The row a (day, category, paper key) shows, else the day's first listing of the key."""
        number = self.day_numbers.get(day)
        if number is None:
            return None
        places = _day_places(self.listings.days[number].outline, number)
        found = places.get((category, key))
        return found if found is not None else places.get(("", key))

    def listing(self, day: dt.date, category: str, key: str) -> LibraryEntry | None:
        found = self.listing_ref(day, category, key)
        return None if found is None else self.listings.entry(found)


def _day_places(
    outline: tuple[tuple[str, tuple[str, ...]], ...], number: int
) -> dict[tuple[str, str], int]:
    """(category, key) -> ref for one day, and ("", key) -> its first listing that day."""
    places: dict[tuple[str, str], int] = {}
    for c, (name, keys) in enumerate(outline):
        for p, key in enumerate(keys):
            packed = ref(number, c, p)
            places.setdefault((name, key), packed)
            places.setdefault(("", key), packed)
    return places


def _hash_bits(key: str, shift: int) -> int:
    """The high bits a key is sorted by in LibraryIndex.by_hash (63 - shift of its hash)."""
    return (hash(key) & 0x7FFF_FFFF_FFFF_FFFF) >> shift


def _untitled(key: str) -> bool:
    return key.startswith(TITLE_KEY)


def _by_hash(listings: Rows) -> tuple[array[int], int]:
    shift = max(20, len(listings).bit_length())
    keys = listings.key_list()
    packed = array("q", sorted(_hash_bits(k, shift) << shift | i for i, k in enumerate(keys)))
    return packed, shift


def build_index(library: Library) -> LibraryIndex:
    """Every listing of `library` by reference (call in a worker thread)."""
    days = library.days
    listings: array[int] = array("q")
    entries: array[int] = array("q")
    seen: set[str] = set()
    for d, day in enumerate(days):
        for c, (_, keys) in enumerate(day.outline):
            for p, key in enumerate(keys):
                packed = ref(d, c, p)
                listings.append(packed)
                if key.startswith(TITLE_KEY):
                    entries.append(packed)
                elif key not in seen:
                    seen.add(key)
                    entries.append(packed)
    del seen
    numbers = {day.date: d for d, day in enumerate(days)}
    rows = Rows(days, listings)
    return LibraryIndex(Rows(days, entries), rows, numbers, *_by_hash(rows))


def file_dates(library: Library) -> dict[int, dt.date]:
    """file id in the cache -> the day its papers are listed under (as the loader files them)."""
    dates: dict[int, dt.date] = {}
    for record in library.files:
        date = record.date or name_date(record.path)
        if record.file_id is not None and date is not None:
            dates[record.file_id] = date
    return dates


def entry_lookup(
    rows: Iterable[KeyRow], dates: dict[int, dt.date], index: LibraryIndex, size: int
) -> array[int]:
    """Cache entry id -> the row (a reference) the reader shows for it, -1 for entries of files
    outside this library (the cache is shared by every library opened). `size`: the largest
    entry id + 1 (entry ids are the table's dense row ids: an array, 8 bytes an entry)."""
    lookup: array[int] = array("q", [-1]) * size
    places: dict[tuple[str, str], int] = {}
    current: dt.date | None = None
    for entry_id, file_id, category, arxiv_id, title in rows:
        day = dates.get(file_id)
        if day is None:
            continue
        if day != current:  # rows come file by file: one day's places at a time
            current = day
            number = index.day_numbers.get(day)
            places = (
                {} if number is None else _day_places(index.listings.days[number].outline, number)
            )
        key = paper_identity(arxiv_id, title)
        found = places.get((category, key))
        if found is None:
            found = places.get(("", key))
        if found is not None and entry_id < size:
            lookup[entry_id] = found
    return lookup
