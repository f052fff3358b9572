"""The full-text index of a big load, built in a process of its own.

Indexing 300,000 entries is about ten seconds of SQLite work that calls a Python function for
every text (tui.search's CJK spacing). In the reader's process it took the interpreter lock from
the UI thousands of times a second (keys waited) and ran a third slower for it. A bulk load
therefore hands it to a child process (spawned: a threaded UI is never forked) that opens the
same cache and runs Cache.sync_search, telling its progress; the loader waits without the lock.
The child is a daemon: a reader that quits mid-way ends it, the chunks it committed stay, and
the next open indexes the rest. Nothing here imports Textual.
"""

from __future__ import annotations

import os
import signal
import sqlite3
from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cache import Cache
from tui.library.events import SearchIndexing

if TYPE_CHECKING:  # multiprocessing loads with the first child (a warm open has none)
    import multiprocessing.process
    from multiprocessing.connection import Connection

POLL = 0.25  # seconds between looks at a silent child


def sync_search(cache: Cache, *, apart: bool) -> Generator[SearchIndexing, None, int | None]:
    """Index what the cache stored (yielding progress); in a child process when `apart` and the
    cache is a file, else here. Returns the rows indexed, None when search could not run."""
    if apart and cache.persistent:
        import multiprocessing

        try:
            context = multiprocessing.get_context("spawn")
            ours, theirs = context.Pipe(duplex=False)
            child = context.Process(
                target=_child, args=(str(cache.path), cache.version, theirs), daemon=True
            )
            child.start()
            theirs.close()
        except (OSError, RuntimeError, ValueError):
            return cache.sync_search()  # no process to be had: index here
        added = yield from _follow(ours, child, cache)
        if added is not False:
            return added
    return cache.sync_search()  # the child died: go on from what it committed


def _follow(
    pipe: Connection, child: multiprocessing.process.BaseProcess, cache: Cache
) -> Generator[SearchIndexing, None, int | bool | None]:
    """The child's reports until its answer; False if it ended without one."""
    total = 0
    try:
        while True:
            if not pipe.poll(POLL):
                if child.is_alive():
                    continue
                if not pipe.poll(0):
                    return False
            try:
                kind, value, notices = pipe.recv()
            except (EOFError, OSError):
                return False
            if kind == "total":
                total = value
            elif kind == "progress":
                yield SearchIndexing(value, total)
            else:
                cache.notices.extend(notices)
                return value  # type: ignore[no-any-return]
    finally:
        pipe.close()
        if child.is_alive():  # the loader was closed (the reader quits): stop indexing now
            child.terminate()
        child.join(1.0)


def quiet_process() -> None:
    """Set up a helper process: it shares the reader's terminal, so it must never write to it
    (a traceback from a dying helper would land on the TUI) nor take its Ctrl+C."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _child(path: str, version: str, pipe: Connection) -> None:
    """The child: quiet, then the cache's own sync, telling the loader how far it got."""
    quiet_process()
    from tui import search

    with Cache(Path(path), version=version) as cache:
        # A bulk load's owner checkpoints the WAL once, after the search opened (tui.cache).
        cache.connection.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            total = search.unindexed(cache.connection)
        except sqlite3.Error:  # no index yet: sync_search creates it, for every row
            total = cache.connection.execute("SELECT count(*) FROM entries").fetchone()[0]
        pipe.send(("total", total, []))
        added = cache.sync_search(lambda done: pipe.send(("progress", done, [])))
        pipe.send(("done", added, cache.notices))
    pipe.close()
