"""[keys] in config.toml: a rebound action runs from its new key, the old key is free, and help,
footer and palette show the user's keys; bad entries are said and the rest keeps working."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import SIZE, screen_text, settle

from tui.app import ReaderApp
from tui.screens.dialogs.help import HelpScreen, binding_rows
from tui.screens.main import MainScreen
from tui.state import StateStore


def read_on_disk(state_path: Path) -> set[str]:
    with StateStore(state_path) as store:
        return store.read_ids()


async def test_a_rebound_action_moves_to_its_new_key(make_app, state_path: Path) -> None:
    app = make_app(keys={"toggle_read": "z", "dismiss": "ctrl+d"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")  # not bound any more
        await settle(pilot)
        assert read_on_disk(state_path) == set()
        await pilot.press("z")
        await settle(pilot)
        assert len(read_on_disk(state_path)) == 1
        assert "z Read" in screen_text(app).splitlines()[-1]  # the footer
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        lines = app.screen.text.splitlines()
        assert any(line.startswith("  z  ") and "read / unread" in line for line in lines)
        assert any(line.startswith("  ^d  ") and "Dismiss" in line for line in lines)
        assert not any(line.startswith("  r  ") for line in lines)


async def test_bad_keys_are_said_once_and_the_rest_work(
    make_app, state_path: Path, recorder
) -> None:
    app = make_app(keys={"no_such_action": "y", "toggle_star": "r", "toggle_read": "z"})
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        said = [n.message for n in recorder.notifications if n.title == "Settings"]
        assert any("'no_such_action' is not an action" in m for m in said)
        assert not any("'r' is already" in m for m in said)  # r was given away: no clash
        await pilot.press("r")  # toggle_star now
        await settle(pilot)
        with StateStore(state_path) as store:
            assert len(store.starred_ids()) == 1


async def test_a_key_two_actions_claim_is_refused(make_app, recorder) -> None:
    app = make_app(keys={"toggle_star": "n"})  # n stays next_unread's
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        said = [n.message for n in recorder.notifications if n.title == "Settings"]
        assert said == ["[keys] 'n' is already next_unread's key: toggle_star keeps its own"]


def test_every_binding_has_an_id_and_readme_lists_each_with_its_default_key() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    for binding in binding_rows([*ReaderApp.BINDINGS, *MainScreen.BINDINGS]):
        assert binding.id, binding
        assert f"| `{binding.id}` | `{binding.key}` |" in readme, binding.id


async def test_the_palette_shows_the_users_key(make_app) -> None:
    app = make_app(keys={"toggle_read": "z"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = list(app.get_system_commands(app.screen))
        read = next(c for c in commands if c.title.startswith("Mark the selected paper read"))
        assert read.help.endswith("key z")
