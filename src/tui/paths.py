"""Where the app keeps its files: config, data (the precious read-mark state) and cache.

Each function asks platformdirs at call time, so XDG_* variables set after import (tests set
them per test) are honoured. Nothing is created here: code that writes a file creates its folder
first.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "arxiv-digest-tui"


def config_dir() -> Path:
    """Settings (config.toml): $XDG_CONFIG_HOME/arxiv-digest-tui on Linux."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """Read marks, stars and preferences (state.sqlite3): never deleted by the app."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """The parse cache (cache.sqlite3): safe to delete at any time."""
    return platformdirs.user_cache_path(APP_NAME, appauthor=False)
