"""Syncing subscriptions: one at a time or all, for the CLI and the reader's `U` alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tui.subscriptions import git, https
from tui.subscriptions.registry import Subscription, checkout_path, load_registry, update
from tui.subscriptions.sources import Source, SourceError, parse_source
from tui.text import one_line

BACKENDS = ("auto", "git", "https")
Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One subscription's sync: changed, or the problem (busy: another instance syncs it)."""

    name: str
    changed: bool = False
    problem: str | None = None
    busy: bool = False


def settings(say: Callable[[str], None] = lambda _: None) -> tuple[str, https.Hosts]:
    """config.toml's `sync_backend` (auto, git, https) and the HTTPS path's hosts."""
    from tui import config

    values = config.load_config().values
    backend = values.get("sync_backend", "auto")
    if backend not in BACKENDS:
        say(f"config.toml: sync_backend should be one of {', '.join(BACKENDS)}; using auto")
        backend = "auto"
    return str(backend), https.Hosts.of(values)


def backend_for(source: Source, chosen: str) -> str:
    """git wherever it is installed (or forced); GitHub over HTTPS otherwise."""
    if chosen == "git" or (chosen == "auto" and git.available()):
        return "git"
    if source.github is None:
        raise SourceError("git is not installed, and only GitHub sources can be fetched without it")
    return "https"


def fetch(
    subscription: Subscription, hosts: https.Hosts, *, first: bool, progress: Callable[[str], None]
) -> bool:
    """Clone or sync one subscription; True when something changed."""
    target = checkout_path(subscription.name)
    try:
        if subscription.backend == "https":
            github = parse_source(subscription.source).github
            assert github is not None
            return https.sync(*github, target, hosts, progress) > 0
        if first:
            git.clone(subscription.url, target, progress)
            return True
        return git.sync(target, progress).changed
    finally:
        progress("")


def sync_all(
    names: Sequence[str] = (), progress_for: Callable[[str], Progress] | None = None
) -> list[Outcome]:
    """Sync every subscription (or those named); each outcome is also noted in the registry."""
    _, hosts = settings()
    outcomes: list[Outcome] = []
    for subscription in load_registry():
        if names and subscription.name not in names:
            continue
        progress = progress_for(subscription.name) if progress_for else (lambda _: None)
        now = dt.datetime.now().isoformat(timespec="seconds")
        try:
            changed = fetch(subscription, hosts, first=False, progress=progress)
        except git.Busy as error:
            outcomes.append(Outcome(subscription.name, problem=str(error), busy=True))
            continue
        except (git.GitError, https.HttpsError, OSError) as error:
            problem = one_line(str(error))
            update(subscription.name, last_error=problem)
            outcomes.append(Outcome(subscription.name, problem=f"not synced: {problem}"))
            continue
        update(subscription.name, last_sync=now, last_error="")
        outcomes.append(Outcome(subscription.name, changed=changed))
    return outcomes


def last_synced() -> dt.datetime | None:
    """When the least recently synced subscription was last synced (None: no subscription)."""
    times: list[dt.datetime] = []
    for subscription in load_registry():
        try:
            times.append(dt.datetime.fromisoformat(subscription.last_sync))
        except ValueError:
            return dt.datetime.min  # one never synced
    return min(times) if times else None
