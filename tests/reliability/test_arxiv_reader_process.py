"""The real reader (`python -m tui`) in a pseudo-terminal with abstracts from a local arXiv:
it fetches in the background, quits at once even with a request under way, shows no
traceback, and with --offline sends nothing."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pty_app import PtyApp, wait_until

from arxiv_api import Answer, FakeArxiv, Paper, serve
from arxiv_digests import write_day

IDS = [f"2412.{n:05d}" for n in range(1, 41)]


@pytest.fixture
def fake(isolated_dirs: object) -> Iterator[FakeArxiv]:
    with serve() as server:
        server.add(*(Paper(i, summary=f"Fetched words of {i}.") for i in IDS))
        path = Path(os.environ["XDG_CONFIG_HOME"]) / "arxiv-digest-tui" / "config.toml"
        path.parent.mkdir(parents=True)
        path.write_text(f'arxiv_api = "{server.url}"\n', encoding="utf-8")
        yield server


def test_the_reader_fetches_in_the_background_and_quits_at_once(
    fake: FakeArxiv, tmp_path: Path
) -> None:
    digest = write_day(tmp_path / "d", "2024-12-19", IDS)
    fake.script = [Answer(delay=8.0)]  # the first answer is slow: quit while it is under way
    app = PtyApp([str(digest)], dict(os.environ))
    try:
        app.wait_for_text("40 papers")
        wait_until(lambda: fake.seen, "the first request")
        assert fake.seen[0].ids[0] == IDS[0] and len(fake.seen[0].ids) == 40
        app.press("j", "j")  # keys work while the request waits for its answer
        started = time.monotonic()
        assert app.quit() == 0
        assert time.monotonic() - started < 5.0
        assert "Traceback" not in app.text()
    finally:
        app.close()


def test_offline_sends_nothing(fake: FakeArxiv, tmp_path: Path) -> None:
    digest = write_day(tmp_path / "d", "2024-12-19", IDS)
    app = PtyApp(["--offline", str(digest)], dict(os.environ))
    try:
        app.wait_for_text("40 papers")
        app.wait_for_text("--offline")  # the pane says why there is no abstract
        app.press("j", "j", "A")
        time.sleep(0.5)
        assert app.quit() == 0
    finally:
        app.close()
    assert fake.seen == []
