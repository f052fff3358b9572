"""Kinsoku line breaking (tui.wrap): concatenation keeps the text, no line is too wide, and no
line starts with closing punctuation where moving one character would avoid it."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.cells import cell_width
from tui.wrap import CLOSING, wrap, wrap_paragraph

# Chinese characters, Chinese and ASCII punctuation, Latin letters and spaces, in runs.
_PIECES = st.sampled_from(
    list("问题跨模态攻击安全漏洞多方法视觉语言")
    + list("，。、；：？！）」』】（「『【")
    + list("abcXYZ ,.()")
    + ["CrossInject", "Transformer", "🆕", "  "]
)
paragraphs = st.lists(_PIECES, max_size=60).map("".join)
widths = st.integers(min_value=1, max_value=40)


@settings(max_examples=400, deadline=None)
@given(paragraphs, widths)
def test_lines_put_together_are_the_text(text: str, width: int) -> None:
    assert "".join(wrap_paragraph(text, width)) == text


@settings(max_examples=400, deadline=None)
@given(paragraphs, widths)
def test_no_line_is_wider_than_the_width(text: str, width: int) -> None:
    for line in wrap_paragraph(text, width):
        shown = line.rstrip(" ")
        # Only a single character wider than the width (a CJK character at width 1) may exceed.
        assert cell_width(shown) <= width or len(shown) == 1, (line, width)


@settings(max_examples=400, deadline=None)
@given(paragraphs, st.integers(min_value=2, max_value=40))
def test_a_line_starts_with_closing_punctuation_only_when_unavoidable(
    text: str, width: int
) -> None:
    lines = wrap_paragraph(text, width)
    for before, line in itertools.pairwise(lines):
        if line[:1] in CLOSING:
            # Moving the last character down would leave the line before empty, would not
            # fit, or would bring down closing punctuation too.
            last = before.rstrip(" ")
            assert (
                len(last) <= 1
                or last[-1] in CLOSING
                or last[-1].isspace()
                or cell_width(last[-1] + line[0]) > width
            ), (before, line)


def test_a_comma_is_never_left_at_the_start_of_a_line() -> None:
    text = "问题：跨模态攻击，安全漏洞，多模态智能体"
    # Width 8 (four characters) would put "，" first on the second line; 击 moves down with it.
    assert wrap(text, 8) == ["问题：跨", "模态攻", "击，安全", "漏洞，多", "模态智能", "体"]


def test_closing_quotes_and_full_stops_stay_with_the_word() -> None:
    # An opening bracket does not end a line either: 「 goes down with 好.
    assert wrap("他说「好。」我们走", 8) == ["他说", "「好。」", "我们走"]


def test_english_breaks_between_words_and_long_words_are_folded() -> None:
    assert wrap("Hello world, this is fine", 12) == ["Hello world,", "this is fine"]
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]


def test_paragraphs_keep_their_line_breaks() -> None:
    assert wrap("- 问题：分析\n- 方法：检测", 40) == ["- 问题：分析", "- 方法：检测"]
    assert wrap("", 10) == [""]
