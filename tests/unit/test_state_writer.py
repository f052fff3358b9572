"""The write-behind queue on a real SQLite file: order, retries, status, the bounded close, and
the messages the reader derives from its status. A lock is a second connection holding
BEGIN EXCLUSIVE; a full disk is SQLite's SQLITE_FULL from PRAGMA max_page_count."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.state import StateStore, read_saved
from tui.state_writer import SAVE_WAIT_S, SavingNotices, StateWriter


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "state.sqlite3"


@pytest.fixture
def lock(path: Path) -> Iterator[sqlite3.Connection]:
    with StateStore(path):
        pass
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    yield holder
    if holder.in_transaction:
        holder.execute("ROLLBACK")
    holder.close()


def on_disk(path: Path) -> tuple[set[str], set[str], dict[str, str]]:
    saved = read_saved(path)
    return saved.read, saved.stars, saved.prefs


def wait(condition, limit: float = 10.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_changes_land_before_the_setter_returns_when_all_is_well(path: Path) -> None:
    writer = StateWriter(path)
    try:
        writer.set_read("2401.00001v2")
        writer.set_starred("2401.00002")
        writer.set_pref("language", "both")
        assert writer.get_pref("language") == "both"  # at once in memory; a pref is not waited
        wait(lambda: on_disk(path) == ({"2401.00001"}, {"2401.00002"}, {"language": "both"}))
        assert writer.read_ids() == {"2401.00001"}
    finally:
        assert writer.close() == []


def test_a_preference_never_waits_for_the_disk(path: Path, lock) -> None:
    """`t` while a cold open kept the disk busy waited SAVE_WAIT_S for the language to land; a
    preference is not a mark: it is queued and lands when it can."""
    writer = StateWriter(path)
    try:
        began = time.monotonic()
        writer.set_pref("language", "both")  # the file is locked: a mark would wait here
        assert time.monotonic() - began < SAVE_WAIT_S / 2
        assert writer.get_pref("language") == "both"
        lock.execute("ROLLBACK")
        wait(lambda: on_disk(path)[2] == {"language": "both"})
    finally:
        assert writer.close() == []


def test_a_lock_keeps_every_change_and_the_last_of_each_lands(path: Path, lock) -> None:
    writer = StateWriter(path)
    try:
        began = time.monotonic()
        for aid in ("2401.00001", "2401.00002", "2401.00003"):
            writer.set_read(aid)
        writer.set_read("2401.00002", False)  # undone while waiting: the undo is what lands
        writer.set_starred("2401.00003")
        # The caller never waits on the lock: at most SAVE_WAIT_S a change until the first
        # failed attempt is known, then not at all.
        assert time.monotonic() - began < 5 * SAVE_WAIT_S + 0.3
        assert writer.read_ids() == {"2401.00001", "2401.00003"}  # memory shows them at once
        wait(lambda: writer.status().error is not None)
        status = writer.status()
        assert status.error == "the state file is locked by another program"
        assert (status.pending_marks, status.pending) == (4, 4)
        assert on_disk(path)[0] == set()
        lock.execute("ROLLBACK")
        assert writer.wait_saved(10)
        assert on_disk(path)[:2] == ({"2401.00001", "2401.00003"}, {"2401.00003"})
        assert writer.status().error is None
    finally:
        assert writer.close() == []


def test_close_is_bounded_and_returns_what_was_not_saved(path: Path, lock) -> None:
    writer = StateWriter(path)
    writer.set_read("2401.00001")
    writer.set_starred("2401.00002", False)
    began = time.monotonic()
    unsaved = writer.close(0.5)
    assert time.monotonic() - began < 3.0
    assert sorted(unsaved) == ["2401.00001 read", "2401.00002 unstarred"]


def test_a_full_file_is_retried_until_there_is_room(path: Path) -> None:
    limit: dict[str, int | None] = {"pages": None}

    def open_store(where: Path) -> StateStore:
        store = StateStore(where, 0.5, memory_fallback=False)
        if limit["pages"] is not None:
            store._conn.execute(f"PRAGMA max_page_count = {limit['pages']}")
        return store

    with StateStore(path) as store:
        limit["pages"] = store._conn.execute("PRAGMA page_count").fetchone()[0]
    writer = StateWriter(path, open_store=open_store)
    try:
        writer.set_read_many([f"2401.{n:05d}" for n in range(2000)])  # needs new pages
        wait(lambda: writer.status().error == "the disk is full")
        assert writer.status().pending_marks == 2000
        assert on_disk(path)[0] == set()
        limit["pages"] = None
        assert writer.wait_saved(10)
        assert len(on_disk(path)[0]) == 2000
    finally:
        assert writer.close() == []


def test_the_reader_is_told_at_once_again_when_more_wait_and_when_they_landed(
    path: Path, lock
) -> None:
    said: list[tuple[str, bool]] = []
    now = [0.0]
    writer = StateWriter(path)
    notices = SavingNotices(
        writer, lambda text, trouble: said.append((text, trouble)), lambda: now[0]
    )
    try:
        wait(lambda: writer.status().error is not None)
        notices.check()
        assert said[-1][1] and said[-1][0].startswith("Read marks can't be saved yet: the state")
        writer.set_read("2401.00001")
        notices.check()
        assert said[-1] == (
            "1 mark not saved yet: the state file is locked by another program; retrying",
            True,
        )
        writer.set_read("2401.00002")
        notices.check()  # within REPEAT_S of the last: not repeated yet
        assert len(said) == 2
        now[0] += SavingNotices.REPEAT_S
        notices.check()
        assert said[-1][0].startswith("2 marks not saved yet")
        lock.execute("ROLLBACK")
        assert writer.wait_saved(10)
        notices.check()
        assert said[-1] == ("All marks saved", False)
        notices.check()
        assert len(said) == 4  # said once
    finally:
        writer.close()
