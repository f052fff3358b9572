"""Abstracts from arXiv in the real reader (Pilot), against a local stand-in of the API.

A paper without an abstract asks for its day's ids in the background (the shown paper first);
the pane fills in place, marked as from arXiv; the header shows the progress; keys never wait;
failures give one notice and the pane says why; `A` tries again; "off" sends nothing.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from ui_helpers import SIZE, Recorder, screen_text, settle, settle_library

from arxiv_api import Answer, FakeArxiv, Paper, serve
from arxiv_digests import write_day
from tui.app import ReaderApp, build_app, open_feed
from tui.reader.abstracts import Abstracts
from tui.state import StateStore
from tui.widgets.paper_detail import PaperDetail
from tui.widgets.search_bar import SearchBar

IDS = [f"2412.{n:05d}" for n in range(1, 151)]
UNKNOWN = "2412.09999"
SUMMARY = (
    "We fold  proteins\n  with $\\mathcal{O}(n)$ memory [@click=app.quit]no[/]\u009b31m \u202eok."
)
SHOWN = "We fold proteins with $\\mathcal{O}(n)$ memory [@click=app.quit]no[/]31m ok."
AUTHORS = tuple(f"Author {n}" for n in range(1, 13))


@pytest.fixture
def fake() -> Iterator[FakeArxiv]:
    with serve() as server:
        server.add(
            *(Paper(i, summary=f"Abstract of {i}.") for i in IDS[1:]),
            Paper(
                IDS[0],
                summary=SUMMARY,
                authors=AUTHORS,
                comment="Accepted at ICLR 2025",
                journal_ref="J. Folding 3 (2025) 1-9",
                doi="10.1000/fold.42",
            ),
        )
        yield server


@pytest.fixture
def digest(tmp_path: Path) -> Path:
    return write_day(tmp_path / "d", "2024-12-19", [*IDS, UNKNOWN])


@pytest.fixture
def app_for(digest: Path) -> Iterator:
    stores: list[StateStore] = []

    def make(abstracts: Abstracts) -> ReaderApp:
        store = StateStore()
        stores.append(store)
        feed = open_feed([digest.parent])
        assert feed.wait_done(60)
        return build_app(feed, store, abstracts=abstracts)

    yield make
    for store in stores:
        store.close()


def pane(app: ReaderApp, name: str) -> str:
    return app.screen.query_one(PaperDetail).query_one(f"#detail-{name}").render().plain


async def wait_for(pilot: Pilot, check, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        await pilot.pause(0.05)


async def test_the_pane_fills_in_place_marked_as_from_arxiv(fake: FakeArxiv, app_for) -> None:
    fake.script = [Answer(), Answer(delay=1.5)]  # the second batch is slow: progress shows
    app = app_for(Abstracts("auto", api=fake.url, interval=0.05))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: "arXiv" in pane(app, "original"))
        original = pane(app, "original")
        assert original.startswith("Abstract  · from arXiv\n")
        assert SHOWN in original
        assert fake.seen[0].ids[0] == IDS[0]  # the shown paper's batch first
        assert len(fake.seen[0].ids) == 100
        await wait_for(pilot, lambda: len(fake.seen) == 2)
        await pilot.pause(0.1)
        assert "⟳ abstracts 100/151" in screen_text(app)
        started = time.monotonic()
        await pilot.press("j")  # the slow request is under way: keys do not wait for it
        await pilot.press("k")
        assert time.monotonic() - started < 1.0
        meta, extras = pane(app, "meta"), pane(app, "extras")
        assert "Author 1, Author 2" in meta and "Author 12" in meta
        assert "Comment Accepted at ICLR 2025" in extras
        assert "Journal J. Folding 3 (2025) 1-9" in extras
        assert "DOI     10.1000/fold.42" in extras
        await wait_for(pilot, lambda: "abstracts" not in screen_text(app))
        assert [len(s.ids) for s in fake.seen] == [100, 51]
        await pilot.press("t")  # translation: the digest has none of this abstract
        await settle(pilot)
        assert "The digest has no translation of this abstract" in pane(app, "translation")
        await pilot.press("t")  # both: the original, and the same words about the translation
        await settle(pilot)
        assert SHOWN in pane(app, "original")
        assert "no translation of this abstract" in pane(app, "translation")
        await pilot.press("t", "end")  # the unknown id, last in the list
        await settle(pilot)
        assert "arXiv does not know this id" in pane(app, "original")
    assert len(fake.seen) == 2  # nothing asked twice


async def test_a_failure_gives_one_notice_and_fetching_resumes_by_itself(
    fake: FakeArxiv, app_for
) -> None:
    fake.script = [Answer(503)] * 3 + [Answer(cut=300)] * 2  # the client retries 503 twice
    recorder = Recorder()
    app = app_for(Abstracts("auto", api=fake.url, interval=0.05, retry_delay=0.3))
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: "unreachable" in pane(app, "original"))
        assert "A tries again" in pane(app, "original")
        await wait_for(pilot, lambda: "from arXiv" in pane(app, "original"))
        notices = [t for t in recorder.texts if "unreachable" in t]
        assert notices == ["arXiv: arXiv unreachable: abstracts not fetched; A tries again"]
        assert len(fake.seen) >= 6


async def test_a_retries_at_once(app_for, tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    abstracts = Abstracts(
        "auto", api=f"http://127.0.0.1:{port}/api/query", interval=0.05, retry_delay=600
    )
    recorder = Recorder()
    app = app_for(abstracts)
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: "cannot reach 127.0.0.1" in pane(app, "original"))
        with serve(port=port) as server:  # arXiv is back; the next try is 10 min away
            server.add(Paper(IDS[0], summary="Back again."))
            await pilot.press("A")
            await wait_for(pilot, lambda: "Back again." in pane(app, "original"))
        assert any("Fetching abstracts from arXiv again" in t for t in recorder.texts)


async def test_off_sends_nothing_and_says_how_to_turn_it_on(fake: FakeArxiv, app_for) -> None:
    recorder = Recorder()
    app = app_for(Abstracts("off", api=fake.url, interval=0.05))
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        for key in ("j", "j", "end", "A"):
            await pilot.press(key)
        await settle(pilot)
        await pilot.pause(0.3)
        assert 'fetch_abstracts = "off"' in pane(app, "original")
        assert 'set it to "auto"' in pane(app, "original")
        assert any('fetch_abstracts = "off"' in t for t in recorder.texts)
    assert fake.seen == []


async def test_search_finds_words_of_fetched_abstracts(
    fake: FakeArxiv, app_for, digest: Path
) -> None:
    """Stored earlier (as `arxiv-digest fetch` does) for a day not shown, and fetched now for
    the day shown: both are searchable."""
    from tui.arxiv.record import Record
    from tui.arxiv.store import Store

    write_day(digest.parent, "2024-12-18", ["2412.05000"])
    with Store() as store:
        store.put([Record("2412.05000", 1, "T", ("A",), "Zygomorphic flowers, stored before.")])
    fake.papers[IDS[0]].summary = "Quasicrystalline lattices, fetched now."
    app = app_for(Abstracts("auto", api=fake.url, interval=0.05))
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await wait_for(pilot, lambda: "Quasicrystalline" in pane(app, "original"))
        await wait_for(pilot, lambda: app.screen.session.abstracts.progress is None)
        for word, aid in (("zygomorphic", "2412.05000"), ("quasicrystal", IDS[0])):
            await pilot.press("slash")
            app.screen.query_one(SearchBar).input.value = word
            await settle(pilot)
            await wait_for(pilot, lambda: app.screen.session.search.found is not None)
            rows = app.screen.session.rows
            assert [e.paper.arxiv_id for e in rows] == [aid], word
            await pilot.press("escape")
            await settle(pilot)


async def test_a_damaged_store_is_rebuilt_and_the_reader_says_so(fake: FakeArxiv, app_for) -> None:
    from tui.arxiv.store import default_path

    default_path().parent.mkdir(parents=True, exist_ok=True)
    default_path().write_bytes(b"garbage, not SQLite" * 100)
    recorder = Recorder()
    app = app_for(Abstracts("auto", api=fake.url, interval=0.05))
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: "from arXiv" in pane(app, "original"))
        await settle(pilot)
        damaged = [t for t in recorder.texts if "was damaged" in t]
        assert len(damaged) == 1 and "started afresh" in damaged[0]
