"""Loading a library: files checked against the cache, parsed when new, reported as events.

`iter_library` is the loader for a UI worker: it yields events (Discovered, DayLoaded, Problem,
Notice, Finished, then SearchIndexed) so that the newest day can be shown as soon as it is read
while the rest is indexed. `open_library` is the same, run to the end. Files are checked against
the parsed cache (tui.cache) by size + mtime, then by content hash; only new or changed files are
parsed, in worker processes when there are many. Nothing here imports Textual.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cache import (
    KIND_DIGEST,
    KIND_PROBLEM,
    KIND_SKIPPED,
    Cache,
    FileRecord,
    FileStat,
    record_failure,
    record_from_digest,
    sha1_of,
)
from tui.cache.blobs import attach
from tui.dates import name_date
from tui.days import Day
from tui.library.collection import Library, LoadStats, _make_day
from tui.library.discovery import _candidates, nothing_read
from tui.library.events import (
    DayLoaded,
    Discovered,
    Finished,
    LoadEvent,
    Notice,
    Problem,
    SearchIndexed,
)
from tui.library.indexer import quiet_process, sync_search
from tui.text import display_path

if TYPE_CHECKING:  # the pool's modules load with the pool (a warm open has none)
    from concurrent.futures import Future, ProcessPoolExecutor


def _is_not_digest(error: Exception) -> bool:
    return bool(getattr(error, "not_a_digest", False))


def examine(
    path: str, known_sha1: str | None = None, *, keep_digest: bool = True
) -> tuple[FileStat, FileRecord | None]:
    """Read one file: None when its content hash is `known_sha1`, else a fresh record.

    Runs in worker processes too (keep_digest=False: the record carries JSON, not objects).
    """
    from tui.parser import DigestError, parse_bytes, read_file

    stat = FileStat.of(path)  # before reading: a change during the read shows up next time
    try:
        data = read_file(path)  # refuses FIFOs and devices named like digests
    except DigestError as error:  # unreadable this time (error.cause): reported, not cached
        if error.cause is not None:
            raise error.cause from None
        return stat, record_failure(path, stat, "", KIND_PROBLEM, str(error))
    sha1 = sha1_of(data)
    if known_sha1 == sha1:
        return stat, None
    try:
        digest = parse_bytes(data, source=path)
    except DigestError as error:
        kind = KIND_SKIPPED if _is_not_digest(error) else KIND_PROBLEM
        return stat, record_failure(path, stat, sha1, kind, str(error))
    return stat, record_from_digest(path, stat, sha1, digest, keep_digest=keep_digest)


Examined = tuple[FileStat, FileRecord | None] | OSError


# In a worker process: its own connection to the cache, when the loader's cache is on disk.
_worker_cache: Cache | None = None


def _examine_group(jobs: Sequence[tuple[str, str | None]]) -> list[Examined]:
    """Worker-process entry: examine a few files, returning OSErrors instead of raising.

    The worker stores what it parsed into the cache itself, and sends back the record without
    its `entries` rows: unpickling 50,000 rows in the app's process would take the GIL from the
    UI and from the loader, while the digest JSON travels as one cheap bytes object.
    """
    out: list[Examined] = []
    for path, known_sha1 in jobs:
        try:
            out.append(examine(path, known_sha1, keep_digest=False))
        except OSError as error:
            out.append(error)
    cache = _worker_cache
    if cache is not None:
        fresh = [item[1] for item in out if not isinstance(item, OSError) and item[1] is not None]
        cache.store(fresh)
        for record in fresh:
            if cache.persistent and record.file_id is not None:
                record.entries = None  # stored
            else:
                record.file_id = None  # not stored: the loader stores it
    return out


def _quiet_worker(cache_path: str | None, version: str) -> None:
    """Worker-process setup: quiet, and the loader's cache (already checked: same version) open
    to store what they parse."""
    quiet_process()
    global _worker_cache
    if cache_path is None:
        return
    try:
        cache = Cache(cache_path, version=version)
    except Exception:  # any trouble: the loader stores instead
        return
    if cache.persistent and not cache.notices:
        with contextlib.suppress(Exception):
            cache.connection.execute("PRAGMA wal_autocheckpoint = 0")  # a bulk load: see Cache
        _worker_cache = cache
    else:
        cache.close()


# Below this many files to parse, worker processes cost more to start than they save.
POOL_MIN_FILES = 48
# From this many files to parse on, WAL checkpoints wait for the end of the load (Cache.begin_bulk).
BULK_FILES = 32


class _Parsers:
    """Reads groups of files, with worker processes reading ahead when many need parsing.

    The loader asks for groups in order. A group a worker has not started yet is taken back and
    read here (the loader thread is one more worker), so nothing waits on an idle process. The
    pool starts only once the first day is out (allow()): that day never waits for a spawn.
    """

    def __init__(
        self, groups: Sequence[Sequence[tuple[str, str | None]]], workers: int, cache: Cache
    ) -> None:
        self.groups = groups
        self.cache_args = (str(cache.path) if cache.persistent else None, cache.version)
        self.futures: list[Future[list[Examined]] | None] = [None] * len(groups)
        self.pool: ProcessPoolExecutor | None = None
        self.wanted = workers >= 1 and sum(len(g) for g in groups) >= POOL_MIN_FILES
        self.workers = workers
        self.allowed = False
        self.next = 0  # groups before this one are taken

    def allow(self) -> None:
        """The first day is out: worker processes may start reading ahead."""
        self.allowed = True

    def _start(self) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        self.wanted = False
        try:
            _start_resource_tracker()
            context = multiprocessing.get_context("spawn")  # never fork a threaded (UI) process
            self.pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_quiet_worker,
                initargs=self.cache_args,
            )
            for index in range(self.next, len(self.groups)):
                if self.groups[index]:
                    self.futures[index] = self.pool.submit(_examine_group, list(self.groups[index]))
        except (OSError, RuntimeError, ValueError, BrokenProcessPool):
            self.close()  # no worker processes: every group is read in this process

    def result(self, index: int) -> list[Examined]:
        self.next = index + 1
        if self.wanted and self.allowed:
            self._start()
        future, self.futures[index] = self.futures[index], None
        if future is not None and not future.cancel():
            from concurrent.futures import CancelledError  # a future means the pool is loaded
            from concurrent.futures.process import BrokenProcessPool

            try:
                return future.result()
            except (OSError, RuntimeError, ValueError, BrokenProcessPool, CancelledError):
                pass  # the pool died: read this group here
        out: list[Examined] = []
        for path, known_sha1 in self.groups[index]:
            try:
                out.append(examine(path, known_sha1))
            except OSError as error:
                out.append(error)
        return out

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real stderr.

    The tracker is spawned with sys.stderr's file descriptor; inside the reader, Textual has
    replaced sys.stderr with an object whose fileno() is not a descriptor, and the spawn fails
    ("bad value(s) in fds_to_keep"). Once running, the tracker serves every later pool.
    """
    from multiprocessing import resource_tracker

    stderr = sys.stderr
    try:
        if sys.__stderr__ is not None:
            sys.stderr = sys.__stderr__
        resource_tracker.ensure_running()
    finally:
        sys.stderr = stderr


def default_workers() -> int:
    """Parser processes for a cold open: one per CPU (at most 4), none on a single CPU.

    The loader thread itself only waits and files results (the workers store their own rows),
    so it does not need a CPU of its own."""
    cpus = os.cpu_count() or 1
    return 0 if cpus < 2 else min(4, cpus)


class _Loader:
    """One run of iter_library: remembers what it has seen to build the Library at the end."""

    def __init__(self, paths: Sequence[str | os.PathLike[str]], cache: Cache, workers: int) -> None:
        self.paths = [Path(p).expanduser() for p in paths]
        self.cache = cache
        self.workers = workers
        self.problems: list[str] = []
        self.skipped = 0
        self.records: dict[str, FileRecord] = {}
        self.by_date: dict[dt.date, list[FileRecord]] = {}
        self.days: dict[dt.date, Day] = {}
        self.noticed = 0
        self.parsed = self.rehashed = self.removed = 0

    def notices(self) -> Iterator[Notice]:
        while self.noticed < len(self.cache.notices):
            yield Notice(self.cache.notices[self.noticed])
            self.noticed += 1

    def run(self) -> Iterator[LoadEvent]:
        candidates, missing, named, roots = _candidates(self.paths)
        for message in missing:
            yield self.problem(message)
        total = len(candidates)
        yield Discovered(total)
        yield from self.notices()

        known = self.cache.records()
        wanted = set(candidates)
        stale = [
            path
            for path in known
            if path not in wanted
            and (path.startswith(tuple(roots)) or path in named or not os.path.exists(path))
        ]
        self.cache.forget(stale)
        self.removed = len(stale)

        # Stat everything first (cheap), then fetch the cached digests of every unchanged file in
        # one query, so that a warm open touches the disk twice in all.
        stats: dict[str, FileStat | OSError] = {}
        for path in candidates:
            try:
                stats[path] = FileStat.of(path)
            except OSError as error:
                stats[path] = error
        hits: dict[str, FileRecord] = {}
        for path in candidates:
            record, stat = known.get(path), stats[path]
            if (
                record is not None
                and isinstance(stat, FileStat)
                and (record.size, record.mtime_ns) == (stat.size, stat.mtime_ns)
            ):
                hits[path] = record
        self.attach_blobs([r for r in hits.values() if r.kind == KIND_DIGEST])

        groups = list(_groups(candidates))
        jobs = [
            [
                (path, known[path].sha1 if path in known else None)
                for path in group
                if path not in hits and isinstance(stats[path], FileStat)
            ]
            for group in groups
        ]
        bulk = sum(len(job) for job in jobs) >= BULK_FILES
        if bulk:
            self.cache.begin_bulk()  # the search index is rebuilt in one pass after Finished
        try:
            parsers = _Parsers(jobs, self.workers, self.cache)
            try:
                yield from self.read_groups(groups, jobs, parsers, hits, known, stats, named, total)
            finally:
                parsers.close()
            yield from self.notices()
            if not self.days:  # an empty folder, or nothing readable: say so
                yield self.problem(nothing_read(self.paths))
            yield Finished(self.library(total, len(hits)))
            added = yield from sync_search(self.cache, apart=bulk and self.workers >= 1)
            yield SearchIndexed(added)  # search opens now: the checkpoint below need not wait
        finally:
            if bulk:  # also when the caller stops early: the connection may live on
                self.cache.end_bulk()
        yield from self.notices()

    def library(self, total: int, cached: int) -> Library:
        warnings = [w for r in self.records.values() for w in r.warnings]
        return Library(
            self.days.values(),
            problems=self.problems,
            skipped=self.skipped,
            notices=self.cache.notices,
            warnings=warnings,
            files=list(self.records.values()),
            stats=LoadStats(
                files=total,
                cached=cached,
                rehashed=self.rehashed,
                parsed=self.parsed,
                removed=self.removed,
            ),
            cache_path=self.cache.path if self.cache.persistent else None,
        )

    def read_groups(
        self,
        groups: Sequence[Sequence[str]],
        jobs: Sequence[Sequence[tuple[str, str | None]]],
        parsers: _Parsers,
        hits: dict[str, FileRecord],
        known: dict[str, FileRecord],
        stats: dict[str, FileStat | OSError],
        named: set[str],
        total: int,
    ) -> Iterator[LoadEvent]:
        """Day by day, newest first: cached records as they are, the rest examined (ahead)."""
        done = 0
        for index, group in enumerate(groups):
            examined = dict(
                zip(
                    [path for path, _ in jobs[index]],
                    parsers.result(index),
                    strict=True,
                )
            )
            fresh: list[FileRecord] = []
            group_records: list[FileRecord] = []
            for path in group:
                record = hits.get(path)
                if record is None:
                    outcome = examined.get(path, stats[path])
                    if isinstance(outcome, OSError):
                        name = display_path(path)
                        yield self.problem(
                            f"{name}: cannot be read ({outcome.strerror or outcome})"
                        )
                        continue
                    assert not isinstance(outcome, FileStat)
                    new_stat, new = outcome
                    if new is None:  # same content, new stat: keep the cached parse
                        self.rehashed += 1
                        record = known[path]
                        self.cache.touch(record, new_stat)
                        if record.kind == KIND_DIGEST:
                            self.attach_blobs([record])
                    else:
                        self.parsed += 1
                        record = new
                        fresh.append(record)
                group_records.append(record)
            self.cache.store([r for r in fresh if r.file_id is None])  # workers store theirs
            for record in fresh:
                record.entries = None  # stored; the text lives on in the blob or the digest
                if record.digest is not None:
                    record.blob = None
            # What was stored is read back from the cache when its day is shown, not kept.
            self.attach_blobs([r for r in fresh if r.kind == KIND_DIGEST], stored=True)
            done += len(group)
            dates: list[dt.date] = []
            for record in group_records:
                date = self.accept(record, explicit=record.path in named)
                if isinstance(date, Problem):
                    yield date
                elif date is not None and date not in dates:
                    dates.append(date)
            yield from self.notices()
            for date in dates:
                day = _make_day(date, self.by_date[date])
                self.days[date] = day
                yield DayLoaded(day, done, total)
                parsers.allow()

    def attach_blobs(self, records: Sequence[FileRecord], *, stored: bool = False) -> None:
        """Let each record find its encoded digest (tui.cache.blobs.attach)."""
        attach(records, self.cache, stored=stored)

    def accept(self, record: FileRecord, *, explicit: bool) -> dt.date | Problem | None:
        """File a record: a digest joins its date; a README is counted; a problem is reported."""
        self.records[record.path] = record
        if record.kind == KIND_SKIPPED and not explicit:
            self.skipped += 1
            return None
        if record.kind != KIND_DIGEST:
            return self.problem(record.message or f"{display_path(record.path)}: not a digest")
        date = record.date or name_date(record.path)
        if date is None:
            name = display_path(record.path)
            return self.problem(f"{name}: no date in its header or name; skipped")
        self.by_date.setdefault(date, []).append(record)
        return date

    def problem(self, message: str) -> Problem:
        self.problems.append(message)
        return Problem(message)


def _groups(candidates: Sequence[str]) -> Iterator[list[str]]:
    """Consecutive candidates with the same name date (they are sorted newest first)."""
    group: list[str] = []
    current: object = object()
    for path in candidates:
        date = name_date(path) or path  # undated files are groups of one
        if group and date != current:
            yield group
            group = []
        current = date
        group.append(path)
    if group:
        yield group


def iter_library(
    paths: Sequence[str | os.PathLike[str]],
    *,
    cache: Cache | str | os.PathLike[str] | None = None,
    workers: int | None = None,
) -> Generator[LoadEvent]:
    """Load a library step by step (for a UI worker): newest day first, then Finished(library).

    `cache` is a Cache to use (left open), a path for the cache file, or None for the default
    location (platformdirs' user cache directory). `workers`: processes parsing in parallel when
    many files need parsing (None: one per CPU, at most 4; 0: parse in this thread).
    """
    own = not isinstance(cache, Cache)
    store = cache if isinstance(cache, Cache) else Cache(cache)
    try:
        yield from _Loader(paths, store, default_workers() if workers is None else workers).run()
    finally:
        if own:
            store.close()


def open_library(
    paths: Sequence[str | os.PathLike[str]],
    *,
    cache: Cache | str | os.PathLike[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    search: bool = True,
) -> Library:
    """Load a whole library at once; `progress(done, total)` is called as files are examined.

    With search=False it returns as soon as the library is complete, leaving the full-text index
    to catch up on a later load (the UI's worker runs iter_library to the end instead).
    """
    library: Library | None = None
    events = iter_library(paths, cache=cache, workers=workers)
    try:
        for event in events:
            if isinstance(event, DayLoaded) and progress is not None:
                progress(event.done, event.total)
            elif isinstance(event, Finished):
                library = event.library
                if not search:
                    break
    finally:
        events.close()
    if library is None:  # pragma: no cover - iter_library always finishes
        raise AssertionError("iter_library ended without Finished")
    return library
