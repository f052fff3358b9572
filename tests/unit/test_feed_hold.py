"""The loader waits for the reader's first frame after the first day (issue 15: a warm library
built in the loader's thread held the interpreter lock while the first frame was drawn)."""

from __future__ import annotations

import time
from pathlib import Path

from tui.library import DayLoaded
from tui.reader.feed import PAINT_WAIT, LibraryFeed

FORMATS = Path(__file__).parents[1] / "fixtures" / "formats"


def test_after_the_first_day_the_loader_waits_until_painted(tmp_path: Path) -> None:
    feed = LibraryFeed.over_paths([FORMATS], tmp_path / "cache.sqlite3", hold_first_day=True)
    assert feed.wait_first_day(10)
    time.sleep(0.2)
    held = feed.drain()
    assert held and sum(isinstance(e, DayLoaded) for e in held) == 1
    feed.painted()
    assert feed.wait_done(10)
    rest = feed.drain()
    assert sum(isinstance(e, DayLoaded) for e in rest) >= 1  # the other days came after


def test_without_a_frame_the_loader_goes_on_after_the_wait(tmp_path: Path) -> None:
    feed = LibraryFeed.over_paths([FORMATS], tmp_path / "cache.sqlite3", hold_first_day=True)
    began = time.monotonic()
    assert feed.wait_done(10)
    assert time.monotonic() - began < PAINT_WAIT + 5
    assert sum(isinstance(e, DayLoaded) for e in feed.drain()) > 1
