"""What the triage dialogs are opened with, as plain data the session builds (the screen shows
them; every text in them is digest or user text, shown literally)."""

from __future__ import annotations

from dataclasses import dataclass

from tui.triage.records import RuleKind


@dataclass(frozen=True, slots=True)
class TagsQuestion:
    """`T`: the papers to tag, the tags shown (those they all have), the tags in use."""

    title: str
    ids: tuple[str, ...]
    shown: tuple[str, ...]
    known: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NoteQuestion:
    """`N`: the paper a note is on, and the note so far."""

    title: str
    arxiv_id: str
    text: str


@dataclass(frozen=True, slots=True)
class RuleQuestion:
    """A watch or hide rule to edit: as proposed (`w`) or as saved (`W`)."""

    kind: RuleKind
    name: str
    query: str
    editing: bool = False  # an existing rule: saving under another name renames it
    read_only: str | None = None  # why it can't be changed here (config.toml's)
