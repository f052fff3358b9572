"""The reader's decisions, without Textual: a ReaderSession fed the same events the app gets.

Days are built in memory (three small days with known papers); marks live in a real state store
in the test's XDG data folder. Every expected answer below is worked out by hand from these days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from tui.days import Day
from tui.library import (
    DayLoaded,
    Discovered,
    Finished,
    Library,
    SearchIndexed,
    SearchIndexing,
)
from tui.model import Category, Paper
from tui.query import parse
from tui.reader.changes import Change
from tui.reader.events import LoadFailed, SearchAnswered
from tui.reader.feed import LibraryFeed
from tui.reader.language import Language
from tui.reader.marks import ReadMarks, Stars
from tui.reader.place import Place, library_key
from tui.reader.search_source import Found
from tui.reader.session import ReaderSession
from tui.reader.triage_marks import TriageMarks
from tui.reader.views import Question
from tui.state import StateStore

D16, D15, D14 = dt.date(2024, 2, 16), dt.date(2024, 2, 15), dt.date(2024, 2, 14)


def paper(aid: str, title: str = "") -> Paper:
    return Paper(arxiv_id=aid, title=title or f"Paper {aid}", authors=("Ann Author",))


# 2024-02-16: 多模态 (a, b), 3D (c, a again: listed twice), 其他 (d, and one without an id)
NO_ID = Paper(arxiv_id="", title="An entry without an id")
DAY16 = Day(
    D16,
    [
        Category("多模态", (paper("2402.00001"), paper("2402.00002"))),
        Category("3D", (paper("2402.00003"), paper("2402.00001"))),
        Category("其他", (paper("2402.00004"), NO_ID)),
    ],
)
DAY15 = Day(
    D15, [Category("多模态", (paper("2402.00011"),)), Category("其他", (paper("2402.00012"),))]
)
DAY14 = Day(D14, [Category("3D", (paper("2402.00021"),))])
LIBRARY = Library([DAY16, DAY15, DAY14])


@pytest.fixture
def store(isolated_dirs: object) -> Iterator[StateStore]:
    with StateStore() as store:
        yield store


def new_session(store: StateStore, place: Place | None = None) -> ReaderSession:
    return ReaderSession(
        ReadMarks(store),
        Stars(store),
        Language.ORIGINAL,
        place=place,
        triage=TriageMarks(store),
    )


def fed(store: StateStore, library: Library = LIBRARY, **kwargs: object) -> ReaderSession:
    """A session that took every event of a ready library (as the screen's first drain does)."""
    session = new_session(store, **kwargs)  # type: ignore[arg-type]
    for event in LibraryFeed.of_library(library).drain():
        session.apply(event)
    return session


def ids(session: ReaderSession) -> list[str]:
    return [entry.paper.arxiv_id for entry in session.rows]


def test_the_newest_day_opens_with_all_of_it_once(store: StateStore) -> None:
    session = fed(store)
    assert session.day is not None and session.day.date == D16
    assert session.category_names() == ["All", "多模态", "3D", "其他"]
    # "All" lists each paper once (2402.00001 is in two categories), the id-less entry too.
    assert ids(session) == ["2402.00001", "2402.00002", "2402.00003", "2402.00004", ""]
    assert session.count(0) == (4, 5)  # the entry without an id can never be unread
    assert session.header().papers == 5 and session.header().unread == 4
    assert session.header().day_number == 1 and session.header().day_count == 3


def test_events_say_what_changed_and_progress_follows_the_loader(store: StateStore) -> None:
    session = new_session(store)
    assert session.apply(Discovered(3)) == Change.HEADER
    assert session.progress == "reading 0/3 files"
    change = session.apply(DayLoaded(DAY16, 1, 3))
    assert change & Change.SIDEBAR and change & Change.ROWS  # the first day is shown at once
    assert session.progress == "reading 1/3 files" and session.loading
    change = session.apply(DayLoaded(DAY15, 2, 3))
    assert not change & Change.ROWS  # an older day does not move the reader
    change = session.apply(Finished(LIBRARY))
    assert change & Change.JOBS and not session.loading
    assert [job.group for job in session.take_jobs()] == ["prepare"]
    assert session.apply(SearchIndexing(20_000, 300_000)) == Change.HEADER  # from the child
    assert session.progress == "indexing for search 20,000/300,000"
    assert session.apply(SearchIndexed(None)) & Change.HEADER
    assert not session.jobs  # search waits for the "All days" index as well


def test_a_second_file_of_the_shown_date_reshows_it_on_the_same_paper(store: StateStore) -> None:
    session = new_session(store)
    session.apply(DayLoaded(DAY16, 1, 2))
    session.choose_category(2)  # 3D
    session.highlight(1)  # 2402.00001 in 3D
    merged = Day(D16, [*DAY16.categories, Category("新", (paper("2402.00099"),))])
    change = session.apply(DayLoaded(merged, 2, 2))
    assert change & Change.SIDEBAR and change & Change.ROWS
    assert session.category_names()[-1] == "新"
    assert session.view.names[session.category] == "3D"
    assert session.current_paper == paper("2402.00001")


def test_the_remembered_place_is_restored_when_its_day_arrives(store: StateStore) -> None:
    place = Place(D15, "其他", "2402.00012")
    session = new_session(store, place=place)
    session.apply(DayLoaded(DAY16, 1, 3))
    assert session.day is None  # the newest day is not the remembered one: wait for it
    session.apply(DayLoaded(DAY15, 2, 3))
    assert session.day is not None and session.day.date == D15
    assert session.title == "其他" and session.current_paper == paper("2402.00012")
    assert session.unsaved_place() is None  # nothing moved yet: nothing to write
    session.step_day(older=False)
    assert session.unsaved_place() == Place(D16, "其他", "2402.00004")


def test_a_gone_day_opens_the_closest_older_one_and_says_how_many_are_newer(
    store: StateStore,
) -> None:
    session = fed(store, place=Place(dt.date(2024, 2, 14), None, None))
    assert session.day is not None and session.day.date == D14
    news = [n for n in session.take_notices() if n.title == "New digests"]
    assert news and news[0].message.startswith("2 newer days")


def test_brackets_step_days_keeping_the_category_and_stop_at_the_ends(store: StateStore) -> None:
    session = fed(store)
    session.choose_category(1)  # 多模态
    session.step_day(older=True)
    assert session.day is not None and session.day.date == D15 and session.title == "多模态"
    session.step_day(older=True)
    assert session.day.date == D14 and session.category == 0  # 2024-02-14 has no 多模态
    assert session.step_day(older=True) == Change.NOTICES
    assert session.take_notices()[0].message == "This is the oldest day."
    session.step_day(older=False)
    session.step_day(older=False)
    assert session.step_day(older=False) == Change.NOTICES
    assert session.take_notices()[0].message == "This is the newest day."


def test_marking_read_counts_everywhere_and_survives_a_new_session(store: StateStore) -> None:
    session = fed(store)
    session.highlight(0)  # 2402.00001, listed in 多模态 and 3D
    change = session.toggle_read()
    assert change & Change.MARKS and change & Change.COUNTS and change & Change.HEADER
    assert session.count(0) == (3, 5)
    assert session.count(1) == (1, 2) and session.count(2) == (1, 2)
    assert store.read_ids() == {"2402.00001"}
    again = fed(store)
    assert again.marks.is_read("2402.00001") and again.count(0) == (3, 5)


def test_an_entry_without_an_id_cannot_be_marked_and_says_why(store: StateStore) -> None:
    session = fed(store)
    session.highlight(4)
    assert session.current_paper == NO_ID
    assert session.toggle_read() == Change.NOTICES
    assert "no arXiv id" in session.take_notices()[0].message
    assert session.toggle_star() == Change.NOTICES
    assert store.read_ids() == set() and store.starred_ids() == set()


def test_next_unread_goes_down_then_through_the_next_categories(store: StateStore) -> None:
    session = fed(store)
    session.choose_category(1)  # 多模态: 00001, 00002
    store_marks = session.marks
    store_marks.set(["2402.00001", "2402.00002", "2402.00003"], True)
    session.highlight(0)
    change = session.next_unread()
    # 00002 is read; 3D has 00003 and 00001, both read: on to 其他's 00004.
    assert change & Change.SIDEBAR and session.title == "其他"
    assert session.current_paper == paper("2402.00004")
    store_marks.set(["2402.00001", "2402.00004"], True)
    assert session.next_unread() == Change.NOTICES
    assert session.take_notices()[0].message == "No unread papers left in this list."


def test_filters_apply_to_the_list_and_say_why_it_is_empty(store: StateStore) -> None:
    session = fed(store)
    session.marks.set(["2402.00001", "2402.00002", "2402.00003", "2402.00004"], True)
    session.toggle_unread_only()
    assert ids(session) == [] and session.filters == ("unread only",)
    assert session.empty_message().startswith("No paper in this list passes the filter")
    session.toggle_unread_only()
    session.highlight(2)
    session.toggle_star()
    session.toggle_starred_only()
    assert ids(session) == ["2402.00003"]


def test_mark_the_list_read_asks_first_with_the_count(store: StateStore) -> None:
    session = fed(store)
    session.choose_category(2)  # 3D: 00003, 00001
    session.marks.set(["2402.00003"], True)
    asked = session.question_mark_list_read()
    assert asked == Question(1, "3D", ("2402.00001",))
    session.mark_read(asked)
    assert store.read_ids() == {"2402.00001", "2402.00003"}
    assert session.question_mark_list_read() == Change.NOTICES


def test_all_days_lists_every_paper_once_when_the_index_is_ready(store: StateStore) -> None:
    session = fed(store)
    change = session.toggle_all_days()
    assert change & Change.SIDEBAR and session.category_names()[0] == "All days"
    assert ids(session) == [] and "Gathering" in session.empty_message()
    (job,) = session.take_jobs()
    session.apply(job.run(lambda: False))  # IndexReady, as the worker would hand it back
    expected = ["2402.00001", "2402.00002", "2402.00003", "2402.00004", ""]
    assert ids(session) == [*expected, "2402.00011", "2402.00012", "2402.00021"]
    assert session.count(0) == (7, 8) and session.context


def run_jobs(session: ReaderSession) -> None:
    """Run the jobs the session asked for, handing their events back (as the screen does)."""
    while session.jobs:
        for job in session.take_jobs():
            event = job.run(lambda: False)
            if event is not None:
                session.apply(event)


def test_search_runs_over_the_library_when_ready(store: StateStore) -> None:
    session = fed(store)
    session.search_changed("00003")  # no search source yet: the hint says it is being prepared
    assert session.hint().waiting and ids(session) == []
    run_jobs(session)  # the index, the search, then the query typed meanwhile
    assert session.ready and ids(session) == ["2402.00003"]
    session.search_changed("id:2402.00012")
    run_jobs(session)
    assert ids(session) == ["2402.00012"] and session.context


def test_search_answers_of_older_key_presses_are_dropped(store: StateStore) -> None:
    session = fed(store)
    run_jobs(session)
    session.highlight(1)
    session.begin_search()
    session.search_changed("pap")
    generation = session.search.generation
    session.search_changed("paper")
    session.take_jobs()  # (answers are made by hand below)
    stale = Found(parse("pap"), [session.view.lists[0][0]])
    assert session.apply(SearchAnswered(generation, stale)) == Change.NONE
    current = Found(parse("paper"), list(session.view.lists[1]))
    change = session.apply(SearchAnswered(session.search.generation, current))
    assert change & Change.ROWS and ids(session) == ["2402.00001", "2402.00002"]
    assert session.hint().count == 2 and session.title == "Search: paper"
    change = session.close_search()
    assert change & Change.SEARCH_BOX and session.search.text is None
    assert session.current_paper == paper("2402.00002")  # back where the search began


def test_moving_to_another_category_closes_the_search_quietly(store: StateStore) -> None:
    session = fed(store)
    session.search_changed("x")
    change = session.choose_category(1)
    assert change & Change.SEARCH_BOX and session.search.text is None and session.title == "多模态"


def test_selection_is_kept_across_days_and_moves_the_cursor_down(store: StateStore) -> None:
    session = fed(store)
    session.highlight(0)
    change = session.toggle_selected()
    assert change & Change.CURSOR and session.cursor == 1
    session.step_day(older=True)
    session.toggle_selected()  # 2402.00011
    assert [e.paper.arxiv_id for e in session.selection.values()] == ["2402.00001", "2402.00011"]
    session.clear_selection()
    assert not session.selection and "Unselected 2 papers." in session.take_notices()[-1].message


def test_links_refuse_unsafe_urls_and_derive_missing_ones(store: StateStore) -> None:
    unsafe = Paper(
        arxiv_id="2402.00031", title="t", version=2, pdf_url="javascript:alert(1)", abs_url=""
    )
    library = Library([Day(D16, [Category("c", (unsafe,))])])
    session = fed(store, library)
    assert session.link("pdf") is None
    assert session.take_notices()[0].title == "Unsafe link"
    assert session.link("abs") == ("https://arxiv.org/abs/2402.00031", "abs page")
    assert session.link("code") is None
    assert "no code link" in session.take_notices()[0].message


def test_a_failed_load_is_said_once_and_search_stops_waiting(store: StateStore) -> None:
    session = new_session(store)
    change = session.apply(LoadFailed("Reading the library stopped: OSError: boom"))
    assert change & Change.NOTICES and session.progress is None
    assert session.search.problem == "Search is unavailable."
    assert session.empty_message() == "No digest to show."


def test_places_are_kept_per_library() -> None:
    assert library_key(["/a/b"]) == library_key(["/a/b/"]) == library_key(["/a/../a/b"])
    assert library_key(["/a", "/b"]) == library_key(["/b", "/a"])
    assert library_key(["/a/b"]) != library_key(["/a/b/2024-02-16.md"])
    assert Place.from_pref(Place(D15, "多模态", "2402.1").to_pref()) == Place(
        D15, "多模态", "2402.1"
    )
    assert Place.from_pref("not json") == Place() == Place.from_pref('{"day": "2024-13-45"}')
