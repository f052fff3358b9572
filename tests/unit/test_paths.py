"""paths: platformdirs locations, evaluated when called (not at import), never created."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tui import paths

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="XDG variables apply on Linux")


def test_dirs_follow_xdg_variables(isolated_dirs) -> None:
    assert paths.config_dir() == isolated_dirs.config / "arxiv-digest-tui"
    assert paths.data_dir() == isolated_dirs.data / "arxiv-digest-tui"
    assert paths.cache_dir() == isolated_dirs.cache / "arxiv-digest-tui"


def test_dirs_are_evaluated_at_call_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "elsewhere"))
    assert paths.data_dir() == tmp_path / "elsewhere" / "arxiv-digest-tui"


def test_dirs_are_not_created(isolated_dirs) -> None:
    for folder in (paths.config_dir(), paths.data_dir(), paths.cache_dir()):
        assert not folder.exists()


def test_without_xdg_variables_dirs_live_under_home(isolated_dirs, monkeypatch) -> None:
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name)
    assert paths.config_dir() == isolated_dirs.home / ".config" / "arxiv-digest-tui"
    assert paths.data_dir() == isolated_dirs.home / ".local" / "share" / "arxiv-digest-tui"
    assert paths.cache_dir() == isolated_dirs.home / ".cache" / "arxiv-digest-tui"
