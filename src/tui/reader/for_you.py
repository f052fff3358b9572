"""The "For you" order (`f`): the current list ranked by closeness to what the reader kept
(starred, tagged, noted papers) against what they dismissed, each row with the words that put it
there. The model (tui.foryou) is fitted and applied in a worker thread after each mark and
imported only there: nothing of it loads at startup, and a key never waits for it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from tui.library import LibraryEntry
from tui.model import paper_key
from tui.reader.events import ForYouRanked
from tui.reader.jobs import Cancelled, Job

Score = tuple[float, tuple[str, ...]]  # (score, the words that drove it)
BACKGROUND = 2000  # papers of the library the model sees as weak negatives (tui.foryou.model)
NOTHING_KEPT = "For you learns from what you keep: star, tag or note a few papers first."


@dataclass
class ForYou:
    """Whether the order is on, and the latest scores (kept while a refit runs, so the list
    never jumps back to file order)."""

    on: bool = False
    generation: int = 0
    scores: dict[str, Score] = field(default_factory=dict)
    problem: str | None = None
    pending: bool = False

    def order(self, rows: Sequence[LibraryEntry]) -> list[LibraryEntry]:
        """`rows` best first; rows not scored yet keep their order, after the scored ones."""
        scores = self.scores
        lowest = float("-inf")
        keyed = [(scores.get(paper_key(e.paper), (lowest, ()))[0], e) for e in rows]
        keyed.sort(key=lambda pair: -pair[0])  # sort is stable: ties keep the list's order
        return [entry for _, entry in keyed]

    def unscored(self, rows: Sequence[LibraryEntry]) -> bool:
        scores = self.scores
        return any(paper_key(e.paper) not in scores for e in rows)

    def why(self, entry: LibraryEntry) -> tuple[str, ...]:
        found = self.scores.get(paper_key(entry.paper))
        return found[1] if found else ()

    def next_generation(self) -> int:
        self.generation += 1
        self.pending = True
        return self.generation


def rank_job(
    generation: int,
    rows: Sequence[LibraryEntry],
    known: Sequence[LibraryEntry],
    kept: Collection[str],
    dismissed: Collection[str],
) -> Job:
    """Fit on the papers of `known` whose ids are in `kept` (positives) and `dismissed`
    (negatives), then score `rows`. `known` is every paper the reader can see (All days)."""

    def run(cancelled: Cancelled) -> ForYouRanked | None:
        from tui.foryou import fit, paper_text

        positives, negatives, background, seen = [], [], [], set()
        step = max(1, len(known) // BACKGROUND)
        for number, entry in enumerate(known):
            aid = entry.paper.arxiv_id
            if not aid or aid in seen:
                continue
            seen.add(aid)
            if aid in kept:
                positives.append(paper_text(entry.paper, entry.category))
            elif aid in dismissed:
                negatives.append(paper_text(entry.paper, entry.category))
            elif number % step == 0:
                background.append(paper_text(entry.paper, entry.category))
        if cancelled():
            return None
        model = fit(positives, negatives, background)
        if model is None:
            return ForYouRanked(generation, {}, NOTHING_KEPT)
        scores: dict[str, Score] = {}
        for number, entry in enumerate(rows):
            if number % 2000 == 0 and cancelled():
                return None
            scored = model.score(paper_text(entry.paper, entry.category))
            scores[paper_key(entry.paper)] = (scored.score, scored.reasons)
        return ForYouRanked(generation, scores)

    return Job("for-you", run)
