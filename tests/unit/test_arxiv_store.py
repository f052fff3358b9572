"""The arXiv metadata store: by id and version, absent ids for a while, a damaged file rebuilt."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from tui import paths
from tui.arxiv.record import Record
from tui.arxiv.store import STORE_NAME, UNKNOWN_TTL, Store


def record(arxiv_id: str, version: int | None = 1, abstract: str = "Abs.") -> Record:
    return Record(
        arxiv_id=arxiv_id,
        version=version,
        title="T",
        authors=("A. One", "B. Two"),
        abstract=abstract,
        comment="CVPR 2024",
        doi="10.1/x",
        categories=("cs.CV", "cs.LG"),
    )


def test_lives_in_the_cache_folder_and_round_trips() -> None:
    with Store() as store:
        store.put([record("2403.00001")])
    assert (paths.cache_dir() / STORE_NAME).is_file()
    with Store() as again:
        assert again.get(["2403.00001", "2403.00002"]) == {"2403.00001": record("2403.00001")}
        assert again.count() == 1


def test_the_newest_version_is_given() -> None:
    with Store() as store:
        store.put([record("2403.00001", 2, "second"), record("2403.00001", 1, "first")])
        assert store.get(["2403.00001"])["2403.00001"].abstract == "second"
        store.put([record("2403.00001", 3, "third")])
        assert store.get(["2403.00001"])["2403.00001"].version == 3


def test_missing_keeps_order_and_remembers_unknown_ids_for_a_day() -> None:
    now = 1_700_000_000.0
    with Store() as store:
        store.put([record("2403.00002")], unknown=["2403.00009"], malformed=["x"], now=now)
        wanted = ["2403.00003", "2403.00002", "2403.00009", "x", "2403.00001", "2403.00003"]
        assert store.missing(wanted, now=now + 60) == ["2403.00003", "2403.00001"]
        later = store.missing(wanted, now=now + UNKNOWN_TTL + 1)
        assert later == ["2403.00003", "2403.00009", "2403.00001"]
        assert store.absent(wanted, now=now + 60) == {"2403.00009": "unknown", "x": "malformed"}


def test_a_record_that_arrives_clears_its_absent_mark() -> None:
    with Store() as store:
        store.put([], unknown=["2403.00005"])
        store.put([record("2403.00005")])
        assert store.absent(["2403.00005"]) == {}
        assert store.missing(["2403.00005"]) == []


def test_a_damaged_file_is_rebuilt_with_a_notice() -> None:
    path = paths.cache_dir() / STORE_NAME
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 500)
    with Store() as store:
        assert len(store.notices) == 1 and "damaged" in store.notices[0]
        assert store.persistent
        store.put([record("2403.00001")])
        assert store.get(["2403.00001"])
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_truncated_file_is_rebuilt_when_read() -> None:
    with Store() as store:
        store.put([record(f"2403.{n:05d}", abstract="x" * 2000) for n in range(300)])
    path = paths.cache_dir() / STORE_NAME
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with Store() as store:
        assert len(store.notices) == 1 and "(truncated)" in store.notices[0]
        assert store.get([f"2403.{n:05d}" for n in range(300)]) == {}  # fetched again later
        store.put([record("2403.99999")])
        assert "2403.99999" in store.get(["2403.99999"])


def test_an_unwritable_folder_gives_a_store_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"  # a file where the folder should be: mkdir fails, even as root
    blocker.write_text("")
    with Store(blocker / "sub" / STORE_NAME) as store:
        assert not store.persistent
        assert "cannot be used" in store.notices[0]
        store.put([record("2403.00001")])
        assert store.get(["2403.00001"])


def test_two_stores_share_the_file() -> None:
    with Store() as one, Store() as two:
        one.put([record("2403.00001")])
        assert two.get(["2403.00001"])
        two.put([], unknown=["2403.00002"], now=time.time())
        assert one.missing(["2403.00001", "2403.00002", "2403.00003"]) == ["2403.00003"]
