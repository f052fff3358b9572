"""Nothing is quadratic: every large pathological input in hang_cases.py finishes.

The cases run in parallel subprocesses under one hang guard (GUARD_S). That is not a speed
test: linear work on these inputs takes well under a second, while the quadratic work each one
provokes would take minutes to hours. A case that is still running at the guard is killed and
reported as a hang.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from hang_cases import CASES

GUARD_S = 10.0
SCRIPT = Path(__file__).with_name("hang_cases.py")

BUGS: dict[str, str] = {}  # name -> reason, for a case that is a known, reported hang


@pytest.fixture(scope="module")
def outcomes() -> dict[str, str]:
    """Run every case at once; "ok", "hang", or the error a case died with."""
    running = {
        name: subprocess.Popen(
            [sys.executable, str(SCRIPT), name],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in CASES
    }
    deadline = time.monotonic() + GUARD_S
    results = {}
    for name, process in running.items():
        try:
            _, error = process.communicate(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            results[name] = "hang"
            continue
        results[name] = "ok" if process.returncode == 0 else f"error: {error[-2000:]}"
    return results


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=BUGS[name]))
        if name in BUGS
        else name
        for name in CASES
    ],
)
def test_large_pathological_input_finishes(outcomes: dict[str, str], name: str) -> None:
    assert outcomes[name] == "ok"


def test_every_known_bug_has_a_case() -> None:
    assert set(BUGS) <= set(CASES)
