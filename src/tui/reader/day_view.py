"""What the main screen lists for one day: "All" plus the categories, and their counts.

Rows are LibraryEntry (date, category, paper) so that every list, the day's or the whole
library's or a search's, carries where each paper was listed. Pure (no Textual): the counting and
the next-unread walk are plain functions of the data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.library import LibraryEntry

if TYPE_CHECKING:
    from tui.library import Day

ALL = "All"
ALL_DAYS = "All days"

Rows = Sequence[LibraryEntry]


def distinct(entries: Rows) -> tuple[LibraryEntry, ...]:
    """Each arXiv id once (first listing wins); entries without an id are all kept."""
    seen: set[str] = set()
    kept: list[LibraryEntry] = []
    for entry in entries:
        aid = entry.paper.arxiv_id
        if aid:
            if aid in seen:
                continue
            seen.add(aid)
        kept.append(entry)
    return tuple(kept)


def count_unread(entries: Rows, is_read: Callable[[str], bool]) -> int:
    return sum(1 for e in entries if e.paper.arxiv_id and not is_read(e.paper.arxiv_id))


@dataclass
class DayView:
    """Rows of the sidebar: index 0 is "All" (each paper once), then categories in file order."""

    names: list[str]
    lists: list[tuple[LibraryEntry, ...]]
    _counts: dict[int, tuple[int, int]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, day: Day | None) -> DayView:
        if day is None:
            return cls(names=[ALL], lists=[()])
        lists = [
            tuple(LibraryEntry(day.date, category.name, paper) for paper in category.papers)
            for category in day.categories
        ]
        every = distinct([entry for entries in lists for entry in entries])
        return cls(
            names=[ALL, *(category.name for category in day.categories)],
            lists=[every, *lists],
        )

    def index_of(self, name: str) -> int | None:
        """Row of the category called `name` (not "All"), if the day has it."""
        for index, own in enumerate(self.names[1:], start=1):
            if own == name:
                return index
        return None

    def counts(self, index: int, is_read: Callable[[str], bool]) -> tuple[int, int]:
        """(unread, total) of row `index`; cached until `marks_changed`."""
        if (cached := self._counts.get(index)) is None:
            entries = self.lists[index]
            cached = self._counts[index] = (count_unread(entries, is_read), len(entries))
        return cached

    def marks_changed(self) -> None:
        self._counts.clear()

    def next_unread(
        self, index: int, position: int, is_read: Callable[[str], bool]
    ) -> tuple[int, int] | None:
        """(row, position) of the next unread paper after `position` in row `index`.

        Looks further down the current list, then through the following categories (wrapping
        around, skipping "All"), then back at the top of the current list.
        """
        found = next_unread_in(self.lists[index], position, is_read)
        if found is not None and found > position:
            return index, found
        if index != 0:
            rows = len(self.lists)
            for step in range(1, rows - 1):
                row = 1 + (index - 1 + step) % (rows - 1)
                if (at := next_unread_in(self.lists[row], -1, is_read)) is not None:
                    return row, at
        return (index, found) if found is not None else None


def next_unread_in(entries: Rows, position: int, is_read: Callable[[str], bool]) -> int | None:
    """The next unread row after `position`, wrapping to the top; None when all are read."""
    count = len(entries)
    for step in range(1, count + 1):
        at = (position + step) % count
        aid = entries[at].paper.arxiv_id
        if aid and not is_read(aid):
            return at
    return None
