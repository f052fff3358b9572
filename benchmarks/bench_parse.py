"""Parse the whole shared corpus and print MB/s and papers/s (best of several rounds, one core).

    python benchmarks/bench_parse.py [CORPUS_DIR] [--rounds N]

Files are read into memory first, so the figure is the parser's (decoding included), not the
disk's. CPU time (process_time) is reported next to wall time: on a shared machine it is the
steadier of the two.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tui.parser import parse
from tui.parser.decode import decode

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    files = sorted(p for p in args.corpus.rglob("*.md") if p.name != "SOURCE.md")
    if not files:
        raise SystemExit(f"no digests under {args.corpus}")
    blobs = [(str(path), path.read_bytes()) for path in files]
    size = sum(len(data) for _, data in blobs)
    best_wall = best_cpu = float("inf")
    papers = 0
    for _ in range(args.rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        papers = 0
        for source, data in blobs:
            text, encoding = decode(data)
            papers += parse(text, source=source, encoding=encoding).paper_count
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    print(f"corpus:   {len(files)} files, {size / 1e6:.1f} MB, {papers} paper entries")
    print(
        f"wall:     {best_wall:.3f} s  {size / best_wall / 1e6:.1f} MB/s  "
        f"{papers / best_wall:,.0f} papers/s   (best of {args.rounds})"
    )
    print(
        f"cpu:      {best_cpu:.3f} s  {size / best_cpu / 1e6:.1f} MB/s  "
        f"{papers / best_cpu:,.0f} papers/s"
    )


if __name__ == "__main__":
    main()
