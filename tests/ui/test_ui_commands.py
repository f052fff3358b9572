"""`?` help, the command palette and `q`: every action is reachable by key and by name."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from ui_helpers import SIZE, screen_text, settle

from tui.screens.dialogs.help import HelpScreen
from tui.screens.main import MainScreen

# The keys the README promises, written out here (not read from the binding tables the help and
# the palette are made from): (key as shown, words of what it does).
PROMISED = [
    ("r", "read / unread"),
    ("s", "Star or unstar"),
    ("n", "next unread"),
    ("R", "every paper of the current list read"),
    ("M", "every paper above the cursor"),
    ("t", "original → translation → both"),
    ("/", "Search every day"),
    ("u", "only unread"),
    ("S", "only starred"),
    ("[", "older"),
    ("]", "newer"),
    ("d", "Pick a day"),
    ("a", "every day of the library"),
    ("space", "Select or unselect"),
    ("x", "Clear the selection"),
    ("e", "Export"),
    ("b", "BibTeX"),
    ("c", "Copy the PDF link"),
    ("o", "Open the PDF"),
    ("C", "Copy the code link"),
    ("O", "Open the abs page"),
    ("esc", "Back to the paper list"),
    ("\\", "category sidebar"),
    ("q", "Leave the reader"),
    ("?", "Show every key"),
]


async def test_question_mark_lists_every_binding(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        lines = app.screen.text.splitlines()
        for key, words in PROMISED:
            assert any(line.startswith(f"  {key}  ") and words in line for line in lines), (
                f"{key}: {words}"
            )
        for words in ("j k", "tab", "mouse", "Command palette", "collapse / expand a parent"):
            assert words in app.screen.text
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
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for _, words in PROMISED[:-2]:  # every key of the reader (q and ? are the app's own)
            assert any(words in title for title in titles), words
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


async def test_footer_follows_focus_and_a_click_presses_its_key(make_app) -> None:
    """The footer is one widget drawing one line (tui.widgets.key_footer): it follows the
    bindings of the focused widget, and a click on a key does what the key does."""
    from tui.widgets.key_footer import KeyFooter

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        assert not footer.children  # no widget per key
        await pilot.press("slash")
        await settle(pilot)
        line = screen_text(app).splitlines()[-1]
        assert "esc Close search" in line and "r Read" not in line  # the search box's keys
        await pilot.press("escape")
        await settle(pilot)
        line = screen_text(app).splitlines()[-1]
        assert "r Read" in line and "Close search" not in line
        unread = app.session.header().unread
        await pilot.click(KeyFooter, offset=(line.index("r Read") + 2, 0))
        await settle(pilot)
        assert app.session.header().unread == unread - 1  # the click marked the paper read
        await pilot.click(KeyFooter, offset=(line.index("r Read") + 2, 0))
        await settle(pilot)
        assert app.session.header().unread == unread
