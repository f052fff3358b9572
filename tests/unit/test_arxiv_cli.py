"""`arxiv-digest fetch`, and that `list`, `export` and `stats` never fetch."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from arxiv_api import FakeArxiv, Paper, serve
from arxiv_digests import write_day
from tui import cli, config
from tui.arxiv import command
from tui.arxiv.store import Store

NEW = [f"2412.{n:05d}" for n in range(1, 151)]  # 2024-12-19
OLD = [f"2412.{n:05d}" for n in range(501, 531)]  # 2024-12-18
UNKNOWN = ["2412.09990", "2412.09991"]  # listed in a digest, unknown to arXiv


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeArxiv]:
    monkeypatch.setattr(command, "INTERVAL", 0.05)
    with serve() as server:
        server.add(*(Paper(i, summary=f"About {i}.") for i in NEW + OLD))
        set_config(f'arxiv_api = "{server.url}"\n')
        yield server


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "digests"
    write_day(folder, "2024-12-19", NEW + UNKNOWN)
    write_day(folder, "2024-12-18", OLD)
    return folder


def set_config(text: str) -> None:
    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_fetch_fills_the_store_newest_day_first_in_batches(
    fake: FakeArxiv, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["fetch", str(library)]) == 0
    assert [len(s.ids) for s in fake.seen] == [100, 82]  # full batches, across days
    assert fake.seen[0].ids == NEW[:100]  # newest day first, in file order
    assert fake.seen[1].ids == NEW[100:] + UNKNOWN + OLD
    err = capsys.readouterr().err
    assert "182 paper(s) to cover, 0 already stored or known absent, 182 to fetch" in err
    assert "[" + "#" * 24 + "] 182/182 abstracts, 0 s left" in err
    assert "fetched 180 record(s); 2 id(s) arXiv does not know" in err
    with Store() as store:
        assert store.get([NEW[0]])[NEW[0]].abstract == f"About {NEW[0]}."
        assert store.missing(NEW + OLD + UNKNOWN) == []
    assert cli.main(["fetch", str(library)]) == 0  # nothing left: no request
    assert len(fake.seen) == 2
    assert "182 already stored or known absent, 0 to fetch" in capsys.readouterr().err


def test_since_and_limit(fake: FakeArxiv, library: Path) -> None:
    assert cli.main(["fetch", str(library), "--since", "2024-12-19", "--limit", "120"]) == 0
    assert [len(s.ids) for s in fake.seen] == [100, 20]
    assert all(i in NEW + UNKNOWN for s in fake.seen for i in s.ids)


def test_offline_and_off_send_nothing(
    fake: FakeArxiv, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["fetch", str(library), "--offline"]) == 0
    assert "--offline: nothing fetched (it would take 2 request(s)" in capsys.readouterr().err
    set_config(f'arxiv_api = "{fake.url}"\nfetch_abstracts = "off"\n')
    assert cli.main(["fetch", str(library)]) == 0
    err = capsys.readouterr().err
    assert 'fetch_abstracts = "off"' in err and '(set it to "auto")' in err
    assert fake.seen == []


def test_list_export_and_stats_never_fetch(fake: FakeArxiv, library: Path) -> None:
    for argv in (
        ["list", str(library), "--format", "jsonl"],
        ["export", str(library), "--format", "bibtex"],
        ["stats", str(library)],
    ):
        assert cli.main(argv) == 0
    assert fake.seen == []


def test_unreachable_arxiv_exits_1_and_keeps_nothing_half_done(
    library: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(command, "INTERVAL", 0.05)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    set_config(f'arxiv_api = "http://127.0.0.1:{port}/api/query"\n')
    assert cli.main(["fetch", str(library)]) == 1
    err = capsys.readouterr().err
    assert "arXiv unreachable (cannot reach 127.0.0.1" in err
    assert "0 of 182 fetched and kept; run the command again to go on" in err


@pytest.mark.parametrize("argv", [["--since", "yesterday"], ["--limit", "-3"], ["--bogus"]])
def test_usage_errors_exit_2(argv: list[str]) -> None:
    assert cli.main(["fetch", *argv]) == 2
