"""Subscriptions: digest repositories kept as shallow git checkouts in the data folder.

`sources` reads what the user names (GitHub `owner/name`, a URL, a path), `registry` remembers
the subscriptions, `git` clones and syncs with the real `git` program, `status` summarises a
checkout's days, `commands` are the CLI's subscribe / sync / subscriptions / unsubscribe, and
`default_library()` is the one answer to "what opens with no PATH". Nothing here imports Textual.
"""

from __future__ import annotations

from pathlib import Path

from tui.subscriptions.registry import checkout_path, load_registry


def default_library(library: Path | None) -> list[Path]:
    """What the reader and every subcommand open with no PATH: every subscription's checkout
    together with the configured library folder (`library` in config.toml). Empty when there is
    neither (the caller then opens the bundled sample)."""
    try:
        subscriptions = load_registry()
    except OSError:
        subscriptions = []
    found = [checkout_path(s.name) for s in subscriptions]
    found = [path for path in found if path.is_dir()]
    return [*found, library] if library is not None else found
