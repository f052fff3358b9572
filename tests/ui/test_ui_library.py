"""Library and days: loading in a worker, [ ] d a, "also on", one read state, restoring the place.

The app is given paths (as the command gives them) and reads them through the real loader and the
real parse cache in the test's XDG cache folder.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

from library_fixture import DATES, digest_text, sample_blocks
from ui_helpers import SIZE, screen_text, settle, settle_library

from tui.library import DayLoaded, LoadEvent, iter_library
from tui.reader.place import Place, library_key
from tui.screens.dialogs.day_picker import DayPickerScreen
from tui.screens.main import MainScreen
from tui.state import StateStore
from tui.widgets.category_sidebar import CategorySidebar
from tui.widgets.day_list import DayList
from tui.widgets.paper_detail import PaperDetail
from tui.widgets.paper_list import UNREAD_MARK, PaperList


def main(app) -> MainScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


def sidebar_rows(app) -> list[str]:
    sidebar = app.screen.query_one(CategorySidebar)
    return [sidebar.render_row(i, 40).plain.rstrip() for i in range(sidebar.row_count)]


def meta(app) -> str:
    return app.screen.query_one(PaperDetail).query_one("#detail-meta").render().plain


async def test_paths_are_read_in_a_worker_newest_day_first(make_app, days) -> None:
    app = make_app(paths=[days.folder])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        screen = main(app)
        assert [day.date for day in screen.session.shelf.days] == list(DATES)
        assert screen.session.day.date == DATES[0]
        assert app.library is not None and not app.library.problems
        text = screen_text(app)
        assert "2024-02-16 Fri  day 1/4" in text
        assert "39 papers · 39 unread" in text
        assert "⟳" not in text  # the progress indicator is gone once everything is read
        assert app.focused is app.screen.query_one(PaperList)


async def test_reopening_uses_the_parse_cache(make_app, days) -> None:
    for expected_cached in (0, 4):
        app = make_app(paths=[days.folder])
        async with app.run_test(size=SIZE) as pilot:
            await settle_library(pilot)
            assert app.library.stats.cached == expected_cached
            assert app.library.stats.files == 4


async def test_brackets_step_through_the_days_and_keep_the_category(
    make_app, days, recorder
) -> None:
    app = make_app(paths=[days.folder])
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle_library(pilot)
        screen = main(app)
        await pilot.press("shift+tab", "j", "tab")  # 多模态 of 2024-02-16
        assert screen.session.view.names[screen.session.category] == "多模态"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.session.day.date == DATES[1]
        assert (
            screen.session.view.names[screen.session.category] == "多模态"
        )  # the older day has it too
        assert len(app.screen.query_one(PaperList).papers) == 2
        assert "2024-02-15 Thu  day 2/4" in screen_text(app)
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert screen.session.day.date == DATES[3]
        assert screen.session.category == 0  # 2024-02-01 has no 多模态: All
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.session.day.date == DATES[3]
        assert "This is the oldest day." in recorder.last().message
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.session.day.date == DATES[2]
        for _ in range(3):
            await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.session.day.date == DATES[0]
        assert "This is the newest day." in recorder.last().message


async def test_d_lists_every_day_with_its_counts_and_opens_the_chosen_one(
    make_app, days, state_path: Path
) -> None:
    state_path.parent.mkdir(parents=True, exist_ok=True)
    with StateStore(state_path) as store:
        store.set_read(days.shared_id)  # on 2024-02-16, -15 and -14
    app = make_app(paths=[days.folder])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DayPickerScreen)
        picker = app.screen.query_one(DayList)
        rows = [picker.render_row(i, 60).plain for i in range(picker.row_count)]
        assert rows[0].startswith("2024-02-16 Fri")
        assert "39 papers" in rows[0] and "38 unread" in rows[0] and "◀ open" in rows[0]
        assert rows[1].startswith("2024-02-15 Thu") and "5 papers" in rows[1]
        assert "4 unread" in rows[1]
        assert rows[3].startswith("2024-02-01 Thu") and "3 papers" in rows[3]
        assert picker.cursor == 0
        await pilot.press("escape")
        await settle(pilot)
        assert main(app).session.day.date == DATES[0]
        await pilot.press("d", "j", "j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.session.day.date == DATES[2]
        assert [p.arxiv_id for p in app.screen.query_one(PaperList).papers][-1] == days.shared_id


async def test_a_switches_all_between_this_day_and_every_day(make_app, days) -> None:
    app = make_app(paths=[days.folder])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        papers = app.screen.query_one(PaperList)
        assert papers.row_count == 39
        await pilot.press("a")
        await settle(pilot)
        every = {(e.date, e.paper.arxiv_id) for e in papers.entries}
        # every paper once, at its newest listing: the sample's 39 (the 15th and 14th repeat some
        # of them) and the 3 of 2024-02-01
        assert papers.row_count == 42
        assert {date for date, _ in every} == {DATES[0], DATES[3]}
        assert sidebar_rows(app)[0].startswith("All days")
        assert sidebar_rows(app)[0].endswith("42/42")
        assert "2024-02-16 多模态" in papers.render_row(0, 120).plain  # each row says where
        await pilot.press("r")  # counts follow the marks in this view too
        await settle(pilot)
        assert sidebar_rows(app)[0].endswith("41/42")
        await pilot.press("a")
        await settle(pilot)
        assert papers.row_count == 39
        assert sidebar_rows(app)[0].startswith("All ") and sidebar_rows(app)[0].endswith("38/39")


async def test_the_detail_pane_says_where_else_a_paper_was_listed(make_app, days) -> None:
    app = make_app(paths=[days.folder])
    async with app.run_test(size=(200, 50)) as pilot:
        await settle_library(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.screen.session.current_paper.arxiv_id == days.shared_id
        text = meta(app)
        assert "Listed  2024-02-15 · 多模态" in text
        assert "Also on 2024-02-16 · 多模态, 2024-02-15 · Transformer, 2024-02-14 · 多模态" in text
        await pilot.press("right_square_bracket", "j")  # a paper listed once has no such line
        await settle(pilot)
        assert "Listed  2024-02-16 · 多模态" in meta(app)
        assert "Also on" not in meta(app)


async def test_one_paper_under_two_categories_has_one_read_state(
    make_app, days, state_path: Path
) -> None:
    app = make_app(paths=[days.folder])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await pilot.press("left_square_bracket", "shift+tab", "j", "tab")  # 2024-02-15, 多模态
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        assert papers.current_paper.arxiv_id == days.shared_id
        await pilot.press("r")
        await settle(pilot)
        assert sidebar_rows(app)[1].endswith("1/2")
        assert sidebar_rows(app)[2].endswith("3/4")  # Transformer lists it too
        await pilot.press("shift+tab", "j", "tab", "end")
        await settle(pilot)
        assert papers.current_paper.arxiv_id == days.shared_id
        assert not papers.render_row(papers.cursor, 80).plain.startswith(UNREAD_MARK)
    with StateStore(state_path) as store:
        assert store.read_ids() == {days.shared_id}


async def test_the_last_day_category_and_paper_are_restored(
    make_app, days, state_path: Path
) -> None:
    app = make_app(paths=[days.folder])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await pilot.press("left_square_bracket", "shift+tab", "j", "j", "tab", "j", "j")
        await settle(pilot)
        screen = main(app)
        chosen = screen.session.current_paper
        assert screen.session.view.names[screen.session.category] == "Transformer"
    with StateStore(state_path) as store:  # written when the reader closed
        place = Place.from_pref(store.get_pref(library_key([days.folder])))
    assert place == Place(dt.date(2024, 2, 15), "Transformer", chosen.arxiv_id)
    app = make_app(paths=[days.folder])
    assert app.feed.wait_first_day(10)  # as run_app does: the first frame has the day
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        screen = main(app)
        assert screen.session.day.date == DATES[1]
        assert screen.session.view.names[screen.session.category] == "Transformer"
        assert screen.session.current_paper == chosen
        assert app.screen.query_one(CategorySidebar).cursor == screen.session.category
        assert app.screen.query_one(PaperList).scroll_y == 0  # the rows above stay in view


async def test_each_library_keeps_its_own_place(make_app, days, state_path: Path) -> None:
    """Opening one old file once does not send the whole library to that old day next time."""
    app = make_app(paths=[days.folder])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await pilot.press("left_square_bracket")  # the library at 2024-02-15
        await settle(pilot)
    old_file = next(days.folder.glob("**/2024-02-01.md"))
    app = make_app(paths=[old_file])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        assert main(app).session.day.date == dt.date(2024, 2, 1)
    app = make_app(paths=[days.folder])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        assert main(app).session.day.date == dt.date(2024, 2, 15)  # its own place, not 02-01


async def test_a_remembered_day_that_is_gone_opens_the_closest_older_one(
    make_app, days, state_path: Path, recorder
) -> None:
    state_path.parent.mkdir(parents=True, exist_ok=True)
    with StateStore(state_path) as store:
        remembered = Place(dt.date(2024, 2, 10), "Transformer", "2402.99999")
        store.set_pref(library_key([days.folder]), remembered.to_pref())
    app = make_app(paths=[days.folder])
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle_library(pilot)
        screen = main(app)
        assert screen.session.day.date == DATES[3]
        assert screen.session.category == 0 and screen.paper_list.cursor == 0
        news = [n for n in recorder.notifications if n.title == "New digests"]
        assert news and "3 newer days" in news[0].message and "2024-02-16" in news[0].message


async def test_unreadable_paths_are_reported_after_the_rest_is_read(
    make_app, days, tmp_path: Path, recorder
) -> None:
    missing = tmp_path / "2024-03-01.md"
    app = make_app(paths=[missing, days.folder])
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle_library(pilot)
        note = next(n for n in recorder.notifications if "could not be read" in n.title)
        assert str(missing) in note.message
        assert main(app).session.day.date == DATES[0]


class Gate:
    """The real loader, held after `days` days until `opened` is set: the rest of the library
    takes as long as the test wants, as on a slow disk (the loader itself refuses named pipes)."""

    def __init__(self, days: int) -> None:
        self.days = days
        self.opened = threading.Event()

    def __call__(self, paths, cache) -> Iterator[LoadEvent]:
        seen = 0
        for event in iter_library(paths, cache=cache):
            if isinstance(event, DayLoaded):
                if seen == self.days:
                    self.opened.wait(30)
                seen += 1
            yield event


async def test_the_newest_day_shows_and_keys_work_while_older_files_are_still_read(
    make_app, days, tmp_path: Path
) -> None:
    older = days.folder / "2023-12-31.md"
    older.write_text(
        digest_text(dt.date(2023, 12, 31), [("其他", sample_blocks()["其他"][:1])]),
        encoding="utf-8",
    )
    gate = Gate(days=4)
    app = make_app(paths=[days.folder], load_events=gate)
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        try:
            await wait_for(pilot, lambda: "⟳ reading 4/5 files" in screen_text(app))
            assert len(screen.session.shelf) == 4  # every day but the one still being read
            assert screen.session.day.date == DATES[0]
            assert not screen.session.shelf.finished
            await pilot.press("j")  # the UI answers meanwhile
            assert app.screen.query_one(PaperDetail).paper == screen.paper_list.entries[1].paper
            await pilot.press("left_square_bracket")
            assert screen.session.day.date == DATES[1]
            await pilot.press("d")  # the day picker says more are coming
            await pilot.pause()  # (not settle(): the loader worker is held on purpose)
            assert "still reading" in str(app.screen.query_one(DayList).border_subtitle)
            await pilot.press("escape")
        finally:
            gate.opened.set()  # whatever happened, let the loader finish
        await settle_library(pilot)
        assert screen.session.shelf.finished and len(screen.session.shelf) == 5
        assert "2024-02-15 Thu  day 2/5" in screen_text(app)
        assert "⟳" not in screen_text(app)


async def wait_for(pilot, condition, rounds: int = 500) -> None:
    for _ in range(rounds):
        await pilot.pause(0.01)
        if condition():
            return
    raise AssertionError(f"the screen never got there:\n{screen_text(pilot.app)[:400]}")


async def test_another_day_shows_its_rows_and_pane_in_one_turn(make_app, days, monkeypatch) -> None:
    """`[` and `]` put the day's rows and its first paper in the pane in the same turn, so they
    are laid out and drawn in one frame: the pane used to follow only when the list's cursor
    message came back, a second full layout per key (about 19 ms at 120x40)."""
    from tui.reader.changes import Change

    seen: list[tuple[str, str]] = []
    apply = MainScreen.apply

    def checked(self, change):  # type: ignore[no-untyped-def]
        apply(self, change)
        entry = self.session.current_entry
        if change & Change.ROWS and entry is not None:
            seen.append((self.detail.paper.arxiv_id, entry.paper.arxiv_id))

    monkeypatch.setattr(MainScreen, "apply", checked)
    app = make_app(paths=[days.folder])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        for key in ("left_square_bracket", "right_square_bracket"):
            seen.clear()
            await pilot.press(key)
            await settle(pilot)
            assert seen and all(shown == current for shown, current in seen)
