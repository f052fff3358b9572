"""Damaged files on disk: the app still starts and nothing is silently thrown away.

- a garbage or truncated state database (read marks) is moved aside, never deleted, the user is
  told where it went, and the app starts with empty state that saves again;
- a garbage or truncated parse cache is rebuilt.
The real process on a pty proves the start; Pilot (the same App class, real files) reads the
message, which a terminal would wrap across lines.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pty_app import FIRST_TITLE, PAPERS, STATE_DB, read_marks, start, wait_until
from textual.message import Message
from textual.notifications import Notify

from tui import paths
from tui.app import build_app, open_feed
from tui.parser import load
from tui.state import StateStore

GARBAGE = b"not a database, only bytes \x00\xff\xfe " * 300


def truncated_state(path: Path) -> bytes:
    """A real state file with 3,000 marks, cut in the middle of its pages."""
    with StateStore(path) as store:
        store.set_read_many([f"2401.{n:05d}" for n in range(3_000)])
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{path}{suffix}").exists()  # everything is in the main file
    data = path.read_bytes()
    assert len(data) > 3 * 4096
    path.write_bytes(data[: len(data) // 2 + 100])
    return path.read_bytes()


def damage(kind: str, path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "garbage":
        path.write_bytes(GARBAGE)
        return GARBAGE
    return truncated_state(path)


def moved_aside(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.broken-*"))


class Notes:
    """Every notification the app raises (Pilot hides toasts, not the messages)."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.texts.append(f"{message.notification.title}: {message.notification.message}")


@pytest.mark.parametrize("kind", ["garbage", "truncated"])
async def test_damaged_state_is_moved_aside_and_the_user_told_where(
    kind: str, digest: Path, isolated_dirs
) -> None:
    state = paths.data_dir() / "state.sqlite3"
    original = damage(kind, state)
    notes = Notes()
    store = StateStore()
    try:
        feed = open_feed([digest])
        assert feed.wait_done(60)
        app = build_app(feed, store)
        async with app.run_test(size=(120, 40), message_hook=notes) as pilot:
            await pilot.pause()
            (aside,) = moved_aside(state)
            assert aside.read_bytes() == original  # kept as it was, never deleted
            told = [text for text in notes.texts if str(aside) in text]
            assert told, f"no message names {aside}: {notes.texts}"
            assert not any(app.marks.is_read(p.arxiv_id) for p in load(digest).papers)
            await pilot.press("r")
            await pilot.pause()
        assert len(store.read_ids()) == 1  # the fresh file saves again
    finally:
        store.close()


@pytest.mark.parametrize("kind", ["garbage", "truncated"])
def test_the_real_app_starts_over_a_damaged_state_file(
    kind: str, digest: Path, isolated_dirs
) -> None:
    state = isolated_dirs.data / STATE_DB
    original = damage(kind, state)
    app = start(digest)
    try:
        app.wait_for_text(f"{PAPERS} unread")  # empty state
        (aside,) = moved_aside(state)
        assert aside.read_bytes() == original
        app.press("r")
        wait_until(lambda: len(read_marks(isolated_dirs.data)) == 1, "the mark in a fresh file")
        assert app.quit() == 0
    finally:
        app.kill()
    assert "Traceback" not in app.text()


@pytest.mark.parametrize("kind", ["garbage", "truncated"])
def test_a_damaged_cache_is_rebuilt(kind: str, digest: Path, isolated_dirs) -> None:
    cache = isolated_dirs.cache / "arxiv-digest-tui" / "cache.sqlite3"
    app = start(digest)  # first run: builds the cache
    assert app.quit() == 0
    assert cache.exists()
    data = cache.read_bytes()
    cache.write_bytes(GARBAGE if kind == "garbage" else data[: len(data) // 2 + 100])
    app = start(digest)  # the list is drawn from the digest, not from the damaged cache
    try:
        assert app.quit() == 0
    finally:
        app.kill()
    assert "Traceback" not in app.text()
    connection = sqlite3.connect(cache)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("SELECT count(*) FROM entries").fetchone()[0] == PAPERS
    finally:
        connection.close()
    assert FIRST_TITLE in app.text()
