"""`arxiv-digest subscribe | sync | subscriptions | unsubscribe`: the command line's side.

The git program is used wherever it exists (one connection, a shallow history, and it resumes
what a killed sync left); GitHub sources fall back to HTTPS without it. config.toml's
`sync_backend` ("auto", "git", "https") forces one. Exit codes: 0 done, 1 something failed (the
other subscriptions still synced), 2 usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from collections.abc import Callable
from dataclasses import replace

from tui.subscriptions import git, https
from tui.subscriptions.registry import (
    RegistryError,
    Subscription,
    checkout_path,
    load_registry,
    registry_lock,
    save_registry,
)
from tui.subscriptions.sources import SourceError, check_name, default_name, parse_source
from tui.subscriptions.status import days_of
from tui.subscriptions.syncing import backend_for, fetch, settings, sync_all
from tui.text import one_line

PROG = "arxiv-digest"
OK, FAILED, USAGE = 0, 1, 2


def say(message: str) -> None:
    print(f"{PROG}: {one_line(message)}", file=sys.stderr)


def _progress(name: str) -> Callable[[str], None]:
    """git's progress on one rewritten line of stderr (a terminal), nothing otherwise."""
    if not sys.stderr.isatty():
        return lambda line: None

    def show(line: str) -> None:  # "" clears the line when the command is done
        print(f"\r\x1b[K{name}: {line[:100]}" if line else "\r\x1b[K", end="", file=sys.stderr)

    return show


def cmd_subscribe(args: argparse.Namespace) -> int:
    chosen, hosts = settings(say)
    try:
        source = parse_source(args.source)
        name = check_name(args.name) if args.name else default_name(source)
        backend = backend_for(source, chosen)
    except SourceError as error:
        say(str(error))
        return USAGE
    now = dt.datetime.now().isoformat(timespec="seconds")
    new = Subscription(name, source.text, source.url, backend, added=now)
    with registry_lock():
        known = load_registry()
        if any(s.name == name for s in known):
            say(f"a subscription named {name} exists already (--name gives another)")
            return USAGE
        if checkout_path(name).exists():
            say(f"{checkout_path(name)} exists already; remove it or choose another --name")
            return USAGE
    print(f"subscribing to {one_line(source.text)} as {name} ({backend})…", file=sys.stderr)
    try:
        fetch(new, hosts, first=True, progress=_progress(name))
    except (git.GitError, https.HttpsError, OSError) as error:
        if backend == "https":  # a git clone cleans up after itself
            shutil.rmtree(checkout_path(name), ignore_errors=True)
        say(f"{name}: not subscribed: {error}")
        return FAILED
    with registry_lock():
        save_registry([*load_registry(), replace(new, last_sync=now)])
    days = days_of(checkout_path(name))
    newest = days.newest.isoformat() if days.newest else "none"
    print(f"{name}: {days.count} days, newest {newest} ({checkout_path(name)})")
    return OK


def cmd_sync(args: argparse.Namespace) -> int:
    if not load_registry():
        say("no subscriptions yet: arxiv-digest subscribe OWNER/NAME")
        return OK
    failed = 0
    for outcome in sync_all(args.names, _progress):
        if outcome.problem is not None:
            failed += 0 if outcome.busy else 1
            say(f"{outcome.name}: {outcome.problem}")
            continue
        days = days_of(checkout_path(outcome.name))
        what = "updated" if outcome.changed else "already current"
        newest = days.newest.isoformat() if days.newest else "none"
        print(f"{outcome.name}: {what}, {days.count} days, newest {newest}")
    return FAILED if failed else OK


def cmd_subscriptions(args: argparse.Namespace) -> int:
    subscriptions = load_registry()
    if not subscriptions:
        print("no subscriptions (arxiv-digest subscribe OWNER/NAME adds one)")
        return OK
    print(f"{'name':<20} {'newest':<10} {'days':>5} {'missing':>7}  last sync            source")
    for s in subscriptions:
        days = days_of(checkout_path(s.name))
        newest = days.newest.isoformat() if days.newest else "-"
        synced = s.last_sync.replace("T", " ") or "never"
        failed = f"  (last sync failed: {one_line(s.last_error)})" if s.last_error else ""
        print(
            f"{s.name:<20} {newest:<10} {days.count:>5} {len(days.missing):>7}  {synced:<20} "
            f"{one_line(s.source)}{failed}"
        )
    return OK


def cmd_unsubscribe(args: argparse.Namespace) -> int:
    with registry_lock():
        known = load_registry()
        if not any(s.name == args.name for s in known):
            say(f"no subscription named {args.name}")
            return USAGE
        save_registry([s for s in known if s.name != args.name])
    shutil.rmtree(checkout_path(args.name), ignore_errors=True)
    print(f"unsubscribed from {args.name}; read marks, stars and notes stay")
    return OK


Command = Callable[[argparse.Namespace], int]


def parsers(
    make: Callable[..., argparse.ArgumentParser],
) -> dict[str, tuple[argparse.ArgumentParser, Command]]:
    """The four subcommands, built with the CLI's own parser class."""
    subscribe = make(prog=f"{PROG} subscribe", description="Follow a digest repository.")
    subscribe.add_argument("source", metavar="SOURCE", help="GitHub OWNER/NAME, a git URL or path")
    subscribe.add_argument("--name", help="the subscription's name (default: the repository's)")
    sync = make(prog=f"{PROG} sync", description="Update every subscription (or those named).")
    sync.add_argument("names", nargs="*", metavar="NAME")
    listing = make(prog=f"{PROG} subscriptions", description="List the subscriptions.")
    unsubscribe = make(
        prog=f"{PROG} unsubscribe", description="Remove a subscription's checkout (marks stay)."
    )
    unsubscribe.add_argument("name", metavar="NAME")
    return {
        "subscribe": (subscribe, _guarded(cmd_subscribe)),
        "sync": (sync, _guarded(cmd_sync)),
        "subscriptions": (listing, _guarded(cmd_subscriptions)),
        "unsubscribe": (unsubscribe, _guarded(cmd_unsubscribe)),
    }


def _guarded(command: Command) -> Command:
    """A damaged registry or an unwritable data folder is a message, never a traceback."""

    def run(args: argparse.Namespace) -> int:
        try:
            return int(command(args))
        except RegistryError as error:
            say(str(error))
            return FAILED
        except OSError as error:
            say(f"the data folder cannot be written: {error}")
            return FAILED

    return run
