"""`arxiv-digest fetch` as a real process, with the program's own 3-second spacing: the spacing
the server sees, and Ctrl+C keeping every batch that came."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from arxiv_api import FakeArxiv, Paper, serve
from arxiv_digests import write_day

IDS = [f"2412.{n:05d}" for n in range(1, 251)]


@pytest.fixture
def fake(isolated_dirs: object) -> Iterator[FakeArxiv]:
    with serve() as server:
        server.add(*(Paper(i) for i in IDS))
        path = Path(os.environ["XDG_CONFIG_HOME"]) / "arxiv-digest-tui" / "config.toml"
        path.parent.mkdir(parents=True)
        path.write_text(f'arxiv_api = "{server.url}"\n', encoding="utf-8")
        yield server


def fetch(folder: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tui", "fetch", str(folder), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_the_default_spacing_is_three_seconds(fake: FakeArxiv, tmp_path: Path) -> None:
    write_day(tmp_path / "d", "2024-12-19", IDS[:150])
    proc = fetch(tmp_path / "d")
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert [len(s.ids) for s in fake.seen] == [100, 50]
    gap = fake.seen[1].at - fake.seen[0].done_at
    print(f"\ndefault spacing measured by the server: {gap:.3f} s")
    assert gap >= 3.0 - 0.01
    assert "fetched 150 record(s)" in err


def test_ctrl_c_keeps_what_came_and_the_next_run_goes_on(fake: FakeArxiv, tmp_path: Path) -> None:
    write_day(tmp_path / "d", "2024-12-19", IDS)
    proc = fetch(tmp_path / "d")
    deadline = time.monotonic() + 30
    while not (fake.seen and fake.seen[0].done_at) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # the answer stored; the next request waits for its 3 s
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "interrupted: 100 of 250 fetched and kept" in err
    assert "Traceback" not in err
    assert len(fake.seen) == 1
    again = fetch(tmp_path / "d", "--offline")
    _out, err = again.communicate(timeout=30)
    assert again.returncode == 0
    assert "250 paper(s) to cover, 100 already stored or known absent, 150 to fetch" in err
    resumed = fetch(tmp_path / "d")
    _out, err = resumed.communicate(timeout=60)
    assert resumed.returncode == 0, err
    assert [len(s.ids) for s in fake.seen] == [100, 100, 50]
    assert not set(fake.seen[0].ids) & set(itertools.chain(*(s.ids for s in fake.seen[1:])))
