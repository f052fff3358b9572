"""c / C copy and o / O open: real pyperclip (no clipboard tool here), real webbrowser module."""

from __future__ import annotations

import datetime as dt
import webbrowser
from pathlib import Path

import pytest
from ui_helpers import SIZE, settle

from tui.library import Day, Library
from tui.model import Category, Paper

pytestmark = pytest.mark.usefixtures("no_system_clipboard")


def unsafe_library() -> Library:
    paper = Paper(
        arxiv_id="2402.09999",
        title="Links that must not be followed",
        version=1,
        pdf_url="file:///etc/passwd",
        abs_url="javascript:alert(1)",
        code_url="javascript:alert(document.cookie)",
    )
    day = Day(date=dt.date(2024, 2, 16), categories=(Category("Unsafe", (paper,)),), sources=())
    return Library(days=[day])


async def test_c_copies_the_pdf_url_through_the_terminal_when_pyperclip_cannot(
    make_app, recorder
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        url = app.screen.session.current_paper.pdf_url
        await pilot.press("c")
        await settle(pilot)
        assert app.clipboard == url
        note = recorder.last()
        assert note.severity == "information"
        assert "via the terminal (OSC 52)" in note.message
        assert "no system clipboard found" in note.message
        assert url in note.message


async def test_capital_c_copies_the_code_url_or_says_there_is_none(
    make_app, hostile_path: Path, recorder
) -> None:
    app = make_app(hostile_path)
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        await pilot.press("C")  # first paper: Code is null
        await settle(pilot)
        assert app.clipboard == ""
        assert "no code link" in recorder.last().message
        await pilot.press("j", "C")
        await settle(pilot)
        assert app.clipboard == "https://github.com/example/code"


async def test_o_and_capital_o_open_pdf_and_abs_in_the_browser(make_app, browser_log: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper = app.screen.session.current_paper
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("O")
        await settle(pilot)
    assert browser_log.read_text().splitlines() == [paper.pdf_url, paper.abs_url]


async def test_unsafe_links_are_refused_never_opened_or_copied(
    make_app, browser_log: Path, recorder
) -> None:
    app = make_app(library=unsafe_library())
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        for key in ("o", "O", "c", "C"):
            await pilot.press(key)
            await settle(pilot)
            note = recorder.last()
            assert note.severity == "error", key
            assert note.title == "Unsafe link"
            assert "only http and https" in note.message
        assert app.clipboard == ""
    assert not browser_log.exists()


async def test_no_browser_says_so_instead_of_crashing(
    make_app, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, recorder
) -> None:
    missing = tmp_path / "no-such-browser"
    monkeypatch.setenv("BROWSER", str(missing))
    monkeypatch.setenv("PATH", str(tmp_path))  # no www-browser, lynx, xdg-open either
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        note = recorder.last()
        assert note.severity == "error"
        assert "Could not open the PDF link" in note.message
        assert app.is_running


async def test_the_open_and_copy_links_in_the_detail_pane_work_by_mouse(
    make_app, browser_log: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper = app.screen.session.current_paper
        meta = app.screen.query_one("#detail-meta")
        lines = meta.render().plain.splitlines()
        row = next(i for i, line in enumerate(lines) if line.startswith("PDF"))
        await pilot.click(meta, offset=(lines[row].index("copy") + 1, row))
        await settle(pilot)
        assert app.clipboard == paper.pdf_url
        await pilot.click(meta, offset=(lines[row].index("open") + 1, row))
        await settle(pilot)
    assert browser_log.read_text().splitlines() == [paper.pdf_url]
