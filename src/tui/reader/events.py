"""The one vocabulary of events the reader is built from.

The library's own load events (tui.library: Discovered, DayLoaded, Problem, Notice, Finished,
SearchIndexed) come from the feed; the reader adds the results of its background jobs: the
"All days" index, the search becoming ready, a query's answer, and a failed load; and the
reports of the arXiv fetcher (tui.reader.abstracts), which come through the feed too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.library import LoadEvent

if TYPE_CHECKING:
    from tui.arxiv.fetcher import Progress
    from tui.reader.library_index import LibraryIndex
    from tui.reader.search_source import Found, SearchSource
    from tui.subscriptions.syncing import Outcome
    from tui.triage.records import Seen
    from tui.triage.rules import Matches


@dataclass(frozen=True, slots=True)
class IndexReady:
    """Every paper of the library is gathered: the "All days" view can show. `sightings`: the
    first and last (day, version) of each paper listed with more than one version."""

    index: LibraryIndex
    sightings: dict[str, Seen] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SearchReady:
    """Searching works from now on (`source` None: it cannot, `problem` says why)."""

    source: SearchSource | None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class SearchAnswered:
    """A query's rows; `generation` tells a stale answer (an older key press) from the latest."""

    generation: int
    found: Found


@dataclass(frozen=True, slots=True)
class Synced:
    """The `U` key's sync of the subscriptions ended (one outcome per subscription)."""

    outcomes: tuple[Outcome, ...]


@dataclass(frozen=True, slots=True)
class LoadFailed:
    """Reading the library (or a job after it) stopped on an unexpected error."""

    message: str


@dataclass(frozen=True, slots=True)
class AbstractsArrived:
    """arXiv metadata arrived (or was already stored), with the progress of the current wave."""

    progress: Progress


@dataclass(frozen=True, slots=True)
class AbstractsFailed:
    """The first failure of a streak (offline, timeout, 429, bad XML…): `reason` says which."""

    reason: str


@dataclass(frozen=True, slots=True)
class ForYouRanked:
    """The "For you" model's scores for one list's papers, by paper key: (score, the words that
    drove it); or why there are none (nothing kept yet). `generation` tells stale answers."""

    generation: int
    scores: dict[str, tuple[float, tuple[str, ...]]]
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class RulesMatched:
    """The papers (keys) each watch and hide rule matches: over the whole library (`complete`)
    or over one day while the search index is not ready. `generation`: the rules' version."""

    generation: int
    matches: Matches
    complete: bool


ReaderEvent = (
    LoadEvent
    | IndexReady
    | SearchReady
    | SearchAnswered
    | LoadFailed
    | Synced
    | AbstractsArrived
    | AbstractsFailed
    | ForYouRanked
    | RulesMatched
)
