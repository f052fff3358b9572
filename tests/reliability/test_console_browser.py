"""`o` with a browser that runs in the terminal (w3m, lynx...): the reader hands the terminal over
and takes it back. The browser here is a small program named w3m that behaves as one does on the
terminal it is given (a real w3m would go to the internet for the arXiv link): it draws, reads a
line typed on the terminal, logs it with the URL and exits."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from pty_app import PAPERS, SAMPLE, PtyApp, read_marks, wait_until

CONSOLE_BROWSER = """\
import sys
print("W3M-RUNNING", sys.argv[1], flush=True)
typed = sys.stdin.readline()
with open({log!r}, "a", encoding="utf-8") as log:
    log.write(sys.argv[1] + " " + typed)
"""


def test_a_console_browser_gets_the_terminal_and_gives_it_back(
    digest: Path, isolated_dirs, tmp_path: Path
) -> None:
    """Before: the reader kept drawing while w3m ran, and keys went to either."""
    log = tmp_path / "w3m.log"
    browser = tmp_path / "bin" / "w3m"
    browser.parent.mkdir()
    browser.write_text(f"#!{sys.executable}\n" + CONSOLE_BROWSER.format(log=str(log)))
    browser.chmod(browser.stat().st_mode | stat.S_IXUSR)
    app = PtyApp([str(digest)], {**os.environ, "BROWSER": str(browser)})
    try:
        app.wait_for_text(f"{PAPERS} papers")
        before = len(app.output)
        app.press("o")
        wait_until(lambda: b"W3M-RUNNING" in app.output[before:], "the browser on the terminal")
        handed = app.output[before:]
        assert handed.index(b"\x1b[?1049l") < handed.index(b"W3M-RUNNING")  # screen given up
        app.press("r", "\r")  # typed into the browser: the reader must not mark anything
        wait_until(lambda: log.exists() and log.read_text().endswith("\n"), "the browser's log")
        assert log.read_text() == "https://arxiv.org/pdf/2402.10896v1 r\n"
        ran = app.output.index(b"W3M-RUNNING")
        wait_until(lambda: b"\x1b[?1049h" in app.output[ran:], "the reader back on its screen")
        app.wait_for_words("Opened the PDF link")
        assert read_marks(isolated_dirs.data) == set()
        app.press("r")
        app.wait_for_text(f"{PAPERS - 1} unread")
        assert app.quit() == 0
    finally:
        app.kill()


async def test_where_the_terminal_cannot_be_handed_over_the_reader_says_so(
    isolated_dirs, tmp_path: Path, monkeypatch
) -> None:
    import webbrowser

    from textual.notifications import Notify

    from tui.app import build_app, open_feed
    from tui.state import StateStore

    log = tmp_path / "w3m.log"
    browser = tmp_path / "bin" / "w3m"
    browser.parent.mkdir()
    browser.write_text(f"#!{sys.executable}\n" + CONSOLE_BROWSER.format(log=str(log)))
    browser.chmod(browser.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("BROWSER", str(browser))
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # read BROWSER again, as a new process
    monkeypatch.setattr(webbrowser, "_browsers", {})
    said: list[str] = []

    def record(message: object) -> None:
        if isinstance(message, Notify):
            said.append(message.notification.message)

    feed = open_feed([SAMPLE])
    with StateStore() as store:
        app = build_app(feed, store)
        try:
            async with app.run_test(size=(120, 40), message_hook=record) as pilot:
                while app.session.day is None:
                    await pilot.pause(0.05)
                await pilot.press("o")
                await pilot.pause(0.2)
        finally:
            feed.stop(5)
    assert any("w3m runs in the terminal" in text for text in said), said
    assert not log.exists()  # never started under a screen it would fight over
