"""Finding the digest files under the given files and folders; the sample in the package."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path

from tui.dates import name_date
from tui.text import display_path

SAMPLE_NAME = "2024-02-16.md"
DIGEST_SUFFIXES = (".md", ".markdown")


# ---------------------------------------------------------------------------------------------
# Finding files


def bundled_sample() -> Path:
    """The digest shipped as package data, opened when no path is given."""
    return Path(str(resources.files("tui") / "data" / SAMPLE_NAME))


def discover(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[Path], list[str]]:
    """Expand files and folders (recursively) into Markdown files, in a stable order.

    Returns the files and the problems (paths that do not exist, folders that cannot be read).
    A file named on the command line is taken whatever its suffix; inside folders only Markdown
    files are, and hidden folders (.git) are skipped. A file reached twice (a symlink, a folder
    given twice) is listed once.
    """
    found: list[Path] = []
    problems: list[str] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            candidates: Iterable[Path] = sorted(_walk(path, problems))
        elif path.exists():
            candidates = [path]
        else:
            problems.append(f"{display_path(path)}: no such file or folder")
            continue
        for candidate in candidates:
            key = _resolve(candidate)
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found, problems


def nothing_read(paths: Sequence[str | os.PathLike[str]]) -> str:
    """What to say when no digest was read at all (an empty folder): not a silent success."""
    return f"no digest was read from {', '.join(display_path(path) for path in paths)}"


def folder_problem(folder: str | os.PathLike[str], error: OSError) -> str:
    """What to say about a folder that cannot be listed (permission, a path over PATH_MAX...)."""
    return f"{display_path(folder)}: folder cannot be read ({error.strerror or error}); skipped"


def _walk(folder: Path, problems: list[str]) -> Iterator[Path]:
    """Markdown files under `folder`, recursively; hidden folders (.git) are not entered.
    Folders that cannot be listed are added to `problems`."""

    def unreadable(error: OSError) -> None:
        problems.append(folder_problem(error.filename or folder, error))

    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.lower().endswith(DIGEST_SUFFIXES):
                yield Path(root) / name


def _scan(folder: str, problems: list[str]) -> Iterator[str]:
    """Real paths of the Markdown files under a real folder path (as _walk, without resolve()).

    Folders are walked from their real path and symlinked folders are not entered, so every
    path found is real except a symlinked file, which alone is resolved (resolve() costs ~60 µs
    a file: a tenth of a warm open of the corpus). Folders that cannot be listed are added to
    `problems`.
    """
    stack = [folder]
    while stack:
        top = stack.pop()
        try:
            entries = list(os.scandir(top))
        except OSError as error:
            problems.append(folder_problem(top, error))
            continue
        for entry in entries:
            if entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.name.lower().endswith(DIGEST_SUFFIXES):
                if entry.is_symlink():  # a dangling one is reported when it cannot be read
                    yield os.path.realpath(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    yield entry.path


def _candidates(paths: Sequence[Path]) -> tuple[list[str], list[str], set[str], list[str]]:
    """For the loader: (real paths of the candidate files, problems, named files, folder roots).

    The same files as discover(), as real paths, each once, newest first by the date in the
    name (else the modification date): the order in which a cold open reads them.
    """
    found: dict[str, None] = {}
    problems: list[str] = []
    named: set[str] = set()
    roots: list[str] = []
    for path in paths:
        if path.is_dir():
            root = str(_resolve(path))
            roots.append(root.rstrip(os.sep) + os.sep)
            for file in _scan(root, problems):
                found.setdefault(file, None)
        elif path.exists():
            real = str(_resolve(path))
            named.add(real)
            found.setdefault(real, None)
        else:
            problems.append(f"{display_path(path)}: no such file or folder")

    def key(path: str) -> tuple[dt.date, str]:
        date = name_date(path)
        if date is None:
            try:
                date = dt.date.fromtimestamp(os.stat(path).st_mtime)
            except (OSError, ValueError, OverflowError):
                date = dt.date.min
        return date, path

    return sorted(found, key=key, reverse=True), problems, named, roots


def _resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()
