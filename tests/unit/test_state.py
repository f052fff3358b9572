"""state: read marks, stars and preferences in a real SQLite file, and every way it can go wrong."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui import paths, state
from tui.state import SCHEMA_VERSION, StateStore, normalize_id

UNSAVED = "Read marks can't be saved: "
UNTIL_QUIT = "; they last until you quit"


@pytest.fixture
def store() -> Iterator[StateStore]:
    with StateStore() as opened:
        yield opened


def rows(path: Path, sql: str) -> list[tuple]:
    """Read the file with a separate plain connection: what is really on disk."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def make_state_file(path: Path, read: list[str]) -> None:
    with StateStore(path) as original:
        original.set_read_many(read)
        original.set_starred("2401.99999")


# --- the ordinary case ------------------------------------------------------------------------


def test_default_file_is_created_in_the_data_dir(store: StateStore) -> None:
    assert store.path == paths.data_dir() / "state.sqlite3"
    assert store.path.is_file()
    assert store.warning is None
    assert not store.in_memory


def test_read_marks(store: StateStore) -> None:
    assert not store.is_read("2401.00001")
    store.set_read("2401.00001")
    store.set_read("2401.00002")
    assert store.is_read("2401.00001")
    assert store.read_ids() == {"2401.00001", "2401.00002"}
    store.set_read("2401.00001", False)
    assert not store.is_read("2401.00001")
    assert store.read_ids() == {"2401.00002"}


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("2401.00001v2", "2401.00001"),
        ("2401.00001v12", "2401.00001"),
        (" 2401.00001 ", "2401.00001"),
        ("hep-th/9901001v3", "hep-th/9901001"),
        ("2401.00001", "2401.00001"),
    ],
)
def test_ids_are_keyed_without_version(store: StateStore, raw: str, key: str) -> None:
    assert normalize_id(raw) == key
    store.set_read(raw)
    store.set_starred(raw)
    assert store.read_ids() == {key}
    assert store.starred_ids() == {key}
    assert store.is_read(key + "v1")
    assert store.is_starred(key + "v7")


def test_empty_ids_are_never_marked(store: StateStore) -> None:
    store.set_read("")
    store.set_read_many(["", "  "])
    store.set_starred("")
    assert not store.is_read("")
    assert store.read_ids() == set()
    assert store.starred_ids() == set()


def test_set_read_many_marks_and_unmarks_a_category(store: StateStore) -> None:
    ids = [f"2401.{n:05d}" for n in range(300)]
    store.set_read_many([*ids, "2401.00000v2"])  # duplicates are fine
    assert store.read_ids() == set(ids)
    store.set_read_many(ids[:100], read=False)
    assert store.read_ids() == set(ids[100:])
    store.set_read_many([])
    assert len(store.read_ids()) == 200


def test_stars(store: StateStore) -> None:
    store.set_starred("2401.00001")
    assert store.is_starred("2401.00001")
    store.set_starred("2401.00001", False)
    assert not store.is_starred("2401.00001")
    store.set_starred("2401.00001v3")  # marks are kept without the version
    assert store.is_starred("2401.00001")
    assert store.starred_ids() == {"2401.00001"}
    store.set_starred("2401.00001", False)
    assert store.starred_ids() == set()
    assert store.read_ids() == set()  # stars and read marks are separate


def test_preferences(store: StateStore) -> None:
    assert store.get_pref("language") is None
    assert store.get_pref("language", "original") == "original"
    store.set_pref("language", "zh")
    store.set_pref("last_day", "2024-02-16")
    store.set_pref("language", "en")
    assert store.get_pref("language") == "en"
    assert store.get_pref("last_day") == "2024-02-16"


def test_everything_survives_reopening() -> None:
    with StateStore() as first:
        first.set_read_many(["2401.00001", "2401.00002"])
        first.set_starred("2401.00003")
        first.set_pref("last_paper", "2401.00002")
    with StateStore() as second:
        assert second.read_ids() == {"2401.00001", "2401.00002"}
        assert second.starred_ids() == {"2401.00003"}
        assert second.get_pref("last_paper") == "2401.00002"


def test_a_second_store_sees_marks_without_reopening(store: StateStore) -> None:
    with StateStore() as other:
        store.set_read("2401.00001")
        assert other.is_read("2401.00001")
        other.set_starred("2401.00002")
        assert store.starred_ids() == {"2401.00002"}


def test_file_is_wal_with_schema_version_and_timestamps(store: StateStore) -> None:
    store.set_read("2401.00001")
    first_time = rows(store.path, "SELECT marked_at FROM read_marks")[0][0]
    store.set_read("2401.00001")  # marking again keeps the first time
    assert rows(store.path, "SELECT marked_at FROM read_marks") == [(first_time,)]
    assert first_time.endswith("Z") and first_time[:2] == "20" and "T" in first_time
    assert rows(store.path, "PRAGMA journal_mode") == [("wal",)]
    assert rows(store.path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_an_unversioned_database_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    sqlite3.connect(path).close()  # a valid, empty database at user_version 0
    with StateStore(path) as opened:
        opened.set_read("2401.00001")
        assert opened.warning is None
    assert rows(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_a_file_from_a_newer_version_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    make_state_file(path, ["2401.00001"])
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with StateStore(path) as opened:
        assert opened.in_memory
        assert opened.warning is not None
        assert "newer version" in opened.warning
        assert opened.warning.startswith(UNSAVED)
        assert opened.read_ids() == {"2401.00001"}  # what it had is still shown
        opened.set_read("2401.00002")
        assert opened.is_read("2401.00002")
    assert rows(path, "SELECT arxiv_id FROM read_marks") == [("2401.00001",)]
    assert rows(path, "PRAGMA user_version") == [(99,)]


def test_use_after_close_is_an_error_not_a_silent_fallback(tmp_path: Path) -> None:
    opened = StateStore(tmp_path / "state.sqlite3")
    opened.close()
    with pytest.raises(sqlite3.ProgrammingError):
        opened.set_read("2401.00001")
    assert opened.warning is None


# --- failure modes ----------------------------------------------------------------------------


def test_unwritable_data_folder_falls_back_to_memory(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "a-regular-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "sub"))  # even root can't mkdir here
    with StateStore() as opened:
        assert opened.in_memory
        assert opened.warning is not None
        assert opened.warning.startswith(UNSAVED)
        assert opened.warning.endswith(UNTIL_QUIT)
        assert "not a directory" in opened.warning
        opened.set_read("2401.00001")
        opened.set_starred("2401.00002")
        opened.set_pref("language", "zh")
        assert opened.read_ids() == {"2401.00001"}
        assert opened.starred_ids() == {"2401.00002"}
        assert opened.get_pref("language") == "zh"
    assert blocker.read_text() == "not a folder"


@pytest.fixture
def read_only_state_file(tmp_path: Path) -> Iterator[Path]:
    """A state file with marks that cannot be written, even by root (chattr +i)."""
    path = tmp_path / "state.sqlite3"
    make_state_file(path, ["2401.00001", "2401.00002"])
    if os.geteuid() == 0:
        if not shutil.which("chattr"):
            pytest.skip("running as root without chattr: no way to make a file read-only")
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if done.returncode:
            pytest.skip(f"chattr +i not possible here: {done.stderr.decode().strip()}")
        yield path
        subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o444)
        yield path


def test_read_only_file_keeps_its_marks_in_memory(read_only_state_file: Path) -> None:
    before = read_only_state_file.read_bytes()
    with StateStore(read_only_state_file) as opened:
        assert opened.in_memory
        assert opened.warning is not None
        assert opened.warning.startswith(UNSAVED)
        assert "readonly" in opened.warning
        assert opened.read_ids() == {"2401.00001", "2401.00002"}
        assert opened.starred_ids() == {"2401.99999"}
        opened.set_read("2401.00003")
        assert opened.is_read("2401.00003")
    assert read_only_state_file.read_bytes() == before


def broken_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("state.sqlite3.broken-*"))


def truncated_database(path: Path) -> bytes:
    make_state_file(path, [f"2401.{n:05d}" for n in range(2000)])
    data = path.read_bytes()
    return data[: len(data) // 3]


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: b"this is not a database at all\n" * 50,
        lambda path: b"SQLite format 3\x00" + b"\xff" * 4000,
        truncated_database,
    ],
    ids=["garbage", "bad-header", "truncated"],
)
def test_damaged_file_is_moved_aside_and_a_fresh_one_started(tmp_path: Path, damage) -> None:
    path = tmp_path / "state.sqlite3"
    content = damage(path)
    path.write_bytes(content)
    with StateStore(path) as opened:
        assert not opened.in_memory
        (moved,) = broken_files(tmp_path)
        assert moved.read_bytes() == content  # kept, byte for byte
        assert opened.warning is not None
        assert str(moved) in opened.warning
        assert "damaged" in opened.warning
        assert opened.read_ids() == set()
        opened.set_read("2401.00001")
    with StateStore(path) as reopened:
        assert reopened.read_ids() == {"2401.00001"}
        assert reopened.warning is None


def test_damage_twice_in_a_second_keeps_both_copies(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    for content in (b"first garbage" * 100, b"second garbage" * 100):
        path.write_bytes(content)
        StateStore(path).close()
    assert sorted(p.read_bytes() for p in broken_files(tmp_path)) == [
        b"first garbage" * 100,
        b"second garbage" * 100,
    ]


def test_damaged_file_that_cannot_be_moved_gives_memory_store(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"garbage" * 100)
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
            pytest.skip("chattr +i not possible here")
    else:
        tmp_path.chmod(0o500)
    try:
        with StateStore(path) as opened:
            assert opened.in_memory
            assert opened.warning is not None
            assert "damaged" in opened.warning and opened.warning.endswith(UNTIL_QUIT)
            opened.set_read("2401.00001")
            assert opened.is_read("2401.00001")
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            tmp_path.chmod(0o700)
    assert path.read_bytes() == b"garbage" * 100
    assert broken_files(tmp_path) == []


def test_disk_failure_mid_session_keeps_marks_in_memory(tmp_path: Path, monkeypatch) -> None:
    """Another process holds the write lock past the busy timeout: the mark is not lost."""
    monkeypatch.setattr(state, "BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "state.sqlite3"
    opened = StateStore(path)
    opened.set_read("2401.00001")
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        opened.set_read("2401.00002")
        assert opened.in_memory
        assert opened.warning is not None
        assert "stopped working" in opened.warning and "locked" in opened.warning
        assert opened.read_ids() == {"2401.00001", "2401.00002"}
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        opened.close()


# --- several processes, and SIGKILL ---------------------------------------------------------


def _mark_range(path: str, prefix: str, count: int, barrier, warnings) -> None:
    """Runs in a spawned process: wait for the other one, then mark count ids one by one."""
    barrier.wait()
    with StateStore(Path(path)) as opened:
        for n in range(count):
            opened.set_read(f"{prefix}.{n:05d}")
        warnings.put(opened.warning)


def test_two_processes_marking_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    warnings = ctx.Queue()
    workers = [
        ctx.Process(target=_mark_range, args=(str(path), prefix, 200, barrier, warnings))
        for prefix in ("2401", "2402")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    assert [warnings.get(timeout=5), warnings.get(timeout=5)] == [None, None]
    on_disk = {row[0] for row in rows(path, "SELECT arxiv_id FROM read_marks")}
    assert len(on_disk) == 400
    assert on_disk == {f"{p}.{n:05d}" for p in ("2401", "2402") for n in range(200)}


def test_marks_survive_sigkill_right_after_the_call(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from tui.state import StateStore
        store = StateStore(Path({str(path)!r}))
        for n in range(50):
            store.set_read(f"2401.{{n:05d}}")
        store.set_read_many(["2402.00001", "2402.00002"])
        store.set_starred("2403.00001")
        store.set_pref("last_day", "2024-02-16")
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    with StateStore(path) as reopened:
        assert reopened.warning is None
        expected = {f"2401.{n:05d}" for n in range(50)} | {"2402.00001", "2402.00002"}
        assert reopened.read_ids() == expected
        assert reopened.starred_ids() == {"2403.00001"}
        assert reopened.get_pref("last_day") == "2024-02-16"
