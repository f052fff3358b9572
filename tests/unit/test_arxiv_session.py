"""The session's decisions about abstracts from arXiv, without Textual and without a network:
the fetcher's reports are applied as the screen applies them, and each says what to redraw."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from tui.arxiv.fetcher import Progress
from tui.arxiv.record import Record
from tui.days import Day
from tui.library import Library
from tui.model import Category, Paper
from tui.reader.abstracts import Abstracts
from tui.reader.changes import Change
from tui.reader.events import AbstractsArrived, AbstractsFailed
from tui.reader.feed import LibraryFeed
from tui.reader.language import Language
from tui.reader.marks import ReadMarks, Stars
from tui.reader.session import ReaderSession
from tui.state import StateStore

D = dt.date(2024, 12, 19)
DAY = Day(D, [Category("3D", (Paper("2412.00001", "One"), Paper("2412.00002", "Two")))])


@pytest.fixture
def session(isolated_dirs: object) -> Iterator[ReaderSession]:
    with StateStore() as store:
        reader = ReaderSession(
            ReadMarks(store), Stars(store), Language.ORIGINAL, abstracts=Abstracts("off")
        )
        for event in LibraryFeed.of_library(Library([DAY])).drain():
            reader.apply(event)
        yield reader


def test_a_report_about_the_shown_paper_redraws_it_in_place(session: ReaderSession) -> None:
    assert session.current_paper is not None and session.current_paper.arxiv_id == "2412.00001"
    record = Record("2412.00001", 2, "One", ("A", "B"), "Fetched abstract.")
    change = session.apply(AbstractsArrived(Progress({"2412.00001": record}, {}, 1, 2, 1)))
    assert change == Change.HEADER | Change.PAPER
    entry = session.current_entry
    assert entry is not None
    assert session.shown_paper(entry).abstract == "Fetched abstract."
    assert session.header().abstracts is None  # "off": no progress shown
    other = Record("2412.00002", 1, "Two", ("A",), "Other.")
    change = session.apply(AbstractsArrived(Progress({"2412.00002": other}, {}, 2, 2, 1)))
    assert change == Change.HEADER  # not the shown paper: the pane stays


def test_a_failure_is_one_notice_and_the_pane_says_why(session: ReaderSession) -> None:
    change = session.apply(AbstractsFailed("no answer within 30 s"))
    assert change == Change.HEADER | Change.NOTICES | Change.PAPER
    notices = session.take_notices()
    assert [n.message for n in notices] == [
        "arXiv unreachable: abstracts not fetched; A tries again"
    ]


def test_a_says_how_to_turn_fetching_on_when_off(session: ReaderSession) -> None:
    change = session.retry_abstracts()
    assert change & Change.NOTICES
    assert 'fetch_abstracts = "off"' in session.take_notices()[0].message
    entry = session.current_entry
    assert entry is not None
    assert 'set it to "auto"' in (session.notes(entry).abstract_note or "")
