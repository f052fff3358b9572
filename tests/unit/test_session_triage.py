"""Triage decisions of the reader session (issue 17), on the hand-made days of test_session."""

from __future__ import annotations

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
