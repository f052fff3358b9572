"""What an export is made of: one listing of a paper per item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tui.model import Paper


@dataclass(frozen=True, slots=True)
class ExportItem:
    """One listing of a paper: the same paper in two categories is two items."""

    day: dt.date | None
    category: str
    paper: Paper
    file: str = ""
    read: bool = False
    starred: bool = False


def items_from_days(
    days: Iterable[Any],
    read_ids: Iterable[str] = (),
    starred_ids: Iterable[str] = (),
) -> list[ExportItem]:
    """Flatten library days (anything with .date, .categories and .sources) into items, in order.

    `file` is the day's first source file: a day merged from several files keeps the first.
    """
    read, starred = set(read_ids), set(starred_ids)
    items: list[ExportItem] = []
    for day in days:
        sources = getattr(day, "sources", ()) or ()
        file = str(sources[0]) if sources else ""
        for category in day.categories:
            for paper in category.papers:
                aid = paper.arxiv_id
                items.append(
                    ExportItem(
                        day=day.date,
                        category=category.name,
                        paper=paper,
                        file=file,
                        read=bool(aid) and aid in read,
                        starred=bool(aid) and aid in starred,
                    )
                )
    return items
