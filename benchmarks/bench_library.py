"""How fast does a big library open, cold and warm, and in how much memory? Prints figures.

Runs each scenario in a fresh Python process (so imports, caches and peak memory are those of a real
start), a few times, and prints every run and the median:

* cold: empty cache folder. Time to the newest day (first DayLoaded) and to its papers in memory
  (what the first paint needs), to the whole library (Finished), and to the full-text index
  (SearchIndexed, built after the library is complete).
* warm: the cache of the cold run, unchanged files. Same figures (the index is only checked).
* one change: one file's content changed; only it is parsed.
* all: warm open, then every paper of every day as one list (the "All" view over the library),
  the "also on" index, and a sweep of the list like a scroll from top to bottom.

Peak memory is the process's maximum resident set (ru_maxrss), worker processes reported apart.

    python benchmarks/bench_library.py [--corpus DIR] [--runs 3] [--workers N]

The issue's budget on ../shared/corpus (676 files, ~54,000 entries): newest day within 1 s and
the whole library within 3 s on a cold open; first paint within 0.8 s warm; peak memory < 250 MB.
A busy machine skews wall-clock figures: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


# ---------------------------------------------------------------------------------------------
# One measured process


def measure(scenario: str, paths: list[str], cache: str, workers: int | None) -> dict[str, float]:
    """Run one scenario in this process; seconds are from just before `import tui.library`."""
    start = time.perf_counter()
    from tui.library import DayLoaded, Finished, SearchIndexed, iter_library

    figures: dict[str, float] = {"import": time.perf_counter() - start}
    library = None
    for event in iter_library(paths, cache=cache, workers=workers):
        now = time.perf_counter() - start
        if isinstance(event, DayLoaded) and "first_day" not in figures:
            figures["first_day"] = now
            figures["first_day_papers"] = len(event.day.papers)  # materialize: first paint
            figures["first_paint_data"] = time.perf_counter() - start
        elif isinstance(event, Finished):
            figures["library"] = now
            library = event.library
        elif isinstance(event, SearchIndexed):
            figures["search_index"] = now
    assert library is not None
    figures["days"] = len(library.days)
    figures["entries"] = library.paper_count
    figures["parsed"] = library.stats.parsed
    if scenario == "all":
        t = time.perf_counter()
        rows = library.entries()
        figures["all_list"] = time.perf_counter() - t
        t = time.perf_counter()
        library.appearances(rows[0].paper.arxiv_id)
        figures["appearances_index"] = time.perf_counter() - t
        t = time.perf_counter()
        for row in rows[::-1]:
            library.appearances(row.paper.arxiv_id)
        figures["appearances_per_lookup_us"] = (time.perf_counter() - t) / len(rows) * 1e6
        # A scroll: read the fields a list row shows, for every row, one "page" of 40 at a time.
        t = time.perf_counter()
        pages = 0
        for top in range(0, len(rows), 40):
            for row in rows[top : top + 40]:
                _ = (row.date, row.category, row.paper.title, row.paper.title_cn)
            pages += 1
        figures["page_of_40_us"] = (time.perf_counter() - t) / pages * 1e6
    figures["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["children_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return figures


# ---------------------------------------------------------------------------------------------
# The driver


def run_child(scenario: str, paths: list[str], cache: Path, workers: int | None) -> dict:
    command = [sys.executable, __file__, "--child", scenario, "--cache", str(cache)]
    if workers is not None:
        command += ["--workers", str(workers)]
    command += ["--", *paths]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def change_one_file(library_dir: Path) -> None:
    files = sorted(library_dir.rglob("*.md"))
    target = files[len(files) // 2]
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")


COLUMNS = [
    ("first_day", "newest day"),
    ("first_paint_data", "+ its papers"),
    ("library", "library"),
    ("search_index", "search index"),
    ("rss_mb", "peak MB"),
    ("children_rss_mb", "workers MB"),
    ("parsed", "parsed"),
]


def show(name: str, runs: list[dict]) -> None:
    print(f"\n{name}")
    head = "  ".join(f"{label:>12}" for _, label in COLUMNS)
    print(f"  {'run':>4}  {head}")
    for index, figures in enumerate(runs, 1):
        print(f"  {index:>4}  " + "  ".join(_cell(figures.get(key)) for key, _ in COLUMNS))
    medians = {key: statistics.median(r[key] for r in runs) for key, _ in COLUMNS if key in runs[0]}
    print(f"  {'med':>4}  " + "  ".join(_cell(medians.get(key)) for key, _ in COLUMNS))


def _cell(value: float | None) -> str:
    if value is None:
        return f"{'-':>12}"
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):>12}"
    return f"{value:>12.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--workers", type=int, default=None, help="parser processes (default: auto)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.paths, args.cache, args.workers)))
        return 0
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="bench-library-") as tmp:
        root = Path(tmp)
        library_dir = root / "library"  # a copy: the one-change runs modify it
        shutil.copytree(args.corpus, library_dir)
        paths = [str(library_dir)]
        files = sum(1 for _ in library_dir.rglob("*.md"))
        print(f"library: {args.corpus} ({files} Markdown files), copied to {library_dir}")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, workers={args.workers}")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print("seconds from process start (after Python itself), MB = peak resident memory")

        cold, warm, changed, full = [], [], [], []
        for index in range(args.runs):
            cache = root / f"cache-{index}" / "cache.sqlite3"
            cold.append(run_child("cold", paths, cache, args.workers))
            warm.append(run_child("warm", paths, cache, args.workers))
            change_one_file(library_dir)
            changed.append(run_child("change", paths, cache, args.workers))
            full.append(run_child("all", paths, cache, args.workers))
        show("cold open (empty cache)", cold)
        show("warm open (nothing changed)", warm)
        show("one file changed", changed)
        show("warm open + 'All' view over the whole library", full)
        print()
        for key, label in [
            ("all_list", "all-papers list built (s)"),
            ("appearances_index", "'also on' index built (s)"),
            ("appearances_per_lookup_us", "'also on' lookup (µs)"),
            ("page_of_40_us", "a page of 40 rows read (µs)"),
            ("entries", "entries in the All view"),
            ("days", "days"),
            ("rss_mb", "peak MB with the All view"),
        ]:
            values = [r[key] for r in full]
            print(
                f"  {label:<30} median {statistics.median(values):>10.3f}   best {min(values):.3f}"
            )
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
