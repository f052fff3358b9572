"""The search language: words, fields, phrases, exclusion, dates, hints, and highlighted spans."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.highlight import highlight_spans
from tui.query import (
    CodeClause,
    DateClause,
    QueryError,
    StateClause,
    TextClause,
    parse,
    parse_strict,
)
from tui.words import CJK_CHARS, index_text, tokens

# --------------------------------------------------------------------------------------------------
# Words


def test_words_are_folded_letters_and_digits() -> None:
    assert tokens("Vision-Language PaLM2_VAdapter, ER+") == (
        "vision",
        "language",
        "palm2",
        "vadapter",
        "er",
    )


def test_diacritics_and_case_are_ignored() -> None:
    assert tokens("Schölkopf ÉCOLE naïve") == ("scholkopf", "ecole", "naive")


def test_each_cjk_character_is_a_word() -> None:
    assert tokens("基于3DGS的扩散模型") == ("基", "于", "3dgs", "的", "扩", "散", "模", "型")
    assert tokens("ひらがなカタカナ") == tuple("ひらがなカタカナ")


def test_index_text_sets_cjk_apart_and_leaves_ascii_alone() -> None:
    assert index_text("Plain ASCII text") == "Plain ASCII text"
    assert index_text("逐步对齐").split() == ["逐", "步", "对", "齐"]
    assert index_text("PaLM2：逐步 v2").split() == ["PaLM2：", "逐", "步", "v2"]
    assert index_text("") == ""


# index_text as it was first written: one substitution per CJK character (2.6 s over the corpus's
# 430,000 values, against 0.3 s for str.translate). The reference for equivalence.
_ONE_BY_ONE = re.compile(f"[{CJK_CHARS}]")
_SPACES = re.compile(" +")


def reference_index_text(text: str) -> str:
    return _ONE_BY_ONE.sub(r" \g<0> ", text) if text else ""


def assert_same_index_text(text: str) -> None:
    """Same words for any tokenizer that cuts at spaces: same split(), same text up to runs of
    spaces (so every other character, tabs and newlines included, is where it was) and, for the
    str.translate version, the very same text."""
    fast, reference = index_text(text), reference_index_text(text)
    assert fast.split() == reference.split(), text
    assert _SPACES.sub(" ", fast) == _SPACES.sub(" ", reference), text
    assert fast == reference, text


# Characters around the edges of the CJK ranges, kana, CJK and ASCII punctuation, full-width
# forms, Latin with diacritics, Hangul (not spaced), astral ideographs, and whitespace of all kinds.
_MIXED = st.sampled_from(
    list("\u2e7f\u2e80\u2fdf\u2fe0\u3004\u3005\u3007\u3008\u3020\u3021\u3029\u302a")
    + list("\u303f\u3040\u30ff\u3100\u312f\u3130\u319f\u31a0\u31bf\u31c0\u33ff\u3400")
    + list("\u4dbf\u4dc0\u4dff\u4e00\u9fff\ua000\uf8ff\uf900\ufaff\ufb00")
    + ["\U0001ffff", "\U00020000", "\U0002a6df", "\U0003134f", "\U00031350"]
    + list("扩散模型的基于三维高斯ひらがなカタカナーヶ々〆〇")
    + list("，。、：；！？「」『』（）【】《》〜・…—ＡＢ１２ａ")
    + list("한국어éÉñüßøΩЖ")
    + list(" \t\n\r\x0b\x0c\u00a0\u2009\u3000\u2028")
    + list("aZ09_-.,:;!?()[]{}'\"*^+/\\|<>#@$%&~`")
)


@settings(max_examples=500)
@given(st.lists(_MIXED, max_size=40).map("".join))
def test_index_text_equals_the_one_by_one_version_on_mixed_scripts(text: str) -> None:
    assert_same_index_text(text)


@given(st.text(max_size=60))
def test_index_text_equals_the_one_by_one_version_on_any_text(text: str) -> None:
    assert_same_index_text(text)


def test_index_text_remembers_a_bounded_number_of_characters() -> None:
    """Text made of tens of thousands of distinct characters cannot grow its table without end."""
    from tui import words

    text = "".join(map(chr, range(0x20000, 0x2A6E0))) + "".join(map(chr, range(0xAC00, 0xD7A4)))
    assert len(set(text)) > words._SPACER_LIMIT
    assert_same_index_text(text)
    assert len(words._SPACER) <= words._SPACER_LIMIT
    assert_same_index_text(text[::-1])  # characters it did not keep are still spaced right


def test_index_text_equals_the_one_by_one_version_on_real_digests() -> None:
    """Every field the cache indexes, and every raw line, of a spread of the shared corpus."""
    corpus = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"the shared corpus is not at {corpus} (only in the development workspace)")
    from tui.parser import DigestError, load
    from tui.parser.decode import DecodeError, decode

    files = sorted(corpus.rglob("*.md"))[::8]
    values: set[str] = set()
    for path in files:
        try:
            values.update(decode(path.read_bytes())[0].splitlines())
            digest = load(path)
        except (DecodeError, DigestError):
            continue
        for category in digest.categories:
            values.add(category.name)
            for paper in category.papers:
                values.update(
                    (
                        paper.title,
                        paper.title_cn,
                        ", ".join(paper.authors),
                        paper.abstract,
                        paper.abstract_cn,
                        paper.contribution,
                        paper.arxiv_id,
                    )
                )
    assert len(files) > 80 and len(values) > 5000
    assert sum(not value.isascii() for value in values) > 2000  # plenty of Chinese
    for value in values:
        assert_same_index_text(value)


# --------------------------------------------------------------------------------------------------
# Terms


def test_bare_words_are_prefixes_and_all_must_match() -> None:
    query = parse("Diff  Models")
    assert query.ok and query.hint is None
    assert [(t.words, t.prefix, t.field, t.negated) for t in query.terms] == [
        (("diff",), True, None, False),
        (("models",), True, None, False),
    ]
    assert query.words == ("diff", "models")


def test_a_hyphenated_word_is_a_phrase_with_a_prefix_end() -> None:
    (term,) = parse("vision-lang").terms
    assert term.words == ("vision", "lang") and term.prefix


def test_quoted_phrases_are_exact_words() -> None:
    (term,) = parse('"Point Cloud"').terms
    assert term.words == ("point", "cloud") and not term.prefix
    (term,) = parse("\u201c神经辐射场\u201d").terms  # curly quotes from a Chinese input method
    assert term.words == tuple("神经辐射场") and not term.prefix


def test_minus_excludes_words_phrases_and_fields() -> None:
    query = parse('diffusion -video -"point cloud" -cat:其他 -is:read')
    texts = [c for c in query.clauses if isinstance(c, TextClause)]
    assert [(c.words, c.negated, c.field) for c in texts] == [
        (("diffusion",), False, None),
        (("video",), True, None),
        (("point", "cloud"), True, None),
        (("其", "他"), True, "category"),
    ]
    assert StateClause("read", negated=True) in query.clauses
    assert [t.words for t in query.terms] == [("diffusion",)]  # negatives are not highlighted


def test_a_minus_inside_a_word_is_not_an_exclusion() -> None:
    (term,) = parse("self-supervised").terms
    assert term.words == ("self", "supervised") and not term.negated


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("author:hinton", "author", ("hinton",)),
        ("au:Hinton", "author", ("hinton",)),
        ("AUTHORS:hinton", "author", ("hinton",)),
        ("title:diffusion", "title", ("diffusion",)),
        ("ti:扩散", "title", ("扩", "散")),
        ("abs:segmentation", "abstract", ("segmentation",)),
        ("abstract:分割", "abstract", ("分", "割")),
        ("cat:3DGS", "category", ("3dgs",)),
        ("category:多模态", "category", ("多", "模", "态")),
        ("id:2402.10896", "id", ("2402", "10896")),
        ("arXiv:2402.10896", "id", ("2402", "10896")),
        ('title:"neural radiance"', "title", ("neural", "radiance")),
    ],
)
def test_text_fields(text: str, field: str, words: tuple[str, ...]) -> None:
    query = parse(text)
    assert query.ok, query.hint
    (term,) = query.terms
    assert (term.field, term.words) == (field, words)


def test_field_columns() -> None:
    assert parse("title:x").terms[0].columns == ("title", "title_cn")
    assert parse("abs:x").terms[0].columns == ("abstract", "abstract_cn")
    assert parse("x").terms[0].columns is None


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        ("code:yes", CodeClause(True)),
        ("code:YES", CodeClause(True)),
        ("code:true", CodeClause(True)),
        ("code:no", CodeClause(False)),
        ("-code:yes", CodeClause(True, negated=True)),
        ("is:read", StateClause("read")),
        ("is:unread", StateClause("read", negated=True)),
        ("is:starred", StateClause("starred")),
        ("is:unstarred", StateClause("starred", negated=True)),
        ("-is:unread", StateClause("read", negated=False)),
        ("IS:Starred", StateClause("starred")),
    ],
)
def test_code_and_state_fields(text: str, clause: object) -> None:
    query = parse(text)
    assert query.ok, query.hint
    assert query.clauses == (clause,)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("date:2024-02-16", dt.date(2024, 2, 16), dt.date(2024, 2, 16)),
        ("date:2024-2-6", dt.date(2024, 2, 6), dt.date(2024, 2, 6)),
        ("date:2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),  # leap year
        ("date:2023-02", dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        ("date:2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("date:2024-02-01..2024-02-29", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("date:2024-02..2024-03", dt.date(2024, 2, 1), dt.date(2024, 3, 31)),
        ("date:2024-02-10..", dt.date(2024, 2, 10), None),
        ("date:..2024-02", None, dt.date(2024, 2, 29)),
        ("day:2024/02/16", dt.date(2024, 2, 16), dt.date(2024, 2, 16)),
    ],
)
def test_dates(text: str, first: dt.date | None, last: dt.date | None) -> None:
    query = parse(text)
    assert query.ok, query.hint
    assert query.clauses == (DateClause(first, last),)


def test_date_clause_contains() -> None:
    clause = parse("date:2024-02").clauses[0]
    assert isinstance(clause, DateClause)
    assert clause.contains(dt.date(2024, 2, 29))
    assert not clause.contains(dt.date(2024, 3, 1))


def test_a_url_is_text_not_a_field() -> None:
    query = parse("https://github.com/foo")
    assert query.ok
    assert query.terms[0].words == ("https", "github", "com", "foo")


def test_colons_after_digits_are_text() -> None:
    query = parse("10:30")
    assert query.ok and query.terms[0].words == ("10", "30")


def test_blank_query_has_no_clauses() -> None:
    for text in ("", "   ", "\t\n"):
        query = parse(text)
        assert query.clauses == () and query.ok and query.terms == ()


def test_with_clauses_adds_a_filter() -> None:
    query = parse("diffusion").with_clauses(StateClause("starred"))
    assert query.clauses[-1] == StateClause("starred")
    assert query.text == "diffusion"


# --------------------------------------------------------------------------------------------------
# Problems: a message and a position, never an exception from parse()


@pytest.mark.parametrize(
    ("text", "start", "fragment"),
    [
        ('diffusion "neural rad', 10, "missing closing quote"),
        ("foo:bar diffusion", 0, 'unknown field "foo:"'),
        ("diffusion -", 10, 'nothing after "-"'),
        ("- diffusion", 0, 'nothing after "-"'),
        ("date:2024-13", 5, "month 13 is not between 01 and 12"),
        ("date:2024-02-30", 5, "2024-02 has no day 30"),
        ("date:2023-02-29", 5, "2023-02 has no day 29"),
        ("date:yesterday", 5, "expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("date:2024-03..2024-02", 5, "the range ends (2024-02-29) before it starts (2024-03-01)"),
        ("date:..", 5, '".." needs a date'),
        ("author:", 0, '"author:" needs a value, e.g. author:word'),
        ("x code:", 2, '"code:" needs a value, e.g. code:yes'),
        ("code:maybe", 5, "code: takes yes or no"),
        (
            "is:new",
            3,
            "is: takes read, unread, starred, unstarred, watched, hidden, dismissed, tagged, noted",
        ),
        ("+++", 0, "has no letters or digits"),
        ('""', 0, "empty quotes"),
    ],
)
def test_problems_have_a_message_and_a_position(text: str, start: int, fragment: str) -> None:
    query = parse(text)
    assert not query.ok
    problem = query.problems[0]
    assert fragment in problem.message
    assert problem.start == start
    assert problem.column == start + 1
    assert query.hint == f"{problem.message} (column {start + 1})"
    with pytest.raises(QueryError) as raised:
        parse_strict(text)
    assert raised.value == problem


def test_a_broken_part_is_dropped_and_the_rest_kept() -> None:
    query = parse("foo:bar diffusion date:2024-13 cat:3dgs")
    assert [t.words for t in query.terms] == [("diffusion",), ("3dgs",)]
    assert len(query.problems) == 2


def test_an_unclosed_quote_still_searches_the_phrase_so_far() -> None:
    query = parse('"neural rad')
    assert query.terms[0].words == ("neural", "rad")
    assert query.terms[0].prefix  # still being typed: "rad" may become "radiance"
    assert query.problems[0].end == len('"neural rad')


def test_parse_strict_accepts_good_queries() -> None:
    assert parse_strict("diffusion cat:3dgs").ok


@given(st.text(max_size=60))
def test_parse_never_raises(text: str) -> None:
    query = parse(text)
    for problem in query.problems:
        assert 0 <= problem.start < problem.end <= max(len(text), problem.start + 1)
        assert problem.message
    for term in query.terms:
        assert term.words and all(term.words)


@given(st.text(alphabet='ab "-:*()扩散 ', max_size=30))
def test_parse_never_raises_on_syntax_soup(text: str) -> None:
    parse(text)


# --------------------------------------------------------------------------------------------------
# Highlighting


def spans_text(text: str, query: str, field: str | None = None) -> list[str]:
    return [text[a:b] for a, b in highlight_spans(text, query, field)]


def test_a_prefix_highlights_the_whole_word() -> None:
    assert spans_text("Multimodal Diffusion-based Colorization", "diff") == ["Diffusion"]


def test_words_match_at_word_starts_only() -> None:
    text = "Fusion of Diffusion and BioFusionNet"
    assert spans_text(text, "fusion") == ["Fusion"]


def test_highlight_ignores_case_and_diacritics() -> None:
    assert spans_text("Bernhard Schölkopf", "SCHOLKOPF") == ["Schölkopf"]


def test_chinese_is_highlighted_as_a_substring() -> None:
    text = "控制颜色：基于多模态扩散的交互式图像着色"
    assert spans_text(text, "扩散") == ["扩散"]
    assert spans_text(text, "扩") == ["扩"]
    assert spans_text(text, "多模态扩散") == ["多模态扩散"]
    assert highlight_spans(text, "扩散") == [(text.index("扩散"), text.index("扩散") + 2)]


def test_phrases_highlight_their_whole_span() -> None:
    text = "A point cloud, and a cloud of points"
    assert spans_text(text, '"point cloud"') == ["point cloud"]
    assert spans_text(text, "point-cloud") == ["point cloud"]


def test_overlapping_and_touching_spans_merge() -> None:
    text = "扩散模型"
    assert highlight_spans(text, "扩散 散模") == [(0, 3)]


def test_fields_restrict_highlighting() -> None:
    query = parse("title:diffusion model -video")
    assert spans_text("Diffusion model video", query, "title") == ["Diffusion", "model"]
    assert spans_text("Diffusion model video", query, "abstract") == ["model"]
    assert spans_text("Diffusion model video", query) == ["model"]


def test_nothing_to_highlight() -> None:
    assert highlight_spans("", "diff") == []
    assert highlight_spans("text", "") == []
    assert highlight_spans("text", "is:unread code:yes") == []
    assert highlight_spans("video", "-video") == []


@given(st.text(max_size=80), st.text(alphabet="ab扩散 -\"'", max_size=12))
def test_spans_are_sorted_disjoint_and_inside(text: str, query: str) -> None:
    spans = highlight_spans(text, query)
    previous_end = -1
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start > previous_end
        previous_end = end


# --------------------------------------------------------------------------------------------------
# What one query may cost (issue 16, item 10)


def test_a_query_over_the_word_cap_keeps_its_first_words_and_says_so() -> None:
    from tui.query import MAX_QUERY_WORDS

    words = [f"w{i}" for i in range(MAX_QUERY_WORDS + 10)]
    query = parse(" ".join(words) + " code:yes")
    texts = [c for c in query.clauses if isinstance(c, TextClause)]
    assert [c.words[0] for c in texts] == words[:MAX_QUERY_WORDS]
    assert CodeClause(True) in query.clauses  # the other kinds of clauses are kept
    assert query.hint is not None and "too long" in query.hint
    assert query.hint.endswith(f"(column {len(' '.join(words[:MAX_QUERY_WORDS])) + 2})")


def test_a_long_phrase_is_cut_to_the_word_cap() -> None:
    from tui.query import MAX_QUERY_WORDS

    query = parse('"' + " ".join(["alpha"] * (MAX_QUERY_WORDS + 5)) + '"')
    (clause,) = query.clauses
    assert isinstance(clause, TextClause) and len(clause.words) == MAX_QUERY_WORDS


def test_a_pasted_page_is_cut_at_the_character_cap_and_refused_by_the_shell() -> None:
    from tui.query import MAX_QUERY_CHARS

    text = "word " * (MAX_QUERY_CHARS // 2)
    query = parse(text)
    assert query.hint is not None and f"{len(text):,} characters" in query.hint
    assert parse("word " * 10).hint is None  # an ordinary query has no hint
    with pytest.raises(QueryError, match="too long"):
        parse_strict(text)
