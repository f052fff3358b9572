"""One regex per usual row or entry shape, so that most papers cost a single C-level match.

The line reader in `tui.parser` handles every dialect, at a dozen Python calls per field. These
shapes recognise the rows and entries real digests are made of (FORMAT.md §5–§7) and build the
very Paper the reader would; anything unusual falls back to the reader. Tests check that both
paths give equal digests over the corpus, the fixtures and fuzzed input.

Measured in Python's `re`: a class of one excluded character (`[^|]`, `[^<]`) scans at about
1 ns a character, a larger class at 6-10 ns. So values are scanned with one-character classes,
and the patterns take values only in the form values.clean_title would leave them: a bold
wrapper outside, no space at either edge, no leading `：` on a Chinese title. What a class cannot
say is checked after the match with C string methods: that it spans the lines it should, holds
no `<` but its links' own (the reader turns `<br>` into a space), and none of the characters the
reader treats specially that the file contains (`&` entities, tabs, `\\` escapes in tables).
Python then only folds runs of spaces, splits authors and builds the Paper.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter

from tui.links import clean_code_url
from tui.model import (
    ARXIV_ABS,
    ARXIV_PDF,
    EXTRA_AUTHORS_CUT,
    EXTRA_CONTRIBUTION,
    EXTRA_DATE,
    EXTRA_STATUS,
    Paper,
)
from tui.parser.values import AUTHORS_CUT_ENDS, CN_LEAD, fold, split_authors, split_code

_PDF = (
    r"(?:(?P<pdf_lt><)|\[[\w.]*\]\()"
    r"https?://arxiv\.org/(?:abs|pdf)/(?P<id>\d{4}\.\d{4,5})(?:v(?P<v>\d{1,4}))?[>)]"
)
_URL = r"https?://[^\s<>()\[\]|*&\\\"'`]+"
# `null`, `None`, `无`, or one link alone: `<url>`, `<url>**`, `**[link](url)**`, `[代码](url)`.
_CODE = rf"(?:null|None|无|(?:\*\*)?(?:(?P<lt><)|\[\w*\]\()(?P<url>{_URL})(?(lt)>|\))(?:\*\*)?)"


def _title(name: str, chars: str) -> str:
    """`**value**` (in group `name`) or a value not starting with `*` (in `name_`)."""
    return (
        rf"(?:\*\*(?!\s)(?P<{name}>{chars}*)(?<!\s)\*\*"
        rf"|(?![\s*])(?P<{name}_>{chars}*)(?<!\s))"
    )


def _plain(name: str, chars: str) -> str:
    """A value clean_title would keep as it is (a Chinese title: nor strip a leading `：`)."""
    lead = r"\s*" + (re.escape(CN_LEAD) + r"\[" if name == "title_cn" else "")
    return rf"(?![{lead}])(?P<{name}>{chars}*)(?<!\s)"


def _short(name: str, chars: str) -> str:
    """A status cell: clean_short strips any `*` and spaces around it."""
    return rf"[ *]*(?![\s*])(?P<{name}>{chars}*)(?<![\s*])[ *]*"


def needles(text: str) -> tuple[str, str]:
    """The characters a match must be checked for in this file: (in entries, in table rows).

    Most files hold none of them, and then no match is checked at all.
    """
    present = "".join(char for char in "&\t\\" if char in text)
    return present.replace("\\", ""), present


def _holds_any(text: str, pos: int, end: int, needles: str) -> bool:
    for needle in needles:  # noqa: SIM110 (any() over a generator: 2 % more instructions)
        if text.find(needle, pos, end) >= 0:
            return True
    return False


def _fold(text: str) -> str:
    """values.fold for a matched value: an ASCII one (the usual English abstract) needs no
    isprintable() pass, as sanitize() left it no control character and the match no tab or
    line break.
    """
    if text.isascii() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return fold(text)


def _paper(
    identifier: str,
    version: str | None,
    title: str | None,
    title_cn: str | None,
    authors: str,
    abstract: str,
    abstract_cn: str,
    code: str,
    extras: tuple[tuple[str, str], ...],
    line: int,
    contribution: str = "",
) -> Paper | None:
    """The Paper fields.build_paper would make of these clean values; None where it makes none."""
    if not title:
        return None
    if "  " in authors:
        authors = " ".join(authors.split())
    # values.split_authors, but the usual `A, B, C` costs one split.
    names = authors.split(", ")
    if len(names) == authors.count(",") + 1 and not authors.endswith(AUTHORS_CUT_ENDS):
        people = tuple(names) if "" not in names else tuple(filter(None, names))
    else:
        people, cut = split_authors(authors)
        if cut:
            extras += ((EXTRA_AUTHORS_CUT, "yes"),)
    if contribution:
        extras += ((EXTRA_CONTRIBUTION, contribution),)
    title_cn = title_cn or ""
    full = f"{identifier}v{version}" if version else identifier
    return Paper(
        identifier,
        " ".join(title.split()) if "  " in title else title,
        int(version) if version else None,
        " ".join(title_cn.split()) if "  " in title_cn else title_cn,
        people,
        abstract,
        abstract_cn,
        ARXIV_PDF + full,
        ARXIV_ABS + full,
        code,
        extras,
        line,
    )


Found = tuple[Paper, int, int]  # the paper, where its match ends, how many line breaks it spans


# --- tables -------------------------------------------------------------------------------------


class RowShape:
    """One table header's row pattern; cells are read by column name, as the reader reads them."""

    def __init__(self, kinds: tuple[str, ...]) -> None:
        cells = []
        for index, kind in enumerate(kinds):
            # The first cell stays on its line, so a failing row never scans further.
            chars = r"[^|\n]" if index == 0 else "[^|]"
            if kind == "pdf":
                cells.append(rf" *{_PDF} *")
            elif kind in ("code", "code_contribution"):
                # A lone link, or anything else for values.split_code (contribution text).
                cells.append(rf" *(?:{_CODE} *|(?P<code_raw>{chars}*))")
            elif kind == "title":
                cells.append(rf" *{_title(kind, chars)} *")
            elif kind == "date":
                cells.append(r"[ *]*(?P<date>\d{4}-\d\d-\d\d)[ *]*")
            elif kind == "status":
                cells.append(_short(kind, chars))
            else:
                cells.append(rf" *{_plain(kind, chars)} *")
        # Outer pipes are optional (T2/T3 rows have none) and, as for the reader, a pipe at
        # either end of the line is one: with 3 columns, `|a|b` and `a|b|` are two cells, never
        # `""`, `a`, `b` or `a`, `b`, `""`. So the first pipe is possessive and the last cell
        # holds something. `#` and `>` lines are never rows. The `none` group never takes part:
        # a column the header lacks is read from it.
        cells[-1] = r"(?= *[^|\s])" + cells[-1]
        row = r"\|".join(cells)
        regex = re.compile(rf"(?![#>]) *\|?+{row}\|?+ *(?:(?P<none>)(?!))?(?=\n|\Z)")
        groups = regex.groupindex
        self.pick = itemgetter(*(groups.get(name, groups["none"]) - 1 for name in _ROW_GROUPS))
        self.status_first = {"status", "date"} <= set(kinds) and kinds.index(
            "status"
        ) < kinds.index("date")
        self.match = regex.match

    def read(self, text: str, pos: int, line: int, needles: str) -> Found | None:
        """The row at `pos`, if it has this shape."""
        match = self.match(text, pos)
        if match is None:
            return None
        title, plain, title_cn, authors, identifier, version, pdf_lt, lt, raw, url, date, status = (
            self.pick(match.groups())
        )
        end = match.end()
        if text.find("\n", pos, end) >= 0:
            return None
        # No `<` but the links' own: the reader turns `<br>` in a cell into a space.
        links = (pdf_lt is not None) + (lt is not None) + (raw.count("<") if raw else 0)
        if text.count("<", pos, end) != links:
            return None
        if needles and _holds_any(text, pos, end, needles):
            return None
        extras: tuple[tuple[str, str], ...] = ()
        if date:
            extras = ((EXTRA_DATE, date),)
        if status:
            status = " ".join(status.split()) if "  " in status else status
            if self.status_first:
                extras = ((EXTRA_STATUS, status), *extras)
            else:
                extras += ((EXTRA_STATUS, status),)
        code, contribution = split_code(raw) if raw else (clean_code_url(url) if url else "", "")
        paper = _paper(
            identifier,
            version,
            plain if title is None else title,
            title_cn,
            authors,
            "",
            "",
            code,
            extras,
            line,
            contribution,
        )
        return None if paper is None else (paper, end, 0)


# What RowShape.read unpacks, in order; a column the header lacks reads as None.
_ROW_GROUPS: tuple[str, ...] = (
    *("title", "title_", "title_cn", "authors", "id", "v", "pdf_lt", "lt", "code_raw"),
    *("url", "date", "status"),
)


@lru_cache(maxsize=64)
def row_shape(kinds: tuple[str | None, ...]) -> RowShape | None:
    """The fast shape for a header, or None where some column needs the reader (or repeats)."""
    present = set(kinds)
    if len(present) != len(kinds) or not {"title", "authors", "pdf"} <= present:
        return None
    known = {"title", "title_cn", "authors", "date", "status", "pdf", "code", "code_contribution"}
    if not present <= known or {"code", "code_contribution"} <= present:
        return None
    # The reader adds extras in column order; here date and status come first, then a cut
    # author list, then a contribution.
    authors = kinds.index("authors")
    if {"date", "status"} & set(kinds[authors:]) or {"code", "code_contribution"} & set(
        kinds[:authors]
    ):
        return None
    return RowShape(kinds)  # type: ignore[arg-type]


# --- detailed entries ---------------------------------------------------------------------------

# The lines of an entry, in the only order digests use (FORMAT.md §5.2), ending where the reader
# would end it: a blank line, a heading, the next index, or the end of the file. The title is
# scanned to the end of its line, so that every later scan (to the next `<`) stops within about
# one entry: an attempt per index line stays linear even in a file with no `<` at all.
_TITLE = _title("title", r"[^\n]")
_FIELDS = rf"""\*\*Title:\*\*\ {_TITLE}<br\ />\n
    (?:\*\*Title_cn:\*\*\ {_plain("title_cn", "[^<]")}<br\ />\n)?
    \*\*Authors:\*\*\ {_plain("authors", "[^<]")}<br\ />\n
    (?:\*\*Abstract:\*\*\ <details><summary>[^<]*</summary>(?P<abstract>[^<]*)</details>\n
    \*\*Abstract_cn:\*\*\ <details><summary>[^<]*</summary>(?P<abstract_cn>[^<]*)</details>\n)?
    \*\*PDF:\*\*\ {_PDF}<br\ />\n
    \*\*Code:\*\*\ {_CODE}<br\ />
    (?=\Z|\n(?:>[>\ ]*)?(?:\#|\*\*index:\*\*)|\n[\ \t]*(?:\n|\Z))"""
_INDEX = r"(?:>[>\ ]*)?\*\*index:\*\*[^\n]*\n"  # its number restarts per category: not kept
# What EntryShape.read unpacks, in order.
_ENTRY_GROUPS = (
    "title",
    "title_",
    "title_cn",
    "authors",
    "abstract",
    "abstract_cn",
    "id",
    "v",
    "url",
)


class EntryShape:
    """A detailed entry: its field lines, or (`with_index`) its index line and field lines."""

    def __init__(self, with_index: bool) -> None:
        regex = re.compile((_INDEX if with_index else "") + _FIELDS, re.VERBOSE)
        groups = regex.groupindex
        self.pick = itemgetter(*(groups[name] - 1 for name in _ENTRY_GROUPS))
        self.breaks = 4 if with_index else 3  # line breaks inside the shortest entry
        self.match = regex.match

    def read(self, text: str, pos: int, line: int, needles: str) -> Found | None:
        """The entry at `pos`, if it has this shape."""
        match = self.match(text, pos)
        if match is None:
            return None
        title, plain, title_cn, authors, abstract, abstract_cn, identifier, version, url = (
            self.pick(match.groups())
        )
        end = match.end()
        breaks = text.count("\n", pos, end)
        if breaks != self.breaks + (title_cn is not None) + (abstract is not None) * 2:
            return None  # a value ran over a line break
        title = plain if title is None else title
        if "<" in title:
            return None
        if needles and _holds_any(text, pos, end, needles):
            return None
        paper = _paper(
            identifier,
            version,
            title,
            title_cn,
            authors,
            "" if abstract is None else _fold(abstract),
            "" if abstract_cn is None else _fold(abstract_cn),
            clean_code_url(url) if url else "",
            (),
            line,
        )
        return None if paper is None else (paper, end, breaks)


Shape = RowShape | EntryShape
# An entry whose index line the reader has just read, and one that starts with its index line.
fields_shape = EntryShape(with_index=False)
entry_shape = EntryShape(with_index=True)
