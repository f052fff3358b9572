"""Rows by reference (issue 15): "All days" and search rows without holding every paper.

The oracle is the library's own materialized listing (Library.entries(), every day decoded)
and day_view.distinct (each arXiv id once): the rows by reference must give the same entries in
the same order, and a day evicted from the decoded-days cache must come back identical.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tui import days as days_module
from tui.library.loader import open_library
from tui.model import paper_key
from tui.reader.day_view import distinct
from tui.reader.for_you import ForYou
from tui.reader.library_index import build_index

CORPUS = Path(__file__).parents[3] / "shared" / "corpus" / "data" / "2024-01"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory):
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not here")
    cache = tmp_path_factory.mktemp("cache") / "cache.sqlite3"
    open_library([CORPUS], cache=cache)  # parse and store
    return open_library([CORPUS], cache=cache)  # read back: days decode from the cache


def test_rows_by_reference_are_the_materialized_rows(library) -> None:
    index = build_index(library)
    every = library.entries()
    assert len(library.days) == 31 and len(every) > 1000
    assert list(index.listings) == every
    assert list(index.entries) == list(distinct(every))
    assert list(index.entries.keys()) == [paper_key(e.paper) for e in distinct(every)]
    middle = len(every) // 2
    entry = every[middle]
    assert index.listing(entry.date, entry.category, paper_key(entry.paper)) == entry


def test_only_a_few_days_stay_decoded_and_an_evicted_day_comes_back_the_same(
    library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(days_module, "DAYS_KEPT", 8)
    days_module._kept.clear()
    index = build_index(library)
    first = index.listings[0]
    list(index.listings)  # every day decoded once, in turn
    kept = sum(day.is_loaded for day in library.days)
    assert kept == 8
    assert not library.days[0].is_loaded  # the newest day was evicted long ago
    assert index.listings[0] == first  # and decodes again to the same entry


def test_filters_and_orders_decode_nothing_and_keep_rows_by_reference(library) -> None:
    index = build_index(library)
    wanted = {paper_key(e.paper) for e in list(index.entries)[::7]}
    days_module._kept.clear()  # forget every decoded day
    picked = index.entries.where(wanted.__contains__)
    assert not any(day.is_loaded for day in library.days)  # keys come from the outlines
    assert {paper_key(e.paper) for e in picked} == wanted
    ranked = ForYou(on=True, scores={key: (float(n), ()) for n, key in enumerate(sorted(wanted))})
    ordered = ranked.order(picked)
    assert [paper_key(e.paper) for e in ordered][:3] == sorted(wanted, reverse=True)[:3]
    assert type(ordered) is type(picked)


def test_a_cold_open_leaves_no_wal_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The next start opens the cache without reading through a WAL file (issue 15: 1.1 GB at
    300,000 entries cost 0.7 s before the first frame). Another connection stays open, as the
    reader's own do, so closing the loader's is not what empties the WAL."""
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not here")
    from tui.library import loader

    monkeypatch.setattr(loader, "BULK_FILES", 8)  # the 31 files are a bulk load
    cache = tmp_path / "cache.sqlite3"
    open_library([CORPUS / "2024-01-01.md"], cache=cache)  # the cache file exists
    other = sqlite3.connect(cache)
    try:
        other.execute("SELECT count(*) FROM files").fetchone()
        library = open_library([CORPUS], cache=cache)
        assert len(library.days) == 31
        wal = Path(f"{cache}-wal")
        assert wal.exists() and wal.stat().st_size == 0
    finally:
        other.close()


def test_unread_counts_over_rows_equal_a_count_paper_by_paper(library) -> None:
    """count_unread over rows by reference counts in C over cached keys; the answer is the one a
    loop over the materialized papers gives, for the whole library and for a filter of it."""
    from tui.reader.day_view import count_unread

    index = build_index(library)
    every = distinct(library.entries())
    read = {e.paper.arxiv_id for e in every[::3] if e.paper.arxiv_id}

    def count_read(ids) -> int:
        return sum(1 for aid in ids if aid in read)

    def by_hand(entries) -> int:
        return sum(1 for e in entries if e.paper.arxiv_id and e.paper.arxiv_id not in read)

    assert 0 < count_unread(index.entries, count_read) == by_hand(every) < len(every)
    some = index.entries.where(lambda key: key.endswith(("1", "5")))
    assert count_unread(some, count_read) == by_hand(list(some))
    assert count_unread(list(some), count_read) == by_hand(list(some))  # not by reference
