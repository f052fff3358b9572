"""The list of subscriptions (`subscriptions.json` in the data folder) and where each lives.

Written with tui.files.write_atomic under a lock file, so two instances updating it at once
(two syncs) neither lose each other's update nor leave half a file.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from tui import paths
from tui.files import write_atomic

REGISTRY_NAME = "subscriptions.json"
CHECKOUTS = "subscriptions"


class RegistryError(OSError):
    """The registry file cannot be read as a list of subscriptions."""


@dataclass(frozen=True, slots=True)
class Subscription:
    name: str
    source: str  # as the user wrote it
    url: str  # what git clones
    backend: str = "git"  # "git" or "https" (no git program: GitHub's API and raw files)
    added: str = ""  # ISO time
    last_sync: str = ""  # ISO time of the last successful sync
    last_error: str = ""  # the last sync's problem, if it failed


def registry_path() -> Path:
    return paths.data_dir() / REGISTRY_NAME


def checkout_path(name: str) -> Path:
    return paths.data_dir() / CHECKOUTS / name


def load_registry() -> list[Subscription]:
    """Every subscription (none when the file does not exist)."""
    try:
        raw = registry_path().read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    try:
        data = json.loads(raw)
        known = {f.name for f in fields(Subscription)}
        return [Subscription(**{k: str(v) for k, v in row.items() if k in known}) for row in data]
    except (ValueError, TypeError, AttributeError) as error:
        raise RegistryError(f"{registry_path()} is damaged ({error}); fix or remove it") from error


def save_registry(subscriptions: list[Subscription]) -> None:
    text = json.dumps([asdict(s) for s in subscriptions], ensure_ascii=False, indent=2) + "\n"
    registry_path().parent.mkdir(parents=True, exist_ok=True)
    write_atomic(registry_path(), text)


@contextlib.contextmanager
def registry_lock() -> Iterator[None]:
    """Hold the registry for a read-modify-write (other instances wait)."""
    folder = paths.data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder / (REGISTRY_NAME + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def update(name: str, **changes: str) -> None:
    """Change one subscription's fields (a sync's outcome), keeping every other's."""
    with registry_lock():
        subscriptions = load_registry()
        save_registry(
            [
                Subscription(**{**asdict(s), **changes}) if s.name == name else s
                for s in subscriptions
            ]
        )
