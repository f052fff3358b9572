"""Search over a real SQLite `entries` table: index upkeep, matching, fields, ranking, hints."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui import entries, search
from tui.model import Paper
from tui.words import tokens

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = connect(tmp_path / "cache.sqlite3")
    connection.execute(entries.CREATE_SQL)
    search.ensure_schema(connection)
    yield connection
    connection.close()


def add(conn: sqlite3.Connection, *, index: bool = True, **values: object) -> int:
    """Insert an `entries` row (as tui.cache does), then index it (as the cache's sync does)."""
    row = {
        "file_id": 1,
        "day": "2024-02-16",
        "category": "其他",
        "position": 0,
        "arxiv_id": "",
        "title": "",
        "title_cn": "",
        "authors": "",
        "abstract": "",
        "abstract_cn": "",
        "contribution": "",
        "code_url": "",
    }
    row.update(values)
    cursor = conn.execute(entries.INSERT_SQL, [row[c] for c in entries.COLUMNS])
    if index:
        search.sync(conn)
    return int(cursor.lastrowid or 0)


def column(conn: sqlite3.Connection, entry_ids: list[int], name: str) -> list[object]:
    """One column of some `entries` rows, in the order of `entry_ids`."""
    values = dict(conn.execute(f"SELECT id, {name} FROM entries"))
    return [values[i] for i in entry_ids]


def ids(conn: sqlite3.Connection, query: str, **options: object) -> list[int]:
    result = search.run(conn, query, **options)  # type: ignore[arg-type]
    assert result.hint is None, result.hint
    return list(result.entry_ids)


# --------------------------------------------------------------------------------------------------
# Index upkeep


def test_this_sqlite_has_fts5() -> None:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize = 'unicode61')")


def test_new_rows_are_found_once_synced_deleted_and_updated_rows_at_once(
    conn: sqlite3.Connection,
) -> None:
    entry = add(conn, index=False, arxiv_id="2402.00001", title="Gaussian Splatting for Avatars")
    waiting = search.run(conn, "gaussian")  # stored, not indexed yet: not found, and said so
    assert list(waiting.entry_ids) == [] and waiting.partial and not search.index_complete(conn)
    assert waiting.hint is not None and waiting.hint.startswith("partial results")
    assert search.sync(conn) == 1
    assert search.index_complete(conn) and not search.run(conn, "gaussian").partial
    assert ids(conn, "gaussian") == [entry]
    conn.execute("UPDATE entries SET title = 'Neural Radiance Fields' WHERE id = ?", (entry,))
    assert ids(conn, "gaussian") == []
    assert ids(conn, "radiance") == [entry]
    conn.execute("DELETE FROM entries WHERE id = ?", (entry,))
    assert ids(conn, "radiance") == []
    assert ids(conn, "") == []
    assert search.sync(conn) == 0


def test_ensure_schema_is_idempotent_and_indexes_existing_rows(tmp_path: Path) -> None:
    connection = connect(tmp_path / "c.sqlite3")
    connection.execute(entries.CREATE_SQL)
    first = add(connection, index=False, arxiv_id="1", title="Mamba vision")  # before the index
    assert search.sync(connection) == 1  # creates the index too
    assert search.sync(connection) == 0
    search.ensure_schema(connection)
    assert ids(connection, "mamba") == [first]
    second = add(connection, arxiv_id="2", title="Mamba again")
    assert ids(connection, "mamba") == [first, second]  # same day: file order


def test_rows_not_indexed_yet_may_be_deleted_or_changed_first(conn: sqlite3.Connection) -> None:
    kept = add(conn, index=False, arxiv_id="1", title="Occupancy first draft")
    gone = add(conn, index=False, arxiv_id="2", title="Occupancy deleted")
    conn.execute("UPDATE entries SET title = 'Occupancy final' WHERE id = ?", (kept,))
    conn.execute("DELETE FROM entries WHERE id = ?", (gone,))
    assert search.sync(conn) == 1
    assert ids(conn, "occupancy") == [kept]
    assert ids(conn, "final") == [kept] and ids(conn, "draft") == ids(conn, "deleted") == []


def test_a_reused_id_is_indexed_afresh(conn: sqlite3.Connection) -> None:
    """SQLite gives a new row max(id) + 1: deleting the newest rows hands their ids out again."""
    old = add(conn, arxiv_id="1", title="Mamba")
    newest = add(conn, arxiv_id="2", title="Occupancy")
    conn.execute("DELETE FROM entries WHERE id = ?", (newest,))
    again = add(conn, arxiv_id="3", title="Radiance")
    assert again == newest  # the same id, another paper
    assert ids(conn, "occupancy") == [] and ids(conn, "radiance") == [again]
    assert ids(conn, "mamba") == [old]


def test_a_missing_trigger_means_a_full_refill(conn: sqlite3.Connection) -> None:
    """Without the delete trigger rows can vanish and their ids come back unseen."""
    add(conn, arxiv_id="1", title="Mamba")
    newest = add(conn, arxiv_id="2", title="Occupancy")
    conn.execute("DROP TRIGGER entries_fts_ad")
    conn.execute("DELETE FROM entries WHERE id = ?", (newest,))
    again = add(conn, index=False, arxiv_id="3", title="Radiance")
    assert again == newest
    assert ids(conn, "occupancy") == [newest]  # stale: the index never heard of the delete
    assert search.sync(conn) == 2  # trigger missing: emptied and refilled
    assert ids(conn, "occupancy") == [] and ids(conn, "radiance") == [again]
    triggers = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
    assert sorted(triggers) == [("entries_fts_ad",), ("entries_fts_au",)]


def test_an_older_insert_trigger_is_dropped(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TRIGGER entries_fts_ai AFTER INSERT ON entries BEGIN"
        " UPDATE search_info SET value = value WHERE key = 'changes'; END"
    )
    entry = add(conn, arxiv_id="1", title="Occupancy")
    assert ids(conn, "occupancy") == [entry]
    names = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
    assert ("entries_fts_ai",) not in names


def test_ensure_schema_refills_an_index_out_of_step(conn: sqlite3.Connection) -> None:
    entry = add(conn, arxiv_id="1", title="Occupancy networks")
    other = add(conn, arxiv_id="2", title="Occupancy grids")
    conn.execute("DELETE FROM entries_fts WHERE rowid = (SELECT max(sortkey) FROM search_meta)")
    assert search.sync(conn) == 0  # sync trusts the index: it only looks above the mark
    search.ensure_schema(conn)  # counts disagree: refilled
    assert ids(conn, "occupancy") == [entry, other]
    conn.execute("DELETE FROM search_meta")
    search.ensure_schema(conn)
    assert ids(conn, "occupancy") == [entry, other]


def test_sync_refills_an_index_that_has_rows_above_the_mark(conn: sqlite3.Connection) -> None:
    add(conn, arxiv_id="1", title="Occupancy networks")
    newest = add(conn, arxiv_id="2", title="Occupancy grids")
    conn.execute("DELETE FROM search_meta WHERE id = ?", (newest,))  # the FTS row stays
    assert search.sync(conn) == 2  # the FTS insert collides: emptied and refilled
    assert search.run(conn, "occupancy").total == 2
    counts = "SELECT (SELECT count(*) FROM search_meta), (SELECT count(*) FROM entries_fts)"
    assert conn.execute(counts).fetchone() == (2, 2)


def test_ensure_schema_replaces_an_outdated_index(conn: sqlite3.Connection) -> None:
    entry = add(conn, arxiv_id="1", title="Occupancy networks")
    conn.execute("DROP TABLE entries_fts")
    conn.execute("CREATE VIRTUAL TABLE entries_fts USING fts5(title)")  # an older layout
    assert search.sync(conn) == 1
    assert ids(conn, "occupancy") == [entry]
    conn.execute("DROP TABLE search_papers")  # paper numbers start again: catalogs reload
    search.ensure_schema(conn)
    assert ids(conn, "occupancy") == [entry]
    assert search.run(conn, "occupancy").total == 1


def test_fts_settings_are_restored_without_a_refill(conn: sqlite3.Connection) -> None:
    entry = add(conn, arxiv_id="1", title="Occupancy networks")
    conn.execute("INSERT INTO entries_fts (entries_fts, rank) VALUES ('automerge', 16)")
    assert search.ensure_schema(conn) == 0  # settings written back, nothing refilled
    settings = dict(conn.execute("SELECT k, v FROM entries_fts_config"))
    assert settings["automerge"] == 4 and settings["hashsize"] == 16 * 1024 * 1024
    assert ids(conn, "occupancy") == [entry]


def test_ensure_schema_inside_the_callers_transaction(tmp_path: Path) -> None:
    connection = connect(tmp_path / "c.sqlite3")
    connection.execute("BEGIN")
    connection.execute(entries.CREATE_SQL)
    search.ensure_schema(connection)
    add(connection, arxiv_id="1", title="Rolled back")
    assert connection.in_transaction  # sync kept to a savepoint: the caller commits
    connection.execute("ROLLBACK")
    assert connection.execute("SELECT name FROM sqlite_master").fetchall() == []
    connection.execute("BEGIN")
    connection.execute(entries.CREATE_SQL)
    search.ensure_schema(connection)
    entry = add(connection, arxiv_id="1", title="Committed")
    connection.execute("COMMIT")
    assert ids(connection, "committed") == [entry]


def test_python_default_transactions_work_too(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "c.sqlite3")  # implicit transactions
    connection.execute(entries.CREATE_SQL)
    search.ensure_schema(connection)
    entry = add(connection, index=False, arxiv_id="1", title="Implicit")
    connection.commit()
    assert search.sync(connection) == 1
    assert not connection.in_transaction
    assert ids(connection, "implicit") == [entry]


def test_inserting_and_deleting_need_no_function_updating_does(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    setup = connect(path)
    setup.execute(entries.CREATE_SQL)
    search.ensure_schema(setup)
    plain = connect(path)
    entry = add(plain, index=False, arxiv_id="1", title="Needs the function")
    search.sync(setup)
    reader = connect(path)
    assert ids(reader, "function") == [entry]
    with pytest.raises(sqlite3.OperationalError, match="tui_fts_text"):
        plain.execute("UPDATE entries SET title = 'Changed'")
    search.register_functions(plain)
    plain.execute("UPDATE entries SET title = 'Changed function'")
    assert ids(reader, "changed") == [entry]
    plain.execute("DELETE FROM entries")
    assert ids(reader, "function") == []


def test_another_connection_sees_new_rows(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    writer = connect(path)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute(entries.CREATE_SQL)
    search.ensure_schema(writer)
    reader = connect(path)
    assert ids(reader, "") == []
    search.warm(reader)
    entry = add(writer, arxiv_id="1", title="Fresh row", code_url="https://x")
    assert ids(reader, "fresh") == [entry]
    assert ids(reader, "code:yes") == [entry]


def test_an_up_to_date_index_is_checked_without_writing(tmp_path: Path) -> None:
    """A warm open must not wait for another instance's long write."""
    path = tmp_path / "c.sqlite3"
    setup = connect(path)
    setup.execute("PRAGMA journal_mode = WAL")
    setup.execute(entries.CREATE_SQL)
    add(setup, arxiv_id="1", title="Occupancy")
    other = connect(path)
    other.execute("BEGIN IMMEDIATE")  # another instance holds the write lock
    other.execute("CREATE TABLE elsewhere (x)")
    opener = sqlite3.connect(path, isolation_level=None, timeout=0)
    search.ensure_schema(opener)  # would raise "database is locked" if it tried to write
    assert search.sync(opener) == 0
    assert column(opener, ids(opener, "occupancy"), "arxiv_id") == ["1"]
    other.execute("COMMIT")


def test_sync_commits_chunk_by_chunk_and_lets_other_writers_in(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    conn = connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(entries.CREATE_SQL)
    search.ensure_schema(conn)
    for n in range(5):
        add(conn, index=False, arxiv_id=str(n), title=f"Paper {n}")
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    statements: list[str] = []
    between: list[int] = []

    def trace(sql: str) -> None:
        statements.append(sql)
        if sql == "BEGIN IMMEDIATE" and statements.count(sql) > 1:
            # A new chunk is about to start: the previous one is committed and the write lock
            # is free, so another connection writes without waiting (timeout=0).
            row = entries.paper_row(None, "", 0, Paper("", "Between chunks"))
            other.execute(entries.INSERT_SQL, (9, *row))
            between.append(1)
            found = search.run(other, "paper", dedupe=False)
            assert found.total == 2 * (len(between))  # the committed chunks, nothing more

    conn.set_trace_callback(trace)
    assert search.sync(conn, chunk=2) == 5 + len(between)
    conn.set_trace_callback(None)
    assert statements.count("COMMIT") == statements.count("BEGIN IMMEDIATE") == 4
    assert search.run(conn, "paper").total == 5
    assert search.run(conn, "between").total == len(between) == 3
    assert search.sync(conn, chunk=2, limit=1) == 0


def test_sync_checkpoints_once_and_restores_the_setting(tmp_path: Path) -> None:
    conn = connect(tmp_path / "c.sqlite3")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(entries.CREATE_SQL)
    for n in range(5):
        add(conn, index=False, arxiv_id=str(n), title=f"Paper {n}")
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    assert search.sync(conn, chunk=2) == 5
    conn.set_trace_callback(None)
    assert statements.count("PRAGMA wal_autocheckpoint = 0") == 1
    assert statements.count("PRAGMA wal_checkpoint(PASSIVE)") == 1
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchone() == (1000,)
    # A connection with automatic checkpoints off (a bulk load) is left as it is.
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    for n in range(5):
        add(conn, index=False, arxiv_id=f"b{n}", title=f"Paper b{n}")
    statements.clear()
    conn.set_trace_callback(statements.append)
    assert search.sync(conn, chunk=2) == 5
    conn.set_trace_callback(None)
    assert not [s for s in statements if "checkpoint" in s and s != "PRAGMA wal_autocheckpoint"]
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchone() == (0,)


def test_sync_can_stop_early_and_go_on_later(conn: sqlite3.Connection) -> None:
    for n in range(5):
        add(conn, index=False, arxiv_id=str(n), title=f"Paper {n}")
    assert search.sync(conn, chunk=2, limit=2) == 2
    assert search.run(conn, "paper").total == 2
    assert search.sync(conn, limit=1) == 1  # not a whole chunk
    assert search.sync(conn, chunk=2) == 2
    assert search.run(conn, "paper").total == 5


_WORDS = ("alpha", "beta", "扩散", "模型")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("insert"), st.sampled_from(_WORDS)),
            st.tuples(st.just("delete"), st.integers(0, 9)),
            st.tuples(st.just("update"), st.integers(0, 9), st.sampled_from(_WORDS)),
            st.tuples(st.just("sync"), st.integers(1, 3)),
            st.tuples(st.just("suspend")),  # what tui.cache does before a bulk load
        ),
        max_size=25,
    )
)
def test_any_sequence_of_changes_ends_in_step(operations: list[tuple[object, ...]]) -> None:
    """Inserts, deletes (the newest too: ids reused), updates, syncs in chunks and dropped
    triggers in any order: after ensure_schema the index answers as plain Python does."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute(entries.CREATE_SQL)
    search.ensure_schema(conn)
    for operation in operations:
        kind = operation[0]
        rows = [row for (row,) in conn.execute("SELECT id FROM entries ORDER BY id")]
        if kind == "insert":
            add(conn, index=False, arxiv_id="", title=f"{operation[1]} paper")
        elif kind == "delete" and rows:
            conn.execute("DELETE FROM entries WHERE id = ?", (rows[int(operation[1]) % len(rows)],))
        elif kind == "update" and rows:
            conn.execute(
                "UPDATE entries SET title = ? WHERE id = ?",
                (f"{operation[2]} paper", rows[int(operation[1]) % len(rows)]),
            )
        elif kind == "sync":
            search.sync(conn, chunk=int(operation[1]))
        elif kind == "suspend":
            conn.execute("DROP TRIGGER IF EXISTS entries_fts_ad")
            conn.execute("DROP TRIGGER IF EXISTS entries_fts_au")
    search.ensure_schema(conn)
    titles = dict(conn.execute("SELECT id, title FROM entries"))
    for word in _WORDS:
        expected = {i for i, title in titles.items() if title.startswith(word)}
        assert set(ids(conn, word, dedupe=False)) == expected, word
    assert search.run(conn, "paper", dedupe=False).total == len(titles)
    conn.close()


def test_rows_indexed_while_a_search_runs_are_left_out_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    writer = connect(path)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute(entries.CREATE_SQL)
    first = [add(writer, arxiv_id=str(n), title=f"Mamba {n}") for n in range(3)]
    reader = connect(path)
    search.warm(reader)
    late: list[int] = []

    def trace(sql: str) -> None:
        # The catalog is read; the FTS query is about to run: another instance indexes more.
        if "MATCH" in sql and not late:
            writer.execute("DELETE FROM entries WHERE id = ?", (first[-1],))  # its id comes back
            late.extend(add(writer, arxiv_id=f"late{n}", title="Mamba late") for n in range(2))

    reader.set_trace_callback(trace)
    result = search.run(reader, "mamba", dedupe=False)
    reader.set_trace_callback(None)
    assert not result.failed and result.hint is None
    assert late[0] == first[-1]  # the reused id: looked up, not confused with the deleted row
    assert set(result.entry_ids) <= set(first) | set(late)
    assert set(first[:2]) <= set(result.entry_ids) and late[1] not in result.entry_ids
    assert sorted(ids(reader, "mamba", dedupe=False)) == sorted(first[:2] + late)


def test_sparse_entry_ids(conn: sqlite3.Connection) -> None:
    low = add(conn, arxiv_id="1", title="Occupancy")
    row = entries.paper_row(dt.date(2024, 2, 17), "", 0, Paper("2", "Occupancy far away"))
    conn.execute(entries.INSERT_WITH_ID_SQL, (5000000, 1, *row))
    search.sync(conn)
    assert ids(conn, "occupancy") == [5000000, low]
    assert ids(conn, "far") == [5000000]


def test_a_database_problem_is_a_hint_not_an_exception(tmp_path: Path) -> None:
    connection = connect(tmp_path / "empty.sqlite3")
    result = search.run(connection, "diffusion")
    assert list(result.entry_ids) == [] and result.total == 0
    assert result.hint is not None and result.hint.startswith("search failed:")
    assert result.failed


# --------------------------------------------------------------------------------------------------
# Matching


@pytest.fixture
def library(conn: sqlite3.Connection) -> dict[str, int]:
    """A small library with known words; returns name -> entry id."""
    rows = {
        "colorize": add(
            conn,
            day="2024-02-16",
            category="多模态",
            arxiv_id="2402.10855",
            title="Control Color: Multimodal Diffusion-based Interactive Image Colorization",
            title_cn="控制颜色：基于多模态扩散的交互式图像着色",
            authors="Zhexin Liang, Chen Change Loy",
            code_url="https://github.com/x/control-color",
        ),
        "fusion": add(
            conn,
            day="2024-02-15",
            category="生成模型",
            arxiv_id="2402.10894",
            title="Fusion of Weighted MRI and Clinical Data",
            title_cn="融合弥散加权 MRI 和临床数据",
            authors="Chia-Ling Tsai, Geoffrey Hinton",
            abstract="We use a diffusion model on point clouds.",
            abstract_cn="我们在点云上使用扩散模型。",
        ),
        "bio": add(
            conn,
            day="2024-02-14",
            category="3DGS",
            arxiv_id="2402.10001",
            title="BioFusionNet: Deep Learning Survival",
            authors="Bernhard Schölkopf",
            abstract="Deep learning for survival; a cloud of points.",
            contribution="提出了一个新的三维高斯框架",
            code_url="https://github.com/x/bio",
        ),
        "noid": add(
            conn,
            day=None,
            category="其他",
            arxiv_id="",
            title="A paper without an identifier",
        ),
    }
    return rows


def test_english_whole_words_and_prefixes_case_insensitive(
    conn: sqlite3.Connection, library: dict[str, int]
) -> None:
    assert ids(conn, "fusion") == [library["fusion"]]  # not "Diffusion", not "BioFusionNet"
    assert ids(conn, "FUSION") == [library["fusion"]]
    assert set(ids(conn, "diff")) == {library["colorize"], library["fusion"]}
    assert ids(conn, "colori") == [library["colorize"]]
    assert ids(conn, "olor") == []  # not a word start
    assert ids(conn, "biofusion") == [library["bio"]]


def test_diacritics_do_not_matter(conn: sqlite3.Connection, library: dict[str, int]) -> None:
    assert ids(conn, "scholkopf") == [library["bio"]]
    assert ids(conn, "Schölkopf") == [library["bio"]]


def test_chinese_substrings_of_any_length(
    conn: sqlite3.Connection, library: dict[str, int]
) -> None:
    both = {library["colorize"], library["fusion"]}
    assert set(ids(conn, "扩散")) == both  # title_cn and abstract_cn
    assert set(ids(conn, "扩")) == both
    assert ids(conn, "扩散的交互") == [library["colorize"]]
    assert ids(conn, "着色") == [library["colorize"]]
    assert ids(conn, "色") == [library["colorize"]]
    assert ids(conn, "高斯") == [library["bio"]]  # contribution text
    assert ids(conn, "三维高斯框架") == [library["bio"]]
    assert ids(conn, "扩模") == []  # characters present, not next to each other
    assert ids(conn, "弥散加权MRI") == [library["fusion"]]


def test_several_words_must_all_match(conn: sqlite3.Connection, library: dict[str, int]) -> None:
    assert ids(conn, "diffusion point") == [library["fusion"]]
    assert ids(conn, "diffusion survival") == []
    assert ids(conn, "扩散 点云") == [library["fusion"]]


def test_quoted_phrases(conn: sqlite3.Connection, library: dict[str, int]) -> None:
    assert ids(conn, '"point clouds"') == [library["fusion"]]
    assert ids(conn, '"points cloud"') == []
    assert ids(conn, '"deep learning"') == [library["bio"]]
    assert ids(conn, '"diff"') == []  # quoted: exact words, no prefix
    assert ids(conn, "diffusion-based") == [library["colorize"]]


def test_exclusion(conn: sqlite3.Connection, library: dict[str, int]) -> None:
    assert ids(conn, "diffusion -point") == [library["colorize"]]
    assert ids(conn, 'diffusion -"point clouds"') == [library["colorize"]]
    assert ids(conn, "diffusion -cat:多模态") == [library["fusion"]]
    assert ids(conn, "diffusion -author:hinton") == [library["colorize"]]
    assert set(ids(conn, "-diffusion")) == {library["bio"], library["noid"]}
    assert set(ids(conn, "-扩散 -noid")) == {library["bio"], library["noid"]}


def test_arxiv_ids_and_category_names_match_plain_text(
    conn: sqlite3.Connection, library: dict[str, int]
) -> None:
    assert ids(conn, "2402.10894") == [library["fusion"]]
    assert ids(conn, "2402.1089") == [library["fusion"]]
    assert set(ids(conn, "2402")) == {library["colorize"], library["fusion"], library["bio"]}
    assert ids(conn, "3dgs") == [library["bio"]]
    assert ids(conn, "生成模型") == [library["fusion"]]


def test_text_fields(conn: sqlite3.Connection, library: dict[str, int]) -> None:
    assert ids(conn, "author:hinton") == [library["fusion"]]
    assert ids(conn, "author:fusion") == []
    assert ids(conn, 'author:"chen change loy"') == [library["colorize"]]
    assert ids(conn, "title:diffusion") == [library["colorize"]]
    assert ids(conn, "title:扩散") == [library["colorize"]]
    assert ids(conn, "abs:diffusion") == [library["fusion"]]
    assert ids(conn, "abs:扩散") == [library["fusion"]]
    assert ids(conn, "cat:3dgs") == [library["bio"]]
    assert ids(conn, "cat:多模态") == [library["colorize"]]
    assert ids(conn, "cat:模态") == [library["colorize"]]
    assert ids(conn, "id:2402.10001") == [library["bio"]]
    assert ids(conn, "arxiv:2402.10001") == [library["bio"]]


def test_code_field(conn: sqlite3.Connection, library: dict[str, int]) -> None:
    assert ids(conn, "code:yes") == [library["colorize"], library["bio"]]
    assert ids(conn, "code:no") == [library["fusion"], library["noid"]]
    assert ids(conn, "-code:yes") == ids(conn, "code:no")
    assert ids(conn, "code:yes code:no") == []
    assert ids(conn, "deep code:yes") == [library["bio"]]
    assert ids(conn, "diffusion code:no") == [library["fusion"]]


def test_state_fields_use_the_given_sets(conn: sqlite3.Connection, library: dict[str, int]) -> None:
    read = {"2402.10855"}
    starred = {"2402.10001", "2402.10894"}
    sets = {"read_ids": read, "starred_ids": starred}
    assert ids(conn, "is:read", **sets) == [library["colorize"]]
    assert ids(conn, "is:unread", **sets) == [library["fusion"], library["bio"], library["noid"]]
    assert ids(conn, "is:starred", **sets) == [library["fusion"], library["bio"]]
    assert ids(conn, "is:unstarred", **sets) == [library["colorize"], library["noid"]]
    assert ids(conn, "-is:read", **sets) == ids(conn, "is:unread", **sets)
    assert ids(conn, "diffusion is:unread", **sets) == [library["fusion"]]
    assert ids(conn, "is:starred is:read", **sets) == []
    assert ids(conn, "is:starred") == []  # no sets given: nothing is starred


def test_a_marked_paper_indexed_later_is_found_by_its_state(conn: sqlite3.Connection) -> None:
    """The read set names a paper before it is indexed (marked in another library): once it is
    indexed, is:read finds it and is:unread leaves it out (the search does not remember it as
    missing)."""
    first = add(conn, arxiv_id="2402.00001", title="Alpha")
    read = {"2402.00002", "2402.99999"}
    assert ids(conn, "is:read", read_ids=read) == []
    assert ids(conn, "is:unread", read_ids=read) == [first]
    second = add(conn, arxiv_id="2402.00002", title="Beta")
    assert ids(conn, "is:read", read_ids=read) == [second]
    assert ids(conn, "is:unread", read_ids=read) == [first]


def test_unread_only_and_starred_only_toggles(
    conn: sqlite3.Connection, library: dict[str, int]
) -> None:
    sets = {"read_ids": {"2402.10894"}, "starred_ids": {"2402.10894", "2402.10855"}}
    assert ids(conn, "diff", unread_only=True, **sets) == [library["colorize"]]
    assert ids(conn, "diff", starred_only=True, **sets) == [library["colorize"], library["fusion"]]
    assert ids(conn, "", unread_only=True, starred_only=True, **sets) == [library["colorize"]]
    assert ids(conn, "cat:3dgs", starred_only=True, **sets) == []


def test_date_field(conn: sqlite3.Connection, library: dict[str, int]) -> None:
    assert ids(conn, "date:2024-02-15") == [library["fusion"]]
    assert ids(conn, "date:2024-02") == [library["colorize"], library["fusion"], library["bio"]]
    assert ids(conn, "date:2024") == ids(conn, "date:2024-02")
    assert ids(conn, "date:2024-02-14..2024-02-15") == [library["fusion"], library["bio"]]
    assert ids(conn, "date:2024-02-15..") == [library["colorize"], library["fusion"]]
    assert ids(conn, "date:..2024-02-14") == [library["bio"]]
    assert ids(conn, "date:2023") == []
    # An entry without a day is in no range, so outside every excluded one.
    assert ids(conn, "-date:2024-02-15") == [library["colorize"], library["bio"], library["noid"]]
    assert ids(conn, "diff date:2024-02-15") == [library["fusion"]]
    assert ids(conn, "diff -date:2024-02-15") == [library["colorize"]]
    assert ids(conn, "date:2024-02-16 date:2024-02-14") == []


def test_empty_query_lists_everything_newest_first(
    conn: sqlite3.Connection, library: dict[str, int]
) -> None:
    expected = [library[name] for name in ("colorize", "fusion", "bio", "noid")]
    assert ids(conn, "") == expected
    assert ids(conn, "   ") == expected


def test_limit_keeps_the_total(conn: sqlite3.Connection, library: dict[str, int]) -> None:
    result = search.run(conn, "", limit=2)
    assert list(result.entry_ids) == [library["colorize"], library["fusion"]]
    assert result.total == 4
    assert list(search.run(conn, "", limit=0).entry_ids) == []


# --------------------------------------------------------------------------------------------------
# Ranking and one row per paper


def test_title_matches_rank_above_abstract_matches(conn: sqlite3.Connection) -> None:
    newest_abstract = add(
        conn, day="2024-03-01", arxiv_id="a", title="Other", abstract="mamba " * 20
    )
    old_title = add(conn, day="2024-01-01", arxiv_id="b", title="Mamba in the title")
    cn_title = add(conn, day="2024-01-02", arxiv_id="c", title="x", title_cn="曼巴 Mamba 模型")
    assert ids(conn, "mamba") == [cn_title, old_title, newest_abstract]


def test_more_title_words_rank_higher(conn: sqlite3.Connection) -> None:
    none = add(conn, day="2024-03-03", arxiv_id="a", title="x", abstract="video diffusion")
    one = add(conn, day="2024-03-02", arxiv_id="b", title="Video models", abstract="diffusion")
    both = add(conn, day="2024-03-01", arxiv_id="c", title="Video diffusion")
    assert ids(conn, "video diffusion") == [both, one, none]
    assert ids(conn, "扩 video diffusion") == []


def test_same_tier_is_newest_first_then_file_order(conn: sqlite3.Connection) -> None:
    a = add(conn, day="2024-02-01", arxiv_id="a", title="Mamba one", file_id=1, position=0)
    b = add(conn, day="2024-02-03", arxiv_id="b", title="Mamba two", file_id=2, position=0)
    c = add(conn, day="2024-02-03", arxiv_id="c", title="Mamba three", file_id=2, position=1)
    assert ids(conn, "mamba") == [b, c, a]


def test_one_result_per_paper(conn: sqlite3.Connection) -> None:
    # The same paper in two files of the same day (local/ and data/) and on a later day.
    local = add(conn, day="2024-02-16", file_id=1, arxiv_id="2402.1", title="Occupancy nets")
    data = add(conn, day="2024-02-16", file_id=2, arxiv_id="2402.1", title="Occupancy nets")
    later = add(conn, day="2024-02-17", file_id=3, arxiv_id="2402.1", title="Occupancy nets")
    other = add(conn, day="2024-02-15", file_id=4, arxiv_id="2402.2", title="Occupancy grids")
    lone1 = add(conn, day="2024-02-15", arxiv_id="", title="Occupancy without id")
    lone2 = add(conn, day="2024-02-15", arxiv_id="", title="Occupancy without id")
    assert ids(conn, "occupancy") == [later, other, lone1, lone2]
    assert ids(conn, "") == [later, other, lone1, lone2]
    # The representative is the best entry that matches: a date filter picks that day's entry.
    assert ids(conn, "occupancy date:2024-02-16") == [local]
    assert ids(conn, "date:2024-02-16") == [local]
    everything = ids(conn, "occupancy", dedupe=False)
    assert everything == [later, local, data, other, lone1, lone2]
    assert search.run(conn, "occupancy").total == 4


def test_read_marks_apply_to_every_listing_of_a_paper(conn: sqlite3.Connection) -> None:
    add(conn, day="2024-02-16", arxiv_id="2402.1", title="Occupancy nets")
    add(conn, day="2024-02-17", arxiv_id="2402.1", title="Occupancy nets")
    assert ids(conn, "occupancy is:unread", read_ids={"2402.1"}) == []
    assert ids(conn, "is:unread", read_ids={"2402.1"}, dedupe=False) == []


# --------------------------------------------------------------------------------------------------
# Bad queries


def test_a_bad_query_gives_a_hint_and_results_for_the_rest(
    conn: sqlite3.Connection, library: dict[str, int]
) -> None:
    result = search.run(conn, "diffusion foo:bar")
    assert result.hint == (
        'unknown field "foo:", use author: title: abs: cat: id: code: is: date: watch: tag: note:'
        " (column 11)"
    )
    assert set(result.entry_ids) == {library["colorize"], library["fusion"]}
    assert not result.failed
    result = search.run(conn, '"point clo')
    assert result.hint is not None and "missing closing quote" in result.hint
    assert list(result.entry_ids) == [library["fusion"]]
    for text in ("date:2024-13", "-", "author:", "code:maybe", "is:new", "+++", '"', "date:.."):
        result = search.run(conn, text)
        assert result.hint, text


# Titles whose words are FTS5 operators and punctuation; each query below is read as the words
# of the search language (a prefix of a word, without case), never as FTS5 syntax.
FTS_WORDS = {
    "near": "Near and far: NOT a survey",  # near, and, far, not, a, survey
    "ornate": "Ornate ORnaments",  # ornate, ornaments
    "title": "Title x (b) a",  # title, x, b, a
    "stars": "Stars and Nebulae",  # stars, and, nebulae
    "other": "Completely unrelated",
}


@pytest.mark.parametrize(
    ("text", "found", "hinted"),
    [
        ("AND", {"near", "stars"}, False),
        ("OR", {"ornate"}, False),  # "or" begins "ornate" and "ornaments"
        ("NOT", {"near"}, False),
        ("NEAR", {"near"}, False),
        ("a*", {"near", "stars", "title"}, False),  # the word "a": a, and
        ("title:(x)", {"title"}, False),
        ("{title}: x", {"title"}, False),  # the words "title" and "x"
        ('"a" "b', {"title"}, True),  # the exact word "a", then "b" (the quote closed at the end)
        ("x OR y", set(), False),  # three words that must all match: no "y"
        ("NEAR(a b)", set(), False),
        ("*", set(FTS_WORDS), True),  # no word at all: every paper, and a hint
        ("^", set(FTS_WORDS), True),
        ("a:b:c", set(FTS_WORDS), True),  # an unknown field, dropped with a hint
    ],
)
def test_fts_syntax_in_a_query_is_just_text(
    conn: sqlite3.Connection, text: str, found: set[str], hinted: bool
) -> None:
    name_of = {
        add(conn, arxiv_id=str(n), title=title): name
        for n, (name, title) in enumerate(FTS_WORDS.items())
    }
    result = search.run(conn, text)
    assert not result.failed
    assert {name_of[i] for i in result.entry_ids} == found
    assert (result.hint is not None) == hinted, result.hint


# --------------------------------------------------------------------------------------------------
# The same search without a cache (the command line)


@dataclass(frozen=True)
class Item:
    day: dt.date | None
    category: str
    paper: Paper
    read: bool = False
    starred: bool = False


def test_filter_items_has_the_same_semantics() -> None:
    items = [
        Item(dt.date(2024, 2, 15), "3DGS", Paper("2", "Abstract only", abstract="mamba")),
        Item(dt.date(2024, 2, 16), "其他", Paper("1", "Mamba title", title_cn="扩散"), read=True),
        Item(dt.date(2024, 2, 16), "其他", Paper("3", "Nothing"), starred=True),
        Item(dt.date(2024, 2, 17), "3DGS", Paper("2", "Abstract only", abstract="mamba")),
    ]
    kept, hint = search.filter_items(items, "mamba")
    assert hint is None and kept == [items[0], items[1], items[3]]  # input order, every listing
    kept, _ = search.filter_items(items, "mamba", ranked=True)
    assert kept == [items[1], items[3], items[0]]
    assert search.filter_items(items, "is:read")[0] == [items[1]]
    assert search.filter_items(items, "is:starred")[0] == [items[2]]
    assert search.filter_items(items, "扩 cat:其他 date:2024-02-16")[0] == [items[1]]
    kept, hint = search.filter_items(items, "cat:3dgs date:2024-13")
    assert kept == [items[0], items[3]] and hint is not None and "month 13" in hint
    assert search.filter_items([], "mamba") == ([], None)


def test_memory_index_matches_the_cache_table(conn: sqlite3.Connection) -> None:
    paper = Paper("2402.1", "Occupancy", title_cn="占用网络", authors=("A B", "C D"))
    entry = add(conn, arxiv_id="2402.1", title="Occupancy", title_cn="占用网络", authors="A B, C D")
    with search.MemoryIndex() as index:
        assert index.add(dt.date(2024, 2, 16), "其他", paper) == 1
        for text in ("occ", "占用", "author:d", 'author:"b c"', "date:2024-02"):
            assert bool(index.search(text).entry_ids) == bool(ids(conn, text)), text
        assert ids(conn, "占用") == [entry]


# --------------------------------------------------------------------------------------------------
# The real corpus


def corpus_rows() -> list[tuple[object, ...]]:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS} (only in the development workspace)")
    from tui.parser import load

    rows: list[tuple[object, ...]] = []
    files = [CORPUS / "sample" / "2024-02-16.md"]
    files += sorted(CORPUS.glob("local/2024-02/*.md"))[:5]
    files += sorted(CORPUS.glob("data/2024-11/*.md"))[-4:]
    for file_id, path in enumerate(files, 1):
        rows += [(file_id, *row) for row in entries.entries_of(load(path))]
    return rows


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    rows = corpus_rows()
    connection = connect(tmp_path_factory.mktemp("corpus") / "cache.sqlite3")
    connection.execute(entries.CREATE_SQL)
    connection.execute("BEGIN")  # one transaction: not one fsync per row
    connection.executemany(entries.INSERT_SQL, rows)
    connection.execute("COMMIT")
    search.ensure_schema(connection)  # in bulk, after the rows, as the cache does
    yield connection
    connection.close()


def _text_of(row: tuple[object, ...]) -> list[str]:
    return [str(value) for value in row[5:11]] + [str(row[4]), str(row[2])]


def test_real_digests_chinese_substrings_agree_with_plain_python(
    corpus_db: sqlite3.Connection,
) -> None:
    rows = corpus_db.execute(
        "SELECT id, " + ", ".join(entries.COLUMNS) + " FROM entries"
    ).fetchall()
    assert len(rows) > 500
    for query in ("扩散", "扩", "模型", "分割", "三维", "视觉语言", "神经辐射场", "高斯"):
        found = set(ids(corpus_db, query, dedupe=False))
        # Every entry whose text has the substring is found...
        expected = {row[0] for row in rows if any(query in text for text in _text_of(row[1:]))}
        assert expected <= found, query
        # ...and each one found has it once spaces and punctuation are set aside.
        for row in rows:
            if row[0] in found:
                squeezed = [re.sub(r"[\W_]+", "", text) for text in _text_of(row[1:])]
                assert any(query in text for text in squeezed), (query, row[0])
        assert expected, query


def test_real_digests_english_words_agree_with_the_tokenizer(
    corpus_db: sqlite3.Connection,
) -> None:
    rows = corpus_db.execute(
        "SELECT id, " + ", ".join(entries.COLUMNS) + " FROM entries"
    ).fetchall()
    words_of = {row[0]: {w for text in _text_of(row[1:]) for w in tokens(text)} for row in rows}
    for query in ("diffusion", "diff", "gaussian", "seg", "transformer", "nerf", "3d", "li"):
        found = set(ids(corpus_db, query, dedupe=False))
        expected = {i for i, words in words_of.items() if any(w.startswith(query) for w in words)}
        assert found == expected, query
        assert expected, query


def test_real_digests_palm2_is_found_by_title_id_and_author(corpus_db: sqlite3.Connection) -> None:
    for text in ("palm2", "PaLM2-VAdapter", "2402.10896", "author:yuille 逐步对齐"):
        found = ids(corpus_db, text)
        assert column(corpus_db, found, "arxiv_id") == ["2402.10896"], text
        assert column(corpus_db, found, "day") == ["2024-02-16"], text
