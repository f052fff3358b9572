"""SVG snapshots of a two-level 2026 digest (the bundled 2026-style sample, FORMAT.md §7): the
category tree, names in each language mode, status marks, at 120x40 and 200x60.

Deterministic as tests/ui/test_ui_snapshots.py: fixed sizes, the default theme, the language
chosen through the stored preference, state in the test's temporary XDG folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.state import StateStore

LATER = Path(__file__).parents[2] / "src" / "tui" / "data" / "2026-01-07.md"


@pytest.mark.parametrize("size", [(120, 40), (200, 60)], ids=["120x40", "200x60"])
@pytest.mark.parametrize("language", ["original", "translation", "both"])
def test_two_level_digest(snap_compare, make_app, state_path: Path, size, language: str) -> None:
    state_path.parent.mkdir(parents=True, exist_ok=True)
    with StateStore(state_path) as store:
        store.set_pref("language", language)
        store.set_read_many(["2601.03101", "2512.11872"])  # two of the first parent's papers
    assert snap_compare(make_app(LATER), terminal_size=size)
