"""Digest text is shown literally: markup stays text, clicks on it do nothing, controls vanish."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ui_helpers import SIZE, screen_lines, screen_text, settle

from tui.library import Day, Library
from tui.model import Category, Paper
from tui.widgets.category_sidebar import CategorySidebar
from tui.widgets.paper_detail import PaperDetail
from tui.widgets.paper_list import PaperList


async def test_markup_in_titles_is_shown_with_its_brackets(make_app, hostile_path: Path) -> None:
    app = make_app(hostile_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "[@click=app.quit]x[/]" in text  # list row and detail title
        assert text.count("[@click=app.quit]x[/]") == 2
        assert "[@click=screen.toggle_read]Mallory[/], Bob" in text
        assert "[ @click=app.quit]space[/]" in text  # survives where escape() would not
        await pilot.press("shift+tab", "j")
        await settle(pilot)
        assert "Safety [@click=app.quit]cat[/]" in screen_text(app)  # the list's border title
        sidebar = app.screen.query_one(CategorySidebar)
        assert sidebar.render_row(1, 60).plain.startswith("Safety [@click=app.quit]cat[/] ")
        await pilot.press("t")
        await settle(pilot)
        text = screen_text(app)
        assert "[bold red]X[/]" in text
        assert "[$accent @click=app.quit]摘要[/]" in text


async def test_clicking_hostile_text_runs_no_action(make_app, hostile_path: Path) -> None:
    app = make_app(hostile_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = app.screen.query_one(PaperDetail)
        title = detail.query_one("#detail-title")
        meta = detail.query_one("#detail-meta")
        for widget, x in ((title, 0), (title, 3), (title, 18), (meta, 9), (meta, 12), (meta, 30)):
            await pilot.click(widget, offset=(x, 0))
            await settle(pilot)
        await pilot.click(PaperList, offset=(5, 1))
        await settle(pilot)
        assert app.is_running and app.return_code is None
        assert not app.marks.is_read("2402.00001")  # [@click=screen.toggle_read] did nothing


async def test_terminal_control_characters_never_reach_the_screen(make_app) -> None:
    # Straight into the model, bypassing the parser's own cleaning: the UI cleans again.
    paper = Paper(
        arxiv_id="2402.01234",
        title="Esc\x1b[2Jape \x1b]0;pwned\x07title\u202egnp.exe",
        title_cn="标题\x9b31m红",
        authors=("Eve\x1b[5m Blink",),
        abstract="Line one\x1b[1A\r\nline two\x00\x08 done",
        pdf_url="https://arxiv.org/pdf/2402.01234v1",
    )
    day = Day(date=dt.date(2024, 2, 16), categories=(Category("C\x1bat", (paper,)),), sources=())
    app = make_app(library=Library(days=[day]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", "t")  # both languages: every field is on screen
        await settle(pilot)
        text = screen_text(app)
        for bad in ("\x1b", "\x07", "\x9b", "\x00", "\x08", "\r", "\u202e"):
            assert bad not in text, repr(bad)
        assert "Esc[2Jape ]0;pwnedtitlegnp.exe" in text
        assert "Eve[5m Blink" in text
        assert "标题31m红" in text
        assert any("Line one[1A" in line for line in screen_lines(app))
