"""config.toml's [keys] table: binding ids to the keys the user wants for them.

    [keys]
    dismiss = "minus"          # one key (Textual's key names: minus, ctrl+r, f5, question_mark)
    toggle_read = "x,space"    # or several, separated by commas

Checked here, without Textual: an unknown binding id, a value that is not a key list, or a key
claimed by two actions is reported (once, as a notice in the reader and on stderr) and that
entry left out; every other key keeps working. The ids are the bindings' own (README lists them).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

# A key as Textual names it: a printable character, or a name such as "minus", "ctrl+shift+r".
_KEY = re.compile(r"^(?:[a-z0-9_]+\+)*(?:[A-Za-z0-9_]+|[^\sA-Za-z0-9_,+])$")


def parse_keys(
    table: object, known: Collection[str], defaults: Mapping[str, str] | None = None
) -> tuple[dict[str, str], list[str]]:
    """(keymap, problems) from the [keys] table. `known`: every binding id; `defaults`: each
    id's own keys, to find a new key that another action keeps."""
    if table is None:
        return {}, []
    if not isinstance(table, Mapping):
        return {}, ['[keys] should be a table of binding ids, e.g. dismiss = "minus"']
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in table.items():
        if binding_id not in known:
            problems.append(f"[keys] {binding_id!r} is not an action (see README for the ids)")
            continue
        wanted = [k.strip() for k in value.split(",")] if isinstance(value, str) else []
        if not wanted or not all(wanted) or not all(_KEY.match(k) for k in wanted):
            problems.append(f'[keys] {binding_id} = {value!r} is not a key list, e.g. "ctrl+r"')
            continue
        keymap[binding_id] = ",".join(wanted)
    claimed: dict[str, str] = {}
    for binding_id, own in (defaults or {}).items():
        if binding_id not in keymap:  # a default key stays its action's
            for key in own.split(","):
                claimed.setdefault(key.strip(), binding_id)
    for binding_id, keys in list(keymap.items()):
        for key in keys.split(","):
            other = claimed.get(key)
            if other is not None and other != binding_id:
                problems.append(
                    f"[keys] {key!r} is already {other}'s key: {binding_id} keeps its own"
                )
                del keymap[binding_id]
                break
        else:
            for key in keys.split(","):
                claimed[key] = binding_id
    return keymap, problems
