"""What `list`, `export` and `stats` read beside the files: the reader's marks, tags, notes and
rules (the state file, read without creating, changing or waiting on it) and config.toml's
rules, so the command line sees what the reader sees."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tui import paths

if TYPE_CHECKING:
    from tui.export import ExportItem
    from tui.state import Saved
    from tui.triage.records import Rule
    from tui.triage.rules import Matches


def saved_state(say: Callable[[str], None] | None = None) -> Saved | None:
    """What the reader saved, if it ever saved anything; problems are said through `say`. A
    read-only data folder is read (immutable)."""
    from tui.state import STATE_NAME, read_saved

    path = paths.data_dir() / STATE_NAME
    if not path.exists():
        return None
    saved = read_saved(path)
    if say is not None:
        if saved.problem:
            say(f"read marks could not be read: {saved.problem}")
        elif not saved.writable:
            say(
                f"{path} can't be written: these are the marks saved so far; new ones can't be"
                " saved"
            )
    return saved


def language(chosen: str | None) -> str:
    """--language, else the reader's remembered language mode."""
    from tui.reader.language import LANGUAGE_PREF, Language

    if chosen:
        return chosen
    saved = saved_state()
    return Language.parse(saved.prefs.get(LANGUAGE_PREF) if saved else None).value


def rules(saved: Saved | None) -> list[Rule]:
    """The rules in force: the state file's, then config.toml's (as the reader merges them)."""
    from tui import config
    from tui.triage.rules import merged

    stored = saved.triage.rule_list() if saved else []
    return merged(stored, config.load_config().rules)


def watch_matches(items: Sequence[ExportItem], saved: Saved | None) -> dict[str, frozenset[str]]:
    """Each watch's matching arXiv ids among `items` (for `stats`)."""
    from tui.search.memory import match_items
    from tui.triage.tables import Triage

    watches = [rule for rule in rules(saved) if rule.kind == "watch"]
    if not watches:
        return {}
    found: Matches = match_items(items, watches, saved.triage if saved else Triage())
    return {name: keys for (_, name), keys in found.items()}
