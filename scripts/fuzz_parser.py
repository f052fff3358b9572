"""A long fuzz run of the parser and the writer: the CI properties, for many more examples.

    python scripts/fuzz_parser.py                 # 100,000 examples
    python scripts/fuzz_parser.py -n 20000 --seed 1

Runs the properties of tests/reliability (same strategies, same checks):
  parse   parse() of random text, token soup and mutated real digests  (40 % of the examples)
  same    the fast shapes and the line reader agree, on the same inputs
          and on tables of any cells                                    (20 %)
  load    load() of random bytes and broken encodings                   (20 %)
  render  parse(render(d)) == d for digests in normal form              (20 %)
and prints how many examples each one tried. The first failure of a property is shrunk and
printed by Hypothesis; the exit status is 1 if any property failed.

Every parse/load runs under the hang guard of tests/reliability/checks.py (a hang fails).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "reliability"))

from checks import check_digest, check_error, hang_guard, parse_or_error  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from strategies import hostile_bytes, hostile_texts, normal_digests  # noqa: E402
from test_fast_path import assert_same, tables  # noqa: E402
from test_roundtrip import assert_round_trip  # noqa: E402

from tui.parser import DigestError, load  # noqa: E402


def run(name: str, examples: int, seed: int | None, body: Callable[..., None], strategy) -> bool:
    """Run one property for `examples` examples; print the count tried and whether it held."""
    count = 0

    def counted(value: object) -> None:
        nonlocal count
        count += 1
        body(value)

    test = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )(given(strategy)(counted))
    if seed is not None:
        from hypothesis import seed as with_seed

        test = with_seed(seed)(test)
    started = time.monotonic()
    try:
        test()
        ok = True
    except Exception:
        traceback.print_exc()
        ok = False
    took = time.monotonic() - started
    print(f"{name:7} {count:>9,} examples tried in {took:7.1f} s  {'ok' if ok else 'FAILED'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--examples", type=int, default=100_000, help="total examples")
    parser.add_argument("--seed", type=int, default=None, help="Hypothesis seed")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="fuzz-parser-"))

    def load_bytes(data: bytes) -> None:
        path = folder / "2024-02-16.md"
        path.write_bytes(data)
        with hang_guard(what="load"):
            try:
                digest = load(path)
            except DigestError as error:
                check_error(error, str(path))
                return
        check_digest(digest, str(path))

    total = args.examples
    plan = [
        ("parse", total * 4 // 10, parse_or_error, hostile_texts()),
        ("same", total * 2 // 10, assert_same, st.one_of(hostile_texts(), tables())),
        ("load", total * 2 // 10, load_bytes, hostile_bytes()),
        ("render", total - total * 8 // 10, assert_round_trip, normal_digests()),
    ]
    print(f"fuzzing tui.parser and tui.writer: {total:,} examples")
    results = [run(name, n, args.seed, body, strategy) for name, n, body, strategy in plan]
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
