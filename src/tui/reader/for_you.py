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
from tui.reader.library_rows import Rows, ids_of, keys_of

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

    def order(self, rows: Sequence[LibraryEntry]) -> Sequence[LibraryEntry]:
        """`rows` best first; rows not scored yet keep their order, after the scored ones."""
        scores = self.scores
        lowest = (float("-inf"), ())
        values = [scores.get(key, lowest)[0] for key in keys_of(rows)]
        order = sorted(range(len(values)), key=lambda i: -values[i])  # stable: ties keep order
        if isinstance(rows, Rows):
            return rows.reordered(order)
        return [rows[i] for i in order]

    def unscored(self, rows: Sequence[LibraryEntry]) -> bool:
        scores = self.scores
        return any(key not in scores for key in keys_of(rows))

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
        from tui.foryou import PaperText, fit, paper_text

        positives: list[PaperText] = []
        negatives: list[PaperText] = []
        background: list[PaperText] = []
        seen: set[str] = set()
        step = max(1, len(known) // BACKGROUND)
        for number, aid in enumerate(ids_of(known)):  # keys first: only these are decoded
            if not aid or aid in seen:
                continue
            seen.add(aid)
            if aid in kept:
                wanted = positives
            elif aid in dismissed:
                wanted = negatives
            elif number % step == 0:
                wanted = background
            else:
                continue
            entry = known[number]
            wanted.append(paper_text(entry.paper, entry.category))
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
