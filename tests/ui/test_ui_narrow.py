"""Very narrow terminals: below 60 columns the category sidebar hides itself so that titles can
be read; `\\` still shows and hides it; from 60 columns on it is there as before."""

from __future__ import annotations

from ui_helpers import screen_lines

FIRST_TITLE = "PaLM2-VAdapter"


async def test_at_40x12_the_sidebar_hides_itself_and_titles_are_readable(make_app) -> None:
    """Before: the sidebar kept 24 of 40 columns and no title was readable until `\\`."""
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        assert not screen.sidebar.display
        assert screen.paper_list.region.width >= 38
        assert any(FIRST_TITLE in line for line in screen_lines(app))
        assert screen.paper_list.has_focus
        await pilot.press("backslash")
        await pilot.pause()
        assert screen.sidebar.display and screen.sidebar.region.width == 24
        await pilot.press("backslash")
        await pilot.pause()
        assert not screen.sidebar.display
        assert screen.paper_list.has_focus


async def test_it_comes_back_when_the_terminal_widens(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(50, 20)) as pilot:
        await pilot.pause()
        assert not app.main_screen.sidebar.display
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.main_screen.sidebar.display
        assert app.main_screen.sidebar.region.width == 24
