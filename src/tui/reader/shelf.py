"""The days the reader knows so far, newest first: it grows while the loader worker runs.

A Library only exists once every file is read; the screen needs day navigation ([ ] d) from the
first day on, so it keeps this small ordered collection instead and takes the Library (problems,
"also on") when the loader finishes. Pure: no Textual.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.library import Day, Library


class Shelf:
    """Days by date; a day that arrives again (another file joined its date) replaces the first."""

    def __init__(self, days: Iterable[Day] = ()) -> None:
        self._by_date: dict[dt.date, Day] = {}
        self._ordinals: list[int] = []  # -date.toordinal(), ascending = newest first
        self.library: Library | None = None  # set when the loader finished
        for day in days:
            self.add(day)

    @classmethod
    def of(cls, library: Library) -> Shelf:
        shelf = cls(library.days)
        shelf.library = library
        return shelf

    @property
    def finished(self) -> bool:
        return self.library is not None

    def add(self, day: Day) -> bool:
        """Add or replace the day of day.date; True when it replaced one."""
        replaced = day.date in self._by_date
        self._by_date[day.date] = day
        if not replaced:
            bisect.insort(self._ordinals, -day.date.toordinal())
        return replaced

    def __len__(self) -> int:
        return len(self._ordinals)

    @property
    def days(self) -> list[Day]:
        """Newest first."""
        return [self._by_date[dt.date.fromordinal(-o)] for o in self._ordinals]

    def at(self, index: int) -> Day:
        return self._by_date[dt.date.fromordinal(-self._ordinals[index])]

    def day(self, date: dt.date) -> Day | None:
        return self._by_date.get(date)

    def position(self, date: dt.date) -> int | None:
        """0 for the newest day."""
        at = bisect.bisect_left(self._ordinals, -date.toordinal())
        return at if at < len(self._ordinals) and self._ordinals[at] == -date.toordinal() else None

    def older(self, date: dt.date) -> Day | None:
        """The closest day before `date` (the `[` key)."""
        at = bisect.bisect_right(self._ordinals, -date.toordinal())
        return self.at(at) if at < len(self._ordinals) else None

    def newer(self, date: dt.date) -> Day | None:
        """The closest day after `date` (the `]` key)."""
        at = bisect.bisect_left(self._ordinals, -date.toordinal())
        return self.at(at - 1) if at > 0 else None

    def nearest(self, date: dt.date | None) -> Day | None:
        """A remembered date's day: itself, else the closest older one, else the oldest."""
        if not self._ordinals:
            return None
        if date is None:
            return self.at(0)
        return self._by_date.get(date) or self.older(date) or self.at(len(self) - 1)

    def reaches(self, date: dt.date) -> bool:
        """True once a day at or before `date` is known (the loader goes newest first, so the
        remembered day has then arrived, or never will)."""
        return bool(self._ordinals) and self._ordinals[-1] >= -date.toordinal()
