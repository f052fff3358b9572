"""config.toml's [keys] table (tui.keymap): what is taken, what is refused and why."""

from __future__ import annotations

from tui.keymap import parse_keys

DEFAULTS = {"dismiss": "minus", "toggle_read": "r", "toggle_star": "s", "quit": "q"}


def test_keys_are_taken_per_binding_id() -> None:
    keymap, problems = parse_keys(
        {"dismiss": "x", "toggle_read": " ctrl+r , f5 "}, DEFAULTS, DEFAULTS
    )
    assert keymap == {"dismiss": "x", "toggle_read": "ctrl+r,f5"}
    assert problems == []


def test_bad_entries_are_said_and_left_out() -> None:
    keymap, problems = parse_keys(
        {"dismis": "x", "toggle_read": "", "toggle_star": 3, "quit": "a b"}, DEFAULTS, DEFAULTS
    )
    assert keymap == {}
    assert problems[0] == "[keys] 'dismis' is not an action (see README for the ids)"
    assert all("is not a key list" in p for p in problems[1:]) and len(problems) == 4


def test_a_key_another_action_keeps_is_a_conflict() -> None:
    keymap, problems = parse_keys({"dismiss": "r"}, DEFAULTS, DEFAULTS)
    assert keymap == {} and problems == [
        "[keys] 'r' is already toggle_read's key: dismiss keeps its own"
    ]
    # Swapping two keys is fine: each gives its own away.
    keymap, problems = parse_keys({"toggle_read": "s", "toggle_star": "r"}, DEFAULTS, DEFAULTS)
    assert keymap == {"toggle_read": "s", "toggle_star": "r"} and problems == []
    # Two rebound to the same key: the second is refused.
    keymap, problems = parse_keys({"toggle_read": "z", "toggle_star": "z"}, DEFAULTS, DEFAULTS)
    assert keymap == {"toggle_read": "z"} and "already toggle_read's" in problems[0]


def test_no_table_or_a_wrong_one() -> None:
    assert parse_keys(None, DEFAULTS) == ({}, [])
    assert "should be a table" in parse_keys("x", DEFAULTS)[1][0]
