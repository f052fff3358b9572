"""The terminal and the signals a session ends with, in a real pseudo-terminal.

SIGTERM and SIGHUP save, leave the alternate screen, turn mouse tracking off and exit; a terminal
closed under an app that ignores SIGHUP (nohup, runuser) is noticed and the app exits instead of
spinning; a byte that is not UTF-8 from the terminal does not end the reader.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from pty_app import PAPERS, PtyApp, read_marks, start, wait_until

LEAVE_ALT_SCREEN = b"\x1b[?1049l"
MOUSE_OFF = (b"\x1b[?1000l", b"\x1b[?1003l", b"\x1b[?1006l")
EXIT_LIMIT = 5.0


def mark_one(app: PtyApp, data: Path) -> None:
    app.press("n", "r")
    app.wait_for_text(f"{PAPERS - 1} unread")
    wait_until(lambda: len(read_marks(data)) == 1, "the mark on disk")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_restores_the_terminal_and_exits(digest: Path, isolated_dirs, sig) -> None:
    """Before: SIGTERM left the terminal in the alternate screen with mouse tracking on."""
    app = start(digest)
    try:
        app.press("n", "r")  # a mark made right before the signal
        app.wait_for_text(f"{PAPERS - 1} unread")
        before = len(app.output)
        os.kill(app.process.pid, sig)
        began = time.monotonic()
        wait_until(lambda: not app.alive(), "the app to exit", EXIT_LIMIT)
        took = time.monotonic() - began
        after = app.output[before:]
    finally:
        app.kill()
    assert took < EXIT_LIMIT
    assert LEAVE_ALT_SCREEN in after, repr(after[-400:])
    for sequence in MOUSE_OFF:
        assert sequence in after, sequence
    assert app.process.returncode == 128 + sig
    assert b"Traceback" not in app.output
    assert len(read_marks(isolated_dirs.data)) == 1


def ignore_sighup() -> None:
    signal.signal(signal.SIGHUP, signal.SIG_IGN)


def test_a_closed_terminal_is_noticed_without_sighup(digest: Path, isolated_dirs) -> None:
    """Before: with SIGHUP ignored, the reader ran on at 125 % CPU after its terminal closed."""
    app = PtyApp([str(digest)], dict(os.environ), preexec_fn=ignore_sighup)
    try:
        app.wait_for_text(f"{PAPERS} papers")
        mark_one(app, isolated_dirs.data)
        app.close()  # the terminal window goes away
        began = time.monotonic()
        # wait4 gives the child's own CPU time: a spinning loop would burn seconds.
        _pid, status, usage = os.wait4(app.process.pid, 0) if _exits_within(app) else (0, 0, None)
        took = time.monotonic() - began
    finally:
        if app.alive():
            os.killpg(app.process.pid, signal.SIGKILL)
            app.process.wait(10)
    assert usage is not None, f"still running {EXIT_LIMIT} s after its terminal closed"
    assert took < EXIT_LIMIT
    assert usage.ru_utime + usage.ru_stime < 5.0  # start-up included; spinning burns far more
    assert os.waitstatus_to_exitcode(status) == 128 + signal.SIGHUP
    assert len(read_marks(isolated_dirs.data)) == 1


def _exits_within(app: PtyApp) -> bool:
    """Poll (without reaping) until the process is a zombie or gone, for EXIT_LIMIT seconds."""
    deadline = time.monotonic() + EXIT_LIMIT
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{app.process.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


def test_a_byte_that_is_not_utf8_does_not_end_the_reader(digest: Path, isolated_dirs) -> None:
    """Before: a Latin-1 "é" (0xE9) from the terminal ended the reader with a UnicodeDecodeError
    traceback and exit status 0."""
    app = start(digest)
    try:
        os.write(app.master, b"\xe9")  # Latin-1 é, or Meta+i in 8-bit mode
        time.sleep(0.3)
        # A UTF-8 lead byte alone in one read (cut off by the next key): it decodes to nothing
        # yet, and feeding "" to Textual's parser ended it (the next key raised ParseError).
        os.write(app.master, b"\xc3")
        time.sleep(0.3)
        mark_one(app, isolated_dirs.data)
        assert app.alive()
        code = app.quit()
    finally:
        app.kill()
    assert code == 0
    assert b"Traceback" not in app.output and b"UnicodeDecodeError" not in app.output


def process_state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_ctrl_z_suspends_to_the_shell_and_fg_comes_back(digest: Path, isolated_dirs) -> None:
    """Before: ctrl+z did nothing."""
    app = start(digest)
    try:
        before = len(app.output)
        app.press("\x1a")  # ctrl+z: the terminal is in raw mode, so it arrives as a key
        wait_until(lambda: process_state(app.process.pid) == "T", "the reader to stop")
        wait_until(lambda: LEAVE_ALT_SCREEN in app.output[before:], "the normal screen back")
        assert all(sequence in app.output[before:] for sequence in MOUSE_OFF)
        back = len(app.output)
        os.kill(app.process.pid, signal.SIGCONT)  # what the shell's `fg` sends
        wait_until(lambda: b"\x1b[?1049h" in app.output[back:], "the reader to take the screen")
        mark_one(app, isolated_dirs.data)
        code = app.quit()
    finally:
        app.kill()
    assert code == 0


def test_input_waits_exactly_until_a_lone_escape_is_due() -> None:
    """Textual's input loop looked at the parser every 0.1 s, so a lone Escape (held back 0.1 s
    in case a sequence follows) often came 0.2 s after the key. The reader's loop wakes when the
    parser's wait ends."""
    from textual import constants
    from textual._xterm_parser import XTermParser

    from tui.screens.terminal_driver import POLL, _wait

    parser = XTermParser()
    assert _wait(parser) == POLL  # nothing pending: the usual look every 0.1 s
    assert list(parser.feed("\x1b")) == []  # held back: maybe a sequence follows
    wait = _wait(parser)
    assert 0 < wait <= constants.ESCAPE_DELAY
    time.sleep(wait)
    keys = list(parser.tick())  # due now, not a look later
    assert [getattr(key, "key", None) for key in keys] == ["escape"]
