"""Only the UI imports Textual or Rich: every other module of the package, found by walking the
package, is imported alone in a fresh interpreter and must pull in neither."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import tui

# The UI: the app, its screens and widgets, and the screenshot maker (it runs the app).
UI_MODULES = ("tui.app", "tui.screenshots")
UI_PACKAGES = ("tui.screens", "tui.widgets")
FORBIDDEN = ("textual", "rich")

PROBE = """
import importlib, sys
importlib.import_module(sys.argv[1])
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[2].split(","))))
"""


def is_ui(name: str) -> bool:
    return name in UI_MODULES or any(
        name == package or name.startswith(package + ".") for package in UI_PACKAGES
    )


def all_modules() -> list[str]:
    """Every module and package of tui, found on disk (importing its packages to look inside)."""
    found = ["tui"]
    for info in pkgutil.walk_packages(tui.__path__, "tui.", onerror=unimportable):
        found.append(info.name)
    return found


def unimportable(name: str) -> None:
    raise AssertionError(f"{name} cannot be imported")


def probe(module: str) -> tuple[str, int, str, str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, module, ",".join(FORBIDDEN)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return module, done.returncode, done.stdout.strip(), done.stderr.strip()


def test_the_walk_finds_every_module() -> None:
    modules = all_modules()
    for name in ("tui.parser.fast", "tui.search.index", "tui.cache.store", "tui.__main__"):
        assert name in modules, name
    assert "tui.screens.main" in modules and is_ui("tui.screens.main")
    assert not is_ui("tui.screensaver") and not is_ui("tui.cli")


def test_no_module_but_the_ui_imports_textual_or_rich() -> None:
    core = [name for name in all_modules() if not is_ui(name)]  # tui.cli too: `list` is fast
    assert len(core) > 30
    # Each in a fresh interpreter, a few at once (an import takes ~0.1 s; there are ~50).
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(probe, core))
    broken = {module: err.splitlines()[-1:] for module, code, _, err in results if code != 0}
    assert not broken, f"modules that fail to import alone: {broken}"
    offenders = {module: out for module, _, out, _ in results if out}
    assert not offenders, f"modules that import {' or '.join(FORBIDDEN)}: {offenders}"


# What the reader's start does before its first frame: the command, the app, the cache opened.
START = """
import sys, tempfile
from pathlib import Path
import tui.cli, tui.app, tui.reader.abstracts, tui.state_writer
from tui.cache import Cache
Cache(Path(tempfile.mkdtemp()) / "cache.sqlite3").close()
print(",".join(sorted(sys.modules)))
"""
# Modules a warm start does not need before its first frame (each cost 2-8 ms there): the
# parser pool, the parser (a warm open parses nothing), the search engine and its query
# language (the cache needs only the index's SQL function), the day picker.
NOT_AT_START = (
    "multiprocessing",
    "tui.parser",
    "tui.search.engine",
    "tui.query",
    "tui.screens.dialogs.day_picker",
)


def test_the_reader_starts_without_what_its_first_frame_does_not_need(tmp_path: Path) -> None:
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", START], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.strip().split(","))
    assert "textual.app" in loaded and "tui.search.index" in loaded  # the probe did its work
    assert not [name for name in NOT_AT_START if name in loaded]
