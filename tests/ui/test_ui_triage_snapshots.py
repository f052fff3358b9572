"""SVG snapshots of triage (issue 17): the sidebar's Watches and Tags groups with a watched
paper's marker and a hidden count, and a list in For-you order with its reasons.

Deterministic as the other snapshots: fixed size, default theme, state written to the test's
XDG folder before the app starts; the rules are matched and the model fitted before the shot.
"""

from __future__ import annotations

from pathlib import Path

from ui_helpers import settle_library

from tui.screenshots import example_triage
from tui.state import StateStore


def write_triage(state_path: Path) -> None:
    state_path.parent.mkdir(parents=True, exist_ok=True)
    with StateStore(state_path) as store:
        example_triage(store)


async def _loaded(pilot) -> None:
    await settle_library(pilot)


def test_sidebar_with_watches_and_tags(snap_compare, make_app, state_path: Path) -> None:
    write_triage(state_path)
    assert snap_compare(make_app(), terminal_size=(140, 44), run_before=_loaded)


def test_list_in_for_you_order(snap_compare, make_app, state_path: Path) -> None:
    write_triage(state_path)

    async def for_you(pilot) -> None:
        await settle_library(pilot)
        await pilot.press("f")
        await settle_library(pilot)
        await pilot.pause(0.2)
        await settle_library(pilot)

    assert snap_compare(make_app(), terminal_size=(140, 44), run_before=for_you)
