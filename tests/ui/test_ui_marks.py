"""Read marks: r, n, R, what the counts show, what reaches the SQLite file, degraded storage."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button
from ui_helpers import SIZE, screen_text, settle

from tui.parser import load
from tui.screens.dialogs.confirm import ConfirmScreen
from tui.state import StateStore
from tui.widgets.category_sidebar import CategorySidebar
from tui.widgets.paper_list import UNREAD_MARK, PaperList


def on_disk(state_path: Path) -> set[str]:
    """The read marks as a fresh store (a new process, in effect) sees them."""
    with StateStore(state_path) as store:
        return store.read_ids()


def sidebar_row(app, index: int) -> str:
    return app.screen.query_one(CategorySidebar).render_row(index, 40).plain.rstrip()


async def test_r_toggles_read_saves_at_once_and_updates_every_count(
    make_app, state_path: Path
) -> None:
    from ui_helpers import SAMPLE

    digest = load(SAMPLE)
    first, total = digest.papers[0], digest.paper_count
    in_first = len(digest.categories[0].papers)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        assert papers.render_row(0, 80).plain.startswith(UNREAD_MARK)
        await pilot.press("r")
        await settle(pilot)
        assert on_disk(state_path) == {first.arxiv_id}  # committed while the app still runs
        assert not papers.render_row(0, 80).plain.startswith(UNREAD_MARK)
        assert sidebar_row(app, 0).endswith(f"{total - 1}/{total}")
        assert sidebar_row(app, 1).endswith(f"{in_first - 1}/{in_first}")
        assert f"{total - 1} unread" in screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        assert on_disk(state_path) == set()
        assert sidebar_row(app, 0).endswith(f"{total}/{total}")
        assert f"{total} unread" in screen_text(app)


async def test_marks_survive_a_restart_and_apply_wherever_the_paper_appears(
    make_app, state_path: Path
) -> None:
    from ui_helpers import SAMPLE

    first = load(SAMPLE).papers[0]
    with StateStore(state_path) as store:
        store.set_read(first.versioned_id)  # a versioned id marks the paper, not the version
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        assert not papers.render_row(0, 80).plain.startswith(UNREAD_MARK)
        await pilot.press("shift+tab", "j")  # the first category lists the same paper
        await settle(pilot)
        assert papers.current_paper.arxiv_id == first.arxiv_id
        assert not papers.render_row(0, 80).plain.startswith(UNREAD_MARK)


async def test_n_jumps_to_the_next_unread_paper_across_categories(
    make_app, hostile_path: Path, recorder
) -> None:
    app = make_app(hostile_path)
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        sidebar = app.screen.query_one(CategorySidebar)
        await pilot.press("shift+tab", "j", "tab")  # category "Safety…": two papers
        await pilot.press("r", "j", "r")  # both read
        await pilot.press("k")
        await pilot.press("n")  # the next unread is in the next category
        await settle(pilot)
        assert sidebar.cursor == 2
        assert papers.current_paper.arxiv_id == "2402.00003"
        await pilot.press("r", "n")
        await settle(pilot)
        assert "No unread papers left" in recorder.last().message
        assert papers.current_paper.arxiv_id == "2402.00003"


async def test_n_wraps_to_the_top_of_the_current_list(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        await pilot.press("r", "end", "r", "n")  # from the last paper, "All" wraps to row 1
        await settle(pilot)
        assert papers.cursor == 1


@pytest.mark.parametrize("answer", ["n", "escape"])
async def test_capital_r_asks_and_declining_marks_nothing(
    make_app, state_path: Path, answer: str
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "unread papers in All as read?" in app.screen.question.plain
        await pilot.press(answer)
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert on_disk(state_path) == set()


async def test_capital_r_marks_every_paper_of_the_category_after_yes(
    make_app, state_path: Path
) -> None:
    from ui_helpers import SAMPLE

    digest = load(SAMPLE)
    category = digest.categories[1]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("shift+tab", "j", "j", "enter", "R")
        await settle(pilot)
        assert category.name in app.screen.question.plain
        await pilot.press("y")
        await settle(pilot)
        assert on_disk(state_path) == {p.arxiv_id for p in category.papers}
        total = len(category.papers)
        assert sidebar_row(app, 2).endswith(f"0/{total}")


async def test_capital_r_yes_button_by_mouse(make_app, state_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        await pilot.click(app.screen.query_one("#confirm-yes", Button))
        await settle(pilot)
        assert len(on_disk(state_path)) == app.screen.query_one(PaperList).row_count


async def test_unwritable_data_dir_still_opens_says_so_once_and_keeps_marks(
    make_app, isolated_dirs, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, recorder
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))  # mkdir under a file fails, even as root
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        warnings = [n for n in recorder.notifications if n.severity == "warning"]
        assert len(warnings) == 1
        await pilot.press("r", "j", "r")
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        assert not papers.render_row(0, 80).plain.startswith(UNREAD_MARK)
        assert not papers.render_row(1, 80).plain.startswith(UNREAD_MARK)
        assert [n for n in recorder.notifications if n.severity == "warning"] == warnings
        assert not [n for n in recorder.notifications if n.severity == "error"]
