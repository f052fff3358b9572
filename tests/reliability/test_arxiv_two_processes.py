"""Two instances of the program together keep arXiv's spacing (one request at a time, every
`interval` seconds), through the lock and the schedule in the shared cache folder.

A second Python process (a real one, not a thread) fetches from the same local server as this
one; the server records when each request arrived and when its answer went out.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from arxiv_api import FakeArxiv, Paper, Seen, serve
from tui.arxiv.client import Client

INTERVAL = 0.3
REQUESTS = 6  # per process

CHILD = """
import sys
from pathlib import Path
from tui.arxiv.client import Client

url, folder, interval, count = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
client = Client(url, folder=folder, interval=interval)
print("ready", flush=True)
for n in range(count):
    client.fetch([f"2403.1{n:04d}"])
print("done", flush=True)
"""


@pytest.fixture
def fake() -> Iterator[FakeArxiv]:
    with serve() as server:
        server.add(*(Paper(f"2403.{n:05d}") for n in range(20000)))
        yield server


def run_both(fake: FakeArxiv, parent_folder: Path, child_folder: Path) -> list[Seen]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, fake.url, str(child_folder), str(INTERVAL), str(REQUESTS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    client = Client(fake.url, folder=parent_folder, interval=INTERVAL)
    worker = threading.Thread(
        target=lambda: [client.fetch([f"2403.0{n:04d}"]) for n in range(REQUESTS)]
    )
    worker.start()
    _out, err = child.communicate(timeout=60)
    worker.join(60)
    assert child.returncode == 0, err
    return sorted(fake.seen, key=lambda seen: seen.at)


def gaps(seen: list[Seen]) -> list[float]:
    """Time from one answer's end to the next request's arrival (negative: they overlapped)."""
    return [b.at - a.done_at for a, b in itertools.pairwise(seen)]


def test_two_processes_sharing_the_cache_folder_keep_the_spacing(
    fake: FakeArxiv, tmp_path: Path
) -> None:
    folder = tmp_path / "cache"
    seen = run_both(fake, folder, folder)
    assert len(seen) == 2 * REQUESTS
    owners = ["child" if s.ids[0].startswith("2403.1") else "parent" for s in seen]
    assert owners.count("child") == REQUESTS and owners.count("parent") == REQUESTS
    assert len(set(itertools.pairwise(owners))) > 1  # they really took turns
    spacing = gaps(seen)
    starts = [b.at - a.at for a, b in itertools.pairwise(seen)]
    print(
        f"\nshared folder: end→next start min {min(spacing):.3f} s, start→start min "
        f"{min(starts):.3f} s, interval {INTERVAL} s"
    )
    assert min(spacing) >= INTERVAL - 0.01, spacing  # and > 0: never two connections at once


def test_without_the_shared_folder_the_spacing_breaks(fake: FakeArxiv, tmp_path: Path) -> None:
    """The control: separate folders, separate schedules; shows the test above can fail."""
    seen = run_both(fake, tmp_path / "one", tmp_path / "two")
    spacing = gaps(seen)
    print(f"\nseparate folders: end→next start min {min(spacing):.3f} s")
    assert min(spacing) < INTERVAL * 0.9
