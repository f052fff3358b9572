"""What an export is made of: one listing of a paper per item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from tui.model import Digest, Paper


@dataclass(frozen=True, slots=True)
class ExportItem:
    """One listing of a paper: the same paper in two categories is two items."""

    day: dt.date | None
    category: str
    paper: Paper
    file: str = ""
    read: bool = False
    starred: bool = False


class Listing(Protocol):
    """Where a paper is listed: tui.library.LibraryEntry has it, and so has digest_listings()."""

    @property
    def date(self) -> dt.date | None: ...
    @property
    def category(self) -> str: ...
    @property
    def paper(self) -> Paper: ...


class _DigestListing(NamedTuple):
    date: dt.date | None
    category: str
    paper: Paper


def digest_listings(digest: Digest) -> list[Listing]:
    """Every listing of one digest, in file order (a paper in two categories twice)."""
    return [
        _DigestListing(digest.date, category.name, paper)
        for category in digest.categories
        for paper in category.papers
    ]


def items_of(
    listings: Iterable[Listing],
    read_ids: Collection[str] = frozenset(),
    starred_ids: Collection[str] = frozenset(),
    files: Mapping[dt.date | None, str] | None = None,
) -> list[ExportItem]:
    """Export items for some listings, in order, with the marks as given (arXiv ids).

    `files` names each day's file (for the `file` field); a day it lacks gets "". The CLI calls it
    per digest with that digest's file; the reader with each day's first file.
    """
    files = files or {}
    items: list[ExportItem] = []
    for listing in listings:
        paper = listing.paper
        aid = paper.arxiv_id
        items.append(
            ExportItem(
                day=listing.date,
                category=listing.category,
                paper=paper,
                file=files.get(listing.date, ""),
                read=bool(aid) and aid in read_ids,
                starred=bool(aid) and aid in starred_ids,
            )
        )
    return items
