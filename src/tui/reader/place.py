"""Where the reader was (day, category, paper), remembered per library.

One place for every library made opening an old file once send the main library to that old day
on the next start; the place is therefore kept under a key made from the library's paths.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PLACE_PREF = "place:"  # + the library's key


@dataclass(frozen=True, slots=True)
class Place:
    day: dt.date | None = None
    category: str | None = None
    paper: str | None = None

    def to_pref(self) -> str:
        return json.dumps(
            {
                "day": self.day.isoformat() if self.day else "",
                "category": self.category or "",
                "paper": self.paper or "",
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_pref(cls, value: str | None) -> Place:
        """The stored place; an absent or damaged value is no place (never an error)."""
        try:
            data = json.loads(value or "{}")
            day = dt.date.fromisoformat(data["day"]) if data.get("day") else None
            category, paper = data.get("category") or None, data.get("paper") or None
        except (ValueError, TypeError, KeyError, AttributeError):
            return cls()
        if not isinstance(category, str | None) or not isinstance(paper, str | None):
            return cls()
        return cls(day, category, paper)


def library_key(paths: Sequence[str | os.PathLike[str]]) -> str:
    """The pref key of a library: its resolved paths, in any order, hashed."""
    resolved = sorted({_resolved(p) for p in paths})
    digest = hashlib.sha1("\0".join(resolved).encode("utf-8", "surrogateescape")).hexdigest()
    return PLACE_PREF + digest[:16]


def _resolved(path: str | os.PathLike[str]) -> str:
    try:
        return str(Path(path).expanduser().resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(path)
