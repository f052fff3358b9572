"""How fast is search on a big library? Prints figures; asserts nothing (see notes in README).

Builds a cache-shaped SQLite file (the `entries` table of tui.entries + tui.search's index)
from the real corpus, replicated with altered arXiv ids and dates until it holds at least 50,000
distinct papers, then times 100 typical queries (English words, prefixes as typed key by key,
Chinese substrings of 1-4 characters, fielded filters, phrases, exclusions) through search.run(),
the call the app makes on every keystroke.

The build is timed as the cache does it on a cold open (rows first, then the index in bulk by
ensure_schema/sync, chunk by chunk), with the longest write transaction it held; then a second
process writes every 50 ms while the whole index is rebuilt, and its waits for the write lock are
printed (what a second app instance would feel).

    python benchmarks/bench_search.py [--copies N] [--abstracts] [--corpus DIR] [--keep FILE]

--abstracts gives every entry an abstract and a Chinese abstract (taken from the corpus entries
that have them), the heaviest text load a later-era library can have.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tui import entries, search
from tui.parser import DigestError, load

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

# Typed queries that a person would type, in the families the issue names. Some are repeated
# keystroke by keystroke, as the search box runs one query per key.
FIXED_QUERIES = [
    # English words and prefixes (as typed, one key at a time)
    "d",
    "di",
    "dif",
    "diff",
    "diffu",
    "diffusion",
    "g",
    "ga",
    "gau",
    "gaus",
    "gaussian",
    "gaussian splat",
    "transformer",
    "segmentation",
    "nerf",
    "video generation",
    "point cloud",
    "large language",
    "medical image segmentation",
    "zero-shot",
    "self-supervised",
    "vision-language",
    "3d",
    "detection",
    "tracking",
    "lidar",
    "remote sensing",
    "adversarial",
    "mamba",
    "sam",
    # Chinese substrings: 1, 2, 3 and 4 characters, as an input method commits them
    "扩",
    "扩散",
    "扩散模",
    "扩散模型",
    "模型",
    "分割",
    "高斯",
    "三维",
    "视觉语言",
    "医学图像",
    "目标检测",
    "语义",
    "的",
    "神经辐射场",
    "多模态",
    "生成",
    "跟踪",
    "点云",
    "遥感",
    "对抗",
    # fielded filters and combinations
    "cat:3DGS",
    "cat:nerf",
    "cat:多模态",
    "code:yes",
    "code:no",
    "is:unread",
    "is:starred",
    "is:read",
    "date:2024-02",
    "date:2024-02-01..2024-02-29",
    "date:2023",
    "author:wang",
    "author:li",
    "author:zhang",
    "title:diffusion",
    "title:扩散",
    "abs:segmentation",
    "diffusion cat:生成模型",
    "gaussian date:2024-03",
    "code:yes is:unread",
    "title:nerf code:yes",
    '"neural radiance fields"',
    '"point cloud"',
    "diffusion -video",
    "segmentation -medical",
    "author:hinton",
    "扩散 -视频",
    "-diffusion",
    "is:unread date:2024-05",
    "cat:llm is:unread",
]


def build(db_path: Path, corpus: Path, copies: int, abstracts: bool) -> tuple[int, int, str]:
    """Fill a cache-shaped file as tui.cache does on a first load: rows first, index in bulk.

    Returns (entries, distinct papers, lines of build timings).
    """
    files = sorted(corpus.glob("*/*/*.md"))
    digests = []
    for path in files:
        try:
            digests.append(load(path))
        except DigestError:
            continue
    pool = [(p.abstract, p.abstract_cn) for d in digests for p in d.papers if p.abstract_cn]
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")  # as tui.cache
    conn.execute(entries.CREATE_SQL)
    conn.execute("CREATE INDEX entries_file ON entries (file_id)")
    started = time.perf_counter()
    conn.execute("BEGIN")
    file_id = 0
    rows = 0
    ids: set[str] = set()
    for copy in range(copies):
        for digest in digests:
            file_id += 1
            day = digest.date - dt.timedelta(days=366 * copy) if digest.date else None
            batch = []
            for cat in digest.categories:
                for paper in cat.papers:
                    aid = paper.arxiv_id
                    if copy and aid:
                        aid = f"{int(aid[:2]) - copy:02d}{aid[2:]}"  # 2402.x -> 2302.x
                    ids.add(aid)
                    abstract, abstract_cn = paper.abstract, paper.abstract_cn
                    if abstracts and not abstract_cn and pool:
                        abstract, abstract_cn = pool[rows % len(pool)]
                    batch.append(
                        (
                            file_id,
                            day.isoformat() if day else None,
                            cat.name,
                            len(batch),
                            aid,
                            paper.title,
                            paper.title_cn,
                            ", ".join(paper.authors),
                            abstract,
                            abstract_cn,
                            paper.contribution,
                            paper.code_url,
                        )
                    )
                    rows += 1
            conn.executemany(entries.INSERT_SQL, batch)
    conn.execute("COMMIT")
    inserted = time.perf_counter() - started
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # The bulk index, as the cache's sync after a cold load builds it: chunk by chunk, each a
    # committed transaction. The longest chunk is the longest another writer waits for.
    started = time.perf_counter()
    holds = _write_holds(conn, search.ensure_schema)
    indexed = time.perf_counter() - started
    # A later load adding one day's file: its rows, then sync() for them.
    digest = max(digests, key=lambda d: d.paper_count)
    extra = [
        (file_id + 1, "2030-01-01", cat.name, n, f"99{paper.arxiv_id[2:]}", paper.title,
         paper.title_cn, ", ".join(paper.authors), paper.abstract, paper.abstract_cn,
         paper.contribution, paper.code_url)
        for n, (cat, paper) in enumerate((c, p) for c in digest.categories for p in c.papers)
    ]  # fmt: skip
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(entries.INSERT_SQL, extra)
    conn.execute("COMMIT")
    search.sync(conn)
    one_file = time.perf_counter() - started
    conn.execute("BEGIN")
    conn.execute("DELETE FROM entries WHERE file_id = ?", (file_id + 1,))
    conn.execute("COMMIT")
    started = time.perf_counter()
    search.ensure_schema(conn)  # nothing to do
    ensure_ms = (time.perf_counter() - started) * 1000
    waits = _second_writer(db_path, conn)
    conn.close()
    timings = (
        f"rows {inserted:.1f} s, then the index in bulk {indexed:.2f} s in {len(holds)}"
        f" transactions (longest {max(holds) * 1000:.0f} ms)\n"
        f"a further file of {len(extra)} entries, stored and synced: {one_file * 1000:.0f} ms;"
        f" ensure_schema with nothing to do: {ensure_ms:.1f} ms\n{waits}"
    )
    return rows, len(ids), timings


def _write_holds(
    conn: sqlite3.Connection, action: Callable[[sqlite3.Connection], object]
) -> list[float]:
    """Run action(conn); how long each write transaction it made held the lock, in seconds.

    A transaction runs from its BEGIN to the end of its COMMIT, i.e. the start of the next
    statement (sync() checks for more rows right after a COMMIT, before it pauses).
    """
    events: list[tuple[str, float]] = []
    conn.set_trace_callback(lambda sql: events.append((sql, time.perf_counter())))
    try:
        action(conn)
    finally:
        conn.set_trace_callback(None)
    events.append(("", time.perf_counter()))
    holds: list[float] = []
    begun = None
    for (sql, at), (_, after) in itertools.pairwise(events):
        if sql.startswith("BEGIN"):
            begun = at
        elif sql == "COMMIT" and begun is not None:
            holds.append(after - begun)
            begun = None
    return holds


_WRITER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
conn.execute("CREATE TABLE IF NOT EXISTS bench_other (x)")
print("ready", flush=True)
waits = []
while not sys.stdin.readline().startswith("stop"):
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    waits.append(time.perf_counter() - started)
    conn.execute("INSERT INTO bench_other VALUES (1)")
    conn.execute("COMMIT")
    print("done", flush=True)
print(" ".join(f"{w:.4f}" for w in waits), flush=True)
"""


def _second_writer(db_path: Path, conn: sqlite3.Connection) -> str:
    """Another process writes every ~50 ms while the whole index is rebuilt: how long it waits.

    The rebuild is forced as a bulk load of the cache does it (the delete trigger dropped, so
    ensure_schema empties and refills the index).
    """
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdin is not None and writer.stdout is not None
    writer.stdout.readline()
    done = threading.Event()

    def poke() -> None:
        while not done.is_set():
            writer.stdin.write("go\n")  # type: ignore[union-attr]
            writer.stdin.flush()  # type: ignore[union-attr]
            writer.stdout.readline()  # type: ignore[union-attr]
            time.sleep(0.05)

    conn.execute(f"DROP TRIGGER {search.FTS_TABLE}_ad")
    thread = threading.Thread(target=poke)
    started = time.perf_counter()
    thread.start()
    search.ensure_schema(conn)
    rebuilt = time.perf_counter() - started
    done.set()
    thread.join()
    out, _ = writer.communicate("stop\n")
    waits = sorted(float(w) * 1000 for w in out.split())
    return (
        f"another process writing every 50 ms during a full rebuild ({rebuilt:.2f} s):"
        f" {len(waits)} writes, waits median {statistics.median(waits):.0f} ms,"
        f" p95 {percentile(waits, 0.95):.0f} ms, max {max(waits):.0f} ms"
    )


def queries(conn: sqlite3.Connection, count: int) -> list[str]:
    """The fixed list, topped up with words drawn from real titles (seeded: same list each run)."""
    chosen = list(FIXED_QUERIES)
    rng = random.Random(20240216)
    titles = [row[0] for row in conn.execute("SELECT title FROM entries WHERE id % 97 = 0")]
    while len(chosen) < count:
        words = [w for w in rng.choice(titles).split() if w.isalpha() and len(w) > 3]
        if words:
            word = rng.choice(words).lower()
            chosen.append(word if rng.random() < 0.5 else word[: rng.randint(3, len(word))])
    return chosen[:count]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--copies", type=int, default=2, help="replicas of the corpus (default 2)")
    parser.add_argument("--abstracts", action="store_true", help="give every entry abstracts")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the queries")
    parser.add_argument("--keep", type=Path, help="write the database here instead of a temp dir")
    parser.add_argument("--reuse", action="store_true", help="reuse the --keep file if it exists")
    parser.add_argument("--verbose", action="store_true", help="print every query's time")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}: nothing to measure", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        db_path = args.keep or Path(tmp) / "cache.sqlite3"
        if args.reuse and db_path.exists():
            with sqlite3.connect(db_path) as conn:
                rows, papers = conn.execute(
                    "SELECT count(*), count(DISTINCT arxiv_id) FROM entries"
                ).fetchone()
            timings = "reused"
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
            rows, papers, timings = build(db_path, args.corpus, args.copies, args.abstracts)
        size_mb = db_path.stat().st_size / 1e6
        conn = sqlite3.connect(db_path, isolation_level=None)
        search.ensure_schema(conn)  # what an app start does: the catalogue check and counts
        all_ids = [row[0] for row in conn.execute("SELECT DISTINCT arxiv_id FROM entries")]
        rng = random.Random(7)
        read_ids = set(rng.sample(all_ids, len(all_ids) // 3))  # a third of the library read
        starred_ids = set(rng.sample(all_ids, 500))
        chosen = queries(conn, args.queries)
        started = time.perf_counter()
        search.warm(conn)  # what the app does in a worker once the library is indexed
        warm_ms = (time.perf_counter() - started) * 1000
        for text in chosen[:10]:  # warm the page cache, as a running app would be
            search.run(conn, text, read_ids=read_ids, starred_ids=starred_ids)
        # Each round runs every query once, in order; round 1 is what a user meets first. The
        # best of the rounds per query filters out the other processes of a shared machine.
        walls: list[list[float]] = [[] for _ in chosen]
        cpus: list[list[float]] = [[] for _ in chosen]
        totals: list[int] = []
        for round_number in range(args.rounds):
            for n, text in enumerate(chosen):
                started, cpu_started = time.perf_counter(), time.process_time()
                result = search.run(conn, text, read_ids=read_ids, starred_ids=starred_ids)
                walls[n].append((time.perf_counter() - started) * 1000)
                cpus[n].append((time.process_time() - cpu_started) * 1000)
                if round_number == 0:
                    if result.hint:
                        print(f"query {text!r}: {result.hint}", file=sys.stderr)
                    totals.append(result.total)
        conn.close()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"SQLite {sqlite3.sqlite_version}; {os.cpu_count()} CPUs, load average {load:.1f};"
        f" corpus {args.corpus}"
    )
    print(
        f"library: {papers} distinct papers, {rows} entries ({args.copies} copies of the corpus"
        f"{', every entry with abstracts' if args.abstracts else ''})"
    )
    print(f"file {size_mb:.0f} MB; build: {timings}")
    print(f"warm(): {warm_ms:.0f} ms")
    figures = [
        ("round 1, wall clock", [w[0] for w in walls]),
        ("round 1, CPU time", [c[0] for c in cpus]),
        (f"best of {args.rounds} rounds, wall clock", [min(w) for w in walls]),
        (f"best of {args.rounds} rounds, CPU time", [min(c) for c in cpus]),
    ]
    print(f"{len(chosen)} queries through search.run() (median / p95 / max per query):")
    for label, values in figures:
        print(
            f"  {label:32s} {statistics.median(values):6.1f} / {percentile(values, 0.95):6.1f}"
            f" / {max(values):6.1f} ms"
        )
    report = sorted(zip([min(w) for w in walls], chosen, totals, strict=True), reverse=True)
    print("slowest (best wall clock):" if not args.verbose else "all (best wall clock):")
    for elapsed, text, total in report[: 100 if args.verbose else 10]:
        print(f"  {elapsed:7.1f} ms  {total:6d} results  {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
