"""How well "For you" finds a reader's papers (issue 17), on the real 2024 corpus.

A simulated reader follows one category: in January–February they star 30 of its papers and
dismiss 30 papers of other categories (seeded choices). Every later day is then ranked by the
model fitted on those 60 (plus a sample of 2,000 January–February papers as weak negatives, as
the reader does). A paper's label: listed under that category that day (a paper may be listed
under several). Printed per category, over every later day: mean precision@10 and @20 and ROC
AUC, beside the best possible order (precision@10 is capped where a day lists fewer than 10 of
the category's papers), a random order and a keyword watch made from the category's name (its words
searched in titles, English and Chinese, with the reader's own search; matches first). The model
is shown twice: as the reader runs it (the category name is one of its features) and on the
papers' words alone (no category feature), which shows what the titles and authors carry.

    python benchmarks/bench_foryou.py [--corpus DIR] [--categories 5] [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tui.foryou import PaperText, fit, paper_text
from tui.model import Paper
from tui.parser import load
from tui.search import MemoryIndex

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
TRAIN_END = dt.date(2024, 2, 29)
KEPT = DISMISSED = 30
BACKGROUND = 2000


@dataclass
class Listed:
    """One paper on one day, with every category listing it that day."""

    paper: Paper
    categories: set[str]

    def text(self, with_categories: bool = True) -> PaperText:
        cats = sorted(self.categories) if with_categories else []
        return paper_text(self.paper, *cats)


def read_days(corpus: Path) -> dict[dt.date, list[Listed]]:
    days: dict[dt.date, dict[str, Listed]] = {}
    for path in sorted((corpus / "data").glob("*/*.md")):
        digest = load(path)
        if digest.date is None:
            continue
        papers = days.setdefault(digest.date, {})
        for category in digest.categories:
            for paper in category.papers:
                if not paper.arxiv_id:
                    continue
                listed = papers.setdefault(paper.arxiv_id, Listed(paper, set()))
                listed.categories.add(category.name)
    return {day: list(papers.values()) for day, papers in sorted(days.items())}


def precision(order: list[bool], k: int) -> float:
    return sum(order[:k]) / min(k, len(order)) if order else 0.0


def auc(scores: list[float], labels: list[bool]) -> float | None:
    """ROC AUC by ranks (ties halved); None when a day has one class only."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not pos or not neg:
        return None
    ranked = sorted(scores)
    rank_of: dict[float, float] = {}
    i = 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j] == ranked[i]:
            j += 1
        rank_of[ranked[i]] = (i + j + 1) / 2
        i = j
    total = sum(rank_of[s] for s in pos)
    return (total - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def watch_scores(day: list[Listed], name: str) -> list[float]:
    """1 for papers a keyword watch made from the category's name finds, else 0."""
    parts = [part.strip() for part in name.replace("/", " ").split() if part.strip()]
    with MemoryIndex() as index:
        ids = index.add_many((None, "", listed.paper) for listed in day)
        found: set[int] = set()
        for part in parts:
            found.update(index.search(f'title:"{part}"', dedupe=False).entry_ids)
    return [1.0 if entry_id in found else 0.0 for entry_id in ids]


def evaluate(
    days: dict[dt.date, list[Listed]], category: str, seed: int
) -> tuple[dict[str, tuple[float, float, float]], float, float]:
    rng = random.Random(seed)
    train = [listed for day, papers in days.items() if day <= TRAIN_END for listed in papers]
    mine = [listed for listed in train if category in listed.categories]
    others = [listed for listed in train if category not in listed.categories]
    kept = rng.sample(mine, min(KEPT, len(mine)))
    dismissed = rng.sample(others, min(DISMISSED, len(others)))
    chosen = {id(listed) for listed in kept + dismissed}
    background = rng.sample([x for x in train if id(x) not in chosen], min(BACKGROUND, len(train)))
    began = time.perf_counter()
    models = {
        "For you": fit(
            [x.text() for x in kept], [x.text() for x in dismissed], [x.text() for x in background]
        ),
        "For you, words only": fit(
            [x.text(False) for x in kept],
            [x.text(False) for x in dismissed],
            [x.text(False) for x in background],
            with_categories=False,
        ),
    }
    fit_s = (time.perf_counter() - began) / 2
    results: dict[str, list[tuple[float, float, float | None]]] = {}
    scored = 0
    score_s = 0.0
    for day, papers in days.items():
        if day <= TRAIN_END:
            continue
        labels = [category in listed.categories for listed in papers]
        if not any(labels):
            continue
        orders: dict[str, list[float]] = {
            "best possible order": [float(y) for y in labels],
            "random order": [rng.random() for _ in papers],
            "keyword watch": watch_scores(papers, category),
        }
        for name, model in models.items():
            assert model is not None
            words_only = not model.with_categories
            began = time.perf_counter()
            orders[name] = [model.score(x.text(not words_only)).score for x in papers]
            score_s += time.perf_counter() - began
            scored += len(papers)
        for name, scores in orders.items():
            order = [y for _, y in sorted(zip(scores, labels, strict=True), key=lambda p: -p[0])]
            results.setdefault(name, []).append(
                (precision(order, 10), precision(order, 20), auc(scores, labels))
            )
    summary = {
        name: (
            statistics.mean(r[0] for r in rows),
            statistics.mean(r[1] for r in rows),
            statistics.mean(r[2] for r in rows if r[2] is not None),
        )
        for name, rows in results.items()
    }
    return summary, fit_s, score_s / max(scored, 1) * 250


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--categories", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not (args.corpus / "data").is_dir():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 2
    days = read_days(args.corpus)
    sizes = Counter(c for papers in days.values() for listed in papers for c in listed.categories)
    largest = [name for name, _ in sizes.most_common(args.categories)]
    later = sum(1 for day in days if day > TRAIN_END)
    print(
        f"corpus {args.corpus}/data: {len(days)} days; trained on {KEPT} starred and {DISMISSED}"
        f" dismissed papers of 2024-01/02, ranked every later day ({later} days)"
    )
    print("label: listed under the category that day; mean over days with at least one\n")
    print("| category (listings) | order | precision@10 | precision@20 | ROC AUC |")
    print("|---|---|---|---|---|")
    worst = 1.0
    for category in largest:
        summary, fit_s, day_s = evaluate(days, category, args.seed)
        for name, (p10, p20, roc) in summary.items():
            print(
                f"| {category} ({sizes[category]}) | {name} | {p10:.2f} | {p20:.2f} | {roc:.2f} |"
            )
        best = summary["best possible order"][0]
        worst = min(worst, summary["For you"][0] / best)
        print(
            f"|  | fit {fit_s * 1000:.0f} ms, a day of 250 scored in {day_s * 1000:.1f} ms | | | |"
        )
    print(
        f"\nlowest For-you precision@10 over the {len(largest)} categories, as a share of the"
        f" best possible order's (a day with fewer than 10 such papers caps it): {worst:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
