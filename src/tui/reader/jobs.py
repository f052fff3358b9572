"""Background work the session asks for; the screen runs each in a worker thread.

A job never touches the session: it computes and returns one event, which the screen hands back
to the session on the UI thread (so all state changes happen in one place).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.reader.events import IndexReady, ReaderEvent, RulesMatched, SearchAnswered, SearchReady

if TYPE_CHECKING:  # imported in the jobs' threads: the search engine is not needed to start
    from collections.abc import Mapping, Sequence

    from tui.library import Library, LibraryEntry
    from tui.reader.library_index import LibraryIndex
    from tui.reader.search_source import SearchSource
    from tui.triage.records import Rule, Seen

Cancelled = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class Job:
    """`run(cancelled)` in a worker of group `group`; its event goes back to the session."""

    group: str
    run: Callable[[Cancelled], ReaderEvent | None]


def prepare_index(library: Library) -> Job:
    """Gather every paper for "All days" and for turning search hits into rows."""

    def run(cancelled: Cancelled) -> ReaderEvent | None:
        from tui.reader.library_index import build_index

        if cancelled():
            return None
        index = build_index(library)
        return IndexReady(index, sightings(index))

    return Job("prepare", run)


def sightings(index: LibraryIndex) -> dict[str, Seen]:
    """Papers the library lists on more than one day with more than one version: their first
    and last (day, version), for "seen 2026-08-11 as v1, now v2". Only papers listed on several
    days are looked at (their days decoded); the rest is read from the outlines."""
    from tui.triage.records import Seen

    again = set(index.repeated())
    found: dict[str, Seen] = {}
    versions: dict[str, set[int]] = {}
    for entry in index.listings.where(again.__contains__):
        paper = entry.paper
        if not paper.arxiv_id or not paper.version:
            continue
        versions.setdefault(paper.arxiv_id, set()).add(paper.version)
        day, version = entry.date.isoformat(), f"v{paper.version}"
        seen = Seen(day, version, day, version)
        known = found.get(paper.arxiv_id)
        found[paper.arxiv_id] = known.merged(seen) if known else seen
    return {aid: seen for aid, seen in found.items() if len(versions[aid]) > 1}


def prepare_search(library: Library, index: LibraryIndex) -> Job:
    """Open the search: over the library's cache (its own connection), else an in-memory index."""

    def run(cancelled: Cancelled) -> ReaderEvent | None:
        from tui.reader.search_source import SearchSource

        if cancelled():
            return None
        try:
            if library.cache_path is not None:
                from tui.cache import Cache

                cache = Cache(library.cache_path)
                try:
                    return SearchReady(SearchSource.over_cache(cache, library, index))
                except BaseException:
                    cache.close()
                    raise
            return SearchReady(SearchSource.in_memory(index))
        except Exception as error:
            return SearchReady(None, f"Search is unavailable: {error}")

    return Job("prepare", run)


def run_query(
    source: SearchSource,
    generation: int,
    text: str,
    *,
    read_ids: Collection[str],
    starred_ids: Collection[str],
    unread_only: bool,
    starred_only: bool,
    sets: Mapping[str, Collection[str]] | None = None,
    leave_out: Sequence[str] = (),
    is_current: Callable[[int], bool],
) -> Job:
    """One query; an interrupt meant for the previous query may hit this one: it tries again."""

    def run(cancelled: Cancelled) -> ReaderEvent | None:
        found = None
        for _ in range(3):
            # A newer key press made this query stale: skip it rather than queue behind the
            # search's lock (a burst of 18 keys ran 18 queries in turn: 0.6 s at 300,000).
            found = source.run(
                text,
                read_ids=read_ids,
                starred_ids=starred_ids,
                unread_only=unread_only,
                starred_only=starred_only,
                sets=sets,
                leave_out=leave_out,
                wanted=lambda: is_current(generation),
            )
            if found.skipped:
                return None
            if not found.failed or not is_current(generation):
                break
        return SearchAnswered(generation, found) if found is not None else None

    return Job("search", run)


def match_rules(
    rules: Sequence[Rule],
    generation: int,
    sets: Mapping[str, Collection[str]],
    read_ids: Collection[str],
    source: SearchSource | None,
    day: Sequence[LibraryEntry] = (),
) -> Job:
    """Each rule's papers, with the search engine itself: over the whole library through
    `source`, else (the library's index not ready yet) among the papers of `day`."""

    def run(cancelled: Cancelled) -> ReaderEvent | None:
        from tui.triage.rules import match_rules as match

        if source is not None:
            from tui.reader.library_rows import keys_of

            def keys(text: str) -> set[str]:  # from the outlines: no paper is decoded
                return set(keys_of(source.run(text, read_ids=read_ids, sets=sets).entries))

            matches = match(rules, keys, cancelled)
        else:
            from tui.model import paper_key
            from tui.search import MemoryIndex

            with MemoryIndex() as index:
                index.add_many((e.date, e.category, e.paper) for e in day)

                def keys(text: str) -> set[str]:
                    found = index.search(text, read_ids=read_ids, sets=sets, dedupe=False)
                    return {paper_key(day[i - 1].paper) for i in found.entry_ids}

                matches = match(rules, keys, cancelled)
        if matches is None:
            return None
        return RulesMatched(generation, dict(matches), complete=source is not None)

    return Job("rules", run)
