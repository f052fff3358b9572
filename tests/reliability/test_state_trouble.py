"""The state file in trouble: locked by another program, disk full, read-only folder.

The real app in a pseudo-terminal (or through Pilot where the test must reach the connection):
marks are shown at once, the user is told at once that they are not saved yet and why, they are
retried until they land (and the user is told), and the UI never waits on the lock. A real lock
is a second process holding BEGIN EXCLUSIVE on the real file; a real full disk is SQLite's own
SQLITE_FULL (PRAGMA max_page_count) and, where mounting is allowed, a full tmpfs.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pty_app import PAPERS, STATE_DB, PtyApp, read_marks, start, wait_until

from tui.state import StateStore


class LockHolder:
    """Another process holding `BEGIN EXCLUSIVE` on the state file until released."""

    def __init__(self, path: Path) -> None:
        code = (
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
            "c.execute('BEGIN EXCLUSIVE')\n"
            "print('held', flush=True)\n"
            "sys.stdin.readline()\n"
            "c.execute('ROLLBACK')\n"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "held"

    def release(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        self.process.wait(timeout=10)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def unread_count_changes(app: PtyApp, unread: int, limit: float) -> float:
    """`n` `r` and the seconds until the header shows one fewer unread."""
    began = time.monotonic()
    app.press("n", "r")
    app.wait_for_text(f"{unread - 1} unread", limit=limit)
    return time.monotonic() - began


def test_a_locked_state_file_neither_freezes_the_reader_nor_loses_marks(
    digest: Path, isolated_dirs
) -> None:
    """Before: the first frame came after 5.5 s, each `r` froze the UI for about 5 s without a
    word, and 2 of 3 marks never reached the disk after the lock cleared."""
    data = isolated_dirs.data
    with StateStore(data / STATE_DB) as store:
        store.set_read("2402.99999")  # an earlier session's mark, not in the sample
    holder = LockHolder(data / STATE_DB)
    try:
        began = time.monotonic()
        app = start(digest)
        first_frame = time.monotonic() - began
        try:
            assert first_frame < 3.0, f"first frame after {first_frame:.1f} s"
            stalls = [unread_count_changes(app, PAPERS - i, limit=2.0) for i in range(3)]
            assert max(stalls) < 1.5, stalls
            app.wait_for_words("not saved yet", "locked by", "retrying")
            assert read_marks(data) == {"2402.99999"}  # nothing landed while locked
            holder.release()
            wait_until(lambda: len(read_marks(data)) == 4, "the 3 marks on disk after the lock")
            app.wait_for_words("All marks saved")
            assert app.quit() == 0
        finally:
            app.kill()
    finally:
        holder.kill()
    assert len(read_marks(data)) == 4


def test_quitting_while_locked_says_on_stderr_what_was_not_saved(
    digest: Path, isolated_dirs
) -> None:
    data = isolated_dirs.data
    with StateStore(data / STATE_DB):
        pass
    holder = LockHolder(data / STATE_DB)
    try:
        app = start(digest)
        try:
            unread_count_changes(app, PAPERS, limit=2.0)
            app.wait_for_words("not saved yet")
            app.press("q")
            wait_until(lambda: not app.alive(), "the app to quit within the bounded wait", 15)
            output = app.output
        finally:
            app.kill()
    finally:
        holder.kill()
    after_restore = output[output.rindex(b"\x1b[?1049l") :].decode(errors="replace")
    assert "were NOT saved (the state file is locked by another program)" in after_restore
    assert " read" in after_restore  # the paper's id and what was not saved about it


def limited_opener(limit: dict[str, int | None]):
    """open_store for the writer: a real StateStore whose connection may grow to limit['pages']
    pages (SQLite then reports SQLITE_FULL, as on a full disk); None: no limit."""

    def open_store(path: Path) -> StateStore:
        store = StateStore(path, 0.5, memory_fallback=False)
        pages = limit["pages"]
        if pages is not None:
            store._conn.execute(f"PRAGMA max_page_count = {pages}")
        return store

    return open_store


async def test_a_full_disk_is_said_at_once_and_the_marks_land_when_there_is_room(
    isolated_dirs,
) -> None:
    """Before: 5 of 6 marks shown as read were never saved and nothing said so."""
    from textual.notifications import Notify

    from tui.app import build_app, open_feed
    from tui.library import bundled_sample
    from tui.state_writer import StateWriter

    path = isolated_dirs.data / STATE_DB
    with StateStore(path) as store:
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    earlier = fill_pages(path, pages)  # earlier marks fill every page: the file is full
    limit: dict[str, int | None] = {"pages": pages}  # and may not grow
    writer = StateWriter(path, open_store=limited_opener(limit))
    feed = open_feed([bundled_sample()])
    app = build_app(feed, writer)
    said: list[str] = []

    def record(message: object) -> None:
        if isinstance(message, Notify):
            said.append(message.notification.message)

    def toasts() -> str:
        return " | ".join(said)

    try:
        async with app.run_test(size=(120, 40), message_hook=record) as pilot:
            await wait_for(pilot, lambda: app.session.day is not None)
            for _ in range(6):
                await pilot.press("n", "r")
            assert writer.status().pending_marks == 6
            await wait_for(pilot, lambda: "6 marks not saved yet: the disk is full" in toasts())
            assert read_ids(path) == earlier
            limit["pages"] = None  # room again
            await wait_for(pilot, lambda: len(read_ids(path) - earlier) == 6, limit=15)
            await wait_for(pilot, lambda: "All marks saved" in toasts())
    finally:
        feed.stop(5)
        assert writer.close(5) == []
    assert len(read_ids(path) - earlier) == 6


def fill_pages(path: Path, pages: int) -> set[str]:
    """Mark made-up ids until the file's `pages` pages hold no more (SQLITE_FULL)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA max_page_count = {pages}")
    marked: set[str] = set()
    try:
        for n in range(100_000):
            key = f"1901.{n:05d}"
            try:
                conn.execute("INSERT INTO read_marks VALUES (?, 'earlier')", (key,))
            except sqlite3.OperationalError as error:
                assert error.sqlite_errorname == "SQLITE_FULL", error
                return marked
            marked.add(key)
        raise AssertionError("the file never filled")
    finally:
        conn.close()


async def wait_for(pilot, condition, limit: float = 10.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


def read_ids(path: Path, query: str = "") -> set[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?{query}", uri=True, timeout=10)
    try:
        return {row[0] for row in conn.execute("SELECT arxiv_id FROM read_marks")}
    finally:
        conn.close()


# --- real file systems (need mount: skipped with the reason where it is not allowed) ----------


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    """A 512 KiB tmpfs, unmounted afterwards."""
    where = tmp_path / "small-fs"
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or 'mount failed'})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(folder: Path) -> Path:
    """Fill the file system until ENOSPC; returns the filler file."""
    filler = folder / "filler"
    try:
        with filler.open("wb", buffering=0) as handle:
            while True:
                handle.write(b"\0" * 4096)
    except OSError:
        pass  # ENOSPC: full
    return filler


def test_a_really_full_disk(digest: Path, small_fs: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(small_fs)}
    with StateStore(small_fs / STATE_DB) as store:
        store.set_read("2402.99999")
    filler = fill(small_fs)
    app = PtyApp([str(digest)], env)
    try:
        app.wait_for_text(f"{PAPERS} papers")
        for i in range(3):
            unread_count_changes(app, PAPERS - i, limit=2.0)
        app.wait_for_words("not saved yet", "disk is full", "retrying")
        # A normal connection can't open the file on a full disk either (no room for -shm).
        assert read_ids(small_fs / STATE_DB, "immutable=1") == {"2402.99999"}
        filler.unlink()
        wait_until(lambda: len(read_marks(small_fs)) == 4, "the 3 marks on disk")
        app.wait_for_words("All marks saved")
        assert app.quit() == 0
    finally:
        app.kill()


def test_a_read_only_data_folder_shows_the_saved_marks(digest: Path, small_fs: Path) -> None:
    """Before: the reader showed none of the marks already saved; `stats` said 0 read."""
    env = {**os.environ, "XDG_DATA_HOME": str(small_fs)}
    with StateStore(small_fs / STATE_DB) as store:
        store.set_read_many(["2402.10896", "2402.10884", "2402.10855"])  # the sample's papers
    subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=True)
    stats = subprocess.run(
        [sys.executable, "-m", "tui", "stats", "--format", "json", str(digest)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert stats.returncode == 0, stats.stderr
    assert '"read": 3' in stats.stdout
    assert "can't be written" in stats.stderr
    app = PtyApp([str(digest)], env)
    try:
        app.wait_for_text(f"{PAPERS - 3} unread")
        app.wait_for_words("Read marks can't", "saved", "written")  # words: it wraps
        assert app.quit() == 0
    finally:
        app.kill()
