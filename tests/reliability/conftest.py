"""Fixtures for the reliability tests (tests/conftest.py already isolates HOME and XDG_*)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pty_app import SAMPLE


@pytest.fixture
def digest(tmp_path: Path) -> Path:
    """A copy of the bundled sample digest in a folder of its own."""
    folder = tmp_path / "digests"
    folder.mkdir()
    return Path(shutil.copy(SAMPLE, folder / SAMPLE.name))
