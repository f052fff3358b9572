"""Shared fixtures. Each test gets its own HOME and XDG folders: nothing touches the real ones."""

from __future__ import annotations

import stat
import sys
import webbrowser
from dataclasses import dataclass
from pathlib import Path

import pyperclip
import pytest


@dataclass(frozen=True)
class IsolatedDirs:
    home: Path
    config: Path  # XDG_CONFIG_HOME
    data: Path  # XDG_DATA_HOME
    cache: Path  # XDG_CACHE_HOME


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> IsolatedDirs:
    """Point HOME and XDG_{CONFIG,DATA,CACHE}_HOME at tmp_path subfolders (only HOME exists)."""
    dirs = IsolatedDirs(
        home=tmp_path / "home",
        config=tmp_path / "xdg-config",
        data=tmp_path / "xdg-data",
        cache=tmp_path / "xdg-cache",
    )
    dirs.home.mkdir()
    monkeypatch.setenv("HOME", str(dirs.home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(dirs.config))
    monkeypatch.setenv("XDG_DATA_HOME", str(dirs.data))
    monkeypatch.setenv("XDG_CACHE_HOME", str(dirs.cache))
    return dirs


@pytest.fixture
def no_system_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a server or an SSH session looks like to pyperclip: no display, no wl-copy/xclip.

    Copies then go through the terminal (app.clipboard). pyperclip picks its mechanism once per
    process: it picks again here, for this environment.
    """
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    system_copy, system_paste = pyperclip.determine_clipboard()
    monkeypatch.setattr(pyperclip, "copy", system_copy)
    monkeypatch.setattr(pyperclip, "paste", system_paste)


@pytest.fixture
def browser_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real webbrowser module, with BROWSER a script that logs each URL it is asked to open."""
    log = tmp_path / "opened.txt"
    script = tmp_path / "logging-browser"
    script.write_text(
        f"#!{sys.executable}\nimport sys\n"
        f"with open({str(log)!r}, 'a', encoding='utf-8') as f:\n"
        "    f.write(sys.argv[1] + '\\n')\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("BROWSER", str(script))
    # webbrowser reads BROWSER once per process: let it read this test's value.
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    return log
