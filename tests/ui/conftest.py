"""UI fixtures: the real app over real digests, with its state in the per-test XDG folders.

tests/conftest.py (autouse) already points HOME and XDG_* at tmp_path; everything here builds on
that, so no test reads or writes the real home.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from library_fixture import FixtureLibrary, write_library
from ui_helpers import HOSTILE_DIGEST, SAMPLE, Recorder

from tui import paths
from tui.app import ReaderApp, build_app
from tui.library import Library, open_library
from tui.screens.loader import EventSource
from tui.state import StateStore


@pytest.fixture
def state_path(isolated_dirs: object) -> Path:
    """Where the app keeps its state by default (under the test's XDG_DATA_HOME)."""
    return paths.data_dir() / "state.sqlite3"


@pytest.fixture
def hostile_path(tmp_path: Path) -> Path:
    path = tmp_path / "2024-02-16.md"
    path.write_text(HOSTILE_DIGEST, encoding="utf-8")
    return path


@pytest.fixture
def make_app() -> Iterator[Callable[..., ReaderApp]]:
    """Build the real app over digest files (default: the bundled sample) and a real store."""
    stores: list[StateStore] = []

    def make(
        *digests: Path,
        library: Library | None = None,
        paths: list[Path] | None = None,
        load_events: EventSource | None = None,
    ) -> ReaderApp:
        """`paths`: the app reads them in its loader thread, as the command does."""
        store = StateStore()
        stores.append(store)
        if paths is not None:
            return build_app(paths, store, load_events=load_events)
        return build_app(library or open_library(list(digests) or [SAMPLE]), store)

    yield make
    for store in stores:
        store.close()


@pytest.fixture
def days(tmp_path: Path) -> FixtureLibrary:
    """A folder of four dated digests (see library_fixture)."""
    return write_library(tmp_path / "library")


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()
