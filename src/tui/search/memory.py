"""The same search over papers held in memory: for the command line's `--search`."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Collection, Iterable, Sequence
from typing import Any, Protocol, TypeVar

from tui.entries import CREATE_SQL, INSERT_WITH_ID_SQL, paper_row
from tui.model import Paper
from tui.query import RULE_STATES, Query, parse
from tui.search.engine import SearchResult, run
from tui.search.index import ensure_schema, register_functions
from tui.triage.records import Rule
from tui.triage.rules import Matches, match_rules
from tui.triage.sets import for_rules, state_sets, wanted
from tui.triage.tables import Triage

ItemT = TypeVar("ItemT", bound="_Item")


# --------------------------------------------------------------------------------------------------
# Searching papers that are not in a cache


class MemoryIndex:
    """The same search over papers held in memory (an in-memory SQLite): for `list --search`.

    add() returns the entry id of each paper: 1, 2, 3... in the order added. The index is built in
    bulk at the first search.
    """

    def __init__(self) -> None:
        self.conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        self.conn.execute(CREATE_SQL)
        register_functions(self.conn)
        self._next = 1
        self._dirty = True

    def add(self, day: dt.date | None, category: str, paper: Paper, *, file_id: int = 0) -> int:
        entry_id = self._next
        self._next += 1
        self._dirty = True
        self.conn.execute(
            INSERT_WITH_ID_SQL, (entry_id, file_id, *paper_row(day, category, entry_id, paper))
        )
        return entry_id

    def add_many(self, items: Iterable[tuple[dt.date | None, str, Paper]]) -> list[int]:
        """Add (day, category, paper) triples in one transaction; their entry ids in order."""
        self.conn.execute("BEGIN")
        try:
            ids = [self.add(day, category, paper) for day, category, paper in items]
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        return ids

    def search(self, query: str | Query, **options: Any) -> SearchResult:
        """run() over these papers; options as for run()."""
        if self._dirty:
            ensure_schema(self.conn)
            self._dirty = False
        return run(self.conn, query, **options)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> MemoryIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Item(Protocol):
    """What filter_items needs of an item (tui.export.ExportItem has it)."""

    @property
    def day(self) -> dt.date | None: ...
    @property
    def category(self) -> str: ...
    @property
    def paper(self) -> Paper: ...


def filter_items(
    items: Sequence[ItemT],
    query: str | Query,
    *,
    ranked: bool = False,
    triage: Triage | None = None,
    rules: Sequence[Rule] = (),
) -> tuple[list[ItemT], str | None]:
    """The items that match a query, and the query's hint (None when it is well formed).

    For the command line (`list --search`, `export --search`): the same semantics as the app,
    through an in-memory index. Items keep their input order unless ranked=True (best first);
    every listing of a paper is kept. is:read / is:starred use the items' `read` / `starred`
    attributes when they have them; the triage words (is:watched, tag:…) use `triage` (the state
    file's records) and `rules` (each rule's query run over the same items).
    """
    read = {i.paper.arxiv_id for i in items if getattr(i, "read", False) and i.paper.arxiv_id}
    starred = {i.paper.arxiv_id for i in items if getattr(i, "starred", False) and i.paper.arxiv_id}
    parsed = parse(query) if isinstance(query, str) else query
    records = triage or Triage()
    with MemoryIndex() as index:
        index.add_many((item.day, item.category, item.paper) for item in items)
        sets = None
        if names := wanted([parsed]):
            by_rules = names & RULE_STATES or any(n.startswith("watch:") for n in names)
            found = _matches(index, items, rules, records, read, starred) if by_rules else {}
            sets = state_sets(names, records, found)
        result = index.search(parsed, read_ids=read, starred_ids=starred, dedupe=False, sets=sets)
    order = result.entry_ids if ranked else sorted(result.entry_ids)
    return [items[entry_id - 1] for entry_id in order], result.hint


def match_items(items: Sequence[_Item], rules: Sequence[Rule], triage: Triage) -> Matches:
    """Each rule's matching arXiv ids among `items` (the command line's `stats`)."""
    with MemoryIndex() as index:
        index.add_many((item.day, item.category, item.paper) for item in items)
        return _matches(index, items, rules, triage)


def _matches(
    index: MemoryIndex,
    items: Sequence[_Item],
    rules: Sequence[Rule],
    triage: Triage,
    read: Collection[str] = frozenset(),
    starred: Collection[str] = frozenset(),
) -> Matches:
    """Each rule's arXiv ids among `items` (already in `index`), by the same search."""
    sets = for_rules(rules, triage)

    def keys(text: str) -> set[str]:
        found = index.search(text, read_ids=read, starred_ids=starred, dedupe=False, sets=sets)
        return {aid for i in found.entry_ids if (aid := items[i - 1].paper.arxiv_id)}

    return match_rules(rules, keys, lambda: False) or {}
