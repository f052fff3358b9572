"""UI fixtures: the real app over real digests, with its state in the per-test XDG folders.

tests/conftest.py (autouse) already points HOME and XDG_* at tmp_path; everything here builds on
that, so no test reads or writes the real home.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from library_fixture import FixtureLibrary, write_library
from ui_helpers import HOSTILE_DIGEST, SAMPLE, Recorder

from tui import paths
from tui.app import ReaderApp, build_app, open_feed
from tui.library import Library
from tui.reader.feed import EventSource, LibraryFeed
from tui.state import StateStore
from tui.triage.records import Rule


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
        rules: Sequence[Rule] = (),
        keys: object = None,
    ) -> ReaderApp:
        """The app reads `paths` (default: the digests, else the sample) in its loader thread, as
        the command does; without `paths` the loader has read everything before the app starts
        (the test sees the whole library at once). `library`: a library made in memory."""
        store = StateStore()
        stores.append(store)
        if library is not None:
            return build_app(LibraryFeed.of_library(library), store, rules=rules, keys=keys)
        if paths is not None:
            return build_app(
                open_feed(paths, load_events=load_events), store, rules=rules, keys=keys
            )
        feed = open_feed(list(digests) or [SAMPLE])
        assert feed.wait_done(60), "the loader did not finish"
        return build_app(feed, store, rules=rules, keys=keys)

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
