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
    tags: tuple[str, ...] = ()  # the reader's tags (sorted), from the state file
    note: str = ""  # the reader's note


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
    files: Mapping[dt.date, str] | str = "",
    tags: Mapping[str, Collection[str]] | None = None,
    notes: Mapping[str, str] | None = None,
) -> list[ExportItem]:
    """Export items for some listings, in order, with the marks, tags and notes as given (by
    arXiv id).

    `files` fills the `file` field: one file for every listing (the CLI, per digest), or each
    day's file by date (the reader: a day's first file; a day it lacks gets "").
    """
    items: list[ExportItem] = []
    for listing in listings:
        paper = listing.paper
        aid = paper.arxiv_id
        if isinstance(files, str):
            file = files
        else:
            file = files.get(listing.date, "") if listing.date is not None else ""
        items.append(
            ExportItem(
                day=listing.date,
                category=listing.category,
                paper=paper,
                file=file,
                read=bool(aid) and aid in read_ids,
                starred=bool(aid) and aid in starred_ids,
                tags=tuple(sorted((tags or {}).get(aid, ()), key=str.casefold)) if aid else (),
                note=(notes or {}).get(aid, "") if aid else "",
            )
        )
    return items
