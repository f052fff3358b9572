"""`?` help, the command palette and `q`: every action is reachable by key and by name."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from ui_helpers import SIZE, screen_text, settle

from tui.app import ReaderApp
from tui.screens.dialogs.help import HelpScreen, binding_rows
from tui.screens.main import MainScreen


async def test_question_mark_lists_every_binding(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.text
        for binding in binding_rows([*MainScreen.BINDINGS, *ReaderApp.BINDINGS]):
            assert binding.tooltip in text, binding.action
            assert f"  {app.get_key_display(binding)} " in text, binding.key
        for words in ("j k", "tab", "mouse", "Command palette"):
            assert words in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_footer_shows_the_main_keys_even_at_80_columns(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        for label in ("r Read", "n Next", "t Lang", "[] Day", "q Quit", "? Help", "^p palette"):
            assert label in footer


async def test_palette_offers_every_action_and_runs_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for binding in binding_rows(MainScreen.BINDINGS):
            assert binding.tooltip in titles
        assert "Help" in titles

        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"mark the selected paper")
        commands = app.screen.query_one(CommandList)
        for _ in range(50):  # the palette searches in a background task
            if commands.option_count:
                break
            await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        paper = app.screen.session.current_paper
        assert app.marks.is_read(paper.arxiv_id)
        assert app.state.is_read(paper.arxiv_id)


async def test_q_quits(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running
