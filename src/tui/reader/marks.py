"""Read marks and stars as the screen sees them: in-memory sets written through to the state store.

The sets answer every "is this read / starred?" while drawing (no SQL per row). Each change goes to
the store at once. The reader's store is tui.state_writer.StateWriter: it queues the change, waits
briefly for it to land and never raises; when it cannot save, the app says so from its status and
retries. With a store that raises (tui.state.StateStore in tests), the mark stays in the set for
the session and the first failure is reported, so nothing the user marked is lost on screen.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import Protocol

from tui.reader.triage_marks import TriageStore


class MarkStore(TriageStore, Protocol):
    """The part of tui.state.StateStore the reader needs (triage's too)."""

    warning: str | None

    def read_ids(self) -> set[str]: ...
    def set_read(self, arxiv_id: str, read: bool = True) -> None: ...
    def set_read_many(self, arxiv_ids: Iterable[str], read: bool = True) -> None: ...
    def starred_ids(self) -> set[str]: ...
    def set_starred(self, arxiv_id: str, starred: bool = True) -> None: ...
    def get_pref(self, key: str, default: str | None = None) -> str | None: ...
    def set_pref(self, key: str, value: str) -> None: ...
    def close(self) -> object: ...  # StateWriter.close returns what it could not save


class _MarkSet:
    """A set of arXiv ids (without version), loaded once, saved on every change."""

    def __init__(
        self, load: Callable[[], set[str]], save: Callable[[list[str], bool], None], what: str
    ) -> None:
        self._save = save
        self._what = what
        self._failed = False
        try:
            self._ids = set(load())
            self.problem: str | None = None
        except (sqlite3.Error, OSError) as error:
            self._ids = set()
            self.problem = f"Could not read saved {what} ({error}); they last this session."

    def has(self, arxiv_id: str) -> bool:
        return arxiv_id in self._ids

    def ids(self) -> frozenset[str]:
        """A copy for another thread (a search worker)."""
        return frozenset(self._ids)

    def count_in(self, keys: Iterable[str]) -> int:
        """How many of `keys` are in the set (one loop in C: 300,000 keys in a few ms)."""
        return sum(map(self._ids.__contains__, keys))

    def set(self, arxiv_ids: Iterable[str], on: bool) -> str | None:
        """Mark (or unmark) the ids; returns a message the first time saving fails."""
        ids = [aid for aid in arxiv_ids if aid]
        if on:
            self._ids.update(ids)
        else:
            self._ids.difference_update(ids)
        try:
            if ids:
                self._save(ids, on)
        except (sqlite3.Error, OSError) as error:
            if not self._failed:
                self._failed = True
                return f"Could not save {self._what} ({error}); they are kept for this session."
        return None


class ReadMarks(_MarkSet):
    """Read marks (pref-free): `is_read` is what the lists and counts ask."""

    def __init__(self, store: MarkStore) -> None:
        def save(ids: list[str], read: bool) -> None:
            if len(ids) == 1:
                store.set_read(ids[0], read)
            else:
                store.set_read_many(ids, read)

        super().__init__(store.read_ids, save, "read marks")

    def is_read(self, arxiv_id: str) -> bool:
        return arxiv_id in self._ids


class Stars(_MarkSet):
    """Starred papers: `s` toggles one, the starred-only view and is:starred read them."""

    def __init__(self, store: MarkStore) -> None:
        def save(ids: list[str], starred: bool) -> None:
            for aid in ids:
                store.set_starred(aid, starred)

        super().__init__(store.starred_ids, save, "stars")

    def is_starred(self, arxiv_id: str) -> bool:
        return arxiv_id in self._ids
