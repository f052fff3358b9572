"""What arXiv said, joined to what a digest says: one enriched Paper for every consumer.

The digest's own text always wins; arXiv fills what it lacks: the abstract (marked with the extra
`abstract_source = "arxiv"`), the full author list (when the digest cut it or lists fewer), and the
comment, journal reference and DOI as extras. Export, search, stats and the reader all see the same
enriched Paper, so none of them needs to know about the store. Enrichment only reads the store:
nothing here fetches.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tui.arxiv.record import Record
from tui.model import EXTRA_AUTHORS_CUT, Paper

if TYPE_CHECKING:
    from tui.export import ExportItem

EXTRA_ABSTRACT_SOURCE = "abstract_source"  # "arxiv" when the abstract came from the API
EXTRA_COMMENT = "comment"
EXTRA_JOURNAL = "journal_ref"
EXTRA_DOI = "doi"
ARXIV_EXTRAS = (EXTRA_ABSTRACT_SOURCE, EXTRA_COMMENT, EXTRA_JOURNAL, EXTRA_DOI)

ItemT = TypeVar("ItemT", bound="ExportItem")


def enrich(paper: Paper, record: Record | None) -> Paper:
    """`paper` with what `record` adds (the paper itself when there is nothing to add)."""
    if record is None:
        return paper
    changes: dict[str, object] = {}
    extras = list(paper.extras)
    if not paper.abstract.strip() and record.abstract:
        changes["abstract"] = record.abstract
        extras.append((EXTRA_ABSTRACT_SOURCE, "arxiv"))
    cut = bool(paper.extra(EXTRA_AUTHORS_CUT))
    if record.authors and (cut or len(record.authors) > len(paper.authors)):
        changes["authors"] = record.authors
        extras = [(k, v) for k, v in extras if k != EXTRA_AUTHORS_CUT]
    for name, value in (
        (EXTRA_COMMENT, record.comment),
        (EXTRA_JOURNAL, record.journal_ref),
        (EXTRA_DOI, record.doi),
    ):
        if value and not paper.extra(name):
            extras.append((name, value))
    if not changes and len(extras) == len(paper.extras):
        return paper
    return paper._replace(extras=tuple(extras), **changes)  # type: ignore[arg-type]


def abstract_source(paper: Paper) -> str | None:
    """ "arxiv" (fetched), "digest" (the digest's own) or None (no abstract known)."""
    if paper.extra(EXTRA_ABSTRACT_SOURCE) == "arxiv":
        return "arxiv"
    return "digest" if paper.abstract.strip() else None


def stored_records(ids: Iterable[str], path: Path | None = None) -> dict[str, Record]:
    """Records for `ids` from the store, if it exists (never created or fetched here)."""
    from tui.arxiv.store import Store, default_path

    path = path or default_path()
    if not path.is_file():
        return {}
    with Store(path) as store:
        return store.get(i for i in ids if i)


def enrich_items(items: Sequence[ItemT], path: Path | None = None) -> list[ItemT]:
    """Export items with their papers enriched from the store (for list, export and stats)."""
    records = stored_records((item.paper.arxiv_id for item in items), path)
    if not records:
        return list(items)
    return [
        replace(item, paper=enrich(item.paper, records.get(item.paper.arxiv_id))) for item in items
    ]


def fill_index(conn: sqlite3.Connection, records: Iterable[Record]) -> int:
    """Put fetched abstracts into the cache's `entries` rows that lack one, so that search finds
    their words. tui.search's update trigger reindexes each changed row at once (`conn` must have
    its functions registered); rows not indexed yet get the text when they are. Returns the rows
    changed."""
    rows = [(r.abstract, r.arxiv_id) for r in records if r.abstract and r.arxiv_id]
    if not rows:
        return 0
    changed = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for abstract, arxiv_id in rows:
            changed += conn.execute(
                "UPDATE entries SET abstract = ? WHERE arxiv_id = ? AND abstract = ''",
                (abstract, arxiv_id),
            ).rowcount
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return changed
