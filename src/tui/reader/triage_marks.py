"""The reader's triage records in memory: dismissed papers, tags, notes, rules and sightings.

Loaded once from the state store and changed here first (the lists redraw at once), each change
also handed to the store (the write-behind queue lands it; tui.state_writer). Rules are the
store's, then config.toml's (read-only here). The papers each rule matches come from a
background job over the library (tui.reader.jobs.match_rules), kept in `matches`. Pure: no Textual.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from tui.model import Paper, paper_key
from tui.triage.records import Rule, RuleKind, Seen, set_name
from tui.triage.rules import Matches, merged, union
from tui.triage.tables import Triage, tag_counts


class TriageStore(Protocol):
    """What the reader needs of the state store for triage (StateWriter and StateStore)."""

    def triage(self) -> Triage: ...
    def set_dismissed(self, arxiv_ids: Iterable[str], dismissed: bool = True) -> None: ...
    def set_tags(self, arxiv_id: str, tags: frozenset[str]) -> None: ...
    def set_note(self, arxiv_id: str, text: str) -> None: ...
    def save_rule(self, rule: Rule) -> None: ...
    def delete_rule(self, kind: RuleKind, name: str) -> None: ...
    def record_seen(self, sightings: dict[str, Seen]) -> None: ...


class TriageMarks:
    """Every triage record of this reader, and the rules' matches once known."""

    def __init__(self, store: TriageStore | None = None, configured: Sequence[Rule] = ()) -> None:
        self._store = store
        self.configured = list(configured)
        self.problem: str | None = None
        self._failed = False
        try:
            self.records = store.triage() if store is not None else Triage()
        except (sqlite3.Error, OSError) as error:
            self.records = Triage()
            self.problem = f"Could not read saved tags, notes and rules ({error})."
        self.matches: Matches = {}
        self.matched = False  # the rules' matches cover the whole library
        self.generation = 0  # bumped when the rules change: older matches are stale

    # -- reads -----------------------------------------------------------------------------------

    def rules(self) -> list[Rule]:
        return merged(self.records.rule_list(), self.configured)

    def watch_names(self) -> list[str]:
        return [rule.name for rule in self.rules() if rule.kind == "watch"]

    def is_dismissed(self, arxiv_id: str) -> bool:
        return arxiv_id in self.records.dismissed

    def tags_of(self, arxiv_id: str) -> frozenset[str]:
        return self.records.tags.get(arxiv_id, frozenset())

    def note_of(self, arxiv_id: str) -> str:
        return self.records.notes.get(arxiv_id, "")

    def seen_of(self, arxiv_id: str) -> Seen | None:
        return self.records.seen.get(arxiv_id)

    def all_tags(self) -> list[str]:
        """Every tag in use, the most used first (completion, the sidebar's Tags)."""
        return list(tag_counts(self.records.tags.values()))

    def watches_of(self, paper: Paper) -> tuple[str, ...]:
        key = paper_key(paper)
        return tuple(
            name for (kind, name), keys in self.matches.items() if kind == "watch" and key in keys
        )

    def hidden_keys(self) -> set[str]:
        """Papers a hide rule matches or the reader dismissed: out of every list and count."""
        return self.records.dismissed | union(self.matches, "hide")

    def kept_ids(self) -> set[str]:
        """Papers the reader kept by tagging or noting them (For you learns from them)."""
        return set(self.records.tags) | set(self.records.notes)

    def rule_named(self, kind: RuleKind, name: str) -> Rule | None:
        wanted = set_name(name)
        return next(
            (r for r in self.rules() if r.kind == kind and set_name(r.name) == wanted), None
        )

    # -- changes (memory first, then the store) --------------------------------------------------

    def set_dismissed(self, arxiv_ids: Sequence[str], on: bool) -> str | None:
        ids = [aid for aid in arxiv_ids if aid]
        (self.records.dismissed.update if on else self.records.dismissed.difference_update)(ids)
        return self._save(lambda store: store.set_dismissed(ids, on))

    def set_tags(self, arxiv_id: str, tags: frozenset[str]) -> str | None:
        if tags:
            self.records.tags[arxiv_id] = tags
        else:
            self.records.tags.pop(arxiv_id, None)
        return self._save(lambda store: store.set_tags(arxiv_id, tags))

    def set_note(self, arxiv_id: str, text: str) -> str | None:
        if text.strip():
            self.records.notes[arxiv_id] = text
        else:
            self.records.notes.pop(arxiv_id, None)
        return self._save(lambda store: store.set_note(arxiv_id, text))

    def save_rule(self, rule: Rule, replaces: tuple[RuleKind, str] | None = None) -> str | None:
        """Save (or rename) a rule; its matches are found again by the caller's job."""
        if replaces is not None and replaces != (rule.kind, rule.name):
            old_kind, old_name = replaces
            self.records.rules.pop(replaces, None)
            self.matches.pop(replaces, None)
            self._save(lambda store: store.delete_rule(old_kind, old_name))
        self.records.rules[(rule.kind, rule.name)] = rule.query
        self.generation += 1
        return self._save(lambda store: store.save_rule(Rule(rule.kind, rule.name, rule.query)))

    def delete_rule(self, rule: Rule) -> str | None:
        self.records.rules.pop((rule.kind, rule.name), None)
        self.matches.pop((rule.kind, rule.name), None)
        self.generation += 1
        return self._save(lambda store: store.delete_rule(rule.kind, rule.name))

    def record_seen(self, sightings: dict[str, Seen]) -> None:
        """Papers shown on a day; the first sighting of each is kept (quietly: not precious)."""
        new = {}
        for key, seen in sightings.items():
            known = self.records.seen.get(key)
            merged_seen = known.merged(seen) if known else seen
            if merged_seen != known:
                self.records.seen[key] = new[key] = merged_seen
        if new:
            self._save(lambda store: store.record_seen(new))

    def _save(self, write: Callable[[TriageStore], None]) -> str | None:
        """Hand a change to the store; the first failure gives a message (kept in memory)."""
        if self._store is None:
            return None
        try:
            write(self._store)
        except (sqlite3.Error, OSError) as error:
            if not self._failed:
                self._failed = True
                return f"Could not save triage ({error}); it is kept for this session."
        return None
