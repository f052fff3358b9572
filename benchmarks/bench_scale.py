"""The reader on a 300,000-entry library against a minimal Textual app, in one harness (issue 15).

Builds (once, reused) a library of --entries entries over --days daily files (scale_library.py:
the shared corpus replicated under new arXiv ids, in the 2025–2026 table format), then starts the
real command (`arxiv-digest --offline FOLDER`: the console script next to this Python, else
`python -m tui`; offline, because the made-up ids must not be fetched from arXiv)
in a 120x40 pty with fresh XDG folders, and a minimal Textual app (a Static and a ListView of a few
rows, written to a temporary file) the same way. The screen is kept as a grid (vt_screen.py), so
a figure ends when its marker is on the screen now, not somewhere in the output so far. The
reader's bytecode is written first, as an installed copy has it (compile_reader).

Parts (--only a,b,…; all by default):
* paint:  first paint (the newest day's first title on screen), cold (empty cache: the sessions
          with fresh folders) and warm (five later starts on the first session's cache);
* cold:   in the cold session, time until every day is readable (the header says "day 1/N" for
          all N days), until a typed query gets a count, and until the index is complete (the
          header's "⟳ …" progress is gone);
* memory: peak RSS (VmHWM) of the reader process, and of its child processes (sampled);
* keys:   `j` (Down), `r`, `s`, `t`, `[`, `]`, `/`, `Escape`, `n`, `a`, each timed until its own
          change is on screen (a text: the detail pane's arXiv id or marks, the header's day or
          language, the list's title, the search bar) and then the screen (the header row
          aside, which shows progress) has not changed for 50 ms; each key after 0.15 s of
          quiet; medians over several rounds, both in the first --early seconds of a cold start
          (while the library is read and indexed) and after it settled;
* search: "gaussian splatting" typed as one burst, until its results are on screen; and a
          single keystroke (the last `g`) the same way.
Every figure is printed with its ratio to the minimal app's: its first paint (it has no cache:
cold and warm are the same starts), its peak memory, and its answer to a key (a key updates a
Static; `j` also moves the ListView). The machine is shared, so only ratios from one run compare.
Takes about 3–4 minutes at 300,000 entries (the library is made once, in about 10 s).

    python benchmarks/bench_scale.py [--entries 300000] [--days 960] [--workdir DIR]
                                     [--only paint,cold,memory,keys,search] [--rounds 5]
                                     [--early 12] [--command arxiv-digest ...]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_startup import COLS, ROWS, compile_reader, default_command
from scale_library import Built, build
from scale_terminal import MINIMAL_APP, Probe, Signature, fresh_env

PARTS = ("paint", "cold", "memory", "keys", "search")
KEYS = ("j", "r", "s", "t", "[", "]", "/", "\x1b", "n", "a")
KEY_NAMES = {"\x1b": "Escape", "j": "Down (j)"}
QUERY = "gaussian splatting"
WARM_RUNS = 5  # warm starts (one alone moves by ±30 ms on this shared machine)
OFFLINE = "--offline"  # the library's ids are made up: never ask arXiv for their abstracts
_ID = re.compile(r"arXiv\s+(\S+)")
_MARKS = re.compile(r"Marks\s+(.*?)\s*│")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_LANGUAGE = re.compile(r"\[((?:original|translation|both)[^\]]*)\]")
_LIST_TITLE = re.compile(r"╭─ (.*?) ─")


def _first(pattern: re.Pattern[str], rows: list[str], start: int = 0) -> str:
    for row in rows[start:]:
        found = pattern.search(row)
        if found:
            return found.group(1) if pattern.groups else found.group(0)
    return ""


def _shows(text: str) -> Callable[[list[str]], bool]:
    return lambda rows: any(text in row for row in rows)


def reader_signature(key: str) -> Signature:
    """What a key changes on the reader's screen (the figure waits until it differs)."""
    if key in "jn":
        return lambda rows: _first(_ID, rows, 1)
    if key in "rs":
        return lambda rows: _first(_MARKS, rows, 1)
    if key == "t":
        return lambda rows: _first(_LANGUAGE, rows[:1])
    if key in "[]":
        return lambda rows: _first(_DATE, rows[:1])
    if key in "/\x1b":
        return lambda rows: str("Close search" in rows[-1])
    return lambda rows: _first(_LIST_TITLE, rows, 1) + rows[2][:20]  # a: "All" / "All days"


def minimal_signature(key: str) -> Signature:
    return lambda rows: _first(re.compile(r"pressed \S+ #(\d+)"), rows)


@dataclass
class Figures:
    paint_cold: list[float] = field(default_factory=list)
    paint_warm: list[float] = field(default_factory=list)
    readable: float | None = None
    counted: float | None = None
    indexed: float | None = None
    peak_mb: float | None = None  # the largest of the sessions'
    peak_by_session: dict[str, float] = field(default_factory=dict)
    children_mb: float | None = None  # the largest child's VmHWM
    children_total_mb: float | None = None  # the children's RSS together, at their largest
    keys_early: dict[str, list[float]] = field(default_factory=dict)
    keys_settled: dict[str, list[float]] = field(default_factory=dict)
    missed: dict[str, int] = field(default_factory=dict)
    burst: list[float] = field(default_factory=list)
    single: list[float] = field(default_factory=list)


def press_round(probe: Probe, into: dict[str, list[float]]) -> None:
    """Each key once, timed; a key whose change never came is counted in probe.missed."""
    for key in KEYS:
        seconds = probe.key(key, reader_signature(key))
        if seconds is not None:
            into.setdefault(key, []).append(seconds)
    # Back to the plain day view and the original language (`r` and `s` undo themselves next
    # round): `a` again and `t` twice more, not timed.
    for key in ("a", "t", "t"):
        probe.key(key, reader_signature(key), record=False)


def run_minimal(app_file: Path, tmp: Path, rounds: int, parts: set[str]) -> Figures:
    """The baseline. It has no cache, so every start is both its cold and its warm paint; a key
    gets the same answer whichever it is, so keys compare with the median of all its keys but
    Escape (Textual waits ~0.1 s after an escape byte for the rest of a sequence)."""
    out = Figures()
    for index in range(5 if "paint" in parts else 1):
        probe = Probe([sys.executable, str(app_file)], fresh_env(tmp / "minimal"))
        try:
            out.paint_cold.append(probe.wait_text("minimal app ready"))
            if index == 0:
                probe.idle(0.5)
                for _ in range(max(rounds, 5)):
                    for key in KEYS:
                        seconds = probe.key(key, minimal_signature(key))
                        if seconds is not None:
                            out.keys_settled.setdefault(key, []).append(seconds)
                for _ in range(3):
                    probe.idle(0.3)
                    probe.write(QUERY[::-1])  # first, other text in the box
                    probe.idle(0.3)
                    burst_start = probe.write(QUERY)
                    probe.wait_rows(lambda rows: any(f"typed {QUERY}" in r for r in rows))
                    out.burst.append(probe.settled(burst_start))
            out.peak_mb = max(out.peak_mb or 0.0, probe.peak_mb())
        finally:
            probe.close()
    out.paint_warm = out.paint_cold
    plain = [t for key, times in out.keys_settled.items() if key != "\x1b" for t in times]
    out.single = plain
    for key in KEYS:
        if key != "\x1b":
            out.keys_settled[key] = plain
    return out


def run_reader(
    command: list[str], library: Built, tmp: Path, args: argparse.Namespace, parts: set[str]
) -> Figures:
    out = Figures()
    newest_title = library.newest_titles[0][:28]
    days = library.days
    home_a, home_b = tmp / "reader-a", tmp / "reader-b"
    day_marker = f"day 1/{days}"
    if parts & {"paint", "cold", "memory"}:
        # Session A: cold, left alone (first paint, every day readable, search, index).
        probe = Probe([*command, OFFLINE, str(library.folder)], fresh_env(home_a))
        try:
            out.paint_cold.append(probe.wait_text(newest_title))
            out.readable = probe.wait_text(day_marker, timeout=args.timeout)
            probe.write("/")
            probe.wait_rows(lambda rows: "Close search" in rows[-1])
            probe.write("gaussian")
            # The reader runs the query again once the index is ready ("results follow").
            out.counted = probe.wait_rows(
                lambda rows: "best first" in "".join(rows[:4]), timeout=args.timeout
            )
            out.indexed = probe.wait_rows(lambda rows: "⟳" not in rows[0], timeout=args.timeout)
            probe.write("\x1b")
            probe.idle(0.5)
            out.peak_by_session["cold open, read and indexed"] = probe.peak_mb()
            out.children_mb, out.children_total_mb = probe.children_peaks()
        finally:
            probe.close()
        if "paint" in parts:
            for _ in range(WARM_RUNS):  # warm: the cache session A left
                probe = Probe([*command, OFFLINE, str(library.folder)], fresh_env(home_a))
                try:
                    out.paint_warm.append(probe.wait_text(newest_title))
                    probe.wait_rows(lambda rows: "⟳" not in rows[0], timeout=args.timeout)
                    peak = max(out.peak_by_session.get("warm start", 0.0), probe.peak_mb())
                    out.peak_by_session["warm start"] = peak
                finally:
                    probe.close()
    if parts & {"keys", "search"}:
        # Session B: cold again, keys pressed from the first paint on, then after it settled.
        probe = Probe([*command, OFFLINE, str(library.folder)], fresh_env(home_b))
        try:
            out.paint_cold.append(probe.wait_text(newest_title))
            if "keys" in parts:
                until = probe.now() + args.early
                while probe.now() < until and "⟳" in probe.rows()[0]:
                    press_round(probe, out.keys_early)
            probe.wait_rows(lambda rows: "⟳" not in rows[0], timeout=args.timeout)
            probe.idle(1.0)
            if "keys" in parts:
                for _ in range(args.rounds):
                    press_round(probe, out.keys_settled)
            if "search" in parts:
                for _ in range(3):
                    probe.key("/", reader_signature("/"))
                    probe.write("\x15")  # ctrl+u: empty the box (it keeps the last query)
                    probe.idle(0.3)
                    start = probe.write(QUERY)
                    if probe.wait_rows(_shows(f"Search: {QUERY} ")) is not None:
                        out.burst.append(probe.settled(start))
                    probe.write("\x7f")  # backspace: one keystroke short of the query
                    probe.wait_rows(_shows(f"Search: {QUERY[:-1]} "))
                    probe.idle(0.3)
                    start = probe.write(QUERY[-1])
                    if probe.wait_rows(_shows(f"Search: {QUERY} ")) is not None:
                        out.single.append(probe.settled(start))
                    probe.key("\x1b", reader_signature("\x1b"))
            out.peak_by_session["cold start, then keys and search"] = probe.peak_mb()
            child, total = probe.children_peaks()
            out.children_mb = max(out.children_mb or 0.0, child or 0.0)
            out.children_total_mb = max(out.children_total_mb or 0.0, total or 0.0)
        finally:
            out.missed = probe.missed
            probe.close()
    out.peak_mb = max(out.peak_by_session.values(), default=None)
    return out


# ---------------------------------------------------------------------------------------------
# Report


def _median(values: list[float] | None) -> float | None:
    return statistics.median(values) if values else None


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:.0f} ms"


def _s(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def _mb(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} MB"


def _ratio(value: float | None, base: float | None) -> str:
    """Two decimals: the first paint's targets (1.5x, 1.8x) are met or not by a few ms."""
    return "—" if value is None or not base else f"{value / base:.2f}x"


def table(reader: Figures, minimal: Figures, parts: set[str]) -> list[str]:
    """The markdown table: figure, the reader, the minimal app, the ratio."""
    rows: list[tuple[str, str, str, str]] = []

    def add(name: str, value: float | None, base: float | None, unit: str) -> None:
        show = {"s": _s, "ms": _ms, "MB": _mb}[unit]
        rows.append((name, show(value), show(base), _ratio(value, base)))

    if "paint" in parts:
        add("first paint, cold", _median(reader.paint_cold), _median(minimal.paint_cold), "s")
        add("first paint, warm", _median(reader.paint_warm), _median(minimal.paint_warm), "s")
    if "cold" in parts:
        add("cold open: every day readable", reader.readable, None, "s")
        add("cold open: a query gets a count", reader.counted, None, "s")
        add("cold open: index complete", reader.indexed, None, "s")
    if "memory" in parts:
        add("peak memory (VmHWM), reader process", reader.peak_mb, minimal.peak_mb, "MB")
        for session, peak in reader.peak_by_session.items():
            add(f"peak memory, reader: {session}", peak, minimal.peak_mb, "MB")
        add("peak memory, largest child process", reader.children_mb, None, "MB")
        add("memory, children together (RSS)", reader.children_total_mb, None, "MB")
    if "keys" in parts:
        for phase, figures in (
            ("while loading", reader.keys_early),
            ("settled", reader.keys_settled),
        ):
            for key in KEYS:
                name = (
                    f"`{KEY_NAMES.get(key, key)}`, {phase} (median of {len(figures.get(key, []))})"
                )
                add(name, _median(figures.get(key)), _median(minimal.keys_settled.get(key)), "ms")
    if "search" in parts:
        add(f'search: "{QUERY}" as a burst', _median(reader.burst), _median(minimal.burst), "ms")
        add("search: one keystroke", _median(reader.single), _median(minimal.single), "ms")
    out = ["| figure | reader | minimal Textual app | ratio |", "|---|---|---|---|"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return out


def load_line() -> str:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"load average {load} on {os.cpu_count()} CPUs"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=300_000)
    parser.add_argument("--days", type=int, default=960)
    parser.add_argument("--workdir", type=Path, default=None, help="where the library is kept")
    parser.add_argument("--only", default=",".join(PARTS), help="parts: " + ",".join(PARTS))
    parser.add_argument("--rounds", type=int, default=5, help="key rounds once settled")
    parser.add_argument("--early", type=float, default=12.0, help="seconds of keys while loading")
    parser.add_argument("--timeout", type=float, default=240.0, help="longest wait for a load")
    parser.add_argument("--command", nargs="+", default=None, help="the reader's command")
    args = parser.parse_args()
    parts = {part.strip() for part in args.only.split(",") if part.strip()}
    if parts - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(parts - set(PARTS)))}")
    command = args.command or default_command()
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp_name:
        tmp = Path(tmp_name)
        started = time.perf_counter()
        library = build(args.workdir or tmp, args.entries, args.days)
        print(
            f"library: {library.entries:,} entries in {library.days} daily files at"
            f" {library.folder} ({time.perf_counter() - started:.1f} s to make or find)"
        )
        shown = f"{' '.join(command)} {OFFLINE} FOLDER"
        print(f"command: {shown}  ({COLS}x{ROWS} pty, fresh XDG folders)")
        print(compile_reader())
        print(f"before: {load_line()} (a shared, busy machine: compare ratios of one run)")
        app_file = tmp / "minimal_app.py"
        app_file.write_text(MINIMAL_APP)
        minimal = run_minimal(app_file, tmp, args.rounds, parts)
        print(f"minimal app done; {load_line()}")
        reader = run_reader(command, library, tmp, args, parts)
        print(f"reader done; after: {load_line()}")
    if reader.missed:
        missed = ", ".join(f"{KEY_NAMES.get(k, k)} {n}" for k, n in reader.missed.items())
        print(f"keys whose change never came within 2 s (not in the medians): {missed}")
    samples = {
        "first paint, cold": reader.paint_cold,
        "first paint, warm": reader.paint_warm,
        "search burst": reader.burst,
        "search, one keystroke": reader.single,
    }
    for name, values in samples.items():
        if values:
            print(f"{name}, each run: " + ", ".join(f"{v * 1000:.0f} ms" for v in values))
    print()
    print("\n".join(table(reader, minimal, parts)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
