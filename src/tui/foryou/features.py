"""A paper as the ranking sees it: its title's words and word pairs, its authors, its category
(both names of a bilingual one) and, when the digest or arXiv gave one, its abstract's words.

Words follow tui.words (what the search calls a word), folded; common English words and words of
one or two letters say nothing about a paper's subject and are left out. Each feature carries a
kind prefix so that a word of the title and the same word of an abstract count apart, and so
that the reasons shown to the reader can say what they are.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from tui.model import Paper
from tui.names import levels
from tui.words import is_cjk, tokens

STOPWORDS = frozenset(
    """
    a about above after again against all also among an and any are as at be been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having here how if in into is it its itself just more most new no nor not now of
    off on once only or other our out over own same so some such than that the their them then
    there these they this those through to too towards toward under until up upon use used using
    very via was we were what when where which while who whom why will with within without would
    yet you your based approach method methods model models paper propose proposed show results
    task tasks novel learning network networks deep data framework study towards via large efficient
    """.split()  # noqa: SIM905 (a word list reads better so)
)
# How much each kind of feature weighs before TF-IDF (titles say most about a paper).
WEIGHTS = {"t": 1.0, "b": 1.0, "a": 0.8, "c": 1.2, "x": 0.35}


@dataclass(frozen=True, slots=True)
class PaperText:
    """What the model reads of a paper."""

    title: str
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    abstract: str = ""


def paper_text(paper: Paper, *categories: str) -> PaperText:
    """The one way a Paper becomes model input (the reader and the benchmark alike)."""
    return PaperText(paper.title, paper.authors, tuple(categories), paper.abstract)


def _words(text: str) -> list[str]:
    return [
        w
        for w in tokens(text)
        if not is_cjk(w) and len(w) > 2 and w not in STOPWORDS and not w.isdigit()
    ]


def features(text: PaperText, *, with_categories: bool = True) -> dict[str, float]:
    """Feature -> weight (before IDF). Kinds: t title word, b title word pair, a author,
    c category (each level of a two-level name), x abstract word."""
    found: dict[str, float] = {}

    def add(kind: str, values: Iterable[str]) -> None:
        weight = WEIGHTS[kind]
        for value in values:
            key = f"{kind}:{value}"
            found[key] = found.get(key, 0.0) + weight

    title = _words(text.title)
    add("t", title)
    add("b", (f"{a} {b}" for a, b in itertools.pairwise(title)))
    add("a", (" ".join(tokens(author)) for author in text.authors[:12] if tokens(author)))
    if with_categories:
        add("c", (" ".join(level.split()) for name in text.categories for level in levels(name)))
    if text.abstract:
        add("x", set(_words(text.abstract)))
    return found


def shown(feature: str) -> str:
    """A feature as the reader sees it among the reasons: the word, "by Ann Lee", "in 3D"."""
    kind, _, value = feature.partition(":")
    if kind == "a":
        return f"by {value.title()}"
    if kind == "c":
        return f"in {value}"
    return value
