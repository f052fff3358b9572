"""Counts for `arxiv-digest stats`: papers per day and per category, read, starred, unread.

A paper is counted once per day however many categories list it (distinct by arXiv id; an entry
without an id is identified by its title). Read and starred come from the state's id sets, or
from the items' own flags when no sets are given. Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass

from tui.arxiv.merge import abstract_source
from tui.export import ExportItem
from tui.model import paper_key

__all__ = ["CategoryStats", "DayStats", "GroupStats", "Stats", "compute", "render_text", "to_json"]


@dataclass(frozen=True, slots=True)
class DayStats:
    """One day: `entries` counts listings, `papers` distinct papers (the others count papers)."""

    day: dt.date | None
    entries: int
    papers: int
    read: int
    starred: int
    unread: int


@dataclass(frozen=True, slots=True)
class CategoryStats:
    """One category over all selected days; a paper listed on two days counts once."""

    name: str
    entries: int
    papers: int
    read: int
    starred: int
    unread: int
    days: int


@dataclass(frozen=True, slots=True)
class GroupStats:
    """A watch's or a tag's papers among those counted, and how many are unread."""

    name: str
    papers: int
    unread: int


@dataclass(frozen=True, slots=True)
class Stats:
    """Everything `stats` shows. Totals count distinct papers over all days, so they can be
    smaller than the sum of the days (a paper updated on two days appears on both)."""

    days: tuple[DayStats, ...]  # newest first, undated last
    categories: tuple[CategoryStats, ...]  # most papers first, then by name
    entries: int
    papers: int
    read: int
    starred: int
    unread: int
    unread_days: tuple[dt.date | None, ...]  # days with at least one unread paper, newest first
    # Distinct papers with an abstract (the digest's or one fetched from arXiv), of them the
    # fetched ones, and those with none.
    with_abstract: int = 0
    abstract_from_arxiv: int = 0
    without_abstract: int = 0
    watches: tuple[GroupStats, ...] = ()  # each watch, in the order of the rules
    tags: tuple[GroupStats, ...] = ()  # each tag in use among these papers, most used first


class _Tally:
    """Entries, distinct papers and the read/starred subsets of one group."""

    __slots__ = ("days", "entries", "papers", "read", "starred")

    def __init__(self) -> None:
        self.entries = 0
        self.papers: set[str] = set()
        self.read: set[str] = set()
        self.starred: set[str] = set()
        self.days: set[dt.date | None] = set()

    def add(self, item: ExportItem, key: str, read: bool, starred: bool) -> None:
        self.entries += 1
        self.papers.add(key)
        self.days.add(item.day)
        if read:
            self.read.add(key)
        if starred:
            self.starred.add(key)


def compute(
    items: Iterable[ExportItem],
    read_ids: Collection[str] | None = None,
    starred_ids: Collection[str] | None = None,
    watches: Mapping[str, Collection[str]] | None = None,
) -> Stats:
    """Count `items` (e.g. export.items_of(listings)) by day and by category.

    `read_ids` / `starred_ids` (the state's sets) override the items' read/starred flags; ids
    in them that no item lists are ignored. `watches`: each watch's matching ids (tui.triage);
    tags come from the items.
    """
    by_day: dict[dt.date | None, _Tally] = {}
    by_category: dict[str, _Tally] = {}
    total = _Tally()
    sources: dict[str, str | None] = {}
    items_seen = list(items)
    for item in items_seen:
        key = paper_key(item.paper)
        source = abstract_source(item.paper)
        if sources.get(key) is None:
            sources[key] = source
        aid = item.paper.arxiv_id
        read = (bool(aid) and aid in read_ids) if read_ids is not None else item.read
        starred = (bool(aid) and aid in starred_ids) if starred_ids is not None else item.starred
        for tally in (
            by_day.setdefault(item.day, _Tally()),
            by_category.setdefault(item.category, _Tally()),
            total,
        ):
            tally.add(item, key, read, starred)

    def day_order(day: dt.date | None) -> tuple[int, int]:
        return (1, 0) if day is None else (0, -day.toordinal())

    days = tuple(
        DayStats(
            day=day,
            entries=t.entries,
            papers=len(t.papers),
            read=len(t.read),
            starred=len(t.starred),
            unread=len(t.papers) - len(t.read),
        )
        for day, t in sorted(by_day.items(), key=lambda pair: day_order(pair[0]))
    )
    categories = tuple(
        sorted(
            (
                CategoryStats(
                    name=name,
                    entries=t.entries,
                    papers=len(t.papers),
                    read=len(t.read),
                    starred=len(t.starred),
                    unread=len(t.papers) - len(t.read),
                    days=len(t.days),
                )
                for name, t in by_category.items()
            ),
            key=lambda c: (-c.papers, c.name),
        )
    )
    counted = total.papers
    read_keys = total.read
    tagged: dict[str, set[str]] = {}
    for item in items_seen:
        for tag in item.tags:
            tagged.setdefault(tag, set()).add(paper_key(item.paper))
    groups = [
        [
            GroupStats(name, len(keys), len(keys - read_keys))
            for name, found in (watches or {}).items()
            for keys in [set(found) & counted]
        ],
        sorted(
            (GroupStats(tag, len(keys), len(keys - read_keys)) for tag, keys in tagged.items()),
            key=lambda g: (-g.papers, g.name.casefold()),
        ),
    ]
    return Stats(
        days=days,
        categories=categories,
        entries=total.entries,
        papers=len(total.papers),
        read=len(total.read),
        starred=len(total.starred),
        unread=len(total.papers) - len(total.read),
        unread_days=tuple(d.day for d in days if d.unread),
        with_abstract=sum(1 for source in sources.values() if source),
        abstract_from_arxiv=sum(1 for source in sources.values() if source == "arxiv"),
        without_abstract=sum(1 for source in sources.values() if not source),
        watches=tuple(groups[0]),
        tags=tuple(groups[1]),
    )


# --------------------------------------------------------------------------- output


def _day_label(day: dt.date | None) -> str:
    return day.isoformat() if day else "undated"


def _printable(text: str) -> str:
    """Category names are untrusted: no control or format characters reach the terminal."""
    return "".join(" " if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text)


def _width(text: str) -> int:
    """Terminal cells: CJK wide and fullwidth characters take two, combining marks none."""
    cells = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        cells += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return cells


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """First column left-aligned, the numbers right-aligned, widths in terminal cells."""
    widths = [max(_width(row[k]) for row in [header, *rows]) for k in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[0] + " " * (widths[0] - _width(row[0]))]
        cells += [" " * (widths[k] - _width(row[k])) + row[k] for k in range(1, len(row))]
        lines.append("  ".join(cells).rstrip())
    return lines


def render_text(stats: Stats) -> str:
    """Aligned plain-text tables for the terminal."""
    if not stats.entries:
        return "No papers.\n"
    day_rows = [
        [
            _day_label(d.day),
            str(d.papers),
            str(d.entries),
            str(d.read),
            str(d.starred),
            str(d.unread),
        ]
        for d in stats.days
    ]
    day_rows.append(
        [
            "total",
            str(stats.papers),
            str(stats.entries),
            str(stats.read),
            str(stats.starred),
            str(stats.unread),
        ]
    )
    lines = _table(["Day", "Papers", "Entries", "Read", "Starred", "Unread"], day_rows)
    lines.append("")
    cat_rows = [
        [
            _printable(c.name),
            str(c.papers),
            str(c.entries),
            str(c.read),
            str(c.starred),
            str(c.unread),
            str(c.days),
        ]
        for c in stats.categories
    ]
    lines += _table(
        ["Category", "Papers", "Entries", "Read", "Starred", "Unread", "Days"], cat_rows
    )
    for title, groups in (("Watch", stats.watches), ("Tag", stats.tags)):
        if groups:
            lines.append("")
            rows = [[_printable(g.name), str(g.papers), str(g.unread)] for g in groups]
            lines += _table([title, "Papers", "Unread"], rows)
    lines.append("")
    lines.append(
        f"Abstracts: {stats.with_abstract} papers have one ({stats.abstract_from_arxiv} fetched "
        f"from arXiv), {stats.without_abstract} have none"
        + (" (arxiv-digest fetch gets them)" if stats.without_abstract else "")
    )
    if stats.unread_days:
        labels = ", ".join(_day_label(day) for day in stats.unread_days)
        lines.append(f"Days with unread papers ({len(stats.unread_days)}): {labels}")
    else:
        lines.append("Days with unread papers: none")
    return "\n".join(lines) + "\n"


def to_json(stats: Stats) -> str:
    """The same numbers for scripts; dates as YYYY-MM-DD, null for undated."""

    def day_dict(d: DayStats) -> dict[str, object]:
        data = asdict(d)
        data.pop("day")
        return {"date": d.day.isoformat() if d.day else None, **data}

    payload = {
        "totals": {
            "days": len(stats.days),
            "entries": stats.entries,
            "papers": stats.papers,
            "read": stats.read,
            "starred": stats.starred,
            "unread": stats.unread,
            "with_abstract": stats.with_abstract,
            "abstract_from_arxiv": stats.abstract_from_arxiv,
            "without_abstract": stats.without_abstract,
        },
        "days": [day_dict(d) for d in stats.days],
        "categories": [asdict(c) for c in stats.categories],
        "unread_days": [d.isoformat() if d else None for d in stats.unread_days],
        "watches": [asdict(g) for g in stats.watches],
        "tags": [asdict(g) for g in stats.tags],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
