"""What the screen draws, as plain data the session builds: the header line, the detail pane's
notes, the search hint and the export scopes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.reader.language import Language

if TYPE_CHECKING:
    from tui.library import LibraryEntry
    from tui.query import Query
    from tui.triage.records import Seen

_UNSAFE = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class HeaderInfo:
    """What the header shows; the session builds one after every change."""

    date: dt.date | None
    papers: int
    unread: int
    language: Language
    day_number: int | None = None  # 1 = the newest day
    day_count: int = 0
    progress: str | None = None  # "reading 120/678 files": the loader is still at work
    opening: bool = False  # no day yet, but the loader may still bring one
    abstracts: str | None = None  # "abstracts 100/153": fetching from arXiv
    freshness: str | None = None  # "newest 2026-08-13 · synced 2 h ago" (subscriptions)
    hidden: int = 0  # papers hide rules and dismissals leave out of this view


@dataclass(frozen=True, slots=True)
class PaperNotes:
    """What the reader knows about the shown paper beyond the digest: where this row was listed,
    the other days listing it, the user's marks, and the search to highlight."""

    date: dt.date | None = None
    category: str = ""
    read: bool = False
    starred: bool = False
    selected: bool = False
    also: tuple[tuple[dt.date, str], ...] = ()
    query: Query | None = None
    abstract_note: str | None = None  # why there is no abstract (yet): fetching, off, failed…
    watches: tuple[str, ...] = ()  # the watches it matches
    tags: tuple[str, ...] = ()
    note: str = ""
    seen: str | None = None  # "seen 2026-08-11 as v1, now v2"
    dismissed: bool = False


def seen_before(seen: Seen | None, entry: LibraryEntry) -> str | None:
    """ "seen 2026-08-11 as v1, now v2" when the paper was shown before with another version."""
    version = entry.paper.version
    now = f"v{version}" if version else ""
    if seen is None or not now or seen.first_version == now:
        return None
    if seen.first_date >= entry.date.isoformat() or not seen.first_version:
        return None
    return f"seen {seen.first_date} as {seen.first_version}, now {now}"


@dataclass(frozen=True, slots=True)
class RowMarks:
    """What triage adds to a list row: the watches it matches, and in "For you" order the words
    that put it where it is."""

    watches: tuple[str, ...] = ()
    why: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.watches or self.why)


NO_ROW_MARKS = RowMarks()


@dataclass(frozen=True, slots=True)
class SearchHint:
    """The line under the search box: a count, or what is wrong, or what is awaited."""

    count: int | None = None  # papers found (None: no answer yet)
    problem: str | None = None  # the query's problem, or why search is unavailable
    waiting: str | None = None  # "Preparing the search index… results follow."


@dataclass(frozen=True, slots=True)
class Question:
    """Something the user must confirm first: `count` papers of `name` to mark read."""

    count: int
    name: str
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExportScope:
    """One choice of papers: what the list shows now, or what space selected."""

    label: str  # "This view: 多模态 · 2024-02-16" (digest text: shown as Content)
    entries: Sequence[LibraryEntry]
    stem: str  # the default file name without its suffix


def file_stem(*parts: str) -> str:
    """A file name from view names: letters, digits and CJK kept, the rest turned into '-'."""
    words = [_UNSAFE.sub("-", part).strip("-_") for part in parts if part]
    stem = "-".join(word for word in words if word)[:60].strip("-")
    return f"arxiv-{stem}" if stem else "arxiv-export"
