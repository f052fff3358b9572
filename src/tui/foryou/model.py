"""A logistic regression over TF-IDF features, fitted by plain stochastic gradient descent.

Positives are what the reader kept (starred, tagged, noted); negatives what they dismissed. With
a few dozen examples that alone over-rewards every word the dismissed papers lack, so a sample of
the other papers (`background`) joins as weak negatives (weight BACKGROUND_WEIGHT): what the
reader did not keep is mostly, not surely, what they do not want (positive-unlabelled learning).
Deterministic (seeded), pure Python: ~200 examples and 2,000 background papers fit in well under a
second; a day of 250 papers scores in milliseconds.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from tui.foryou.features import PaperText, features, shown

T = TypeVar("T")
BACKGROUND_WEIGHT = 0.15
EPOCHS = 25
RATE = 0.5
L2 = 1e-4
REASONS = 3


@dataclass(frozen=True, slots=True)
class Scored:
    """A paper's score (0..1, higher: closer to what the reader keeps) and the features that
    pushed it up most, worded for the reader."""

    score: float
    reasons: tuple[str, ...]


class Model:
    """Weights per feature, the IDF they were fitted with, and the bias."""

    def __init__(
        self, weights: dict[str, float], idf: dict[str, float], bias: float, with_categories: bool
    ) -> None:
        self.weights = weights
        self.idf = idf
        self.bias = bias
        self.with_categories = with_categories
        self._unknown_idf = max(idf.values(), default=1.0)

    def vector(self, text: PaperText) -> dict[str, float]:
        return _normalised(
            features(text, with_categories=self.with_categories), self.idf, self._unknown_idf
        )

    def score(self, text: PaperText) -> Scored:
        vector = self.vector(text)
        weights = self.weights
        parts = [(weights.get(f, 0.0) * v, f) for f, v in vector.items()]
        total = self.bias + sum(part for part, _ in parts)
        best = sorted((p for p in parts if p[0] > 0), reverse=True)[:REASONS]
        return Scored(_sigmoid(total), tuple(shown(f) for _, f in best))


def fit(
    positives: Sequence[PaperText],
    negatives: Sequence[PaperText],
    background: Sequence[PaperText] = (),
    *,
    with_categories: bool = True,
    seed: int = 17,
) -> Model | None:
    """The model of what the reader keeps; None without a single kept paper (nothing to learn)."""
    if not positives:
        return None
    docs = [*positives, *negatives, *background]
    raw = [features(text, with_categories=with_categories) for text in docs]
    df: dict[str, int] = {}
    for found in raw:
        for feature in found:
            df[feature] = df.get(feature, 0) + 1
    n = len(raw)
    idf = {f: math.log((1 + n) / (1 + count)) + 1.0 for f, count in df.items()}
    vectors = [_normalised(found, idf, 1.0) for found in raw]
    # Kept papers weigh as much, in all, as everything else: a few stars are not drowned out.
    negative_mass = len(negatives) + BACKGROUND_WEIGHT * len(background)
    positive_weight = max(1.0, negative_mass / len(positives))
    labels = (
        [(1.0, positive_weight)] * len(positives)
        + [(0.0, 1.0)] * len(negatives)
        + [(0.0, BACKGROUND_WEIGHT)] * len(background)
    )
    examples = list(zip(vectors, labels, strict=True))
    weights: dict[str, float] = {}
    bias = 0.0
    order = random.Random(seed)
    for epoch in range(EPOCHS):
        order.shuffle(examples)
        rate = RATE / (1 + epoch * 0.2)
        for vector, (label, weight) in examples:
            z = bias + sum(weights.get(f, 0.0) * v for f, v in vector.items())
            step = rate * weight * (label - _sigmoid(z)) / positive_weight
            bias += step
            for f, v in vector.items():
                weights[f] = weights.get(f, 0.0) * (1 - rate * L2) + step * v
    return Model(weights, idf, bias, with_categories)


def rank(
    model: Model, items: Sequence[T], text_of: Callable[[T], PaperText]
) -> list[tuple[T, Scored]]:
    """`items` best first (ties keep their order)."""
    scored = [(item, model.score(text_of(item))) for item in items]
    scored.sort(key=lambda pair: -pair[1].score)
    return scored


def _normalised(found: dict[str, float], idf: dict[str, float], unknown: float) -> dict[str, float]:
    vector = {f: w * idf.get(f, unknown) for f, w in found.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {f: v / norm for f, v in vector.items()}


def _sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    if z > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))
