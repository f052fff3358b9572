"""The For-you model (tui.foryou) on hand-made examples whose right order is plain."""

from __future__ import annotations

from tui.foryou import PaperText, fit, rank
from tui.foryou.features import features

KEPT = [
    PaperText("Gaussian splatting for dynamic scenes", ("Ann Lee",), ("3D",)),
    PaperText("Real-time gaussian splatting on phones", ("Bo Chen",), ("3D",)),
    PaperText("Splatting meets neural radiance fields", ("Ann Lee",), ("3D",)),
]
DISMISSED = [
    PaperText("Large language model agents that reason", ("Cy Wu",), ("NLP",)),
    PaperText("Instruction tuning of language models", ("Di Xu",), ("NLP",)),
]


def test_papers_like_the_kept_ones_rank_first_with_their_words() -> None:
    model = fit(KEPT, DISMISSED)
    assert model is not None
    splat = PaperText("Compressed gaussian splatting", ("Eve Fox",), ("3D",))
    llm = PaperText("Language models for code", ("Gil Ho",), ("NLP",))
    other = PaperText("Protein folding with diffusion", ("Ida Jo",), ("Bio",))
    ranked = rank(model, [llm, other, splat], lambda text: text)
    assert ranked[0][0] == splat
    assert ranked[-1][0] == llm  # the dismissed kind comes last
    reasons = ranked[0][1].reasons
    assert "splatting" in reasons or "gaussian" in reasons
    assert 0.0 <= ranked[-1][1].score < ranked[0][1].score <= 1.0


def test_nothing_kept_nothing_to_learn() -> None:
    assert fit([], DISMISSED) is None


def test_ties_keep_their_order_and_strange_text_does_not_break_it() -> None:
    model = fit(KEPT, DISMISSED)
    assert model is not None
    same = [PaperText("x"), PaperText("y"), PaperText("z")]
    assert [item for item, _ in rank(model, same, lambda t: t)] == same
    hostile = PaperText("\x1b[31m[b]扩散模型[/b]\x00", ("\u202e",), ("其他 / Others",), "abs " * 5)
    assert 0.0 <= model.score(hostile).score <= 1.0


def test_features_keep_kinds_apart() -> None:
    found = features(PaperText("Gaussian Splatting", ("Ann Lee",), ("3D / Others",), "splatting"))
    assert {"t:gaussian", "t:splatting", "b:gaussian splatting", "a:ann lee", "x:splatting"} <= set(
        found
    )
    assert "c:3D" in found and "c:Others" in found
    assert features(PaperText("Gaussian"), with_categories=False) == {"t:gaussian": 1.0}
