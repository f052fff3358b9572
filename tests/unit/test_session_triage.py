"""Triage decisions of the reader session (issue 17), on the hand-made days of test_session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from test_session import D16, fed, ids

from tui.reader.changes import Change
from tui.state import StateStore


@pytest.fixture
def store(isolated_dirs: object) -> Iterator[StateStore]:
    with StateStore() as store:
        yield store


def test_mark_above_read_marks_only_the_rows_above_the_cursor(store: StateStore) -> None:
    session = fed(store)
    assert ids(session) == ["2402.00001", "2402.00002", "2402.00003", "2402.00004", ""]
    session.highlight(3)
    change = session.mark_above_read()
    assert change & Change.MARKS and change & Change.COUNTS
    assert sorted(store.read_ids()) == ["2402.00001", "2402.00002", "2402.00003"]
    assert session.count(0) == (1, 5)  # 2402.00004 unread; the id-less entry is never counted
    assert session.take_notices()[-1].message == "Marked 3 papers above read."


def test_mark_above_read_at_the_top_or_twice_marks_nothing(store: StateStore) -> None:
    session = fed(store)
    assert session.day is not None and session.day.date == D16
    session.mark_above_read()
    assert store.read_ids() == set()
    assert "No unread paper in this list" in session.take_notices()[-1].message
    session.highlight(2)
    session.mark_above_read()
    session.mark_above_read()
    assert sorted(store.read_ids()) == ["2402.00001", "2402.00002"]
    assert "No unread paper above this one" in session.take_notices()[-1].message


def run_jobs(session) -> None:
    """Run the background jobs the session asked for, here, and hand back their events."""
    for _ in range(20):
        jobs = session.take_jobs()
        if not jobs:
            return
        for job in jobs:
            event = job.run(lambda: False)
            if event is not None:
                session.apply(event)


def test_dismissing_marks_read_and_takes_the_paper_out_of_every_list(store: StateStore) -> None:
    session = fed(store)
    session.highlight(1)  # 2402.00002
    change = session.dismiss()
    assert change & Change.SIDEBAR and change & Change.COUNTS
    assert ids(session) == ["2402.00001", "2402.00003", "2402.00004", ""]
    assert session.cursor == 1  # the next paper slid into its row
    assert "2402.00002" in store.read_ids()
    assert store.triage().dismissed == {"2402.00002"}
    assert session.header().hidden == 1
    assert session.count(0) == (3, 4)
    assert session.count(1) == (1, 1)  # 多模态 listed a and b: b is gone


def test_a_hide_rule_hides_and_a_watch_gathers_once_matched(store: StateStore) -> None:
    session = fed(store)
    session.save_rule("hide", "third", "id:2402.00003", None)
    session.save_rule("watch", "first", "id:2402.00001", None)
    run_jobs(session)  # no search index here: the rules are matched over the open day
    assert ids(session) == ["2402.00001", "2402.00002", "2402.00004", ""]
    assert session.header().hidden == 1
    assert session.row_marks(session.rows[0]).watches == ("first",)
    assert not session.row_marks(session.rows[1])
    names = [row.label for row in session.category_tree().rows()]
    assert names[-2:] == ["Watches", "first"]
    from tui.reader.triage_lists import WATCHES

    session.choose_category(WATCHES + 1)
    assert ids(session) == ["2402.00001"] and session.title == "Watch: first"
    assert session.count(WATCHES + 1) == (1, 1)
    assert [(r.kind, r.name) for r in store.triage().rule_list()] == [
        ("watch", "first"),
        ("hide", "third"),
    ]


def test_a_bad_rule_is_refused_with_the_reason(store: StateStore) -> None:
    session = fed(store)
    session.take_notices()
    session.save_rule("watch", "x", "is:watched", None)
    assert "can't nest" in session.take_notices()[-1].message
    assert store.triage().rules == {}


def test_tags_of_a_selection_add_to_each_and_list_under_tags(store: StateStore) -> None:
    session = fed(store)
    session.toggle_selected()  # 2402.00001, then the cursor moves down
    session.toggle_selected()  # 2402.00002
    question = session.tags_question()
    assert not isinstance(question, Change)
    assert question.ids == ("2402.00001", "2402.00002") and question.shown == ()
    session.set_tags(question, ("to read", "diffusion"))
    assert store.triage().tags == {
        "2402.00001": frozenset({"to read", "diffusion"}),
        "2402.00002": frozenset({"to read", "diffusion"}),
    }
    labels = [row.label for row in session.category_tree().rows()]
    assert labels[-3:] == ["Tags", "diffusion", "to read"] or labels[-3:] == [
        "Tags",
        "to read",
        "diffusion",
    ]
    from tui.reader.triage_lists import TAGS

    session.choose_category(TAGS)
    assert sorted(ids(session)) == ["2402.00001", "2402.00002"]
    # Removing one tag from the two keeps the other.
    question = session.tags_question()
    assert not isinstance(question, Change)
    assert set(question.shown) == {"to read", "diffusion"}
    session.set_tags(question, ("diffusion",))
    assert store.triage().tags["2402.00001"] == frozenset({"diffusion"})


def test_a_note_is_saved_per_keystroke_and_shown_in_the_pane(store: StateStore) -> None:
    session = fed(store)
    question = session.note_question()
    assert not isinstance(question, Change) and question.arxiv_id == "2402.00001"
    for text in ("c", "co", "compare"):
        session.save_note(question.arxiv_id, text)
    assert store.triage().notes == {"2402.00001": "compare"}
    assert session.notes().note == "compare"


def test_for_you_without_anything_kept_says_what_it_needs(store: StateStore) -> None:
    session = fed(store)
    session.toggle_for_you()
    run_jobs(session)
    messages = [n.message for n in session.take_notices()]
    assert any("star, tag or note a few papers first" in m for m in messages)
    assert "for you" in session.filters


def test_for_you_puts_papers_like_the_starred_one_first(store: StateStore) -> None:
    from tui.days import Day
    from tui.library import Library
    from tui.model import Category, Paper

    day = Day(
        D16,
        [
            Category(
                "cs",
                (
                    Paper("2402.10001", "Language models that reason", authors=("A",)),
                    Paper("2402.10002", "Gaussian splatting of dynamic scenes", authors=("B",)),
                    Paper("2402.10003", "Speech recognition at scale", authors=("C",)),
                    Paper("2402.10004", "Faster gaussian splatting on phones", authors=("D",)),
                ),
            )
        ],
    )
    older = Day(
        dt.date(2024, 2, 15),
        [Category("cs", (Paper("2402.00500", "Gaussian splatting for avatars"),))],
    )
    session = fed(store, Library([day, older]))
    store.set_starred("2402.00500")  # starred earlier (another session)
    session.stars.set(["2402.00500"], True)
    run_jobs(session)  # the All days index: For you learns from every day
    session.toggle_for_you()
    run_jobs(session)
    top = [e.paper.arxiv_id for e in session.rows[:2]]
    assert sorted(top) == ["2402.10002", "2402.10004"]
    assert "splatting" in session.row_marks(session.rows[0]).why


def test_a_paper_listed_again_with_a_new_version_says_when_it_was_seen(store: StateStore) -> None:
    from tui.days import Day
    from tui.library import Library
    from tui.model import Category, Paper

    v1 = Paper("2402.20001", "A paper", version=1, authors=("A",))
    v2 = v1._replace(version=2)
    library = Library(
        [
            Day(D16, [Category("cs", (v2, Paper("2402.20002", "Other", version=1)))]),
            Day(dt.date(2024, 2, 14), [Category("cs", (v1,))]),
        ]
    )
    session = fed(store, library)
    store.set_tags("2402.20001", frozenset({"keep"}))  # tagged as v1 in an earlier session
    session.triage.records.tags["2402.20001"] = frozenset({"keep"})
    run_jobs(session)  # the library's index: v1 on the 14th, v2 on the 16th
    notes = session.notes()
    assert notes.seen == "seen 2024-02-14 as v1, now v2"
    assert notes.tags == ("keep",)  # kept by the id without version
    assert session.notes(session.rows[1]).seen is None  # one version only
    assert store.triage().seen["2402.20001"].first_version == "v1"  # remembered for later


def test_for_you_learns_again_after_a_star(store: StateStore) -> None:
    session = fed(store)
    session.toggle_for_you()
    run_jobs(session)
    assert session.toggle_star() & Change.JOBS  # the model is fitted again in the background
    session.for_you.on = False
    assert not session.toggle_star() & Change.JOBS  # off: nothing to refit


def test_editing_a_rule_replaces_it_even_as_the_other_kind(store: StateStore) -> None:
    session = fed(store)
    session.save_rule("watch", "first", "id:2402.00001", None)
    session.save_rule("hide", "first", "id:2402.00001", ("watch", "first"))  # ctrl+t while editing
    session.save_rule("hide", "renamed", "id:2402.00001", ("hide", "first"))
    assert [(r.kind, r.name) for r in store.triage().rule_list()] == [("hide", "renamed")]
    assert [(r.kind, r.name) for r in session.rules()] == [("hide", "renamed")]
