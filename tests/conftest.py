"""Shared fixtures. Each test gets its own HOME and XDG folders: nothing touches the real ones."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
