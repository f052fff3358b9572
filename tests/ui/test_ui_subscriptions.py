"""`U` in the reader: the subscriptions sync in the background and new days appear at once; the
header says how fresh the library is; the day picker shows the days missing in the sequence.

The app is built as `arxiv-digest` with no PATH builds it: the subscriptions' checkouts through
the loader, with their registry. The remote is a real bare git repository in tmp_path.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from ui_helpers import SIZE, screen_text, settle, settle_library

from git_repos import Remote
from tui import cli
from tui.app import build_app, open_feed
from tui.reader.freshness import Freshness, ago
from tui.state import StateStore
from tui.subscriptions import default_library
from tui.widgets.day_list import DayList

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="the git program is missing")


def test_ago_reads_like_a_person_would_say_it() -> None:
    now = dt.datetime(2026, 8, 13, 12, 0)
    assert ago(now - dt.timedelta(seconds=30), now) == "just now"
    assert ago(now - dt.timedelta(minutes=12), now) == "12 min ago"
    assert ago(now - dt.timedelta(hours=2), now) == "2 h ago"
    assert ago(now - dt.timedelta(days=3), now) == "3 days ago"


async def test_u_syncs_and_new_days_appear_without_a_restart(
    tmp_path: Path, isolated_dirs: object, recorder
) -> None:
    remote = Remote(tmp_path / "origin")
    assert cli.main(["subscribe", remote.url, "--name", "cv"]) == 0
    remote.add_day("2026-05-23")  # the remote moves on after the subscription
    store = StateStore()
    try:
        feed = open_feed(default_library(None))
        app = build_app(feed, store, freshness=Freshness.of_registry())
        async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
            await settle_library(pilot)
            session = app.session
            assert [day.date.isoformat() for day in session.shelf.days] == ["2026-05-20"]
            assert "newest 2026-05-20 · synced just now" in screen_text(app)
            await pilot.press("U")
            for _ in range(300):  # git runs in a worker, then the library is read again
                await settle(pilot)
                if len(session.shelf) == 2 and session.ready:
                    break
                await pilot.pause(0.05)
            dates = [day.date.isoformat() for day in session.shelf.days]
            assert dates == ["2026-05-23", "2026-05-20"]
            assert any("New digests in cv" in text for text in recorder.texts)
            assert "newest 2026-05-23 · synced just now" in screen_text(app)
            await pilot.press("right_square_bracket")  # the new day is one key away
            await settle(pilot)
            assert session.day is not None and session.day.date == dt.date(2026, 5, 23)
            await pilot.press("d")  # the picker: 2026-05-21 and -22 are missing
            await settle(pilot)
            rows = app.screen.query_one(DayList)
            assert "↓ 2 days missing" in rows.render_row(0, 100).plain
            assert "missing" not in rows.render_row(1, 100).plain
    finally:
        store.close()


async def test_u_without_subscriptions_says_how_to_add_one(make_app, recorder) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        await pilot.press("U")
        await settle(pilot)
        assert any("arxiv-digest subscribe" in text for text in recorder.texts)
