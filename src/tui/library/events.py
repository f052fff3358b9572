"""What the loader reports while it reads a library (one vocabulary for the UI and the CLI)."""

from __future__ import annotations

from dataclasses import dataclass

from tui.days import Day
from tui.library.collection import Library

# ---------------------------------------------------------------------------------------------
# Events


@dataclass(frozen=True, slots=True)
class Discovered:
    """The candidate files are known: `total` files will be examined."""

    total: int


@dataclass(frozen=True, slots=True)
class DayLoaded:
    """A day is readable (counts at once, papers on first access). A date seen again replaces the
    earlier Day (a file whose header date differs from its name joined it)."""

    day: Day
    done: int  # files examined so far
    total: int


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that could not be read as a digest, or a path that does not exist."""

    message: str


@dataclass(frozen=True, slots=True)
class Notice:
    """One line about the cache (rebuilt, damaged, working without it)."""

    message: str


@dataclass(frozen=True, slots=True)
class Finished:
    """Every file is read: the library is complete (the full-text index may still catch up)."""

    library: Library


@dataclass(frozen=True, slots=True)
class SearchIndexed:
    """After Finished: the full-text index now covers the whole library (`added` rows, if known)."""

    added: int | None


@dataclass(frozen=True, slots=True)
class SearchIndexing:
    """Between Finished and SearchIndexed, on a big load: `done` of `total` rows indexed."""

    done: int
    total: int  # 0 when unknown


LoadEvent = Discovered | DayLoaded | Problem | Notice | Finished | SearchIndexing | SearchIndexed
