"""What the main screen lists for one day: "All" plus the categories, and their counts.

Pure (no Textual) so that the counting and the next-unread walk are plain functions of the data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tui.model import Category, Paper

ALL = "All"


def _distinct(papers: Sequence[Paper]) -> tuple[Paper, ...]:
    """Each arXiv id once (first listing wins); entries without an id are all kept."""
    seen: set[str] = set()
    kept: list[Paper] = []
    for paper in papers:
        if paper.arxiv_id:
            if paper.arxiv_id in seen:
                continue
            seen.add(paper.arxiv_id)
        kept.append(paper)
    return tuple(kept)


@dataclass
class DayView:
    """Rows of the sidebar: index 0 is "All" (each paper once), then categories in file order."""

    names: list[str]
    lists: list[tuple[Paper, ...]]
    _counts: dict[int, tuple[int, int]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, categories: Sequence[Category]) -> DayView:
        every = _distinct([paper for category in categories for paper in category.papers])
        return cls(
            names=[ALL, *(category.name for category in categories)],
            lists=[every, *(tuple(category.papers) for category in categories)],
        )

    def counts(self, index: int, is_read: Callable[[str], bool]) -> tuple[int, int]:
        """(unread, total) of row `index`; cached until `marks_changed`."""
        if (cached := self._counts.get(index)) is None:
            papers = self.lists[index]
            unread = sum(1 for p in papers if p.arxiv_id and not is_read(p.arxiv_id))
            cached = self._counts[index] = (unread, len(papers))
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

        def unread_in(row: int, start: int, stop: int) -> int | None:
            papers = self.lists[row]
            for at in range(start, min(stop, len(papers))):
                if papers[at].arxiv_id and not is_read(papers[at].arxiv_id):
                    return at
            return None

        if (found := unread_in(index, position + 1, len(self.lists[index]))) is not None:
            return index, found
        if index != 0:
            rows = len(self.lists)
            for step in range(1, rows - 1):
                row = 1 + (index - 1 + step) % (rows - 1)
                if (found := unread_in(row, 0, len(self.lists[row]))) is not None:
                    return row, found
        if (found := unread_in(index, 0, position + 1)) is not None:
            return index, found
        return None
