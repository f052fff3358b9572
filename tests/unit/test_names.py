"""Category names in the reader's language (tui.names) and cell widths (tui.cells)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tui.cells import cell_width, cut_end
from tui.names import display_name, fit_name, leaf_name, levels, split_name

H2 = (
    "视觉表征与基础模型 (Visual Representation & Foundation Models)"
    " / 视觉Transformer (Vision Transformers)"
)
A2 = "Visual Generation (视觉生成) / 扩散模型 (Diffusion Models)"


def test_two_level_bilingual_names_follow_the_language() -> None:
    assert (
        display_name(H2, "original")
        == "Visual Representation & Foundation Models / Vision Transformers"
    )
    assert display_name(H2, "translation") == "视觉表征与基础模型 / 视觉Transformer"
    assert display_name(H2, "both") == H2


def test_english_first_names_too() -> None:
    # FORMAT.md §4: A2 writes parents English first and children Chinese first.
    assert display_name(A2, "original") == "Visual Generation / Diffusion Models"
    assert display_name(A2, "translation") == "视觉生成 / 扩散模型"


def test_full_width_parentheses_and_nested_parentheses() -> None:
    assert split_name("视觉生成（Visual Generation）").english == "Visual Generation"
    name = split_name("三维重建 (3D Reconstruction (NeRF))")
    assert (name.chinese, name.english) == ("三维重建", "3D Reconstruction (NeRF)")


def test_names_in_one_language_stay_as_they_are() -> None:
    for name in (
        "3D/CG",
        "多模态",
        "分类/检测/识别/分割/...",
        "Transformer (ViT)",
        "其他 (其它)",
        "(x)",
    ):
        for language in ("original", "translation", "both"):
            assert display_name(name, language) == name


def test_levels_and_leaf() -> None:
    assert levels("3D/CG") == ("3D/CG",)
    assert levels(A2) == ("Visual Generation (视觉生成)", "扩散模型 (Diffusion Models)")
    assert leaf_name(A2) == "扩散模型 (Diffusion Models)"


def test_a_name_that_does_not_fit_is_cut_at_its_end() -> None:
    parent = "视觉表征与基础模型 (Visual Representation & Foundation Models)"
    assert fit_name(parent, "original", 12) == "Visual Repr…"
    assert fit_name(parent, "translation", 10) == "视觉表征…"  # 4 characters (8 cells) and …
    # In "both", the half written first when the two do not fit together.
    assert fit_name(parent, "both", 20) == "视觉表征与基础模型"
    assert fit_name(parent, "both", 80) == parent


def test_cell_widths() -> None:
    assert cell_width("abc") == 3
    assert cell_width("视觉") == 4
    assert cell_width("🆕 发布") == 7
    assert cell_width("e\u0301") == 1  # a combining accent takes no cell


@given(st.text(max_size=40), st.integers(min_value=1, max_value=30))
def test_cut_end_fits_and_keeps_the_beginning(text: str, width: int) -> None:
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    cut = cut_end(text, width)
    assert cell_width(cut) <= width
    if cell_width(text) <= width:
        assert cut == text
    else:
        assert cut.endswith("…") and text.startswith(cut[:-1].rstrip())
