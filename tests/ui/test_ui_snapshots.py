"""SVG snapshots of the main views (pytest-textual-snapshot).

Deterministic by construction: fixed terminal sizes, the default theme, the bundled sample (or the
hostile fixture), state in the test's temporary XDG folder, no blinking cursor in view, and the
language chosen through the stored preference rather than a key press (so no toast is on screen).
Update with `pytest tests/ui --snapshot-update` only after looking at the report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import settle, settle_library

from tui.state import StateStore


def remember_language(state_path: Path, language: str) -> None:
    state_path.parent.mkdir(parents=True, exist_ok=True)
    with StateStore(state_path) as store:
        store.set_pref("language", language)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
@pytest.mark.parametrize("language", ["original", "translation"])
def test_main_view(snap_compare, make_app, state_path: Path, size, language: str) -> None:
    remember_language(state_path, language)
    assert snap_compare(make_app(), terminal_size=size)


def test_both_languages_side_by_side_at_200x60(snap_compare, make_app, state_path: Path) -> None:
    remember_language(state_path, "both")
    assert snap_compare(make_app(), terminal_size=(200, 60))


def test_read_marks_and_a_category(snap_compare, make_app) -> None:
    # Mark two papers, then open the second category: markers and counts change together.
    keys = ["r", "j", "j", "r", "shift+tab", "j", "j", "enter", "j"]
    assert snap_compare(make_app(), press=keys, terminal_size=(120, 40))


def test_help_screen(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), press=["question_mark"], terminal_size=(120, 40))


def test_mark_category_confirmation(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), press=["R"], terminal_size=(80, 24))


def test_hostile_digest_is_shown_literally(snap_compare, make_app, hostile_path: Path) -> None:
    assert snap_compare(make_app(hostile_path), terminal_size=(120, 40))


# -- the library: several days ------------------------------------------------------------------


def mark_read(state_path: Path, *ids: str) -> None:
    state_path.parent.mkdir(parents=True, exist_ok=True)
    with StateStore(state_path) as store:
        store.set_read_many(ids)


def test_an_older_day_says_where_else_its_paper_was_listed(
    snap_compare, make_app, days, state_path: Path
) -> None:
    mark_read(state_path, days.shared_id)

    async def run_before(pilot) -> None:
        await settle_library(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)

    app = make_app(days.folder)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_all_days_of_the_library(snap_compare, make_app, days, state_path: Path) -> None:
    mark_read(state_path, days.shared_id)

    async def run_before(pilot) -> None:
        await settle_library(pilot)
        await pilot.press("a", "end")
        await settle(pilot)

    app = make_app(days.folder)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_day_picker(snap_compare, make_app, days, state_path: Path) -> None:
    mark_read(state_path, days.shared_id)

    async def run_before(pilot) -> None:
        await settle_library(pilot)
        await pilot.press("left_square_bracket", "d")
        await settle(pilot)

    app = make_app(days.folder)
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_search_results_with_highlighting(snap_compare, make_app, days) -> None:
    async def run_before(pilot) -> None:
        await settle_library(pilot)
        await pilot.press("slash", *"video", "enter", "j")
        await settle(pilot)

    app = make_app(days.folder)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_search_hint_for_a_malformed_query(snap_compare, make_app) -> None:
    async def run_before(pilot) -> None:
        await settle_library(pilot)
        await pilot.press("slash", *"mamba date:2024-13")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_export_dialog(snap_compare, make_app, days, isolated_dirs) -> None:
    (isolated_dirs.home / "Downloads").mkdir()

    async def run_before(pilot) -> None:
        await settle_library(pilot)
        await pilot.press("j", "space", "space", "e")
        await settle(pilot)

    app = make_app(days.folder)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
