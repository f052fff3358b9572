"""What the main screen lists for one day: "All" plus the categories, and their counts.

Rows are LibraryEntry (date, category, paper) so that every list, the day's or the whole
library's or a search's, carries where each paper was listed. Pure (no Textual): the counting and
the next-unread walk are plain functions of the data.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.category_tree import groups_of
from tui.library import LibraryEntry
from tui.model import paper_key
from tui.names import LEVEL_SEPARATOR
from tui.reader import library_rows
from tui.reader.library_rows import ids_of

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


# How many of some arXiv ids are marked read (tui.reader.marks.ReadMarks.count_in).
CountRead = Callable[[Iterable[str]], int]


def count_unread(entries: Sequence[LibraryEntry], count_read: CountRead) -> int:
    """Rows whose paper has an arXiv id and is not read. Over Rows the keys are cached and the
    read ones counted in one C loop: "All days" at 300,000 entries in a few ms, not 30."""
    if isinstance(entries, library_rows.Rows):
        return entries.id_count() - count_read(entries.key_list())
    ids = [aid for aid in ids_of(entries) if aid]
    return len(ids) - count_read(ids)


@dataclass
class DayView:
    """What can be listed: index 0 is "All" (each paper once), then the categories in file
    order, then (two-level days) each `##` parent with its children's papers one after the other
    (tui.category_tree numbers them so; its counts are its children's summed)."""

    names: list[str]
    lists: list[tuple[LibraryEntry, ...]]
    categories: int = -1  # how many categories (the rest are parents); -1: every row
    hidden: int = 0  # papers left out by hide rules or dismissed (the header says so)
    _counts: dict[int, tuple[int, int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.categories < 0:
            self.categories = len(self.lists) - 1

    @classmethod
    def of(cls, day: Day | None, hidden: Collection[str] = frozenset()) -> DayView:
        """The day's lists; papers whose key is in `hidden` leave every list and count."""
        if day is None:
            return cls(names=[ALL], lists=[()])
        left_out: set[str] = set()
        lists = []
        for category in day.categories:
            papers = category.papers
            if hidden:
                gone = {key for p in papers if (key := paper_key(p)) in hidden}
                if gone:
                    left_out |= gone
                    papers = tuple(p for p in papers if paper_key(p) not in gone)
            lists.append(tuple(LibraryEntry(day.date, category.name, p) for p in papers))
        every = distinct([entry for entries in lists for entry in entries])
        names = [ALL, *(category.name for category in day.categories)]
        groups = groups_of(names)
        return cls(
            names=names + [parent for parent, _ in groups],
            lists=[every, *lists]
            + [tuple(e for child in children for e in lists[child - 1]) for _, children in groups],
            categories=len(lists),
            hidden=len(left_out),
        )

    @property
    def category_names(self) -> list[str]:
        """ "All" and the categories (what the sidebar's tree is made of)."""
        return self.names[: self.categories + 1]

    def _last_child(self, index: int) -> int:
        """A parent's last child (where `n` goes on from); a category itself."""
        if index <= self.categories:
            return index
        parent = self.names[index]
        return max(
            child
            for child in range(1, self.categories + 1)
            if self.names[child].startswith(parent + LEVEL_SEPARATOR)
        )

    def index_of(self, name: str) -> int | None:
        """Row of the category called `name` (not "All"), if the day has it."""
        for index, own in enumerate(self.names[1:], start=1):
            if own == name:
                return index
        return None

    def counts(self, index: int, count_read: CountRead) -> tuple[int, int]:
        """(unread, total) of row `index`; cached until `marks_changed`."""
        if (cached := self._counts.get(index)) is None:
            entries = self.lists[index]
            cached = self._counts[index] = (count_unread(entries, count_read), len(entries))
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
            rows = self.categories + 1  # parents are not stepped through: their children are
            start = self._last_child(index)
            for step in range(1, rows):
                row = 1 + (start - 1 + step) % (rows - 1)
                if row == index:
                    continue
                if (at := next_unread_in(self.lists[row], -1, is_read)) is not None:
                    return row, at
        return (index, found) if found is not None else None


def next_unread_in(entries: Rows, position: int, is_read: Callable[[str], bool]) -> int | None:
    """The next unread row after `position`, wrapping to the top; None when all are read."""
    ids = list(ids_of(entries))  # keys, not papers: nothing of "All days" is decoded
    count = len(ids)
    for step in range(1, count + 1):
        at = (position + step) % count
        aid = ids[at]
        if aid and not is_read(aid):
            return at
    return None
