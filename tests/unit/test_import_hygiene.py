"""The core modules never import Textual: each is imported alone in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE_MODULES = [
    "tui.model",
    "tui.parser",
    "tui.text",
    "tui.paths",
    "tui.config",
    "tui.state",
    "tui.clipboard",
    "tui.links",
    "tui.library",
    "tui.cache",
    "tui.search",
    "tui.export",
    "tui.days",
    "tui.query",
    "tui.stats",
    "tui.writer",
    "tui.cells",
    "tui.names",
    "tui.wrap",
    "tui.category_tree",
    "tui.cli",  # `arxiv-digest list` must not pay for Textual
]

PROBE = """
import importlib, sys
importlib.import_module(sys.argv[1])
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] == "textual")))
"""


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, module], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"{module} imports Textual: {done.stdout.strip()}"
