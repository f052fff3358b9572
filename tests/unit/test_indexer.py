"""The full-text index of a big load, built in a child process (tui.library.indexer)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
from collections.abc import Callable, Generator
from multiprocessing.process import BaseProcess
from pathlib import Path

from arxiv_digests import write_day
from indexer_children import dies_silently, reports_then_hangs
from tui import search
from tui.cache import Cache
from tui.library import Finished, SearchIndexed, SearchIndexing, iter_library
from tui.library.indexer import _follow


def library(folder: Path, days: int, per_day: int) -> list[str]:
    """`days` daily files of `per_day` papers each; their ids."""
    ids: list[str] = []
    for n in range(days):
        day = (dt.date(2025, 1, 1) + dt.timedelta(days=n)).isoformat()
        listed = [f"2501.{n:03d}{k:02d}" for k in range(per_day)]
        write_day(folder, day, listed)
        ids += listed
    return ids


def test_a_bulk_load_is_indexed_in_a_child_that_tells_its_progress(tmp_path: Path) -> None:
    ids = library(tmp_path / "lib", days=60, per_day=5)
    with Cache(tmp_path / "cache.sqlite3") as cache:
        events = list(iter_library([tmp_path / "lib"], cache=cache, workers=2))
    kinds = [type(event) for event in events]
    progress = [event for event in events if isinstance(event, SearchIndexing)]
    # Only the child reports progress: indexing in this process says nothing until the end.
    assert progress and progress[-1] == SearchIndexing(300, 300)
    assert kinds.index(Finished) < kinds.index(SearchIndexing) < kinds.index(SearchIndexed)
    assert [e for e in events if isinstance(e, SearchIndexed)] == [SearchIndexed(len(ids))]
    assert not multiprocessing.active_children()
    conn = sqlite3.connect(tmp_path / "cache.sqlite3")
    assert search.index_complete(conn)
    for aid in (ids[0], ids[-1]):
        assert len(search.run(conn, aid).entry_ids) == 1
    conn.close()


def follow(
    target: Callable[..., None], cache: Cache
) -> tuple[Generator[SearchIndexing, None, int | bool | None], BaseProcess]:
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe(duplex=False)
    child = context.Process(target=target, args=(theirs,), daemon=True)
    child.start()
    theirs.close()
    return _follow(ours, child, cache), child


def test_a_reader_that_quits_mid_index_ends_the_child(tmp_path: Path) -> None:
    with Cache(tmp_path / "cache.sqlite3") as cache:
        events, child = follow(reports_then_hangs, cache)
        assert next(events) == SearchIndexing(20, 100)
        events.close()  # the feed closes the loader at quit
        assert not child.is_alive()


def test_a_child_gone_without_an_answer_means_indexing_here(tmp_path: Path) -> None:
    with Cache(tmp_path / "cache.sqlite3") as cache:
        events, child = follow(dies_silently, cache)
        try:
            next(events)
        except StopIteration as stop:
            assert stop.value is False  # sync_search then indexes in this process
        else:
            raise AssertionError("no answer, yet the child's reports went on")
        assert not child.is_alive()
