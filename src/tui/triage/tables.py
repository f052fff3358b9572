"""The triage tables of the state file: their schema, one transaction's writes, and reading them.

Keys are version-free arXiv ids (tui.state.normalize_id), so a paper listed again as v2 keeps
its dismissal, tags and note. Used by tui.state (the store and its write-behind queue) only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tui.triage.records import RULE_KINDS, Rule, RuleKind, Seen

NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"  # UTC, millisecond precision

MIGRATION: tuple[str, ...] = (  # schema 1 -> 2: only new tables
    "CREATE TABLE rules (kind TEXT NOT NULL CHECK (kind IN ('watch', 'hide')),"
    " name TEXT NOT NULL, query TEXT NOT NULL, updated_at TEXT NOT NULL,"
    " PRIMARY KEY (kind, name)) WITHOUT ROWID",
    "CREATE TABLE dismissed (arxiv_id TEXT PRIMARY KEY, marked_at TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE tags (arxiv_id TEXT NOT NULL, tag TEXT NOT NULL, marked_at TEXT NOT NULL,"
    " PRIMARY KEY (arxiv_id, tag)) WITHOUT ROWID",
    "CREATE TABLE notes (arxiv_id TEXT PRIMARY KEY, text TEXT NOT NULL,"
    " updated_at TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE seen (arxiv_id TEXT PRIMARY KEY, first_date TEXT NOT NULL,"
    " first_version TEXT NOT NULL, last_date TEXT NOT NULL, last_version TEXT NOT NULL)"
    " WITHOUT ROWID",
)

_SEEN_UPSERT = (
    "INSERT INTO seen VALUES (?, ?, ?, ?, ?) ON CONFLICT (arxiv_id) DO UPDATE SET"
    " first_version = CASE WHEN excluded.first_date < first_date"
    " THEN excluded.first_version ELSE first_version END,"
    " first_date = min(first_date, excluded.first_date),"
    " last_version = CASE WHEN excluded.last_date >= last_date"
    " THEN excluded.last_version ELSE last_version END,"
    " last_date = max(last_date, excluded.last_date)"
)


@dataclass
class Triage:
    """Everything triage keeps, as read from the file (or held in memory by the queue)."""

    dismissed: set[str] = field(default_factory=set)
    tags: dict[str, frozenset[str]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    rules: dict[tuple[RuleKind, str], str] = field(default_factory=dict)  # (kind, name) -> query
    seen: dict[str, Seen] = field(default_factory=dict)

    def rule_list(self) -> list[Rule]:
        """The saved rules, watches first, each kind by name."""
        order = {kind: n for n, kind in enumerate(RULE_KINDS)}
        return [
            Rule(kind, name, query)
            for (kind, name), query in sorted(
                self.rules.items(), key=lambda item: (order[item[0][0]], item[0][1].casefold())
            )
        ]


@dataclass
class TriageChanges:
    """One batch of triage changes: each key's last value (None deletes a rule)."""

    dismissed: Mapping[str, bool] = field(default_factory=dict)
    tags: Mapping[str, frozenset[str]] = field(default_factory=dict)
    notes: Mapping[str, str] = field(default_factory=dict)
    rules: Mapping[tuple[RuleKind, str], str | None] = field(default_factory=dict)
    seen: Mapping[str, Seen] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any((self.dismissed, self.tags, self.notes, self.rules, self.seen))


def write(conn: sqlite3.Connection, changes: TriageChanges) -> None:
    """Apply `changes` inside the caller's transaction."""
    for key, on in changes.dismissed.items():
        if on:
            conn.execute(f"INSERT OR IGNORE INTO dismissed VALUES (?, {NOW})", (key,))
        else:
            conn.execute("DELETE FROM dismissed WHERE arxiv_id = ?", (key,))
    for key, tags in changes.tags.items():
        conn.execute("DELETE FROM tags WHERE arxiv_id = ?", (key,))
        conn.executemany(
            f"INSERT OR IGNORE INTO tags VALUES (?, ?, {NOW})", [(key, tag) for tag in tags]
        )
    for key, text in changes.notes.items():
        if text.strip():
            conn.execute(
                f"INSERT INTO notes VALUES (?, ?, {NOW}) ON CONFLICT (arxiv_id)"
                " DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                (key, text),
            )
        else:
            conn.execute("DELETE FROM notes WHERE arxiv_id = ?", (key,))
    for (kind, name), query in changes.rules.items():
        if query is None:
            conn.execute("DELETE FROM rules WHERE kind = ? AND name = ?", (kind, name))
        else:
            conn.execute(
                f"INSERT INTO rules VALUES (?, ?, ?, {NOW}) ON CONFLICT (kind, name)"
                " DO UPDATE SET query = excluded.query, updated_at = excluded.updated_at",
                (kind, name, query),
            )
    conn.executemany(
        _SEEN_UPSERT,
        [
            (key, s.first_date, s.first_version, s.last_date, s.last_version)
            for key, s in changes.seen.items()
        ],
    )


def read(conn: sqlite3.Connection) -> Triage:
    """Every triage record; a file of schema 1 (no such tables yet) has none."""
    found = Triage()
    try:
        found.dismissed = {row[0] for row in conn.execute("SELECT arxiv_id FROM dismissed")}
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return found
        raise
    tags: dict[str, set[str]] = {}
    for key, tag in conn.execute("SELECT arxiv_id, tag FROM tags ORDER BY marked_at, tag"):
        tags.setdefault(key, set()).add(tag)
    found.tags = {key: frozenset(values) for key, values in tags.items()}
    found.notes = dict(conn.execute("SELECT arxiv_id, text FROM notes"))
    found.rules = {
        ("hide" if kind == "hide" else "watch", name): query
        for kind, name, query in conn.execute("SELECT kind, name, query FROM rules")
    }
    found.seen = {
        row[0]: Seen(*row[1:])
        for row in conn.execute(
            "SELECT arxiv_id, first_date, first_version, last_date, last_version FROM seen"
        )
    }
    return found


def tag_counts(tags: Iterable[frozenset[str]]) -> dict[str, int]:
    """How many papers carry each tag, the most used first (ties by name)."""
    counts: dict[str, int] = {}
    for values in tags:
        for tag in values:
            counts[tag] = counts.get(tag, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold())))
