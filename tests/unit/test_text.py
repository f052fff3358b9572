"""Text hygiene shortcuts give exactly what the plain definitions give."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.parser.values import fold
from tui.text import _UNSAFE, sanitize

# Mostly ordinary text with now and then the characters the shortcuts must notice.
TRICKY = "\n\t \u3000\xa0\u200b\u202e\x1b\x85\u2028\ufeff\U000e0041"
TEXTS = st.lists(st.sampled_from(["ab", "中文", " ", "  ", *TRICKY]) | st.text(), max_size=30).map(
    "".join
)


@given(TEXTS)
def test_sanitize_removes_exactly_the_unsafe_characters(text: str) -> None:
    assert sanitize(text) == _UNSAFE.sub("", text)


def test_sanitize_keeps_clean_text_and_cleans_only_the_bad_lines() -> None:
    clean = "标题 title\n\tindented\n"
    assert sanitize(clean) is clean
    assert sanitize("a\u200bb\nc\u3000d\ne\x1b[31m") == "ab\nc\u3000d\ne[31m"


@given(TEXTS)
def test_fold_is_split_and_join(text: str) -> None:
    assert fold(text) == " ".join(text.split())
