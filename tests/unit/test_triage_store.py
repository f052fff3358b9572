"""Triage in the precious state file: the schema-2 tables, the write-behind queue's new kinds,
a schema-1 file upgraded, and what a lock or a kill leaves (issue 17). Real SQLite files."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.state import SCHEMA_VERSION, StateStore, read_saved
from tui.state_writer import StateWriter
from tui.triage.records import Rule, Seen
from tui.triage.tables import TriageChanges

# The schema of version 1 as it shipped (written out here, not taken from the code).
SCHEMA_1 = (
    "CREATE TABLE read_marks (arxiv_id TEXT PRIMARY KEY, marked_at TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE stars (arxiv_id TEXT PRIMARY KEY, marked_at TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE prefs (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL)"
    " WITHOUT ROWID",
    "INSERT INTO read_marks VALUES ('2401.00001', '2024-01-01T00:00:00.000Z')",
    "INSERT INTO stars VALUES ('2401.00002', '2024-01-01T00:00:00.000Z')",
    "PRAGMA user_version = 1",
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "state.sqlite3"


@pytest.fixture
def writer(path: Path) -> Iterator[StateWriter]:
    writer = StateWriter(path)
    yield writer
    assert writer.close() == []


def test_a_schema_1_file_gains_the_triage_tables_and_keeps_its_marks(path: Path) -> None:
    conn = sqlite3.connect(path)
    for statement in SCHEMA_1:
        conn.execute(statement)
    conn.commit()
    conn.close()
    assert read_saved(path).triage.dismissed == set()  # read before the upgrade: no tables yet
    with StateStore(path) as store:
        assert store.read_ids() == {"2401.00001"} and store.starred_ids() == {"2401.00002"}
        store.write_triage(TriageChanges(dismissed={"2401.00003": True}))
    assert SCHEMA_VERSION == 2
    saved = read_saved(path)
    assert saved.read == {"2401.00001"} and saved.triage.dismissed == {"2401.00003"}


def test_every_kind_lands_and_a_fresh_reader_sees_it(path: Path, writer: StateWriter) -> None:
    writer.set_dismissed(["2401.00001v2", "2401.00009"])
    writer.set_dismissed(["2401.00009"], False)
    writer.set_tags("2401.00002v1", frozenset({"to read", "diffusion"}))
    writer.set_tags("2401.00003", frozenset({"x"}))
    writer.set_tags("2401.00003", frozenset())
    writer.save_rule(Rule("watch", "splatting", 'title:"gaussian splatting"'))
    writer.save_rule(Rule("hide", "surveys", "title:survey"))
    writer.save_rule(Rule("watch", "gone", "x"))
    writer.delete_rule("watch", "gone")
    writer.record_seen({"2401.00004v2": Seen("2024-02-02", "v2", "2024-02-02", "v2")})
    writer.record_seen({"2401.00004": Seen("2024-01-05", "v1", "2024-01-05", "v1")})
    assert writer.wait_saved(5)
    deadline = time.monotonic() + 5  # sightings are written along, not waited for
    while "2401.00004" not in read_saved(path).triage.seen and time.monotonic() < deadline:
        time.sleep(0.02)
    triage = read_saved(path).triage
    assert triage.dismissed == {"2401.00001"}
    assert triage.tags == {"2401.00002": frozenset({"to read", "diffusion"})}
    assert triage.rule_list() == [
        Rule("watch", "splatting", 'title:"gaussian splatting"'),
        Rule("hide", "surveys", "title:survey"),
    ]
    # The first sighting is the earlier day, whichever came first.
    assert triage.seen == {"2401.00004": Seen("2024-01-05", "v1", "2024-02-02", "v2")}
    assert writer.seen()["2401.00004"] == triage.seen["2401.00004"]


def test_a_note_typed_key_by_key_ends_with_its_last_text(path: Path, writer: StateWriter) -> None:
    text = "Compare with 2312.00001; 方法很简单"
    for end in range(1, len(text) + 1):
        writer.set_note("2401.00005", text[:end])
    assert writer.notes() == {"2401.00005": text}
    assert writer.wait_saved(5)
    assert read_saved(path).triage.notes == {"2401.00005": text}
    writer.set_note("2401.00005", "   ")  # blank: the note is gone
    assert writer.wait_saved(5)
    assert read_saved(path).triage.notes == {}


def test_a_note_survives_a_kill_right_after_the_keystroke(path: Path) -> None:
    # A child process types a note and dies at once (os._exit: no close, no clean-up at all).
    script = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from tui.state_writer import StateWriter
        writer = StateWriter(Path({str(path)!r}))
        for text in ("a", "ab", "abc"):
            writer.set_note("2401.00006", text)
        writer.wait_saved(10)  # landed (normally before set_note returns): no close, no flush
        os._exit(0)
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=30)
    assert read_saved(path).triage.notes == {"2401.00006": "abc"}


def test_a_locked_file_keeps_triage_in_memory_and_close_lists_it(path: Path) -> None:
    with StateStore(path):
        pass
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    writer = StateWriter(path)
    try:
        writer.set_note("2401.00007", "keep me")
        writer.set_tags("2401.00007", frozenset({"b", "a"}))
        writer.set_dismissed(["2401.00008"])
        assert writer.notes() == {"2401.00007": "keep me"}  # shown at once, saved or not
        assert writer.status().pending_marks == 3
    finally:
        unsaved = writer.close(0.3)
        holder.execute("ROLLBACK")
        holder.close()
    assert sorted(unsaved) == [
        "2401.00007 note: keep me",
        "2401.00007 tags: a, b",
        "2401.00008 dismissed",
    ]
