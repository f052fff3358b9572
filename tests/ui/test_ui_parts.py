"""The screen's pure helpers on their own: the shelf of days, file names for exports, the
next-unread walk, and turning search hits into rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from library_fixture import DATES

from tui.library import Day, LibraryEntry, open_library
from tui.model import Category, Paper
from tui.reader.day_view import DayView, next_unread_in
from tui.reader.library_index import build_index
from tui.reader.search_source import SearchSource
from tui.reader.shelf import Shelf
from tui.reader.views import file_stem


def day(date: dt.date, *ids: str) -> Day:
    papers = tuple(Paper(arxiv_id=aid, title=f"Paper {aid}") for aid in ids)
    return Day(date, (Category("C", papers),), ())


def test_the_shelf_keeps_days_newest_first_and_steps_between_them() -> None:
    d1, d2, d3 = dt.date(2024, 2, 1), dt.date(2024, 2, 14), dt.date(2024, 2, 16)
    shelf = Shelf([day(d2, "a"), day(d3, "b")])
    assert [d.date for d in shelf.days] == [d3, d2]
    assert not shelf.reaches(d1)  # the oldest known is newer: the remembered day may come
    assert shelf.add(day(d1, "c")) is False
    assert shelf.reaches(d1)
    assert shelf.add(day(d2, "a", "z")) is True  # another file of the same date
    assert shelf.day(d2).paper_count == 2
    assert [d.date for d in shelf.days] == [d3, d2, d1]
    assert shelf.older(d3).date == d2 and shelf.older(d1) is None
    assert shelf.newer(d1).date == d2 and shelf.newer(d3) is None
    assert shelf.older(dt.date(2024, 2, 10)).date == d1  # between two days
    assert shelf.nearest(dt.date(2024, 2, 15)).date == d2
    assert shelf.nearest(dt.date(2023, 1, 1)).date == d1
    assert shelf.nearest(None).date == d3
    assert shelf.position(d2) == 1 and shelf.position(dt.date(2024, 2, 15)) is None


def test_export_file_names_keep_words_and_drop_the_rest() -> None:
    assert file_stem("2024-02-16", "多模态") == "arxiv-2024-02-16-多模态"
    assert (
        file_stem("2024-02-16", "分类/检测/识别/分割/...") == "arxiv-2024-02-16-分类-检测-识别-分割"
    )
    assert file_stem("search", 'author:"Hinton" -x') == "arxiv-search-author-Hinton-x"
    assert file_stem("", "../..") == "arxiv-export"
    assert "/" not in file_stem("a/b", "c\\d") and "\\" not in file_stem("a/b", "c\\d")


def test_next_unread_goes_down_then_through_the_next_categories() -> None:
    papers = [Paper(arxiv_id=f"2402.0000{i}", title=f"P{i}") for i in range(5)]
    date = dt.date(2024, 2, 16)
    view = DayView.of(
        Day(date, (Category("A", tuple(papers[:2])), Category("B", tuple(papers[2:]))), ())
    )
    read = {papers[1].arxiv_id, papers[2].arxiv_id}
    is_read = read.__contains__
    assert view.next_unread(1, 0, is_read) == (2, 1)  # A is done after row 0: on to B's row 1
    assert view.next_unread(2, 2, is_read) == (1, 0)  # wraps to the first category
    assert view.next_unread(0, 4, is_read) == (0, 0)  # "All" wraps to its top
    entries = [LibraryEntry(date, "A", p) for p in papers]
    assert next_unread_in(entries, 0, is_read) == 3
    assert next_unread_in(entries, 4, lambda aid: True) is None


def test_search_hits_become_rows_of_this_library_each_paper_once(days) -> None:
    library = open_library([days.folder])
    index = build_index(library)
    source = SearchSource.in_memory(index)
    try:
        found = source.run(f"id:{days.shared_id}")
        assert len(found.entries) == 1  # listed 4 times on 3 days: shown once
        assert found.entries[0].date == DATES[0]  # at its newest listing
        assert source.run("cat:Transformer").entries[0].category == "Transformer"
        bad = source.run("date:2024-13")
        assert bad.hint and not bad.failed
    finally:
        source.close()
    assert source.run("anything").failed  # closed: says so instead of raising


def test_the_all_days_index_lists_each_paper_once_newest_first(days) -> None:
    library = open_library([days.folder])
    index = build_index(library)
    ids = [e.paper.arxiv_id for e in index.entries]
    assert len(ids) == len(set(ids)) == 42
    assert [e.date for e in index.entries] == sorted((e.date for e in index.entries), reverse=True)
    assert index.listing(DATES[1], "Transformer", days.shared_id).category == "Transformer"
    assert index.listing(DATES[1], "gone", days.shared_id).category == "多模态"
    assert Path(library.days[0].sources[0]).name == "2024-02-16.md"


def test_a_query_made_stale_by_a_newer_key_press_is_skipped(days) -> None:
    """A burst of keys queued one query per key behind the search's lock (issue 15): a stale
    one is not run when its turn comes, and its job gives no answer."""
    from tui.reader import jobs

    library = open_library([days.folder])
    source = SearchSource.in_memory(build_index(library))
    try:
        assert source.run(f"id:{days.shared_id}", wanted=lambda: False).skipped
        assert len(source.run(f"id:{days.shared_id}", wanted=lambda: True).entries) == 1
        current = 2
        stale, latest = (
            jobs.run_query(
                source,
                generation,
                f"id:{days.shared_id}",
                read_ids=(),
                starred_ids=(),
                unread_only=False,
                starred_only=False,
                is_current=lambda g: g == current,
            )
            for generation in (1, 2)
        )
        assert stale.run(lambda: False) is None
        answered = latest.run(lambda: False)
        assert answered is not None and len(answered.found.entries) == 1
    finally:
        source.close()
