"""Rows of the whole library as references: "All days", search results and their filters
without holding the papers.

A row is one int packing (day, category, position) into the library's days; its paper is looked
up when the row is drawn or read (tui.days keeps the recently used days decoded, the others cost
nothing), and its key (the paper's identity, tui.model.paper_key) comes from the day's outline
without decoding anything. 300,000 rows take 2.4 MB. Pure: no Textual.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import overload

from tui.days import Day
from tui.library import LibraryEntry
from tui.model import TITLE_KEY, paper_key

_DAY, _CATEGORY = 32, 20  # bit offsets: day index << 32 | category index << 20 | position
_MASK_CATEGORY, _MASK_POSITION = (1 << 12) - 1, (1 << 20) - 1


def ref(day: int, category: int, position: int) -> int:
    return day << _DAY | category << _CATEGORY | position


class Rows(Sequence[LibraryEntry]):
    """Rows over `days` (the library's, newest first) by reference; entries made on demand."""

    __slots__ = ("_ids", "_keys", "days", "refs")

    def __init__(self, days: Sequence[Day], refs: Iterable[int] = ()) -> None:
        self.days = days
        self.refs = refs if isinstance(refs, array) else array("q", refs)
        self._keys: list[str] | None = None  # made on first use: 8 bytes a row (shared str)
        self._ids: int | None = None  # rows with an arXiv id (not a title key), counted once

    def __len__(self) -> int:
        return len(self.refs)

    @overload
    def __getitem__(self, index: int) -> LibraryEntry: ...
    @overload
    def __getitem__(self, index: slice) -> Rows: ...
    def __getitem__(self, index: int | slice) -> LibraryEntry | Rows:
        if isinstance(index, slice):
            return Rows(self.days, self.refs[index])
        return self.entry(self.refs[index])

    def __iter__(self) -> Iterator[LibraryEntry]:
        for packed in self.refs:
            yield self.entry(packed)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Rows):
            return self.days is other.days and self.refs == other.refs
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def entry(self, packed: int) -> LibraryEntry:
        day = self.days[packed >> _DAY]
        number, position = packed >> _CATEGORY & _MASK_CATEGORY, packed & _MASK_POSITION
        category = day.categories[number]
        papers = category.papers
        key = day.outline[number][1][position]
        paper = papers[position] if position < len(papers) else None
        if paper is None or paper_key(paper) != key:  # the outline and the papers disagree
            paper = next((p for p in papers if paper_key(p) == key), papers[0])
        return LibraryEntry(day.date, category.name, paper)

    def key(self, index: int) -> str:
        """Row `index`'s paper key, from the outline: nothing is decoded."""
        return self._key(self.refs[index])

    def date(self, index: int) -> dt.date:
        """Row `index`'s day (nothing decoded)."""
        return self.days[self.refs[index] >> _DAY].date

    def category(self, index: int) -> str:
        """Row `index`'s category name (nothing decoded)."""
        packed = self.refs[index]
        return self.days[packed >> _DAY].outline[packed >> _CATEGORY & _MASK_CATEGORY][0]

    def _key(self, packed: int) -> str:
        day = self.days[packed >> _DAY]
        return day.outline[packed >> _CATEGORY & _MASK_CATEGORY][1][packed & _MASK_POSITION]

    def key_list(self) -> list[str]:
        """Every row's key, in order (made once: counts and look-ups run over it in C)."""
        if self._keys is None:
            key = self._key
            self._keys = [key(packed) for packed in self.refs]
        return self._keys

    def id_count(self) -> int:
        """How many rows have an arXiv id (the rest are keyed by their title)."""
        if self._ids is None:
            self._ids = sum(1 for key in self.key_list() if not key.startswith(TITLE_KEY))
        return self._ids

    def keys(self) -> Iterator[str]:
        return iter(self.key_list())

    def where(self, keep: Callable[[str], bool]) -> Rows:
        """The rows whose key `keep` accepts (a filter that decodes nothing)."""
        refs = self.refs
        return Rows(
            self.days, array("q", (refs[i] for i, k in enumerate(self.key_list()) if keep(k)))
        )

    def position_of(self, key: str) -> int | None:
        """The first row of the paper with this key."""
        try:
            return self.key_list().index(key)
        except ValueError:
            return None

    def reordered(self, order: Sequence[int]) -> Rows:
        refs = self.refs
        return Rows(self.days, array("q", (refs[i] for i in order)))


def keys_of(rows: Sequence[LibraryEntry]) -> Iterator[str]:
    """The paper keys of any rows: from the outlines for Rows, else from the papers."""
    if isinstance(rows, Rows):
        return rows.keys()
    return (paper_key(entry.paper) for entry in rows)


def position_of(rows: Sequence[LibraryEntry], key: str) -> int | None:
    """The first row of the paper with this key, in any rows."""
    if isinstance(rows, Rows):
        return rows.position_of(key)
    return next((i for i, k in enumerate(keys_of(rows)) if k == key), None)


def ids_of(rows: Sequence[LibraryEntry]) -> Iterator[str]:
    """Each row's arXiv id ("" for an entry without one), decoding nothing for Rows."""
    return (("" if key.startswith(TITLE_KEY) else key) for key in keys_of(rows))


def select(rows: Sequence[LibraryEntry], keep: Callable[[str], bool]) -> Sequence[LibraryEntry]:
    """The rows whose paper key `keep` accepts."""
    if isinstance(rows, Rows):
        return rows.where(keep)
    return [entry for entry in rows if keep(paper_key(entry.paper))]
