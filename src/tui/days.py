"""Days of a library: the files describing one date merged into one view, materialized on demand.

A date can be described by several files: the detailed `local/…/D.md` and the table `data/…/D.md`
(FORMAT.md §6.4), or a copy of either. The library shows each date once. The richer file is the
base (its category order, its text); the others fill what the base leaves empty (code links, Chinese
titles, abstracts) for the same paper, and add the papers only they list, in their own category.

A Day knows its counts and ids from the files' outlines (no text), so a library of hundreds of days
opens without decoding every paper; `Day.categories` builds the papers the first time it is asked.
Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from tui.cache import Outline
from tui.model import TITLE_KEY, Category, Digest, Paper, paper_key

T = TypeVar("T")


def once(items: Sequence[T], key: Callable[[T], str]) -> list[T]:
    """Each item of one category once, the first row winning: later digests list a paper twice
    in one file (FORMAT.md §7.6, sometimes on adjacent rows), the reader shows it once."""
    seen: set[str] = set()
    kept: list[T] = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            kept.append(item)
    return kept


def _merge(
    parts: Sequence[Sequence[tuple[str, Sequence[T]]]],
    key: Callable[[T], str],
    fill: Callable[[T, T], T] | None = None,
) -> list[tuple[str, list[T]]]:
    """Merge per-file category lists, base first. The same code merges outlines and papers, so the
    counts known up front always equal what the materialized day shows."""
    if not parts:
        return []
    merged = [(name, once(items, key)) for name, items in parts[0]]
    for other in parts[1:]:
        present = {key(item) for _, items in merged for item in items}
        if fill is not None:
            first: dict[str, T] = {}
            for _, items in other:
                for item in items:
                    first.setdefault(key(item), item)
            merged = [
                (
                    name,
                    [fill(item, first[k]) if (k := key(item)) in first else item for item in items],
                )
                for name, items in merged
            ]
        where = {name: index for index, (name, _) in enumerate(merged)}
        for name, items in other:
            extra = once([item for item in items if key(item) not in present], key)
            if not extra:
                continue
            if name in where:
                merged[where[name]][1].extend(extra)
            else:
                where[name] = len(merged)
                merged.append((name, extra))
    return merged


def _distinct_rows(category: Category) -> Category:
    """The category with each paper once (the same for a single file as for merged ones)."""
    papers = once(category.papers, paper_key)
    return (
        category if len(papers) == len(category.papers) else Category(category.name, tuple(papers))
    )


def fill_paper(base: Paper, other: Paper) -> Paper:
    """`base` with its empty fields taken from `other` (the same paper in another file).

    Written out field by field: it runs for nearly every paper of a merged day, and
    dataclasses.replace() was a third of the time of building the whole-library view.
    """
    extras = base.extras
    if other.extras:
        have = {name for name, _ in extras}
        missing = tuple(item for item in other.extras if item[0] not in have)
        if missing:
            extras = extras + missing
    filled = Paper(
        base.arxiv_id,
        base.title,
        base.version if base.version is not None else other.version,
        base.title_cn or other.title_cn,
        base.authors or other.authors,
        base.abstract or other.abstract,
        base.abstract_cn or other.abstract_cn,
        base.pdf_url or other.pdf_url,
        base.abs_url or other.abs_url,
        base.code_url or other.code_url,
        extras,
        base.line,
    )
    return base if filled == base else filled


def merge_outlines(outlines: Sequence[Outline]) -> Outline:
    """The merged structure of several files' outlines (base first): keys only. One file's
    outline is itself when no category lists a paper twice (no copy of every key)."""
    if len(outlines) == 1 and all(len(set(keys)) == len(keys) for _, keys in outlines[0]):
        return outlines[0]
    merged = _merge(outlines, key=lambda k: k)
    return tuple((name, tuple(keys)) for name, keys in merged)


def merge_digests(digests: Sequence[Digest]) -> tuple[Category, ...]:
    """The merged categories of several digests of one date (base first)."""
    parts = [[(cat.name, cat.papers) for cat in digest.categories] for digest in digests]
    merged = _merge(parts, key=paper_key, fill=fill_paper)
    return tuple(Category(name, tuple(papers)) for name, papers in merged)


def base_order_key(richness: int, paper_count: int, fmt: str, path: str) -> tuple[object, ...]:
    """Sort key, base file first: most text, then most papers, then detailed, then path."""
    return (-richness, -paper_count, fmt != "detailed", path)


# Days whose papers were decoded from the cache, most recently used last: only these hold their
# papers, so memory does not grow with the library (a day is decoded again when asked for after
# it left). id(day) -> (day, categories); the entry keeps the day alive, so its id is not reused.
DAYS_KEPT = 32
_kept: OrderedDict[int, tuple[Day, tuple[Category, ...]]] = OrderedDict()
_kept_lock = threading.Lock()


class Day:
    """One date of the library (read-only). `categories` is built on first use, in any thread.

    Counts, ids and category names come from the outline and cost nothing; `categories`, `papers`
    decode the source files when asked for. Days given their categories keep them; days with a
    loader (the cache's) are kept decoded among the DAYS_KEPT most recently used only.
    """

    __slots__ = ("_categories", "_loader", "_lock", "date", "outline", "sources")

    def __init__(
        self,
        date: dt.date,
        categories: Sequence[Category] | None = None,
        sources: Sequence[str] = (),
        *,
        outline: Outline | None = None,
        loader: Callable[[], tuple[Category, ...]] | None = None,
    ) -> None:
        if categories is None and loader is None:
            categories = ()
        self.date = date
        self.sources: tuple[str, ...] = tuple(sources)
        if categories is not None:
            categories = tuple(_distinct_rows(category) for category in categories)
        self._categories: tuple[Category, ...] | None = categories
        self._loader = loader
        self._lock = threading.Lock()
        if outline is None:
            outline = tuple(
                (cat.name, tuple(paper_key(p) for p in cat.papers)) for cat in categories or ()
            )
        self.outline: Outline = outline

    @property
    def categories(self) -> tuple[Category, ...]:
        if self._categories is not None:
            return self._categories
        key = id(self)
        with _kept_lock:
            found = _kept.get(key)
            if found is not None:
                _kept.move_to_end(key)
                return found[1]
        with self._lock:  # one decode per day at a time; others wait for it
            with _kept_lock:
                found = _kept.get(key)
            if found is not None:
                return found[1]
            assert self._loader is not None
            categories = self._loader()
            with _kept_lock:
                _kept[key] = (self, categories)
                while len(_kept) > DAYS_KEPT:
                    _kept.popitem(last=False)
        return categories

    @property
    def is_loaded(self) -> bool:
        """True while the papers are in memory (the UI may show a day at once, or load it first)."""
        if self._categories is not None:
            return True
        with _kept_lock:
            return id(self) in _kept

    @property
    def papers(self) -> list[Paper]:
        return [paper for category in self.categories for paper in category.papers]

    @property
    def paper_count(self) -> int:
        """Entries, counting a paper listed in two categories twice (as the sidebar shows them)."""
        return sum(len(keys) for _, keys in self.outline)

    def arxiv_ids(self) -> Iterator[str]:
        """The day's arXiv ids from its outline, in order (a paper in two categories twice;
        entries keyed by their title left out). Lazy and not kept: a set per day of 960 was 32 MB
        at 300,000 entries."""
        return (key for _, keys in self.outline for key in keys if not key.startswith(TITLE_KEY))

    def category(self, name: str) -> Category | None:
        for category in self.categories:
            if category.name == name:
                return category
        return None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Day):
            return NotImplemented
        return (self.date, self.sources, self.categories) == (
            other.date,
            other.sources,
            other.categories,
        )

    def __hash__(self) -> int:
        return hash((self.date, self.sources))

    def __repr__(self) -> str:
        state = "" if self.is_loaded else ", not loaded"
        count, files = self.paper_count, len(self.sources)
        return f"Day({self.date.isoformat()}, {count} papers, {files} files{state})"
