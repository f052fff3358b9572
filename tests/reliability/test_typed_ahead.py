"""Keys typed before the screen is up, or arriving in one read with `q`, never crash the reader.

The real command in a pseudo-terminal: a fast typist, a paste or an SSH link delivers several
keys in one read; each must be handled or ignored, never end in a traceback.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from pty_app import PAPERS, WAIT_S, PtyApp


def no_traceback(app: PtyApp) -> None:
    text = app.text()
    assert "Traceback" not in text and "NoMatches" not in text, app.tail()


def test_slash_typed_before_the_first_frame_is_no_crash(digest: Path) -> None:
    app = PtyApp([str(digest)], dict(os.environ))
    try:
        app.press("/", "d", "i", "f")  # at once, before the screen exists
        app.wait_for_text(f"{PAPERS} papers")
        for _ in range(2):  # out of the search box or the day picker, whichever the keys opened
            app.press("\x1b")
            time.sleep(0.3)  # a lone escape, not the start of an alt+key sequence
        assert app.quit() == 0, app.tail()
    finally:
        app.kill()
    no_traceback(app)


@pytest.mark.parametrize("second", ["d", "e", "?"])
def test_q_with_another_key_in_one_read_quits_cleanly(digest: Path, second: str) -> None:
    app = PtyApp([str(digest)], dict(os.environ))
    try:
        app.wait_for_text(f"{PAPERS} papers")
        os.write(app.master, ("q" + second).encode())  # one write: one read in the app
        app.process.wait(timeout=WAIT_S)
        assert app.process.returncode == 0, app.tail()
    finally:
        app.kill()
    no_traceback(app)
