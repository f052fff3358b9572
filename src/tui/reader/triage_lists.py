"""The sidebar's "Watches" and "Tags" groups: which rows each lists, their titles and counts.

Watches list the current view's papers (the day, or every day in "All days") that match each
watch; tags list the tagged papers of the whole library. Indices are fixed and far past any
day's categories (WATCHES, TAGS), so a watch keeps its row from one day to the next. Lists are
built when first asked for and kept until the rules, tags or the view change. Pure: no Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tui.category_tree import Extra
from tui.library import LibraryEntry
from tui.reader.day_view import CountRead, count_unread
from tui.reader.library_rows import select
from tui.reader.triage_marks import TriageMarks
from tui.triage.records import set_name
from tui.triage.rules import union

WATCHES = 1_000_000  # the Watches group's own index; watch k is WATCHES + 1 + k
TAGS = 2_000_000  # the Tags group's; tag k is TAGS + 1 + k
Rows = Sequence[LibraryEntry]


def is_extra(index: int) -> bool:
    return index >= WATCHES


@dataclass
class TriageLists:
    """Rows of the Watches and Tags groups over `view_rows` (watches) and `library_rows`
    (tags)."""

    triage: TriageMarks
    view_rows: Sequence[LibraryEntry]
    library_rows: Sequence[LibraryEntry]
    watch_names: list[str] = field(default_factory=list)
    tag_names: list[str] = field(default_factory=list)
    _rows: dict[int, Rows] = field(default_factory=dict, repr=False)
    _counts: dict[int, tuple[int, int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.watch_names = self.triage.watch_names()
        self.tag_names = self.triage.all_tags()

    def extras(self) -> list[Extra]:
        """The two groups for the sidebar's tree (a group with no rows is left out)."""
        return [
            Extra(
                "Watches",
                WATCHES,
                tuple((WATCHES + 1 + k, n) for k, n in enumerate(self.watch_names)),
            ),
            Extra("Tags", TAGS, tuple((TAGS + 1 + k, n) for k, n in enumerate(self.tag_names))),
        ]

    def index_of(self, title: str, watch: bool) -> int | None:
        """The row of the watch (or tag) called `title` in this view, if it still exists."""
        names, base = (self.watch_names, WATCHES) if watch else (self.tag_names, TAGS)
        wanted = set_name(title)
        for k, name in enumerate(names):
            if set_name(name) == wanted:
                return base + 1 + k
        return None

    def title(self, index: int) -> str:
        if index == WATCHES:
            return "Watches: every watched paper"
        if index == TAGS:
            return "Tags: every tagged paper"
        if index > TAGS:
            return f"Tag: {self.tag_names[index - TAGS - 1]}"
        return f"Watch: {self.watch_names[index - WATCHES - 1]}"

    def knows(self, index: int) -> bool:
        if index >= TAGS:
            return index - TAGS <= len(self.tag_names)
        return index >= WATCHES and index - WATCHES <= len(self.watch_names)

    def rows(self, index: int) -> Rows:
        if (found := self._rows.get(index)) is None:
            found = self._rows[index] = self._build(index)
        return found

    def counts(self, index: int, count_read: CountRead) -> tuple[int, int]:
        if (found := self._counts.get(index)) is None:
            rows = self.rows(index)
            found = self._counts[index] = (count_unread(rows, count_read), len(rows))
        return found

    def marks_changed(self) -> None:
        self._counts.clear()

    def _build(self, index: int) -> Rows:
        triage = self.triage
        if index >= TAGS:
            records = triage.records.tags
            if index == TAGS:
                return select(self.library_rows, records.__contains__)
            wanted = set_name(self.tag_names[index - TAGS - 1])
            return select(
                self.library_rows,
                lambda key: any(set_name(t) == wanted for t in records.get(key, ())),
            )
        if index == WATCHES:
            return select(self.view_rows, union(triage.matches, "watch").__contains__)
        found = triage.matches.get(("watch", self.watch_names[index - WATCHES - 1]), frozenset())
        return select(self.view_rows, found.__contains__)
