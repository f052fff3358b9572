"""Count the CPU instructions of parsing every Nth corpus file (needs valgrind): a figure that does
not drift with the load or speed of a shared machine, for comparing two versions of the parser.

    python benchmarks/count_instructions.py [CORPUS_DIR] [--every 10]

Runs `valgrind --tool=cachegrind` twice, on a child that parses the files and on one that only
imports the parser, and prints the difference in millions of instructions.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CHILD = """
import sys
from pathlib import Path
from tui.parser import parse
from tui.parser.decode import decode
paths = sorted(p for p in Path(sys.argv[1]).rglob("*.md") if p.name != "SOURCE.md")
blobs = [(str(p), p.read_bytes()) for p in paths[:: int(sys.argv[2])]]
if sys.argv[3] == "parse":
    for source, data in blobs:
        parse(decode(data)[0], source)
"""


def instructions(corpus: Path, every: int, what: str) -> int:
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    command += [sys.executable, "-c", CHILD, str(corpus), str(every), what]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    match = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if not match:
        raise SystemExit(f"no instruction count in valgrind's output:\n{result.stderr[-2000:]}")
    return int(match[1].replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--every", type=int, default=10, help="parse every Nth file")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed")
    files = len([p for p in args.corpus.rglob("*.md") if p.name != "SOURCE.md"][:: args.every])
    if not files:
        raise SystemExit(f"no digests under {args.corpus}")
    parsing = instructions(args.corpus, args.every, "parse")
    reading = instructions(args.corpus, args.every, "read")
    print(f"{files} files (every {args.every}th of {args.corpus})")
    print(f"parse + decode: {(parsing - reading) / 1e6:,.0f} M instructions")


if __name__ == "__main__":
    main()
