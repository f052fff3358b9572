"""Read marks as the screen sees them: an in-memory set written through to the state store.

The set answers every "is this read?" while drawing (no SQL per row). Each change goes to the store
at once (the store commits before returning); if that fails, the mark stays in the set for the
session and the first failure is reported, so nothing the user marked is lost on screen.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Protocol


class MarkStore(Protocol):
    """The part of tui.state.StateStore the reader needs."""

    warning: str | None

    def read_ids(self) -> set[str]: ...
    def set_read(self, arxiv_id: str, read: bool = True) -> None: ...
    def set_read_many(self, arxiv_ids: Iterable[str], read: bool = True) -> None: ...
    def get_pref(self, key: str, default: str | None = None) -> str | None: ...
    def set_pref(self, key: str, value: str) -> None: ...
    def close(self) -> None: ...


class ReadMarks:
    """Read arXiv ids (without version), loaded once, saved on every change."""

    def __init__(self, store: MarkStore) -> None:
        self._store = store
        self._failed = False
        try:
            self._ids = set(store.read_ids())
            self.problem: str | None = None
        except (sqlite3.Error, OSError) as error:
            self._ids = set()
            self.problem = f"Could not read saved read marks ({error}); marks last this session."

    def is_read(self, arxiv_id: str) -> bool:
        return arxiv_id in self._ids

    def set(self, arxiv_ids: Iterable[str], read: bool) -> str | None:
        """Mark (or unmark) the ids; returns a message the first time saving fails."""
        ids = [aid for aid in arxiv_ids if aid]
        if read:
            self._ids.update(ids)
        else:
            self._ids.difference_update(ids)
        try:
            if len(ids) == 1:
                self._store.set_read(ids[0], read)
            elif ids:
                self._store.set_read_many(ids, read)
        except (sqlite3.Error, OSError) as error:
            if not self._failed:
                self._failed = True
                return f"Could not save read marks ({error}); they are kept for this session."
        return None
