"""A loaded library: its days newest first, its files and what went wrong."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.cache import (
    KIND_DIGEST,
    CorruptEntry,
    FileRecord,
)
from tui.days import Day, base_order_key, merge_digests, merge_outlines
from tui.model import Category, Digest, Paper

# ---------------------------------------------------------------------------------------------
# The library


@dataclass(frozen=True, slots=True)
class LoadStats:
    """How a load went: files read from the cache as they were, parsed, re-hashed, dropped."""

    files: int = 0  # candidate files examined
    cached: int = 0  # unchanged (same size and mtime): nothing read
    rehashed: int = 0  # new size or mtime but the same content: read and hashed, not parsed
    parsed: int = 0  # new or changed: parsed
    removed: int = 0  # cached files that are gone (dropped from the cache)


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One row of the whole-library view."""

    date: dt.date
    category: str
    paper: Paper


class Library:
    """Days newest first, plus what went wrong. Days load their papers lazily (see tui.days.Day)."""

    def __init__(
        self,
        days: Iterable[Day],
        *,
        problems: Sequence[str] = (),
        skipped: int = 0,
        notices: Sequence[str] = (),
        warnings: Sequence[str] = (),
        files: Sequence[FileRecord] = (),
        stats: LoadStats | None = None,
        cache_path: Path | None = None,
    ) -> None:
        self.stats = stats or LoadStats(files=len(files))
        # The cache database holding this library's `entries` (for tui.search); None in memory.
        self.cache_path = cache_path
        self.days: list[Day] = sorted(days, key=lambda day: day.date, reverse=True)
        self.problems: list[str] = list(problems)
        self.skipped = skipped
        self.notices: list[str] = list(notices)
        # Damaged entries the parser skipped inside otherwise good files ("path:line: message").
        self.warnings: list[str] = list(warnings)
        self._files = {record.path: record for record in files}
        self._by_date = {day.date: day for day in self.days}

    # -- days -------------------------------------------------------------------------------

    @property
    def dates(self) -> list[dt.date]:
        return [day.date for day in self.days]

    def day(self, date: dt.date) -> Day | None:
        return self._by_date.get(date)

    def index(self, date: dt.date) -> int | None:
        day = self._by_date.get(date)
        return None if day is None else self.days.index(day)

    def older(self, date: dt.date) -> Day | None:
        """The day before `date` (the `[` key), or None at the oldest."""
        return next((day for day in self.days if day.date < date), None)

    def newer(self, date: dt.date) -> Day | None:
        """The day after `date` (the `]` key), or None at the newest."""
        return next((day for day in reversed(self.days) if day.date > date), None)

    def nearest(self, date: dt.date | None) -> Day | None:
        """The day for a remembered date: itself, else the closest older one, else the oldest."""
        if not self.days:
            return None
        if date is None:
            return self.days[0]
        return self._by_date.get(date) or self.older(date) or self.days[-1]

    @property
    def paper_count(self) -> int:
        return sum(day.paper_count for day in self.days)

    # -- papers across days -----------------------------------------------------------------

    def entries(self) -> list[LibraryEntry]:
        """Every paper of every day, newest day first (materializes all days: call in a worker)."""
        return [
            LibraryEntry(day.date, category.name, paper)
            for day in self.days
            for category in day.categories
            for paper in category.papers
        ]

    # -- files ------------------------------------------------------------------------------

    @property
    def files(self) -> list[FileRecord]:
        """The digest files read, newest first (for `list`: each file's papers as it has them)."""
        records = [r for r in self._files.values() if r.kind == KIND_DIGEST]
        return sorted(records, key=lambda r: (r.date or dt.date.min, r.path), reverse=True)

    def digest(self, path: str) -> Digest | None:
        """One file's own digest (not merged with other files of its day)."""
        record = self._files.get(path)
        if record is None or record.kind != KIND_DIGEST:
            return None
        return _load_record(record)


def _load_record(record: FileRecord) -> Digest:
    """Decode a cached digest; if the cached copy is damaged, parse the file again."""
    try:
        return record.load_digest()
    except CorruptEntry:
        from tui.parser import DigestError, load

        try:
            return load(record.path)
        except DigestError:
            return Digest(date=record.date, source=record.path)


def _make_day(date: dt.date, records: Sequence[FileRecord]) -> Day:
    ordered = sorted(
        records, key=lambda r: base_order_key(r.richness, r.paper_count, r.format, r.path)
    )

    def load() -> tuple[Category, ...]:
        return merge_digests([_load_record(record) for record in ordered])

    if len(ordered) == 1 and ordered[0].digest is not None:
        return Day(date, ordered[0].digest.categories, (ordered[0].path,))
    return Day(
        date,
        sources=tuple(r.path for r in ordered),
        outline=merge_outlines([r.keys() for r in ordered]),
        loader=load,
    )
