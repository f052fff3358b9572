"""The parsed cache: serialization, the SQLite file, versions, damage and an unusable folder.

Everything runs on real SQLite files in tmp folders (XDG_* point there, see conftest).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tui import cache as cache_mod
from tui import search
from tui.cache import (
    KIND_DIGEST,
    KIND_SKIPPED,
    Cache,
    CorruptEntry,
    FileStat,
    decode_digest,
    encode_digest,
    outline_of,
    record_failure,
    record_from_digest,
)
from tui.cache.version import code_modules
from tui.model import Category, Digest, Paper


def make_digest(day: str = "2024-02-16", *, source: str = "/x/2024-02-16.md") -> Digest:
    """A digest using every field, including awkward text."""
    full = Paper(
        arxiv_id="2402.10001",
        title='Title with "quotes", \\backslash and [markup]',
        version=2,
        title_cn="多模态 标题\u200b",
        authors=("Zoë Ångström", "李四"),
        abstract="Line one.\nLine two.",
        abstract_cn="摘要。",
        pdf_url="http://arxiv.org/pdf/2402.10001v2",
        abs_url="http://arxiv.org/abs/2402.10001v2",
        code_url="https://github.com/a/b",
        extras=(("date", "2024-02-15"), ("contribution", "贡献 🆕")),
        line=7,
    )
    bare = Paper(arxiv_id="", title="No id at all")
    return Digest(
        date=dt.date.fromisoformat(day) if day else None,
        source=source,
        categories=(Category("多模态", (full, bare)), Category("Other / Child", (full,))),
        format="detailed",
        encoding="gb18030",
        warnings=(f"{source}:12: damaged entry skipped",),
    )


def store(cache: Cache, path: str, digest: Digest, *, size: int = 10, mtime: int = 1) -> int:
    record = record_from_digest(path, FileStat(size, mtime), "sha-" + path, digest)
    cache.store([record])
    assert record.file_id is not None
    return record.file_id


# ---------------------------------------------------------------------------------------------
# Serialization


def test_encode_decode_round_trip_keeps_every_field() -> None:
    digest = make_digest()
    again = decode_digest(encode_digest(digest), digest.source)
    assert again == digest
    assert again.warnings == digest.warnings  # not part of equality: check it on its own
    assert again.encoding == "gb18030"
    assert again.categories[0].papers[0].extras == digest.categories[0].papers[0].extras


def test_round_trip_of_an_undated_empty_digest() -> None:
    digest = Digest(date=None, source="s.md")
    assert decode_digest(encode_digest(digest), "s.md") == digest


def test_encoding_is_compact_utf8_json() -> None:
    blob = encode_digest(make_digest())
    assert "多模态".encode() in blob  # not \\u escapes
    assert b": " not in blob.split(b'"', 1)[0]
    json.loads(blob)


@pytest.mark.parametrize(
    "blob",
    [
        b"",
        b"\xff\xfe garbage",
        b"[]",
        b'["2024-02-16", "detailed", "utf-8", [], [["c", [[1, 2, 3]]]]]',
        b'["not a date", "detailed", "utf-8", [], []]',
        b'["2024-02-16", "detailed", "utf-8", [], [["c", [["id", "t", "v2", "", [], "", "", "",'
        b' "", "", [], 1]]]]]',
        b'["2024-02-16", 5, "utf-8", [], []]',
    ],
)
def test_a_damaged_blob_raises_corrupt_entry_only(blob: bytes) -> None:
    with pytest.raises(CorruptEntry):
        decode_digest(blob, "x.md")


def test_outline_keys_papers_by_id_or_title() -> None:
    outline = outline_of(make_digest())
    assert outline == (
        ("多模态", ("2402.10001", "title:no id at all")),
        ("Other / Child", ("2402.10001",)),
    )


# ---------------------------------------------------------------------------------------------
# The database


def test_default_location_is_the_user_cache_dir(isolated_dirs) -> None:  # type: ignore[no-untyped-def]
    with Cache() as cache:
        assert cache.path == isolated_dirs.cache / "arxiv-digest-tui" / "cache.sqlite3"
        assert cache.path.exists()
        assert cache.persistent
        assert cache.notices == []
        mode = cache.connection.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"


def test_entries_table_has_the_contract_columns(tmp_path: Path) -> None:
    with Cache(tmp_path / "c.sqlite3") as cache:
        columns = [row[1] for row in cache.connection.execute("PRAGMA table_info(entries)")]
    assert columns == [
        "id",
        "file_id",
        "day",
        "category",
        "position",
        "arxiv_id",
        "title",
        "title_cn",
        "authors",
        "abstract",
        "abstract_cn",
        "contribution",
        "code_url",
    ]


def test_store_then_read_back_in_a_new_connection(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    digest = make_digest()
    with Cache(path) as cache:
        file_id = store(cache, "/x/2024-02-16.md", digest, size=123, mtime=456)
    with Cache(path) as cache:
        records = cache.records()
        record = records["/x/2024-02-16.md"]
        assert (record.size, record.mtime_ns, record.sha1) == (123, 456, "sha-/x/2024-02-16.md")
        assert record.kind == KIND_DIGEST
        assert record.date == dt.date(2024, 2, 16)
        assert record.paper_count == 3
        assert record.keys() == outline_of(digest)
        assert record.warnings == digest.warnings
        assert record.file_id == file_id
        assert record.blob is None  # records() leaves the JSON out: blobs() fetches it
        blob = cache.blobs([file_id])[file_id]
        assert decode_digest(blob, record.path) == digest
        rows = cache.connection.execute(
            "SELECT day, category, position, arxiv_id, title, authors, contribution, code_url"
            " FROM entries WHERE file_id = ? ORDER BY position",
            (file_id,),
        ).fetchall()
    assert rows[0] == (
        "2024-02-16",
        "多模态",
        0,
        "2402.10001",
        'Title with "quotes", \\backslash and [markup]',
        "Zoë Ångström, 李四",
        "贡献 🆕",
        "https://github.com/a/b",
    )
    assert [(r[1], r[2], r[3]) for r in rows[1:]] == [
        ("多模态", 1, ""),
        ("Other / Child", 2, "2402.10001"),
    ]


def test_storing_a_file_again_replaces_its_entries(tmp_path: Path) -> None:
    with Cache(tmp_path / "c.sqlite3") as cache:
        first = store(cache, "/x/a.md", make_digest())
        smaller = Digest(
            date=dt.date(2024, 2, 17),
            source="/x/a.md",
            categories=(Category("Only", (Paper("2402.99999", "New"),)),),
            format="table",
        )
        second = store(cache, "/x/a.md", smaller, size=11, mtime=2)
        assert second == first  # same row, updated in place
        rows = cache.connection.execute("SELECT arxiv_id, day FROM entries").fetchall()
        assert rows == [("2402.99999", "2024-02-17")]
        assert cache.records()["/x/a.md"].paper_count == 1


def test_failures_are_cached_without_entries(tmp_path: Path) -> None:
    with Cache(tmp_path / "c.sqlite3") as cache:
        record = record_failure("/x/README.md", FileStat(5, 6), "abc", KIND_SKIPPED, "not one")
        cache.store([record])
        got = cache.records()["/x/README.md"]
        assert (got.kind, got.message, got.paper_count) == (KIND_SKIPPED, "not one", 0)
        assert cache.blobs([got.file_id or 0]) == {}
        assert cache.connection.execute("SELECT count(*) FROM entries").fetchone() == (0,)


def test_touch_updates_the_stat_only(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with Cache(path) as cache:
        store(cache, "/x/a.md", make_digest(), size=1, mtime=1)
        record = cache.records()["/x/a.md"]
        cache.touch(record, FileStat(1, 99))
    with Cache(path) as cache:
        again = cache.records()["/x/a.md"]
        assert (again.mtime_ns, again.sha1) == (99, record.sha1)


def test_forget_drops_the_file_and_its_entries(tmp_path: Path) -> None:
    with Cache(tmp_path / "c.sqlite3") as cache:
        store(cache, "/x/a.md", make_digest())
        keep = store(cache, "/x/b.md", make_digest())
        cache.forget(["/x/a.md", "/x/never-cached.md"])
        assert list(cache.records()) == ["/x/b.md"]
        file_ids = {r[0] for r in cache.connection.execute("SELECT file_id FROM entries")}
        assert file_ids == {keep}


# ---------------------------------------------------------------------------------------------
# Versions, damage, unusable folders


def test_a_cache_of_another_version_is_rebuilt_with_one_notice(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with Cache(path, version="old") as cache:
        store(cache, "/x/a.md", make_digest())
    with Cache(path, version="new") as cache:
        assert cache.records() == {}
        assert cache.connection.execute("SELECT count(*) FROM entries").fetchone() == (0,)
        assert len(cache.notices) == 1
        assert "another version" in cache.notices[0]
        store(cache, "/x/a.md", make_digest())
    with Cache(path, version="new") as cache:  # and now it is this version's cache
        assert cache.notices == []
        assert list(cache.records()) == ["/x/a.md"]


def test_another_schema_version_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with Cache(path) as cache:
        store(cache, "/x/a.md", make_digest())
        cache.connection.execute(f"PRAGMA user_version = {cache_mod.SCHEMA_VERSION + 1}")
    with Cache(path) as cache:
        assert cache.records() == {}
        assert any("another version" in n for n in cache.notices)


SRC = Path(__file__).resolve().parents[2] / "src" / "tui"


def test_the_fingerprint_follows_the_imports_of_the_parser_and_the_cache() -> None:
    modules = code_modules()
    parser_files = {f"tui.parser.{p.stem}" for p in (SRC / "parser").glob("*.py")}
    expected = {name.replace(".__init__", "") for name in parser_files}
    assert expected <= set(modules)  # every parser module, imported by its __init__ or not
    # links.clean_code_url shapes the code URLs the cache stores; the rest is imported by the
    # parser or the cache too.
    for name in ("tui.links", "tui.text", "tui.model", "tui.dates", "tui.entries", "tui.words"):
        assert name in modules, name
    for name in ("tui.app", "tui.cli", "tui.screens", "tui.widgets.paper_detail", "tui.state"):
        assert name not in modules, name  # the UI and the marks shape no cached value
    assert all(path.is_file() and path.suffix == ".py" for path in modules.values())


def test_changing_any_of_those_sources_changes_the_fingerprint(tmp_path: Path) -> None:
    """On a copy of the package: each module of the set, changed by one byte, changes it."""
    copy = tmp_path / "tui"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__"))
    original = cache_mod.fingerprint()
    assert len(original) == 40 and cache_mod.fingerprint(copy) == original
    modules = code_modules(copy)
    assert set(modules) == set(code_modules())
    for name, path in modules.items():
        source = path.read_bytes()
        path.write_bytes(source + b"#")
        assert cache_mod.fingerprint(copy) != original, name
        path.write_bytes(source)
    assert cache_mod.fingerprint(copy) == original
    # A module outside the set changes nothing; a new import brings its module in.
    (copy / "screens" / "help.py").write_bytes(b"# changed\n")
    assert cache_mod.fingerprint(copy) == original
    links = copy / "links.py"
    links.write_text(links.read_text() + "\nfrom tui import state\n")
    assert "tui.state" in code_modules(copy)
    assert cache_mod.fingerprint(copy) != original


def test_garbage_bytes_are_replaced_by_a_fresh_cache(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database at all\n" * 200)
    with Cache(path) as cache:
        assert cache.persistent
        assert len(cache.notices) == 1
        assert "damaged" in cache.notices[0]
        store(cache, "/x/a.md", make_digest())
    with Cache(path) as cache:
        assert cache.notices == []
        assert list(cache.records()) == ["/x/a.md"]


def test_a_truncated_cache_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with Cache(path) as cache:
        for index in range(40):
            store(cache, f"/x/{index}.md", make_digest())
        cache.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    assert len(data) > 8192
    path.write_bytes(data[: len(data) // 3])
    with Cache(path) as cache:
        assert any("damaged" in n for n in cache.notices), cache.notices
        store(cache, "/x/again.md", make_digest())
        assert "/x/again.md" in cache.records()


def test_a_damaged_page_found_later_starts_afresh(tmp_path: Path) -> None:
    """Corruption the header check cannot see: found on first read, the cache starts afresh."""
    path = tmp_path / "c.sqlite3"
    with Cache(path) as cache:
        for index in range(40):
            store(cache, f"/x/{index}.md", make_digest())
        cache.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = cache.connection.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    for offset in range(page_size, len(data), page_size):  # scribble over every page but page 1
        data[offset : offset + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    with Cache(path) as cache:
        records = cache.records()
        assert records == {}
        assert any("damaged" in n for n in cache.notices), cache.notices
        store(cache, "/x/a.md", make_digest())
        assert list(cache.records()) == ["/x/a.md"]


def test_an_unusable_folder_means_a_cache_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with Cache(blocker / "sub" / "c.sqlite3") as cache:
        assert not cache.persistent
        assert len(cache.notices) == 1
        assert "working without it" in cache.notices[0]
        store(cache, "/x/a.md", make_digest())
        assert list(cache.records()) == ["/x/a.md"]


def test_a_foreign_sqlite_file_is_emptied_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE files (whatever TEXT)")
    conn.execute("INSERT INTO files VALUES ('x')")
    conn.commit()
    conn.close()
    with Cache(path) as cache:
        assert cache.persistent  # emptied in place, not given up on
        assert cache.records() == {}
        store(cache, "/x/a.md", make_digest())
        assert list(cache.records()) == ["/x/a.md"]


# ---------------------------------------------------------------------------------------------
# Full-text search over `entries`


def listing(conn: sqlite3.Connection, entry_id: int) -> tuple[str, str, str]:
    """What an `entries` row says of a listing: arXiv id, day and category."""
    row = conn.execute(
        "SELECT arxiv_id, day, category FROM entries WHERE id = ?", (entry_id,)
    ).fetchone()
    return tuple(row)


def test_sync_search_indexes_what_the_cache_stored(tmp_path: Path) -> None:
    with Cache(tmp_path / "c.sqlite3") as cache:
        store(cache, "/x/a.md", make_digest())
        cache.sync_search()
        result = search.run(cache.connection, "backslash")
        assert result.hint is None
        found = [listing(cache.connection, i) for i in result.entry_ids]
        assert found == [("2402.10001", "2024-02-16", "多模态")]
        # A stored change reaches the index too (triggers or sync), and forget removes it.
        cache.forget(["/x/a.md"])
        cache.sync_search()
        assert list(search.run(cache.connection, "backslash").entry_ids) == []


def test_rows_stored_before_a_crash_are_indexed_by_the_next_sync(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with Cache(path) as cache:
        store(cache, "/x/a.md", make_digest())
        cache.sync_search()
        store(cache, "/x/b.md", make_digest("2024-02-17"))
        assert search.run(cache.connection, "backslash", dedupe=False).total == 2  # a.md only
    # The process "died" before syncing b.md: the next sync indexes it all the same.
    with Cache(path) as cache:
        assert cache.sync_search() == make_digest("2024-02-17").paper_count
        found = search.run(cache.connection, "backslash", dedupe=False)
        assert found.total == 4  # two files x the paper listed in two categories
        days = {listing(cache.connection, i)[1] for i in found.entry_ids}
        assert days == {"2024-02-16", "2024-02-17"}


def test_a_busy_cache_skips_the_search_sync_and_stays_on_disk(tmp_path: Path) -> None:
    """Another instance holds the write lock: opening, reading and the sync do not give up."""
    path = tmp_path / "c.sqlite3"
    with Cache(path) as cache:
        store(cache, "/x/a.md", make_digest())
        cache.sync_search()
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE meta SET value = value WHERE key = 'version'")
        with Cache(path) as cache:
            cache.connection.execute("PRAGMA busy_timeout = 50")
            assert list(cache.records()) == ["/x/a.md"]
            assert cache.sync_search() == 0  # up to date: checked without the write lock
            assert cache.persistent and cache.notices == []
    finally:
        other.execute("ROLLBACK")
        other.close()
