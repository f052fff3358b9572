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

PARSER = "bug in the parser (tui.parser), reported: "
BUGS = {
    "heading_with_space_run": PARSER + "_HEADING `(.*?)\\s*#*\\s*$` backtracks cubically",
    "heading_with_hash_run": PARSER + "_HEADING `(.*?)\\s*#*\\s*$` is quadratic on # runs",
    "separator_after_space_run": PARSER + "table._SEPARATOR `^\\s*\\|?\\s*` is quadratic",
    "authors_with_ideographic_space_run": PARSER + "_AUTHORS_CUT `\\s*(...)` searched from "
    "every position of a whitespace run",
    "br_after_space_run": PARSER + "_BR `\\s*<br` searched from every position of a run",
    "code_url_with_trailing_dots": PARSER + "values.clean_url slices the URL once per char",
    "code_url_with_closing_parens": PARSER + "values.clean_url counts parens once per char",
    "1m_continuation_lines": PARSER + "_Reader.continuation re-concatenates the value per line",
    "links_clean_code_url_closing_parens": "bug in tui.links.clean_code_url, reported: "
    "counts brackets once per stripped char",
}


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
