"""The reader over a big library, through the real command in a pseudo-terminal: prints figures.

Runs `arxiv-digest CORPUS` (default ../shared/corpus) in a 120x40 pty with fresh XDG folders and
reads what it draws (escape sequences stripped), timing:

* cold open (empty parse cache): first paint (the newest day's first title on screen), the whole
  library read (the header says "day 1/N" for all N days), search ready (a query typed right then
  is answered: its result count is drawn);
* warm open (the cache of the cold run): the same three;
* the "All days" view: `a` until the list shows "1/P" for all P papers, then `j` / `pagedown`
  until the position is redrawn ("2/P", ...): key-to-redraw while moving through ~26,000 rows;
* search: a query typed key by key, each key until the list's title shows the new query (the
  title changes only when that query's results are on screen): keystroke-to-list-update;
* peak memory: the reader process's VmHWM (worker processes apart), read from /proc at the end.

    python benchmarks/bench_ui.py [--corpus DIR] [--runs 3] [--command arxiv-digest ...]

Budgets (issue 4/5): newest day within 1 s and the whole library within 3 s on a cold open; first
paint within 0.8 s warm; moving in "All days" within a frame (16.7 ms at 60 fps); a keystroke's
query within 30 ms p95 (search module) plus one frame; peak memory under 250 MB. The machine's load
average is printed: a busy machine skews every wall-clock figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_startup import COLS, ROWS, Terminal, compile_reader, default_command

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
QUERY = "transformer"


@dataclass
class Markers:
    """What the screen shows for this corpus, worked out once with the library API."""

    first_title: str
    days: int
    papers: int  # every paper once: the "All days" list


def markers(corpus: Path) -> Markers:
    from tui.library import open_library

    with tempfile.TemporaryDirectory(prefix="bench-ui-markers-") as tmp:
        library = open_library([corpus], cache=Path(tmp) / "cache.sqlite3", search=False)
        first = library.days[0].categories[0].papers[0]
        ids = {e.paper.arxiv_id or id(e) for e in library.entries()}
        return Markers(first.title[:28], len(library.days), len(ids))


@dataclass
class Session:
    paint: float = 0.0
    library: float = 0.0
    search: float = 0.0
    all_days: float = 0.0
    moves: list[float] = field(default_factory=list)
    keystrokes: list[float] = field(default_factory=list)
    peak_mb: float = 0.0


def peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def since_key(term: Terminal, key: str, text: str) -> float:
    """Press `key` and return the seconds until `text` is drawn after it."""
    mark = len(term.raw)
    pressed = term.press(key)
    return term.wait_for(text, since=mark) - pressed


def session(command: list[str], env: dict[str, str], m: Markers, *, full: bool) -> Session:
    term = Terminal(command, env)
    result = Session()
    try:
        result.paint = term.wait_for(m.first_title)
        result.library = term.wait_for(f"day 1/{m.days}")
        term.press("/")
        mark = len(term.raw)
        for char in "diffusion":
            term.press(char)
        result.search = term.wait_for("best first", since=mark)
        term.press("\x1b")  # escape: close the search
        term.drain(0.3)
        if full:
            result.all_days = since_key(term, "a", f"1/{m.papers}")
            term.drain(0.3)
            for position in range(2, 22):
                result.moves.append(since_key(term, "j", f"{position}/{m.papers}"))
                term.drain(0.05)  # one key at a time: each is timed from an idle screen
            for _ in range(5):
                mark = len(term.raw)
                pressed = term.press("\x1b[6~")  # page down
                page_text = term.wait_for("/" + str(m.papers), since=mark)
                result.moves.append(page_text - pressed)
                term.drain(0.05)
            term.press("/")
            term.drain(0.3)
            typed = ""
            for char in QUERY:
                typed += char
                result.keystrokes.append(since_key(term, char, f"Search: {typed} "))
                term.drain(0.05)
            term.drain(0.3)
        result.peak_mb = peak_mb(term.process.pid)
        return result
    finally:
        term.close()


def ms(values: list[float]) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(values) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms,"
        f" max {max(values) * 1000:.1f} ms ({len(values)} keys)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--runs", type=int, default=3, help="cold+warm sessions")
    parser.add_argument("--command", nargs="+", default=None, help="command to start")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}: nothing to measure", file=sys.stderr)
        return 1
    command = [*(args.command or default_command()), str(args.corpus)]
    m = markers(args.corpus)
    print(f"command: {' '.join(command)}  ({COLS}x{ROWS} pty)")
    print(compile_reader())
    print(f"library: {m.days} days, {m.papers} papers in All days")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"load average before: {load} on {os.cpu_count()} CPUs (busy machines run slower)")
    colds: list[Session] = []
    warms: list[Session] = []
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
            env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(ROWS))
            for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
                env[name] = str(Path(tmp) / name)
            env.pop("TEXTUAL", None)
            cold = session(command, env, m, full=False)
            warm = session(command, env, m, full=True)
        colds.append(cold)
        warms.append(warm)
        print(
            f"run {run}: cold paint {cold.paint:.2f} s, library {cold.library:.2f} s,"
            f" search {cold.search:.2f} s, peak {cold.peak_mb:.0f} MB | warm paint"
            f" {warm.paint:.2f} s, library {warm.library:.2f} s, search {warm.search:.2f} s,"
            f" All days {warm.all_days * 1000:.0f} ms, peak {warm.peak_mb:.0f} MB"
        )

    def med(values: list[float]) -> float:
        return statistics.median(values)

    print("medians over runs:")
    print(
        f"  cold: first paint {med([s.paint for s in colds]):.2f} s (budget 1 s),"
        f" library read {med([s.library for s in colds]):.2f} s (budget 3 s),"
        f" search ready {med([s.search for s in colds]):.2f} s"
    )
    print(
        f"  warm: first paint {med([s.paint for s in warms]):.2f} s (budget 0.8 s),"
        f" library read {med([s.library for s in warms]):.2f} s,"
        f" search ready {med([s.search for s in warms]):.2f} s"
    )
    print(f"  All days on screen after `a`: {med([s.all_days for s in warms]) * 1000:.0f} ms")
    print(f"  moving in All days (j, pagedown): {ms([t for s in warms for t in s.moves])}")
    print(f"  search, keystroke to list: {ms([t for s in warms for t in s.keystrokes])}")
    peak = max(s.peak_mb for s in [*colds, *warms])
    print(f"  peak memory of the reader: {peak:.0f} MB (budget 250 MB)")
    print("(a frame is 16.7 ms at 60 fps; figures include the pty round trip)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
