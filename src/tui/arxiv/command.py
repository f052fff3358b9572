"""`arxiv-digest fetch [PATH ...] [--since DATE] [--limit N] [--all] [--offline]`.

Fills the arXiv metadata store ahead of time for the papers of the given digests that have no
abstract (with --all: every paper), newest day first. A progress bar on stderr with the time left
(one request of up to 100 ids every few seconds); every batch is stored as it arrives, so Ctrl+C
keeps what came and the next run goes on from there. `fetch_abstracts = "off"` in config.toml or
--offline: no request at all, only the count of what would be fetched.
Exit codes as the other commands: 0 done, 1 some path unreadable or arXiv unreachable, 2 usage,
130 interrupted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from tui.arxiv import DEFAULT_INTERVAL, MAX_BATCH
from tui.arxiv.fetcher import Progress
from tui.arxiv.store import Store
from tui.model import Digest

EXIT_INTERRUPTED = 130
INTERVAL = DEFAULT_INTERVAL  # seconds between requests (tests shorten it; users cannot)
BAR_WIDTH = 24


def fetch_parser(prog: str) -> argparse.ArgumentParser:
    from tui.cli import _path  # the other commands' PATH check (no empty path)

    parser = argparse.ArgumentParser(
        prog=f"{prog} fetch",
        description="Fetch abstracts and full metadata from the arXiv API for the papers of "
        "digests that lack them, into the cache folder (one request every 3 s; resumable).",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", type=_path, help="digest files or folders"
    )
    parser.add_argument(
        "--since", type=_date, metavar="DATE", help="only days from DATE (YYYY-MM-DD) on"
    )
    parser.add_argument("--limit", type=_count, metavar="N", help="fetch at most N papers")
    parser.add_argument(
        "--all", action="store_true", help="also papers whose digest has an abstract"
    )
    parser.add_argument(
        "--offline", action="store_true", help="send no request: count what would be fetched"
    )
    return parser


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"not a count: {text!r}")
    return int(text)


def wanted_ids(digests: Sequence[Digest], since: dt.date | None, every: bool) -> list[str]:
    """Ids to fetch, newest day first, each once: papers without an abstract (or all)."""
    chosen = [d for d in digests if since is None or (d.date is not None and d.date >= since)]
    chosen.sort(key=lambda d: d.date or dt.date.min, reverse=True)
    ids = (p.arxiv_id for d in chosen for p in d.papers if p.arxiv_id and (every or not p.abstract))
    return list(dict.fromkeys(ids))


def cmd_fetch(args: argparse.Namespace) -> int:
    from tui import config
    from tui.cli import read_paths, say

    settings = config.load_config()
    if settings.warning:
        say(settings.warning)
    loaded = read_paths(args.paths)
    status = loaded.report()
    ids = wanted_ids(loaded.digests, args.since, args.all)
    with Store() as store:
        for notice in store.notices:
            say(notice)
        missing = store.missing(ids)
        stored = len(ids) - len(missing)
        if args.limit is not None:
            missing = missing[: args.limit]
        say(
            f"{len(ids)} paper(s) to cover, {stored} already stored or known absent, "
            f"{len(missing)} to fetch"
        )
        if not missing:
            return status
        offline = args.offline or settings.fetch_abstracts == "off"
        if offline:
            why = (
                "--offline"
                if args.offline
                else f'fetch_abstracts = "off" in {config.config_path()} (set it to "auto")'
            )
            requests = math.ceil(len(missing) / MAX_BATCH)
            say(
                f"{why}: nothing fetched (it would take {requests} request(s), "
                f"about {_duration(requests * INTERVAL)})"
            )
            return status
        return max(status, _fetch(missing, settings.arxiv_api, store))


def _fetch(ids: list[str], api: str, store: Store) -> int:
    from tui.arxiv.client import Client
    from tui.arxiv.fetcher import Fetcher
    from tui.cli import say

    bar = Bar(sys.stderr, len(ids), INTERVAL)
    client = Client(api, interval=INTERVAL)
    fetcher = Fetcher(client, store, on_batch=bar.update, retry_delay=None)
    fetcher.want(ids)
    try:
        while not fetcher.wait_idle(0.25):
            bar.draw()
    except KeyboardInterrupt:
        fetcher.stop(timeout=2.0)
        bar.finish()
        say(
            f"interrupted: {bar.done} of {len(ids)} fetched and kept; "
            "run the command again to go on"
        )
        return EXIT_INTERRUPTED
    fetcher.stop()
    bar.finish()
    if fetcher.gave_up:
        say(
            f"arXiv unreachable ({fetcher.failure}): {bar.done} of {len(ids)} fetched "
            "and kept; run the command again to go on"
        )
        return 1
    say(
        f"fetched {bar.found} record(s); {bar.absent} id(s) arXiv does not know "
        f"({_duration(time.monotonic() - bar.started)})"
    )
    return 0


class Bar:
    """A progress bar with the time left; on a terminal it redraws one line, else one per batch."""

    def __init__(self, out: TextIO, total: int, interval: float) -> None:
        self.out = out
        self.total = total
        self.interval = interval
        self.done = self.found = self.absent = 0
        self.started = time.monotonic()
        self.tty = out.isatty()

    def update(self, progress: Progress) -> None:
        self.done = min(self.total, self.done + len(progress.records) + len(progress.absent))
        self.found += len(progress.records)
        self.absent += len(progress.absent)
        if not self.tty:
            self.out.write(self.line() + "\n")
            self.out.flush()

    def left(self) -> float:
        """Seconds left: the requests still to make, at the pace measured (or the interval)."""
        requests_left = math.ceil((self.total - self.done) / MAX_BATCH)
        requests_done = math.ceil(self.done / MAX_BATCH)
        elapsed = time.monotonic() - self.started
        pace = max(self.interval, elapsed / requests_done) if requests_done else self.interval
        return requests_left * pace

    def line(self) -> str:
        filled = round(BAR_WIDTH * self.done / self.total) if self.total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        return f"[{bar}] {self.done}/{self.total} abstracts, {_duration(self.left())} left"

    def draw(self) -> None:
        if self.tty:
            self.out.write("\r" + self.line() + "\x1b[K")
            self.out.flush()

    def finish(self) -> None:
        if self.tty:
            self.draw()
            self.out.write("\n")
            self.out.flush()


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
