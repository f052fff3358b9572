"""Parse the whole shared corpus and print MB/s and papers/s (best of several rounds, one core).

    python benchmarks/bench_parse.py [CORPUS_DIR] [--rounds N]

Files are read into memory first, so the figure is the parser's (decoding included), not the
disk's. CPU time (process_time) is reported next to wall time: on a shared machine it is the
steadier of the two. The same is then measured for each dialect family, and for the line reader
alone (`parse(..., fast=False)`, what a digest in an unusual shape gets).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from tui.parser import parse
from tui.parser.decode import decode

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def measure(blobs: list[tuple[str, bytes]], rounds: int, fast: bool) -> tuple[float, float, int]:
    """Best wall and CPU seconds over the rounds, and the papers read."""
    best_wall = best_cpu = float("inf")
    papers = 0
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        papers = 0
        for source, data in blobs:
            text, encoding = decode(data)
            papers += parse(text, source=source, encoding=encoding, fast=fast).paper_count
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu, papers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    files = sorted(p for p in args.corpus.rglob("*.md") if p.name != "SOURCE.md")
    if not files:
        raise SystemExit(f"no digests under {args.corpus}")
    blobs = [(str(path), path.read_bytes()) for path in files]
    size = sum(len(data) for _, data in blobs)
    print(f"load:     {os.getloadavg()[0]:.2f} (a busy machine runs slower)")
    wall, cpu, papers = measure(blobs, args.rounds, fast=True)
    print(f"corpus:   {len(files)} files, {size / 1e6:.1f} MB, {papers} paper entries")
    print(
        f"wall:     {wall:.3f} s  {size / wall / 1e6:.1f} MB/s  "
        f"{papers / wall:,.0f} papers/s   (best of {args.rounds})"
    )
    print(f"cpu:      {cpu:.3f} s  {size / cpu / 1e6:.1f} MB/s  {papers / cpu:,.0f} papers/s")
    families = {"detailed": [b for b in blobs if "/local/" in b[0]]}
    families["table"] = [b for b in blobs if "/data/" in b[0]]
    for name, part in families.items():
        if part:
            part_size = sum(len(data) for _, data in part)
            _, cpu, papers = measure(part, args.rounds, fast=True)
            rate = f"{part_size / cpu / 1e6:.1f} MB/s  {papers / cpu:,.0f} papers/s"
            print(f"{name + ':':9} {rate} (cpu)")
    _, cpu, papers = measure(blobs, max(1, args.rounds // 2), fast=False)
    print(f"line reader alone: {size / cpu / 1e6:.1f} MB/s  {papers / cpu:,.0f} papers/s (cpu)")


if __name__ == "__main__":
    main()
