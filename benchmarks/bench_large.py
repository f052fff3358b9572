"""Size: a 100 MB digest and a folder of 5,000 digests, opened through the real library code and
the real app. Prints time and peak memory; asserts nothing (speed is a figure, not a test).

    python benchmarks/bench_large.py [--size-mb 100] [--files 5000] [--no-ui]

Inputs are generated in a temporary folder with tui.writer (the sample's detailed format):
* big:  one digest of --size-mb MB: the sample's 39 papers (with abstracts) repeated under new
        arXiv ids, in the sample's 7 categories;
* many: --files digests, one per day, 10 papers each (titles, authors, links; no abstracts).
Each scenario runs in a fresh Python process with its own XDG folders (cache included):
* library cold / warm: tui.library.open_library(paths, progress=…) with an empty cache, then
  again with the cache the first run left; seconds, progress callbacks, days and papers;
* parse only: tui.parser.load on the big file (no cache, no library);
* app: the real ReaderApp under Pilot (headless) over the paths: time to the first paper on
  screen and until the main screen is `ready`, whether load progress ("N/M files") was shown,
  and the longest stall of the event loop during the load, while j/k are pressed every 0.25 s
  (a 20 ms heartbeat measures how late it runs: how long the UI is frozen at worst).
Peak memory is the process's peak resident set (VmHWM); parser worker processes, if the library
uses any, are reported apart.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import html
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.model import Paper

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "tui" / "data" / "2024-02-16.md"


# ---------------------------------------------------------------------------------------------
# Inputs


def _paper_with_id(paper: Paper, serial: int) -> Paper:
    """The paper under a new, unique arXiv id (and its links)."""
    identifier = f"{1000 + serial // 100_000:04d}.{serial % 100_000:05d}"
    return dataclasses.replace(
        paper,
        arxiv_id=identifier,
        pdf_url=f"https://arxiv.org/pdf/{identifier}v1",
        abs_url=f"https://arxiv.org/abs/{identifier}v1",
        version=1,
        line=0,
    )


def make_big(path: Path, size_mb: int) -> int:
    """One digest of about size_mb MB; returns its paper count."""
    from tui.model import Category, Digest
    from tui.parser import load
    from tui.writer import render

    sample = load(SAMPLE)
    one_round = len(render(sample).encode())
    rounds = max(1, size_mb * 1_000_000 // one_round)
    serial = 0
    categories = []
    for category in sample.categories:
        papers = []
        for _ in range(rounds):
            for paper in category.papers:
                papers.append(_paper_with_id(paper, serial))
                serial += 1
        categories.append(Category(category.name, tuple(papers)))
    digest = Digest(sample.date, "big", tuple(categories), "detailed", "utf-8")
    path.write_text(render(digest), encoding="utf-8")
    return serial


def make_many(folder: Path, count: int) -> int:
    """count digests, one per day (newest 2024-02-16), 10 papers each; returns the paper count."""
    from tui.model import Category, Digest
    from tui.parser import load
    from tui.writer import render

    sample = load(SAMPLE)
    short = [dataclasses.replace(p, abstract="", abstract_cn="") for p in sample.papers[:10]]
    folder.mkdir(parents=True, exist_ok=True)
    serial = 0
    newest = dt.date(2024, 2, 16)
    for index in range(count):
        day = newest - dt.timedelta(days=index)
        papers = []
        for paper in short:
            papers.append(_paper_with_id(paper, 5_000_000 + serial))
            serial += 1
        categories = (
            Category("多模态", tuple(papers[:6])),
            Category("生成模型", tuple(papers[6:])),
        )
        digest = Digest(day, "", categories, "detailed", "utf-8")
        (folder / f"{day.year}" / f"{day:%Y-%m}").mkdir(parents=True, exist_ok=True)
        (folder / f"{day.year}" / f"{day:%Y-%m}" / f"{day.isoformat()}.md").write_text(
            render(digest), encoding="utf-8"
        )
    return serial


# ---------------------------------------------------------------------------------------------
# Measured children


def peak() -> dict[str, float]:
    """This process's peak resident memory (VmHWM: ru_maxrss would carry over the driver's
    peak across exec on Linux), and the largest worker's (ru_maxrss of waited-for children,
    which counts pages shared with this process at fork)."""
    status = Path("/proc/self/status").read_text()
    hwm_kb = int(re.search(r"VmHWM:\s+(\d+)", status)[1])
    return {
        "peak_mb": hwm_kb / 1024,
        "workers_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def child_library(paths: list[str]) -> dict:
    start = time.perf_counter()
    from tui.library import open_library

    calls: list[tuple[float, int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((time.perf_counter() - start, done, total))

    library = open_library(paths, progress=progress)
    seconds = time.perf_counter() - start
    papers = sum(day.paper_count for day in library.days)
    return {
        "seconds": seconds,
        "days": len(library.days),
        "papers": papers,
        "progress_calls": len(calls),
        "first_progress_s": calls[0][0] if calls else None,
        "problems": len(library.problems),
        **peak(),
    }


def child_parse(paths: list[str]) -> dict:
    start = time.perf_counter()
    from tui.parser import load

    digest = load(paths[0])
    return {"seconds": time.perf_counter() - start, "papers": digest.paper_count, **peak()}


LIMIT_S = 1800.0  # give up waiting for `ready` (and say so) after half an hour
_PROGRESS = re.compile(r"\d[\d,]*\s*/\s*\d[\d,]*\s+files")


def _screen(app: object) -> str:
    """The screen's text (runs of the SVG screenshot joined per row)."""
    svg = app.export_screenshot()  # type: ignore[attr-defined]
    rows: dict[str, list[str]] = {}
    for y, text in _SVG_RUN.findall(svg):
        rows.setdefault(y, []).append(html.unescape(text).replace("\xa0", " "))
    return "\n".join("".join(parts) for parts in rows.values())


_SVG_RUN = re.compile(r'<text [^>]*?y="([\d.]+)"[^>]*>([^<]*)</text>')


def child_app(paths: list[str]) -> dict:
    """The real app over the paths, headless; see the module docstring for the figures."""
    start = time.perf_counter()
    from tui.app import build_app, open_feed
    from tui.state import StateStore

    figures: dict[str, object] = {}

    async def run() -> None:
        store = StateStore()
        app = build_app(open_feed([Path(p) for p in paths]), store)
        stalls: list[float] = []
        shots = 0  # screenshots block the loop too: heartbeats spanning one are not counted
        progress = False
        errors: list[str] = []

        def hook(message: object) -> None:
            from textual.notifications import Notify

            if isinstance(message, Notify) and message.notification.severity == "error":
                errors.append(message.notification.message[:200])

        async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
            done = asyncio.Event()

            async def heartbeat() -> None:
                tick = 0.02
                last, seen = time.perf_counter(), shots
                while not done.is_set():
                    await asyncio.sleep(tick)
                    now = time.perf_counter()
                    if seen == shots:
                        stalls.append(now - last - tick)
                    last, seen = now, shots

            def ready() -> bool:
                return bool(app.screen_stack) and app.session.ready

            beat = asyncio.create_task(heartbeat())
            first_paint = None
            keys = 0
            while not ready() and not errors and time.perf_counter() - start < LIMIT_S:
                await pilot.pause(0.25)
                screen = _screen(app)
                shots += 1
                progress = progress or bool(_PROGRESS.search(screen))
                if first_paint is None and ("PaLM2" in screen or "Fusion of Diffusion" in screen):
                    first_paint = time.perf_counter() - start
                if first_paint is not None and not ready():
                    # The user moves while files are still read (the heartbeat times the loop).
                    await pilot.press("j" if keys % 2 == 0 else "k")
                    keys += 1
            done.set()
            await beat
            figures["first_paper_on_screen_s"] = first_paint
            figures["ready_s"] = time.perf_counter() - start
            figures["keys_while_loading"] = keys
            figures["longest_stall_ms"] = max(stalls) * 1000 if stalls else None
            figures["progress_shown"] = progress
            figures["ready"] = ready()
            if errors:
                figures["errors"] = errors
        store.close()

    asyncio.run(run())
    figures.update(peak())
    return figures


CHILDREN = {"library": child_library, "parse": child_parse, "app": child_app}


def run_child(kind: str, paths: list[str], home: Path) -> dict:
    """One measured process; a failure is reported as figures, not raised."""
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--", *paths],
        capture_output=True,
        text=True,
        env=env,
    )
    if done.returncode != 0:
        return {"failed": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def show(name: str, figures: dict) -> None:
    cells = []
    for key, value in figures.items():
        if isinstance(value, float):
            cells.append(f"{key}={value:.2f}")
        else:
            cells.append(f"{key}={value}")
    print(f"  {name:<24} " + "  ".join(cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--files", type=int, default=5_000)
    parser.add_argument("--no-ui", action="store_true", help="skip the app (Pilot) runs")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](args.paths)))
        return 0

    with tempfile.TemporaryDirectory(prefix="bench-large-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        big = root / "big" / "2024-02-16.md"
        big.parent.mkdir()
        big_papers = make_big(big, args.size_mb)
        many = root / "many"
        many_papers = make_many(many, args.files)
        many_bytes = sum(p.stat().st_size for p in many.rglob("*.md"))
        print(
            f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        )
        print(f"inputs made in {time.perf_counter() - started:.1f} s:")
        print(f"  big:  {big.stat().st_size / 1e6:.1f} MB, {big_papers:,} papers in one digest")
        print(f"  many: {args.files:,} digests, {many_bytes / 1e6:.1f} MB, {many_papers:,} papers")
        print("seconds from process start (after Python itself); MB = peak resident memory")
        for name, paths in (("big", [str(big)]), ("many", [str(many)])):
            home = root / f"home-{name}"
            if name == "big":
                show("big: parse only", run_child("parse", paths, root / "home-parse"))
            show(f"{name}: library cold", run_child("library", paths, home))
            show(f"{name}: library warm", run_child("library", paths, home))
            if not args.no_ui:
                show(f"{name}: app cold", run_child("app", paths, root / f"home-app-{name}"))
                show(f"{name}: app warm", run_child("app", paths, root / f"home-app-{name}"))
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
