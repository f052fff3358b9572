"""Digests to and from compact JSON (no pickle: the cache file is outside the program's control)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from tui.model import Category, Digest, Paper, paper_key

# An outline is a file's structure without its text: [(category, (key, ...)), ...]. It is enough
# to merge days, count papers and answer "also on" without decoding any digest.
Outline = tuple[tuple[str, tuple[str, ...]], ...]


# ---------------------------------------------------------------------------------------------
# Serialization


def _paper_row(paper: Paper) -> list[object]:
    return [
        paper.arxiv_id,
        paper.title,
        paper.version,
        paper.title_cn,
        paper.authors,
        paper.abstract,
        paper.abstract_cn,
        paper.pdf_url,
        paper.abs_url,
        paper.code_url,
        paper.extras,
        paper.line,
    ]


def encode_digest(digest: Digest) -> bytes:
    """The digest as compact UTF-8 JSON: lists in field order, no keys (smaller and faster)."""
    body = [
        digest.date.isoformat() if digest.date else None,
        digest.format,
        digest.encoding,
        list(digest.warnings),
        [[cat.name, [_paper_row(p) for p in cat.papers]] for cat in digest.categories],
    ]
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class CorruptEntry(ValueError):
    """A cached digest that does not decode: the caller re-parses the file."""


def _text(value: object) -> str:
    if type(value) is not str:
        raise CorruptEntry(f"expected text, found {type(value).__name__}")
    return value


def _texts(values: Iterable[Any]) -> tuple[str, ...]:
    out = tuple(values)
    for value in out:
        if type(value) is not str:
            raise CorruptEntry(f"expected text, found {type(value).__name__}")
    return out


def _paper(row: Sequence[Any]) -> Paper:
    """One cached paper row, type-checked inline (this runs 50,000 times for an "All" view)."""
    aid, title, version, tcn, authors, ab, abcn, pdf, abs_, code, extras, line = row
    str_ = str
    if (
        type(aid) is not str_
        or type(title) is not str_
        or type(tcn) is not str_
        or type(ab) is not str_
        or type(abcn) is not str_
        or type(pdf) is not str_
        or type(abs_) is not str_
        or type(code) is not str_
        or type(line) is not int
        or (version is not None and type(version) is not int)
    ):
        raise CorruptEntry("a cached paper has a field of the wrong type")
    return Paper(
        aid,
        title,
        version,
        tcn,
        _texts(authors) if authors else (),
        ab,
        abcn,
        pdf,
        abs_,
        code,
        tuple((_text(k), _text(v)) for k, v in extras) if extras else (),
        line,
    )


def decode_digest(blob: bytes, source: str) -> Digest:
    """Inverse of encode_digest; raises CorruptEntry (never anything else) on a damaged blob.

    The types are checked because the cache file is outside the program's control: a damaged or
    replaced one must give a clean re-parse, not a crash in the UI.
    """
    try:
        date_text, fmt, encoding, warnings, categories = json.loads(blob)
        return Digest(
            date=dt.date.fromisoformat(date_text) if date_text else None,
            source=source,
            categories=tuple(
                Category(_text(name), tuple(map(_paper, rows))) for name, rows in categories
            ),
            format=_text(fmt),
            encoding=_text(encoding),
            warnings=_texts(warnings),
        )
    except CorruptEntry:
        raise
    except (ValueError, TypeError, AttributeError, UnicodeDecodeError) as error:
        raise CorruptEntry(f"cached digest does not decode: {error}") from None


def decode_outline(text: str) -> Outline | None:
    """An outline stored as JSON (category names interned: they repeat on every day); None if
    the text is damaged."""
    try:
        return tuple((sys.intern(name), tuple(keys)) for name, keys in json.loads(text))
    except (ValueError, TypeError):
        return None


def outline_of(digest: Digest) -> Outline:
    return tuple((cat.name, tuple(paper_key(p) for p in cat.papers)) for cat in digest.categories)


def richness_of(digest: Digest) -> int:
    """How much text a digest carries beyond titles: picks the base of two same-day files."""
    return sum(
        bool(p.abstract) + bool(p.abstract_cn) + bool(p.title_cn) + bool(p.contribution)
        for p in digest.papers
    )
