"""The parser's fast shapes (tui/parser/fast.py) read exactly what the line reader reads.

parse(text) tries one regex per usual row or entry and falls back to the line-by-line reader;
parse(text, fast=False) reads every line. For real digests, every dialect fixture, mutated
digests and token soup, both give equal digests, warnings included. And the fast shapes do read
the usual dialects, so that these comparisons compare something.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from checks import hang_guard
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from strategies import FORMATS, TOKENS, hostile_texts, mutated_digests

from tui.parser import DigestError, parse
from tui.parser import fast as fast_module
from tui.parser.decode import decode

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLE = ROOT / "src" / "tui" / "data" / "2024-02-16.md"
SETTINGS = settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def assert_same(text: str, source: str = "<fuzz>") -> None:
    with hang_guard():
        try:
            fast = parse(text, source)
        except DigestError as error:
            with pytest.raises(DigestError) as slow_error:
                parse(text, source, fast=False)
            assert str(slow_error.value) == str(error)
            return
        slow = parse(text, source, fast=False)
    assert fast == slow
    assert fast.warnings == slow.warnings


@pytest.fixture
def fast_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """How many papers each kind of fast shape read (the shapes still do the reading)."""
    counts: Counter[str] = Counter()
    for shape in (fast_module.RowShape, fast_module.EntryShape):
        read = shape.read

        def counted(self, *args, read=read, name=shape.__name__):  # type: ignore[no-untyped-def]
            found = read(self, *args)
            counts[name] += found is not None
            return found

        monkeypatch.setattr(shape, "read", counted)
    yield counts


def test_every_dialect_fixture_reads_the_same_both_ways() -> None:
    paths = [*sorted(FORMATS.glob("*.md")), SAMPLE]
    assert len(paths) >= 16
    for path in paths:
        assert_same(decode(path.read_bytes())[0], str(path))


@pytest.mark.parametrize(
    ("path", "shape"),
    [(FORMATS / f"{name}.md", "EntryShape") for name in ("d1-2024-01-04", "d3-2024-01-11")]
    + [(FORMATS / "d4-2024-06-01.md", "EntryShape"), (SAMPLE, "EntryShape")]
    + [(FORMATS / f"{name}.md", "RowShape") for name in ("t1-2024-01-01", "t2-2024-02-01")]
    + [(FORMATS / f"{name}.md", "RowShape") for name in ("t4-2024-12-19", "h1-2025-01-05")],
    ids=lambda value: getattr(value, "stem", value),
)
def test_the_fast_shapes_read_the_usual_dialects(
    fast_reads: Counter[str], path: Path, shape: str
) -> None:
    """The dialect fixtures are mostly odd cases; the sample is a real day (37 of 39 papers)."""
    digest = parse(path.read_text(encoding="utf-8"), path.name)
    least = 0.9 * digest.paper_count if path == SAMPLE else 1
    assert fast_reads[shape] >= least, (fast_reads, digest.paper_count)


def test_a_fast_read_paper_keeps_its_line_and_the_unusual_one_falls_back(
    fast_reads: Counter[str],
) -> None:
    table = (
        "## Cat\n\n|Publish Date|Title|Authors|PDF|Code|\n|---|---|---|---|---|\n"
        "|**2024-01-03**|**A  Title**|A, B|<http://arxiv.org/abs/2401.01219v2>|null|\n"
        "|**2024-01-03**|**H&amp;E <br> x**|A|<http://arxiv.org/abs/2401.01220v1>|null|\n"
        "|**2024-01-03**|** Spaced **|A et al.|[2401.01221](http://arxiv.org/abs/2401.01221)|"
        "**[link](https://github.com/a/b.)**|\n"
    )
    digest = parse(table)
    first, second, third = digest.papers
    assert (first.title, first.authors, first.line, first.version) == ("A Title", ("A", "B"), 5, 2)
    assert first.extras == (("date", "2024-01-03"),)
    assert (second.title, second.line) == ("H&E x", 6)
    assert (third.title, third.authors, third.code_url) == (
        "Spaced",
        ("A",),
        "https://github.com/a/b",
    )
    assert third.extras == (("date", "2024-01-03"), ("authors_truncated", "yes"))
    assert fast_reads["RowShape"] == 1  # the first row; the other two needed the line reader
    assert_same(table)


@pytest.mark.skipif(not (CORPUS / "expected.jsonl").is_file(), reason=f"no corpus at {CORPUS}")
def test_the_whole_corpus_reads_the_same_both_ways(fast_reads: Counter[str]) -> None:
    files = sorted(p for p in CORPUS.rglob("*.md") if p.name != "SOURCE.md")
    papers = 0
    for path in files:
        text = decode(path.read_bytes())[0]
        assert_same(text, str(path))
        papers += parse(text, str(path)).paper_count
    assert len(files) >= 676
    # Twice each: once compared, once counted. Nearly every paper takes the fast path.
    assert sum(fast_reads.values()) >= 2 * 0.98 * papers


@SETTINGS
@given(mutated_digests())
@example("")
@example(">>**index:** 1<br />\n**Title:** **x**<br />\n**Authors:** a<br />\n")
def test_mutated_digests_read_the_same_both_ways(text: str) -> None:
    assert_same(text, "digests/2024-02-16.md")


@settings(SETTINGS, max_examples=300)
@given(hostile_texts())
def test_hostile_texts_read_the_same_both_ways(text: str) -> None:
    assert_same(text)


ENTRY = (
    ">>**index:** 1<br />\n**Title:** **{0}**<br />\n**Title_cn:** {0}<br />\n"
    "**Authors:** {0}, B<br />\n**Abstract:** <details><summary>原文: </summary>{0}</details>\n"
    "**Abstract_cn:** <details><summary>译文: </summary>{0}</details>\n"
    "**PDF:** <http://arxiv.org/pdf/2401.00001v1><br />\n**Code:** {0}<br />\n"
)
ROWS = (
    "|状态|英文标题|中文标题|作者|PDF链接|代码链接|\n|---|---|---|---|---|---|\n"
    "|{0}|{0}|{0}|{0}|<http://arxiv.org/pdf/2401.00001v1>|{0}|\n"
    "{0}|**{0}**|{0}|A, {0}|[PDF](https://arxiv.org/pdf/2401.00002)|<https://x.org/{0}>\n"
)


@settings(SETTINGS, max_examples=400)
@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=8).map("".join))
def test_token_soup_in_every_field_reads_the_same_both_ways(soup: str) -> None:
    ok = "L-MAGIC：语言模型"
    for template in (ENTRY, ROWS):
        text = "## [UPDATED!] **2024-06-01**\n\n## Cat\n\n" + template.format(ok)
        text += template.format(soup) + template.format(ok)
        assert_same(text)


HEADERS = [
    "|Publish Date|Title|Authors|PDF|Code|",
    "|Publish Date|Title|Title_CN|Authors|PDF|Code|",
    "|发布日期|英文标题|中文标题|作者|PDF链接|代码链接|",
    "|状态|英文标题|中文标题|作者|PDF链接|代码/贡献|",
    "Title|PDF|Authors",
]
# fmt: off
CELLS = [
    "", " ", "M", "**M**", "** M **", "*M*", "**M", "M  N", "*", "**", "****", "\u3000M", "：M",
    "null", "None", "无", "NULL", "2024-01-03", "**2024-01-03**", " 2024-01-03 ", "🆕 发布",
    "A, B", "A,B", "A, , B", "A et al.", "A .etc.", "<http://arxiv.org/pdf/2401.00001v1>",
    "[2401.00002v2](http://arxiv.org/abs/2401.00002v2)", "[PDF](https://arxiv.org/pdf/2401.00003)",
    "**[link](https://github.com/a/b)**", "<https://x.org/a.>**", "[代码](https://x.org/a); 问题",
    "[[代码]](<https://x.org/b>)<br />- 方法", "- a<br />- b", "a<br>b", "H&amp;E", "\\|", "\\",
    "\t", "[翻译失败] M", "<Creative>",
]
# fmt: on


@st.composite
def tables(draw: st.DrawFn) -> str:
    """A real header with rows of any cells, pipes at the ends or not, spaces around."""
    rows = [draw(st.sampled_from(HEADERS)), "|---|---|---|---|---|---|"]
    for _ in range(draw(st.integers(1, 6))):
        cells = draw(st.lists(st.sampled_from(CELLS) | st.text(max_size=4), max_size=8))
        row = "|".join(cells)
        row = draw(st.sampled_from(["", "|", " |", "| "])) + row
        rows.append(row + draw(st.sampled_from(["", "|", "| ", " ", "||"])))
    return "## C\n\n" + "\n".join(rows) + draw(st.sampled_from(["", "\n", "\n\n## D\n"]))


@settings(SETTINGS, max_examples=600)
@given(tables())
@example(
    "## C\n\n|状态|英文标题|中文标题|作者|PDF链接|代码/贡献|\n--\n||M|||<http://arxiv.org/pdf/0103.0000v5>|"
)
def test_any_table_row_reads_the_same_both_ways(text: str) -> None:
    assert_same(text)
