"""The day's view of a two-level digest (tui.reader.day_view): one list per parent after the
categories, with the children's papers one after the other; `n` walks categories, not parents.
And the session over it: a parent chosen by its index, names in the language, collapsed parents
kept across days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from tui.days import Day
from tui.library import Library
from tui.model import Category, Paper
from tui.reader.changes import Change
from tui.reader.day_view import DayView
from tui.reader.feed import LibraryFeed
from tui.reader.language import Language
from tui.reader.marks import ReadMarks, Stars
from tui.reader.session import ReaderSession
from tui.state import StateStore

A, B, C, D = (Paper(f"2601.0000{n}", f"Paper {n}") for n in range(1, 5))
DAY = Day(
    dt.date(2026, 1, 7),
    [
        Category("视觉 (Vision) / 架构 (Architectures)", (A, B)),
        Category("视觉 (Vision) / 其他 (Others)", (C,)),
        Category("生成 (Generation) / 其他 (Others)", (D,)),
    ],
)


def ids(view: DayView, index: int) -> list[str]:
    return [entry.paper.arxiv_id for entry in view.lists[index]]


def test_a_parent_lists_its_childrens_papers_after_the_categories() -> None:
    view = DayView.of(DAY)
    assert view.categories == 3
    assert view.names[4:] == ["视觉 (Vision)", "生成 (Generation)"]
    assert ids(view, 4) == ["2601.00001", "2601.00002", "2601.00003"]
    assert ids(view, 5) == ["2601.00004"]
    assert view.category_names == ["All", *(c.name for c in DAY.categories)]
    assert view.index_of("视觉 (Vision)") == 4  # a parent is remembered by its name
    read = {"2601.00001"}
    assert view.counts(4, lambda ids: sum(i in read for i in ids)) == (2, 3)  # children summed


def test_next_unread_from_a_parent_goes_on_after_its_last_child() -> None:
    view = DayView.of(DAY)
    read = {"2601.00001", "2601.00002", "2601.00003"}
    # Everything under 视觉 read: from the parent, on to 生成 / 其他 (a category, not a parent).
    assert view.next_unread(4, 2, read.__contains__) == (3, 0)
    # From a category, the parents are never stepped into.
    assert view.next_unread(3, 0, read.__contains__) == (3, 0)
    read.discard("2601.00002")
    assert view.next_unread(3, 0, read.__contains__) == (1, 1)


def test_a_one_level_day_has_no_parents() -> None:
    day = Day(dt.date(2024, 2, 16), [Category("多模态", (A,)), Category("3D/CG", (B,))])
    view = DayView.of(day)
    assert view.categories == 2 and len(view.lists) == 3


# -- the session over a two-level day ---------------------------------------------------------


@pytest.fixture
def session(isolated_dirs: object) -> Iterator[ReaderSession]:
    with StateStore() as store:
        reader = ReaderSession(ReadMarks(store), Stars(store), Language.ORIGINAL)
        older = Day(dt.date(2026, 1, 6), [Category("视觉 (Vision) / 其他 (Others)", (D,))])
        for event in LibraryFeed.of_library(Library([DAY, older])).drain():
            reader.apply(event)
        yield reader


def test_the_session_lists_a_parent_and_names_it_in_the_language(
    session: ReaderSession,
) -> None:
    assert session.category_names() == ["All", *(c.name for c in DAY.categories)]
    session.choose_category(4)  # the parent 视觉 (Vision), as the sidebar reports it
    assert [e.paper.arxiv_id for e in session.rows] == ["2601.00001", "2601.00002", "2601.00003"]
    assert session.shown_title() == "Vision"
    session.cycle_language()
    assert session.shown_title() == "视觉"
    session.choose_category(2)
    assert session.shown_title() == "视觉 / 其他"
    assert session.place() is not None and session.place().category == DAY.categories[1].name


def test_collapsed_parents_are_kept_for_the_next_day(session: ReaderSession) -> None:
    assert session.set_expanded("视觉 (Vision)", False) == Change.NONE
    assert [row.kind for row in session.category_tree().rows()] == ["all", "group", "group", "leaf"]
    session.choose_category(4)
    session.step_day(older=True)  # the day before has the same parent: still collapsed, chosen
    rows = session.category_tree().rows()
    assert [(row.kind, row.expanded) for row in rows] == [("all", True), ("group", False)]
    assert session.category == 2 and session.view.names[2] == "视觉 (Vision)"
    session.set_expanded("视觉 (Vision)", True)
    assert len(session.category_tree().rows()) == 3
