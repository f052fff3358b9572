"""Durability: the real app on a pseudo-terminal, killed with SIGKILL right after key presses,
and two instances marking papers in the same data folder at the same time.

Each mark is confirmed on disk (a fresh SQLite connection, bounded poll) before the next key,
so the tests are deterministic; the kill itself comes right after a key press, with no wait.
"""

from __future__ import annotations

from pathlib import Path

from pty_app import PAPERS, PtyApp, integrity, read_marks, start, wait_until


def mark_next_unread(app: PtyApp, data_home: Path, before: set[str]) -> set[str]:
    """`n` (next unread) then `r`; returns the marks once the new one is on disk."""
    app.press("n", "r")
    return wait_until(
        lambda: (marks := read_marks(data_home)) > before and marks,
        f"a new read mark on disk (had {len(before)})",
    )


def test_marks_survive_sigkill_right_after_a_key_press(digest: Path, isolated_dirs) -> None:
    data = isolated_dirs.data
    confirmed: set[str] = set()
    kills = 0
    for round_ in range(3):
        app = start(digest)
        try:
            assert read_marks(data) >= confirmed  # the restarted app found its file
            for _ in range(4):
                confirmed = mark_next_unread(app, data, confirmed)
            # Right after a key press: the key may or may not have been handled; either way
            # every mark confirmed before must be on disk and the database intact.
            if round_ == 1:
                app.press("j")
            else:
                app.press("n", "r")
        finally:
            app.kill()
            kills += 1
        on_disk = read_marks(data)
        assert confirmed <= on_disk, f"lost: {confirmed - on_disk}"
        assert len(on_disk - confirmed) <= 1
        assert integrity(data) == "ok"
        confirmed = on_disk
    assert kills == 3
    assert len(confirmed) >= 12


def test_a_mark_shown_on_screen_is_on_disk_when_killed(digest: Path, isolated_dirs) -> None:
    """Kill the moment the header's unread count changes: what the user saw is saved."""
    app = start(digest)
    try:
        app.wait_for_text(f"{PAPERS} unread")
        app.press("r")
        app.wait_for_text(f"{PAPERS - 1} unread")
    finally:
        app.kill()
    assert len(read_marks(isolated_dirs.data)) == 1


def test_two_instances_marking_at_the_same_time_lose_nothing(digest: Path, isolated_dirs) -> None:
    data = isolated_dirs.data
    top, bottom = start(digest), start(digest)
    try:
        top.press("r")  # both mark the first paper at once: one mark, no error
        bottom.press("r")
        wait_until(lambda: len(read_marks(data)) >= 1, "the shared mark")
        top.press("j")
        bottom.press("end")
        expected = 1
        for _ in range(8):
            # Both instances mark at once: one from the top down, one from the bottom up.
            top.press("r", "j")
            bottom.press("r", "k")
            expected += 2
            wait_until(lambda n=expected: len(read_marks(data)) >= n, f"{expected} marks")
        assert top.quit() == 0
        assert bottom.quit() == 0
    finally:
        top.kill()
        bottom.kill()
    marks = read_marks(data)
    assert len(marks) == expected
    for app in (top, bottom):
        assert "Could not save" not in app.text()
    assert integrity(data) == "ok"
