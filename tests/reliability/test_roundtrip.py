"""Round trip: the writer renders a digest in the detailed format and the parser gives it back.

parse(render(d)) == d for every digest in the writer's normal form (tui.writer), generated from
hostile tokens; and for every digest the parser reads from the fixtures and the real corpus.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from checks import parse_or_error
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import FORMATS, ROOT, TOKENS, normal_digests, papers

from tui.model import Category, Digest, Paper
from tui.parser import load, parse
from tui.writer import paper_problems, problems, render, render_paper

CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLES = 200


def without_lines(digest: Digest) -> tuple[Category, ...]:
    """The categories with each paper's source line cleared: the writer decides lines."""
    return tuple(
        Category(c.name, tuple(p._replace(line=0) for p in c.papers)) for c in digest.categories
    )


def assert_round_trip(digest: Digest) -> None:
    text = render(digest)
    back = parse(text, source=digest.source)
    assert back.warnings == ()
    assert back.date == digest.date
    assert back.format == digest.format
    assert without_lines(back) == without_lines(digest)
    rows = text.split("\n")
    for paper in back.papers:  # each entry's line is its `>>**index:**` line
        assert rows[paper.line - 1].startswith(">>**index:** ")
    assert render(back) == text


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(normal_digests())
def test_parse_of_render_gives_the_digest_back(digest: Digest) -> None:
    assert problems(digest) == []
    assert_round_trip(digest)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers())
def test_one_paper_with_any_extras_round_trips(paper: Paper) -> None:
    digest = Digest(None, "<paper>", (Category("C", (paper,)),), "detailed")
    assert_round_trip(digest)


_ANY_TEXT = st.text(max_size=30) | st.sampled_from(TOKENS)
any_papers = st.builds(
    Paper,
    arxiv_id=_ANY_TEXT,
    title=_ANY_TEXT,
    version=st.none() | st.integers(-(10**9), 10**9),
    title_cn=_ANY_TEXT,
    authors=st.lists(_ANY_TEXT, max_size=3).map(tuple),
    abstract=_ANY_TEXT,
    abstract_cn=_ANY_TEXT,
    pdf_url=_ANY_TEXT,
    abs_url=_ANY_TEXT,
    code_url=_ANY_TEXT,
    extras=st.lists(st.tuples(_ANY_TEXT, _ANY_TEXT), max_size=3).map(tuple),
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_ANY_TEXT, st.lists(any_papers, max_size=3)), max_size=3))
def test_render_of_any_model_never_raises_and_parses(raw: list) -> None:
    """Outside the normal form nothing is promised but this: it renders, and parse copes."""
    categories = tuple(Category(name, tuple(papers)) for name, papers in raw)
    parse_or_error(render(Digest(None, "<any>", categories, "table")), source="<any>")


def _readable(path: Path) -> Digest:
    digest = load(path)
    return dataclasses.replace(
        digest, format="detailed" if digest.categories else "empty", encoding="utf-8"
    )


def test_every_dialect_fixture_round_trips_through_the_detailed_format() -> None:
    paths = [*sorted(FORMATS.glob("*-*.md")), ROOT / "src" / "tui" / "data" / "2024-02-16.md"]
    assert len(paths) >= 14
    for path in paths:
        digest = _readable(path)
        assert problems(digest) == [], path
        assert_round_trip(digest)


def test_the_whole_corpus_round_trips() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    paths = sorted(p for p in CORPUS.rglob("*.md") if p.name[:4].isdigit())
    count = 0
    for path in paths:
        digest = _readable(path)
        assert problems(digest) == [], path
        assert_round_trip(digest)
        count += digest.paper_count
    assert count > 50_000


def test_the_rendered_sample_is_the_sample_byte_for_byte() -> None:
    sample = ROOT / "src" / "tui" / "data" / "2024-02-16.md"
    assert render(load(sample)) == sample.read_text(encoding="utf-8")


def test_escapes_that_the_format_needs() -> None:
    paper = Paper(
        "2401.00001",
        "**Bold** & <br /> <BR> &amp; kept",
        1,
        title_cn="**整体加粗**",
        authors=("A &amp; B", "Kim Chet al"),
        abstract="x &lt; y </details> <br />",
        pdf_url="https://arxiv.org/pdf/2401.00001v1",
        abs_url="https://arxiv.org/abs/2401.00001v1",
        code_url="https://x.org/?a=1&b=2",
        extras=(("Note", "<details>x"), ("contribution", "https://y.org first\n- second")),
    )
    assert paper_problems(paper) == []
    lines = render_paper(paper)
    assert lines[1] == "**Title:** ****Bold** & &lt;br /> &lt;BR> &amp;amp; kept**<br />"
    assert "**Title_cn:** &#42;*整体加粗**<br />" in lines
    assert "**Authors:** A &amp;amp; B, Kim Chet al,<br />" in lines  # the comma stops the cut
    assert "**Note:** &lt;details>x<br />" in lines
    assert_round_trip(Digest(None, "<x>", (Category("C", (paper,)),), "detailed"))


def test_extras_keep_their_order_whatever_it_is() -> None:
    extras = (
        ("contribution", "one"),
        ("authors_truncated", "yes"),
        ("translation", "failed"),
        ("date", "2024-01-01"),
        ("contribution", "two\nlines"),
        ("translation", "maybe"),
        ("authors_truncated", "yes"),
    )
    paper = Paper(
        "2401.00002",
        "T",
        None,
        title_cn="中文",
        authors=("A",),
        pdf_url="https://arxiv.org/pdf/2401.00002",
        abs_url="https://arxiv.org/abs/2401.00002",
        extras=extras,
    )
    assert paper_problems(paper) == []
    assert_round_trip(Digest(None, "<x>", (Category("C", (paper,)),), "detailed"))


def test_problems_names_what_cannot_be_written() -> None:
    paper = Paper("not-an-id", "two  spaces", 0, title_cn="：lead", extras=(("Title", "x"),))
    digest = Digest(None, "<x>", (Category("updated", (paper,)), Category("E", ())), "table")
    found = "\n".join(problems(digest))
    for part in (
        "format 'table'",
        "'updated' reads as the date header",
        "no papers",
        "title is empty or not a line",
        "title_cn",
        "arxiv_id",
        "version",
        "pdf_url",
        "extra 'Title'",
    ):
        assert part in found
