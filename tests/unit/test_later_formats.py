"""What the 2025-2026 formats carry, as the reader gets it (FORMAT.md §7): duplicate rows shown
once (§7.6), authors cut at 8 (` .etc.`, never an author named "etc."), the status of each row."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cache import outline_of
from tui.days import Day, merge_digests, merge_outlines
from tui.model import STATUS_NEW, STATUS_UPDATED, Paper
from tui.parser import load, parse
from tui.parser.values import split_authors

FORMATS = Path(__file__).parents[1] / "fixtures" / "formats"
LATER_SAMPLE = Path(__file__).parents[2] / "src" / "tui" / "data" / "2026-01-07.md"


def test_a_paper_listed_twice_in_one_category_is_shown_once() -> None:
    digest = load(FORMATS / "h5-2026-05-20.md")
    # The file has the [De|Re] row twice (adjacent, as in the 2026-01-07 digest of §7.6) ...
    assert [p.arxiv_id for p in digest.papers].count("2510.22222") == 2
    day = Day(digest.date, digest.categories, (digest.source,))
    # ... the day lists it once, and its counts agree.
    assert [p.arxiv_id for p in day.papers] == ["2605.07642", "2511.00001", "2510.22222"]
    assert day.paper_count == 3
    assert [(name, len(keys)) for name, keys in day.outline] == [(digest.categories[0].name, 3)]


def test_merged_days_and_their_outlines_show_a_duplicate_once() -> None:
    digest = load(FORMATS / "h5-2026-05-20.md")
    merged = merge_digests([digest, digest])
    assert [len(category.papers) for category in merged] == [3]
    outline = merge_outlines([outline_of(digest), outline_of(digest)])
    assert [len(keys) for _, keys in outline] == [3]


def test_the_2026_sample_lists_fifteen_rows_and_fourteen_papers() -> None:
    # Counted by hand in the file: 15 table rows, the Flow Matching row twice.
    digest = load(LATER_SAMPLE)
    assert digest.paper_count == 15
    day = Day(digest.date, digest.categories)
    assert day.paper_count == 14 and len({k for _, ks in day.outline for k in ks}) == 14


@pytest.mark.parametrize(
    ("cell", "authors"),
    [
        ("Zahra Shamsi, Isaac Reid .etc.", ("Zahra Shamsi", "Isaac Reid")),
        ("Zahra Shamsi, Isaac Reid, .etc.", ("Zahra Shamsi", "Isaac Reid")),
        ("Zahra Shamsi, Isaac Reid, etc.", ("Zahra Shamsi", "Isaac Reid")),
        ("Zahra Shamsi, Isaac Reid etc.", ("Zahra Shamsi", "Isaac Reid")),
    ],
)
def test_authors_cut_by_the_digest_are_never_an_author_named_etc(
    cell: str, authors: tuple[str, ...]
) -> None:
    assert split_authors(cell) == (authors, True)


def test_a_name_ending_in_etc_letters_is_a_name() -> None:
    assert split_authors("Ann Metc, Bo Xu") == (("Ann Metc", "Bo Xu"), False)
    assert split_authors("Ann Metc") == (("Ann Metc",), False)


def test_a_table_row_with_comma_etc_is_cut_in_both_parsers() -> None:
    text = (
        "## [UPDATED!] **2025-01-05** (Update Time)\n\n\n## 图像理解\n\n"
        "|状态|英文标题|中文标题|作者|PDF链接|代码链接|\n|---|---|---|---|---|---|\n"
        "|🆕 发布|A Title|标题|Ann One, Bo Two, etc.|<http://arxiv.org/pdf/2501.00001v1>|None|\n"
    )
    for fast in (True, False):
        (paper,) = parse(text, fast=fast).papers
        assert paper.authors == ("Ann One", "Bo Two")
        assert paper.extra("authors_truncated") == "yes"


def test_status_of_a_row() -> None:
    h1 = {p.arxiv_id: p for p in load(FORMATS / "h1-2025-01-05.md").papers}
    assert h1["2501.02539"].status == STATUS_NEW  # 🆕 发布
    assert h1["2412.20504"].status == STATUS_UPDATED  # 📝 更新
    assert Paper("2401.00001", "t").status == ""
    assert Paper("2401.00001", "t", extras=(("status", "?"),)).status == ""
