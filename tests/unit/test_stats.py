"""Stats: distinct papers per day, per category and overall; read/starred/unread; output."""

from __future__ import annotations

import datetime as dt
import json

from tui.export import ExportItem
from tui.model import Paper
from tui.stats import CategoryStats, DayStats, compute, render_text, to_json

D16, D15 = dt.date(2024, 2, 16), dt.date(2024, 2, 15)
A, B, C = Paper("2402.00001", "A"), Paper("2402.00002", "B"), Paper("2402.00003", "C")
NO_ID = Paper("", "No Id Paper")


def items() -> list[ExportItem]:
    return [
        ExportItem(D15, "多模态", A),
        ExportItem(D15, "多模态", C),
        ExportItem(D16, "多模态", A),
        ExportItem(D16, "其他", A),  # same paper, second category, same day
        ExportItem(D16, "Transformer", B),
        ExportItem(None, "Other", NO_ID),
    ]


def test_counts_distinct_papers_per_day_category_and_total() -> None:
    stats = compute(items(), read_ids={"2402.00001", "unknown"}, starred_ids={"2402.00002"})
    assert stats.days == (
        DayStats(D16, entries=3, papers=2, read=1, starred=1, unread=1),
        DayStats(D15, entries=2, papers=2, read=1, starred=0, unread=1),
        DayStats(None, entries=1, papers=1, read=0, starred=0, unread=1),
    )
    assert stats.categories == (
        CategoryStats("多模态", entries=3, papers=2, read=1, starred=0, unread=1, days=2),
        CategoryStats("Other", entries=1, papers=1, read=0, starred=0, unread=1, days=1),
        CategoryStats("Transformer", entries=1, papers=1, read=0, starred=1, unread=1, days=1),
        CategoryStats("其他", entries=1, papers=1, read=1, starred=0, unread=0, days=1),
    )
    # Totals are distinct papers overall: A on two days counts once; "unknown" is ignored.
    assert (stats.entries, stats.papers, stats.read, stats.starred, stats.unread) == (6, 4, 1, 1, 3)
    assert stats.unread_days == (D16, D15, None)


def test_flags_on_items_are_used_without_id_sets() -> None:
    flagged = [
        ExportItem(D16, "X", A, read=True, starred=True),
        ExportItem(D16, "Y", A, read=True),
        ExportItem(D15, "X", B, read=True),
    ]
    stats = compute(flagged)
    assert [(d.day, d.read, d.starred, d.unread) for d in stats.days] == [
        (D16, 1, 1, 0),
        (D15, 1, 0, 0),
    ]
    assert stats.unread_days == ()
    # Explicit sets win over the flags.
    assert compute(flagged, read_ids=set(), starred_ids=set()).unread_days == (D16, D15)


def test_render_text_aligns_columns_with_chinese_names() -> None:
    text = render_text(compute(items(), read_ids={"2402.00001"}, starred_ids={"2402.00002"}))
    lines = text.splitlines()
    assert lines[0] == "Day         Papers  Entries  Read  Starred  Unread"
    assert lines[1] == "2024-02-16       2        3     1        1       1"
    assert lines[3] == "undated          1        1     0        0       1"
    assert lines[4] == "total            4        6     1        1       3"
    cat_header = lines.index("Category     Papers  Entries  Read  Starred  Unread  Days")
    # 多模态 is six terminal cells wide: its numbers line up with the ASCII rows.
    assert lines[cat_header + 1] == "多模态            2        3     1        0       1     2"
    assert lines[cat_header + 4] == "其他              1        1     1        0       0     1"
    assert lines[-1] == "Days with unread papers (3): 2024-02-16, 2024-02-15, undated"


def test_render_text_strips_control_characters_and_handles_empty() -> None:
    evil = [ExportItem(D16, "bad\x1b[31mname\u202e", A)]
    text = render_text(compute(evil, read_ids={"2402.00001"}))
    assert "\x1b" not in text and "\u202e" not in text
    assert "bad [31mname" in text
    assert text.endswith("Days with unread papers: none\n")
    assert render_text(compute([])) == "No papers.\n"


def test_to_json_for_scripts() -> None:
    data = json.loads(to_json(compute(items(), read_ids={"2402.00001"})))
    assert data["totals"] == {
        "days": 3,
        "entries": 6,
        "papers": 4,
        "read": 1,
        "starred": 0,
        "unread": 3,
        "with_abstract": 0,
        "abstract_from_arxiv": 0,
        "without_abstract": 4,
    }
    assert data["days"][0] == {
        "date": "2024-02-16",
        "entries": 3,
        "papers": 2,
        "read": 1,
        "starred": 0,
        "unread": 1,
    }
    assert data["days"][2]["date"] is None
    assert data["categories"][0] == {
        "name": "多模态",
        "entries": 3,
        "papers": 2,
        "read": 1,
        "starred": 0,
        "unread": 1,
        "days": 2,
    }
    assert data["unread_days"] == ["2024-02-16", "2024-02-15", None]
    assert json.loads(to_json(compute([])))["totals"]["papers"] == 0
