"""Digest Markdown → Digest model, for every dialect in FORMAT.md, in one pass over the lines.

`load(path)` and `parse(text)` are the only entry points. A file that is not a digest raises
DigestError naming the file; a damaged entry is skipped with a warning naming its line, and the
rest of the file is still read. Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from tui.dates import find_date, name_date
from tui.model import Category, Digest, Paper
from tui.parser.decode import DecodeError, decode
from tui.parser.fast import Shape, entry_shape, fields_shape, needles, row_shape
from tui.parser.fields import KINDS, Field, build_paper, kind_of
from tui.parser.table import is_separator, split_row
from tui.parser.timed_read import read_bytes
from tui.parser.values import entities, strip_bold
from tui.text import display_path, one_line, sanitize

__all__ = ["PARSER_VERSION", "DigestError", "load", "parse", "parse_bytes", "read_file"]

# Bump when parsing results change, so that caches of parsed digests are rebuilt.
PARSER_VERSION = 3

# The date line's forms (`# !UPDATED  -- D`, `## [UPDATED!] **D** (…)`, `## Updated on D`); a
# category merely named "Updated …" is not one.
_DATE_HEADER = re.compile(r"\[UPDATED!\]|!UPDATED|^Updated on\b", re.IGNORECASE)
_NO_CATEGORY = "(no category)"
T = TypeVar("T")


class DigestError(ValueError):
    """A file that cannot be read as a digest; the message names the file and the reason.

    `not_a_digest` is True for readable text that is simply not a digest (a README, an empty
    file): a folder scan skips those quietly, while broken files are reported. `cause` is the
    OSError of a file that could not be read this time (permissions, a hung mount): the cache
    must not remember that as the file's content.
    """

    def __init__(
        self, message: str, *, not_a_digest: bool = False, cause: OSError | None = None
    ) -> None:
        super().__init__(message)
        self.not_a_digest = not_a_digest
        self.cause = cause


MAX_WARNINGS = 100  # per file: a file of junk lines must not become a million messages
MAX_BYTES = 1 << 30  # a digest is a few hundred KB; a 1 GiB "digest" is something else


def read_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file, or DigestError: never opens a FIFO or reads a device, and
    gives up a file that does not answer within timed_read.READ_TIMEOUT_S."""
    path = Path(path)
    name = display_path(path)  # for messages: the file name is untrusted text
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DigestError(f"{name}: no such file") from None
    except OSError as error:
        raise DigestError(
            f"{name}: cannot be read ({error.strerror or error})", cause=error
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise DigestError(f"{name}: is a directory, not a digest file")
    if not stat.S_ISREG(info.st_mode):
        raise DigestError(f"{name}: not a regular file (a pipe, socket or device)")
    if info.st_size > MAX_BYTES:
        raise DigestError(f"{name}: {info.st_size / 2**20:.0f} MB is too large for a digest")
    try:
        return read_bytes(path)  # with a time limit: a hung mount must not hang the reader
    except OSError as error:  # NoAnswer too: "did not answer in 10 s: a hung network mount?"
        reason = error.strerror or error
        raise DigestError(f"{name}: cannot be read ({reason})", cause=error) from None


def load(path: str | os.PathLike[str]) -> Digest:
    return parse_bytes(read_file(path), source=str(path))


def parse_bytes(data: bytes, source: str) -> Digest:
    """Decode (UTF-8, BOM, UTF-16, GB18030) and parse; a non-UTF-8 encoding or a cut end is a
    warning."""
    name = display_path(source)
    try:
        text, encoding, cut = decode(data)
    except DecodeError as error:
        raise DigestError(f"{name}: {error}") from None
    digest = parse(text, source=source, encoding=encoding)
    notes: list[str] = []
    if encoding not in ("utf-8", "utf-8-sig"):
        notes.append(f"{name}: read as {encoding.upper()}, not UTF-8")
    if cut is not None:
        notes.append(f"{name}: {cut}")
    if notes:
        digest = _with_warnings(digest, (*notes, *digest.warnings))
    return digest


def parse(
    text: str, source: str = "<string>", encoding: str = "utf-8", *, fast: bool = True
) -> Digest:
    """Parse decoded text; `fast=False` reads every entry line by line (tests compare the two)."""
    name = display_path(source)  # for messages: the file name is untrusted text
    if not text.strip():
        raise DigestError(f"{name}: empty file", not_a_digest=True)
    state = _Reader(source, fast)
    state.read(sanitize(text))
    if state.date is None and not state.categories and not state.saw_structure:
        raise DigestError(
            f"{name}: not an arXiv digest (no 'UPDATED' date line and no paper entries)",
            not_a_digest=True,
        )
    date = state.date or name_date(source)
    categories = tuple(Category(name, tuple(papers)) for name, papers in state.categories.items())
    kinds = state.kinds_seen
    kind = "empty" if not categories else ("mixed" if len(kinds) > 1 else next(iter(kinds)))
    return Digest(
        date=date,
        source=source,
        categories=categories,
        format=kind,
        encoding=encoding,
        warnings=tuple(state.warnings) + _more(state.warning_count, name),
    )


def _more(count: int, source: str) -> tuple[str, ...]:
    extra = count - MAX_WARNINGS
    return (f"{source}: … and {extra} more damaged entries",) if extra > 0 else ()


def _with_warnings(digest: Digest, warnings: tuple[str, ...]) -> Digest:
    return Digest(
        digest.date,
        digest.source,
        digest.categories,
        digest.format,
        digest.encoding,
        warnings,
    )


def _short_lines_cached(function: Callable[[str], T]) -> Callable[[str], T]:
    """Memoise a pure function of a line: headings, table headers and separators repeat from file
    to file (a library has thousands of `|---|---|…`). Long lines are not kept.
    """
    cached = lru_cache(maxsize=1024)(function)

    def call(line: str) -> T:
        return cached(line) if len(line) <= 300 else function(line)

    return call


@_short_lines_cached
def _heading(text: str) -> tuple[int, str]:
    """ATX heading level and clean name; string operations only (a regex here backtracked)."""
    text = text.strip()
    body = text.lstrip("#")
    level = len(text) - len(body)
    if not 1 <= level <= 6:
        return 0, ""
    body = body.strip()
    closed = body.rstrip("#")
    if closed != body and (not closed or closed[-1].isspace()):  # an optional closing `##`
        body = closed.rstrip()
    return level, one_line(entities(strip_bold(body)))


@_short_lines_cached
def _columns(line: str) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    """A table header's column names and what each holds."""
    columns = tuple(strip_bold(cell) for cell in split_row(line))
    return columns, tuple(kind_of(column) for column in columns)


_is_separator = _short_lines_cached(is_separator)


def _line_at(text: str, pos: int) -> str:
    end = text.find("\n", pos)
    return text[pos:] if end < 0 else text[pos:end]


class _Reader:
    """The line loop: headings open categories, tables and index blocks produce papers."""

    def __init__(self, source: str, fast: bool) -> None:
        self.name = display_path(source)  # names the file in warnings
        self.fast = fast
        self.shape: Shape | None = None  # the current table's fast row shape
        self.entry_needles = self.row_needles = ""  # see fast.needles
        self.date: dt.date | None = None
        self.categories: dict[str, list[Paper]] = {}
        self.warnings: list[str] = []
        self.warning_count = 0
        self.parent: str | None = None
        self.current = _NO_CATEGORY
        self.columns: tuple[str, ...] | None = None
        self.kinds: tuple[str | None, ...] = ()
        self.block: list[Field] | None = None
        self.block_line = 0
        self.more: list[str] = []  # bare lines continuing the block's last field
        self.saw_structure = False
        self.kinds_seen: set[str] = set()

    def warn(self, line: int, message: str) -> None:
        self.warning_count += 1
        if self.warning_count <= MAX_WARNINGS:
            self.warnings.append(f"{self.name}:{line}: {message}")

    def add(self, result: Paper | str, line: int, kind: str) -> None:
        if isinstance(result, str):
            self.warn(line, f"{result}; skipped")
            return
        self.kinds_seen.add(kind)
        self.papers().append(result)

    def papers(self) -> list[Paper]:
        """The current category's list, created with its first paper."""
        papers = self.categories.get(self.current)
        if papers is None:
            papers = self.categories[self.current] = []
        return papers

    def fold(self) -> None:
        """Join the bare lines seen so far onto the last field, once (not per line)."""
        if self.more and self.block:
            kind, label, value = self.block[-1]
            self.block[-1] = (kind, label, "\n".join([value, *self.more]))
        self.more = []

    def flush(self) -> None:
        self.fold()
        if self.block is not None:
            self.add(build_paper(self.block, self.block_line), self.block_line, "detailed")
            self.block = None

    def heading(self, text: str) -> None:
        self.flush()
        self.end_table()
        level, name = _heading(text)
        if not level:
            return
        if _DATE_HEADER.search(name):
            self.saw_structure = True
            self.date = self.date or find_date(name)
            return
        if level == 1 or not name:
            return  # a document title, not a category
        if level == 2:
            self.parent = self.current = name
        else:
            self.current = f"{self.parent} / {name}" if self.parent else name

    def field(self, text: str, line: int) -> bool:
        """A `**Label:** value` line; `**index:**` opens a new entry."""
        end = text.find(":**", 2, 45)
        if end < 0 or not text.startswith("**") or text.find("*", 2, end) >= 0:
            return False
        label = text[2:end]
        kind = KINDS.get(label) or kind_of(label)
        if kind == "index":
            self.flush()
            self.saw_structure = True
            self.block, self.block_line = [], line
        elif self.block is not None:
            if self.more:
                self.fold()
            self.block.append((kind, label.strip(), text[end + 3 :]))
        else:
            self.warn(line, f"field '{label}' outside a paper entry; ignored")
        return True

    def read(self, text: str) -> None:
        """Walk the lines; in a table or at an index line, try the fast shape first."""
        self.entry_needles, self.row_needles = needles(text)
        size = len(text)
        find = text.find
        pos = number = 0
        while pos <= size:
            if self.shape is not None:
                pos, number = self.fast_rows(text, pos, number)
                if pos > size:
                    break
            end = find("\n", pos)
            if end < 0:
                end = size
            line = text[pos:end]
            pos = end + 1
            number += 1
            if not line or line.isspace():
                self.flush()
                self.end_table()
                continue
            first = line[0]
            if self.columns is not None and first not in "#>" and "|" in line:
                self.row(line, number)
            elif first == "*" and self.field(line, number):
                if self.block == [] and self.fast:
                    pos, number = self.fast_entries(text, pos, number)
            elif first == ">":
                rest = line.lstrip("> ")
                if rest.startswith("#"):
                    self.heading(rest)
                elif rest.startswith("---") and not rest.strip("- "):
                    pass
                elif self.field(rest, number):
                    if self.block == [] and self.fast:
                        pos, number = self.fast_entries(text, pos, number)
                else:
                    self.continuation(rest, number)
            elif first == "#":
                self.heading(line)
            elif pos <= size and "|" in line and _is_separator(_line_at(text, pos)):
                self.table_header(line)
                end = find("\n", pos)  # skip the separator line
                pos = size + 1 if end < 0 else end + 1
                number += 1
            else:
                self.continuation(line, number)
        self.flush()

    def fast_rows(self, text: str, pos: int, number: int) -> tuple[int, int]:
        """Read the table rows from `pos` on that have the header's usual shape."""
        assert self.shape is not None
        shape, needles = self.shape, self.row_needles
        return self.run(shape, shape, needles, text, pos, number + 1, number, "table")

    def fast_entries(self, text: str, pos: int, number: int) -> tuple[int, int]:
        """Read the entry opened at line `number`, and those after it, in their usual shape."""
        if self.columns is not None:  # field lines holding `|` would be table rows
            return pos, number
        needles = self.entry_needles
        after, number = self.run(
            fields_shape, entry_shape, needles, text, pos, number, number, "detailed"
        )
        if after != pos:
            self.block = None
        return after, number

    def run(
        self,
        shape: Shape,
        then: Shape,
        needles: str,
        text: str,
        pos: int,
        line: int,
        number: int,
        kind: str,
    ) -> tuple[int, int]:
        """Papers read by `shape`, then by `then`, back to back from `pos` (see fast.py).

        `line` is the first paper's line and `number` the last line read; returns where the line
        loop goes on and its last line.
        """
        found = shape.read(text, pos, line, needles)
        if found is None:
            return pos, number
        self.kinds_seen.add(kind)
        papers = self.papers()
        while found is not None:
            paper, end, breaks = found
            papers.append(paper)
            number += breaks + 1
            pos, line = end + 1, number + 1
            found = then.read(text, pos, line, needles)
        return pos, number

    def end_table(self) -> None:
        self.columns = self.shape = None

    def table_header(self, line: str) -> None:
        """Columns are mapped by name; a table without a title column is not a paper table."""
        self.flush()
        columns, kinds = _columns(line)
        if "title" in kinds:
            self.saw_structure = True
            self.columns, self.kinds = columns, kinds
            self.shape = row_shape(kinds) if self.fast else None
        else:
            self.end_table()

    def continuation(self, text: str, line: int) -> None:
        """A bare line continues the last field (the A1 `**Code/Contribution:**` value)."""
        if self.block:
            self.more.append(text)
        elif self.block is not None:
            self.warn(line, "text before the first field of an entry; ignored")

    def row(self, line: str, number: int) -> None:
        assert self.columns is not None
        cells = split_row(line)
        if len(cells) != len(self.columns):
            self.warn(
                number,
                f"table row has {len(cells)} cells, the header has {len(self.columns)}; skipped",
            )
            return
        fields = zip(self.kinds, self.columns, cells, strict=True)
        self.add(build_paper(fields, number), number, "table")
