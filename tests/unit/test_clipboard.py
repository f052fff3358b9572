"""clipboard: real pyperclip and a real Textual App.copy_to_clipboard (OSC 52).

The system-clipboard success path needs an X server: these tests start a private Xvfb and use the
real xclip through pyperclip, and skip with a reason when Xvfb or xclip is not installed
(apt-get install xvfb xclip). The no-clipboard and stale-display paths run on any Linux machine.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyperclip
import pytest
from textual.app import App

from tui.clipboard import CopyResult, copy

URL = "https://arxiv.org/pdf/2401.03312v1"

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="clipboard detection is Linux's")


def use_clipboard_of_this_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make pyperclip pick its mechanism for the current (test) environment, as on first use."""
    pyperclip_copy, pyperclip_paste = pyperclip.determine_clipboard()
    monkeypatch.setattr(pyperclip, "copy", pyperclip_copy)
    monkeypatch.setattr(pyperclip, "paste", pyperclip_paste)


@pytest.fixture
def no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    """A headless session (SSH, container): pyperclip finds no clipboard."""
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    use_clipboard_of_this_environment(monkeypatch)


@pytest.fixture
def x_display(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private X server with xclip, so pyperclip has a real system clipboard."""
    if not (shutil.which("Xvfb") and shutil.which("xclip")):
        pytest.skip("needs Xvfb and xclip for a real X clipboard (apt-get install xvfb xclip)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp", "-screen", "0", "320x200x24"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as ready:
        number = ready.readline().strip()  # Xvfb writes its display number once it accepts clients
    if not number:
        server.kill()
        pytest.skip("Xvfb did not start")
    display = f":{number}"
    monkeypatch.setenv("DISPLAY", display)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    use_clipboard_of_this_environment(monkeypatch)
    yield display
    stop_xclip_owners(display)
    server.terminate()
    server.wait(timeout=10)


def stop_xclip_owners(display: str) -> None:
    """End the xclip processes our copies left serving the selection on our private display.

    Otherwise they print "X connection broken" into the test output when the server stops.
    """
    for proc in Path("/proc").iterdir():
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
            environ = (proc / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv[0].endswith(b"xclip") and f"DISPLAY={display}".encode() in environ:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(proc.name), signal.SIGTERM)


def x_clipboard() -> str:
    """What another X client sees in the clipboard."""
    done = subprocess.run(
        ["xclip", "-selection", "clipboard", "-o"], capture_output=True, timeout=10
    )
    return done.stdout.decode()


def test_nothing_to_copy() -> None:
    app = App()
    result = copy("", app.copy_to_clipboard, what="code link")
    assert result == CopyResult(False, "none", "Nothing to copy: no code link")
    assert app.clipboard == ""


# --- without any system clipboard -------------------------------------------------------------


@linux_only
def test_no_system_clipboard_falls_back_to_the_terminal(no_display) -> None:
    app = App()
    result = copy(URL, app.copy_to_clipboard, what="PDF link")
    assert result == CopyResult(
        True, "terminal", "Copied PDF link via the terminal (OSC 52); no system clipboard found"
    )
    assert app.clipboard == URL


@linux_only
def test_no_clipboard_and_no_terminal_says_to_copy_by_hand(no_display) -> None:
    result = copy(URL, None, what="PDF link")
    assert not result.ok
    assert result.via == "none"
    assert "no system clipboard found" in result.message
    assert "by hand" in result.message


@linux_only
def test_a_failing_terminal_copy_is_reported_not_raised(no_display) -> None:
    def broken_terminal(text: str) -> None:
        raise OSError("terminal went away")

    result = copy(URL, broken_terminal, what="PDF link")
    assert not result.ok
    assert "terminal copy failed (OSError)" in result.message
    assert "by hand" in result.message


@linux_only
def test_terminal_mode_does_not_mention_the_system_clipboard(no_display) -> None:
    app = App()
    result = copy(URL, app.copy_to_clipboard, what="PDF link", mode="terminal")
    assert result == CopyResult(True, "terminal", "Copied PDF link via the terminal (OSC 52)")
    assert app.clipboard == URL


@linux_only
def test_system_mode_never_uses_the_terminal(no_display) -> None:
    app = App()
    result = copy(URL, app.copy_to_clipboard, what="PDF link", mode="system")
    assert not result.ok
    assert "no system clipboard found" in result.message
    assert app.clipboard == ""


@linux_only
def test_unknown_mode_means_auto(no_display) -> None:
    app = App()
    assert copy(URL, app.copy_to_clipboard, mode="carrier-pigeon").via == "terminal"
    assert app.clipboard == URL


async def test_terminal_copy_through_a_running_app(no_display) -> None:
    app = App()
    async with app.run_test():
        result = copy(URL, app.copy_to_clipboard, what="PDF link")
    assert result.ok
    assert app.clipboard == URL


@linux_only
def test_stale_display_is_caught_by_reading_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """xclip exits quietly when DISPLAY names no server; pyperclip would claim success."""
    if not shutil.which("xclip"):
        pytest.skip("needs xclip")
    number = next(n for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    monkeypatch.setenv("DISPLAY", f":{number}")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    use_clipboard_of_this_environment(monkeypatch)
    app = App()
    result = copy(URL, app.copy_to_clipboard, what="PDF link")
    assert result == CopyResult(
        True,
        "terminal",
        "Copied PDF link via the terminal (OSC 52); the system clipboard did not take it",
    )


# --- with a real X clipboard ------------------------------------------------------------------


def test_auto_uses_both_ways(x_display) -> None:
    app = App()
    result = copy(URL, app.copy_to_clipboard, what="PDF link")
    assert result == CopyResult(
        True, "system+terminal", "Copied PDF link (system clipboard and terminal)"
    )
    assert x_clipboard() == URL
    assert app.clipboard == URL


def test_system_only(x_display) -> None:
    app = App()
    title = "利用数据层次结构作为对比学习的新模式 — “quoted” 📄"
    result = copy(title, app.copy_to_clipboard, what="title", mode="system")
    assert result == CopyResult(True, "system", "Copied title to the system clipboard")
    assert x_clipboard() == title
    assert app.clipboard == ""


def test_terminal_only_leaves_the_system_clipboard_alone(x_display) -> None:
    copy("earlier", None, mode="system")
    app = App()
    result = copy(URL, app.copy_to_clipboard, mode="terminal")
    assert result.via == "terminal"
    assert x_clipboard() == "earlier"
    assert app.clipboard == URL


def test_system_clipboard_without_terminal(x_display) -> None:
    result = copy(URL, None, what="PDF link")
    assert result == CopyResult(True, "system", "Copied PDF link to the system clipboard")
    assert x_clipboard() == URL
