"""What a checkout holds: its days, the newest, and the days missing in the sequence."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from tui.dates import name_date


@dataclass(frozen=True, slots=True)
class Days:
    count: int
    newest: dt.date | None
    missing: tuple[dt.date, ...]  # dates between the oldest and the newest with no file


def days_of(folder: Path) -> Days:
    """The dated Markdown files under `folder` (hidden folders such as .git skipped)."""
    dates: set[dt.date] = set()
    for _, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.lower().endswith(".md") and (date := name_date(name)) is not None:
                dates.add(date)
    if not dates:
        return Days(0, None, ())
    first, last = min(dates), max(dates)
    span = (last - first).days + 1
    missing = tuple(
        day for day in (first + dt.timedelta(days=i) for i in range(span)) if day not in dates
    )
    return Days(len(dates), last, missing)
