"""Files and folders → digest files and days. (Lead's first version; the data layer extends it.)"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from importlib.resources import files
from pathlib import Path

SAMPLE_NAME = "2024-02-16.md"
DIGEST_SUFFIXES = (".md", ".markdown")


def bundled_sample() -> Path:
    """The digest shipped as package data, opened when no path is given."""
    return Path(str(files("tui") / "data" / SAMPLE_NAME))


def discover(paths: Sequence[Path]) -> tuple[list[Path], list[str]]:
    """Expand files and folders (recursively) into Markdown files, in a stable order.

    Returns the files and the problems (paths that do not exist). A file named on the command
    line is taken whatever its suffix; inside folders only Markdown files are, and hidden folders
    (.git) are skipped.
    """
    found: list[Path] = []
    problems: list[str] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            candidates: Iterable[Path] = sorted(_walk(path))
        elif path.exists():
            candidates = [path]
        else:
            problems.append(f"{path}: no such file or folder")
            continue
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found, problems


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.lower().endswith(DIGEST_SUFFIXES):
                yield Path(root) / name
