"""What must match for a cache file to be reused: the schema version and the code's fingerprint.

The fingerprint hashes the source of every module whose code shapes what the cache holds: the
parser (digests), the cache package itself (their JSON, outlines, `entries` rows and the search
index over them), and everything those modules import from `tui`, found by following their import
statements (read, not run) until no new module turns up. A change to any of them, even one that
forgot to bump a version number, makes old cache files be rebuilt; a change elsewhere (the UI, the
CLI) does not. Nothing here imports Textual.
"""

from __future__ import annotations

import ast
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

# Bump when the tables or the JSON layout change. Together with the fingerprint of the code (see
# fingerprint()) it decides whether a cache file was written by this program.
SCHEMA_VERSION = 1

# Where the following starts: the packages that read digests and that write the cache. Every
# module in them counts, imported by their __init__ or not.
ROOTS = ("tui.parser", "tui.cache")

_PACKAGE = Path(__file__).resolve().parent.parent  # the folder of the `tui` package
# Import statements, found by a cheap scan and then parsed by ast (parsing whole modules costs
# 30 ms at every start; this costs a few). A match inside a string parses as an import too at
# worst: one module more in the set, never one less.
_IMPORT = re.compile(
    rb"^[ \t]*(?:from[ \t]+\.*[\w.]*[ \t]+import[ \t]+(?:\([^)]*\)|[^\n]*)|import[ \t]+[^\n]*)",
    re.M,
)


def fingerprint(package: Path | None = None) -> str:
    """The schema version and the source of code_modules(), as one SHA-1 (hex).

    `package` is the `tui` folder to read (this one by default; tests point it at a copy).
    """
    package = package or _PACKAGE
    digest = hashlib.sha1(f"schema {SCHEMA_VERSION}\n".encode(), usedforsecurity=False)
    for name, path in sorted(code_modules(package).items()):
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def code_modules(package: Path | None = None) -> dict[str, Path]:
    """Module name -> source file of every module that shapes cached values (see the docstring)."""
    sources = _sources(package or _PACKAGE)
    todo = [name for name in sources for root in ROOTS if f"{name}.".startswith(f"{root}.")]
    found: dict[str, Path] = {}
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = sources.get(name)
        if path is None:
            continue  # a name inside a module (`from tui.model import Paper`), or not ours
        found[name] = path
        todo += _parents(name)  # importing tui.a.b runs tui/__init__ and tui/a/__init__ first
        todo += _imports(name, path)
    return found


def _sources(package: Path) -> dict[str, Path]:
    """Module name -> file, for every module under the `tui` folder."""
    sources: dict[str, Path] = {}
    for folder, dirs, files in os.walk(package):
        dirs[:] = [d for d in dirs if d.isidentifier()]  # not __pycache__-like or hidden ones
        parts = ["tui", *Path(folder).relative_to(package).parts]
        for file in files:
            stem, suffix = os.path.splitext(file)
            if suffix == ".py" and stem.isidentifier():
                name = ".".join(parts if stem == "__init__" else [*parts, stem])
                sources[name] = Path(folder, file)
    return sources


def _parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _imports(name: str, path: Path) -> Iterator[str]:
    """Every `tui` module or name a module imports, anywhere in it (at call time too)."""
    is_package = path.name == "__init__.py"
    for statement in _statements(path.read_bytes()):
        if isinstance(statement, ast.Import):
            yield from (alias.name for alias in statement.names)
        elif isinstance(statement, ast.ImportFrom):
            module = _absolute(name, is_package, statement.level, statement.module)
            yield module
            # `from tui import paths` imports a module; `from tui.model import Paper` a name,
            # which _source() then finds to be no module.
            yield from (f"{module}.{alias.name}" for alias in statement.names)


def _statements(source: bytes) -> Iterable[ast.stmt]:
    found = b"\n".join(match.group().strip() for match in _IMPORT.finditer(source))
    try:
        return ast.parse(found).body
    except SyntaxError:  # one odd match (inside a string): parse them one by one
        statements: list[ast.stmt] = []
        for match in _IMPORT.finditer(source):
            try:
                statements += ast.parse(match.group().strip()).body
            except SyntaxError:
                continue
        return statements


def _absolute(name: str, is_package: bool, level: int, module: str | None) -> str:
    """The absolute name of `from <dots><module> import ...` written in module `name`."""
    if level == 0:
        return module or ""
    parts = name.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)
