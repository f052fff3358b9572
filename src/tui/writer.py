"""Digest model → Markdown in the sample's detailed (blockquote) format, so that parsing it gives
the model back: `parse(render(d)) == d` for every digest in normal form (below).

Why: it is the reference inverse of the parser. Property tests generate digests, render them and
check that the parser returns them unchanged, which proves that each field survives its dialect
(escaping, bold wrappers, `<br />`, entities) and that extras keep their order.

Layout (as src/tui/data/2024-02-16.md):

    ## [UPDATED!] **2024-02-16** (Publish Time)

    >## **Category**
    >---
    >>**index:** 1<br />
    **Title:** **Title**<br />
    **Title_cn:** 中文标题<br />
    **Authors:** A, B<br />
    **Abstract:** <details><summary>原文: </summary>…</details>
    **Abstract_cn:** <details><summary>译文: </summary>…</details>
    **PDF:** <http://arxiv.org/pdf/2402.10896v1><br />
    **Code:** <https://github.com/a/b><br />          (or `null`)

Extras are written in their order, each where the parser will produce it: ("translation",
"failed") as `**Title_cn:** [翻译失败]` when there is no Chinese title, ("authors_truncated",
"yes") as `, et.al.` after the authors, one contribution as `<br />` lines after the code link;
any other extra as its own `**Name:** value<br />` line (`**Date:**`, `**Status:**`,
`**Contribution:**` for those three names), placed so that the order is kept.

Escaping: `&` before a letter or `#` is written `&amp;` (the parser decodes entities); `<`
before `br` is `&lt;` (the parser turns `<br>` into a space); a value wrapped in `**…**` gets
its first `*` as `&#42;` (the parser strips one bold wrapper, and every `*` at the ends of a
date or status); a value starting `<details>` gets `&lt;`; an author list whose end reads like
`et al.` / `etc` / `等` gets a trailing comma (the parser would cut it there).

Normal form (what the parser can produce, and what `problems()` checks):
- a *line* is sanitized (tui.text.sanitize leaves it unchanged), has no surrounding whitespace,
  no newline, no tab and no double space; *folded* text is a line with no whitespace but single
  ASCII spaces (`" ".join(s.split()) == s`);
- title: a non-empty line; title_cn: a line not starting with `[翻译失败]` nor with one of
  `：:，,、;；.。`, space or U+3000; authors: lines without commas, not ending in a backslash;
  abstract, abstract_cn: folded (may be empty);
- arxiv_id: `YYMM.NNNNN` (4 or 5 digits) or old-style `archive/NNNNNNN`; version None or 1…10⁹;
  pdf_url / abs_url are `https://arxiv.org/pdf|abs/` + the versioned id (as the parser builds);
  code_url: empty or an `http(s)://` URL without whitespace, `<`, `>` or trailing punctuation
  (tui.links.clean_code_url leaves it unchanged);
- extras: ("date" | "status", line); ("contribution", line) or several folded lines joined by
  `\\n`, none `null`/`none`/`无`…, none containing `<br`, and, when there is no code URL, none
  starting with a link; ("translation", "failed"), ("authors_truncated", "yes"); any other name
  is folded, at most 40 characters, without `*`, not a field label the parser knows (tui.parser.
  fields.kind_of), with a line value that is not a no-value word (`null`, `none`, `-`, …);
- category names: folded, non-empty, unique, not containing "updated" (that is a date header);
  each category has at least one paper;
- digest: format "detailed" (or "empty" without categories), encoding "utf-8"; `line` and
  `warnings` are not part of it (the parser sets them; `line` is where render() put the entry).
render() never raises: a model outside the normal form is still written as well as it can be
(and parses; only the round trip is not promised).
Nothing here imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tui.links import clean_code_url
from tui.model import (
    ARXIV_ABS,
    ARXIV_PDF,
    EXTRA_AUTHORS_CUT,
    EXTRA_CONTRIBUTION,
    EXTRA_DATE,
    EXTRA_STATUS,
    EXTRA_TRANSLATION,
    Digest,
    Paper,
)
from tui.parser.fields import kind_of
from tui.parser.values import NO_VALUE, TRANSLATION_FAILED
from tui.text import sanitize

__all__ = ["paper_problems", "problems", "render", "render_paper"]

MAX_LABEL = 40  # the parser reads `**Label:**` only when the label is this short
_CN_LEAD = "：:，,、;；.。 \u3000"
_ENTITY_START = re.compile(r"&(?=[A-Za-z#])")
_BR_START = re.compile(r"<(?=br)", re.IGNORECASE)
_CUT_ENDINGS = ("etc.", "etc", "al.", "al", "等")
_NEW_ID = re.compile(r"\d{4}\.\d{4,5}")
_OLD_ID = re.compile(r"[A-Za-z][A-Za-z.\-]*/\d{7}")
_URL = re.compile(r"https?://[^\s<>]+", re.IGNORECASE)
_LINK_START = re.compile(r"\**\s*(?:<|\[|https?://)", re.IGNORECASE)
_MAX_VERSION = 10**9

# Core lines in the order they are written, and which extra each can carry.
_TITLE_CN, _AUTHORS, _ABSTRACT, _ABSTRACT_CN, _PDF, _CODE = range(6)


def render(digest: Digest) -> str:
    """The digest as detailed-format Markdown; a blank line ends each category, as in the sample."""
    date = f" **{digest.date.isoformat()}**" if digest.date else ""
    out = [f"## [UPDATED!]{date} (Publish Time)", ""]
    for category in digest.categories:
        out.append(f">## **{_amp(category.name)}**")
        out.append(">---")
        for index, paper in enumerate(category.papers, 1):
            out.extend(render_paper(paper, index))
        out.append("")
    return "\n".join(out) + "\n"


def render_paper(paper: Paper, index: int = 1) -> list[str]:
    """The lines of one entry, from its `>>**index:**` line to its `**Code:**` line."""
    lines = [f">>**index:** {index}<br />", f"**Title:** **{_escape(paper.title)}**<br />"]
    slot = 0  # the next core line to write
    for name, value in paper.extras:
        target = _carrier(paper, name, value, slot)
        if target is None:
            lines.append(_extra_line(paper, name, value))
            continue
        lines.extend(_core(paper, s) for s in range(slot, target))
        lines.append(_core(paper, target, (name, value)))
        slot = target + 1
    lines.extend(_core(paper, s) for s in range(slot, _CODE + 1))
    return [line for line in lines if line]


def _carrier(paper: Paper, name: str, value: str, slot: int) -> int | None:
    """The first core line at or after `slot` that can carry this extra, if any."""
    if name == EXTRA_TRANSLATION and value == "failed" and not paper.title_cn:
        target = _TITLE_CN
    elif name == EXTRA_AUTHORS_CUT and value == "yes":
        target = _AUTHORS
    elif name == EXTRA_CONTRIBUTION and _code_lines_ok(paper, value):
        target = _CODE
    else:
        return None
    return target if target >= slot else None


def _core(paper: Paper, slot: int, extra: tuple[str, str] | None = None) -> str:
    """One core field line ("" when the field is empty), carrying `extra` if given."""
    if slot == _TITLE_CN:
        if extra is not None:
            return f"**Title_cn:** {TRANSLATION_FAILED}<br />"
        return f"**Title_cn:** {_escape_value(paper.title_cn)}<br />" if paper.title_cn else ""
    if slot == _AUTHORS:
        return _authors_line(paper.authors, cut=extra is not None)
    if slot == _ABSTRACT:
        return _details("Abstract", "原文", paper.abstract)
    if slot == _ABSTRACT_CN:
        return _details("Abstract_cn", "译文", paper.abstract_cn)
    if slot == _PDF:
        return f"**PDF:** <http://arxiv.org/pdf/{paper.versioned_id}><br />"
    if extra is not None:
        return f"**Code:** {_code_value(paper, extra[1])}<br />"
    return f"**Code:** <{_amp(paper.code_url)}><br />" if paper.code_url else "**Code:** null<br />"


def _extra_line(paper: Paper, name: str, value: str) -> str:
    """An extra on a line of its own; it changes no core field."""
    if name == EXTRA_DATE:
        return f"**Date:** {_escape_short(value)}<br />"
    if name == EXTRA_STATUS:
        return f"**Status:** {_escape_short(value)}<br />"
    if name == EXTRA_CONTRIBUTION:
        if "\n" in value:  # only a code field keeps lines; it repeats the same code link
            return f"**Code:** {_code_value(paper, value)}<br />"
        return f"**Contribution:** {_escape_value(value)}<br />"
    return f"**{name}:** {_escape_value(value)}<br />"


def _code_value(paper: Paper, contribution: str) -> str:
    parts = [f"<{_amp(paper.code_url)}>"] if paper.code_url else []
    parts.extend(_amp(line) for line in contribution.split("\n"))
    return "<br />".join(parts)


def _code_lines_ok(paper: Paper, contribution: str) -> bool:
    """Whether a code field gives this contribution back unchanged."""
    for line in contribution.split("\n"):
        if not _is_folded(line) or not line or line.lower() in NO_VALUE:
            return False
        if "<br" in line.lower() or (not paper.code_url and _LINK_START.match(line)):
            return False
    return True


def _authors_line(authors: tuple[str, ...], *, cut: bool) -> str:
    if not authors and not cut:
        return ""
    text = ", ".join(authors)
    if cut:
        suffix = ", et.al." if text else "et.al."
    else:
        suffix = "," if text.endswith(_CUT_ENDINGS) else ""
    return f"**Authors:** {_escape_value(text)}{suffix}<br />"


def _details(label: str, summary: str, text: str) -> str:
    if not text:
        return ""
    return f"**{label}:** <details><summary>{summary}: </summary>{_amp(text)}</details>"


def _amp(text: str) -> str:
    """`&` as `&amp;` where the parser would read an entity: before a letter or `#`."""
    return _ENTITY_START.sub("&amp;", text) if "&" in text else text


def _escape(text: str) -> str:
    """For values the parser unescapes after turning `<br>` into spaces."""
    text = _amp(text)
    return _BR_START.sub("&lt;", text) if "<" in text else text


def _escape_value(text: str) -> str:
    """As _escape, for a value written without a bold wrapper of its own."""
    text = _escape(text)
    if text.startswith("**") and text.endswith("**") and len(text) >= 4:
        text = "&#42;" + text[1:]
    elif text.startswith("<details>"):
        text = "&lt;" + text[1:]
    return text


def _escape_short(text: str) -> str:
    """As _escape, for date and status values, which the parser strips of `*` at both ends."""
    text = _escape(text)
    if text.startswith("*"):
        text = "&#42;" + text[1:]
    if text.endswith("*"):
        text = text[:-1] + "&#42;"
    return text


# ---------------------------------------------------------------------------------------------
# The normal form, checked


def problems(digest: Digest) -> list[str]:
    """Why `render` would not give this digest back through the parser ([] when it would)."""
    found: list[str] = []
    if digest.format != ("detailed" if digest.categories else "empty"):
        found.append(f"format {digest.format!r} (render writes the detailed format)")
    if digest.encoding != "utf-8":
        found.append(f"encoding {digest.encoding!r} (render writes UTF-8)")
    seen: set[str] = set()
    for category in digest.categories:
        where = f"category {category.name!r}"
        if not category.name or not _is_folded(category.name):
            found.append(f"{where}: name is empty or not folded text")
        if "updated" in category.name.lower():
            found.append(f"{where}: a name with 'updated' reads as the date header")
        if category.name in seen:
            found.append(f"{where}: name repeated (the parser merges categories by name)")
        seen.add(category.name)
        if not category.papers:
            found.append(f"{where}: no papers (the parser keeps no empty category)")
        for paper in category.papers:
            found.extend(f"{where}: {problem}" for problem in paper_problems(paper))
    return found


def paper_problems(paper: Paper) -> list[str]:
    """Why `render_paper` would not give this paper back (its `line` aside)."""
    found: list[str] = []
    where = f"paper {paper.arxiv_id!r}"

    def check(ok: bool, message: str) -> None:
        if not ok:
            found.append(f"{where}: {message}")

    check(bool(paper.title) and _is_line(paper.title), "title is empty or not a line")
    check(
        not paper.title_cn
        or (
            _is_line(paper.title_cn)
            and not paper.title_cn.startswith((TRANSLATION_FAILED, *_CN_LEAD))
        ),
        "title_cn is not a line, or starts with punctuation or [翻译失败]",
    )
    check(
        all(
            name and _is_line(name) and "," not in name and not name.endswith("\\")
            for name in paper.authors
        ),
        "an author is empty, not a line, has a comma or ends in a backslash",
    )
    check(_is_folded(paper.abstract) and _is_folded(paper.abstract_cn), "abstract not folded")
    check(
        bool(_NEW_ID.fullmatch(paper.arxiv_id) or _OLD_ID.fullmatch(paper.arxiv_id)),
        "arxiv_id is not an arXiv identifier",
    )
    check(
        paper.version is None or 1 <= paper.version <= _MAX_VERSION,
        "version is not None or a positive number",
    )
    check(
        paper.pdf_url == ARXIV_PDF + paper.versioned_id
        and paper.abs_url == ARXIV_ABS + paper.versioned_id,
        "pdf_url/abs_url are not the arXiv links of the id",
    )
    check(
        not paper.code_url
        or (
            bool(_URL.fullmatch(paper.code_url))
            and clean_code_url(paper.code_url) == paper.code_url
            and sanitize(paper.code_url) == paper.code_url
        ),
        "code_url is not a clean http(s) URL",
    )
    found.extend(f"{where}: {problem}" for problem in _extra_problems(paper, paper.extras))
    return found


def _extra_problems(paper: Paper, extras: Iterable[tuple[str, str]]) -> list[str]:
    found = []
    for name, value in extras:
        if (name, value) in ((EXTRA_TRANSLATION, "failed"), (EXTRA_AUTHORS_CUT, "yes")):
            continue
        if name in (EXTRA_DATE, EXTRA_STATUS):
            ok = bool(value) and _is_line(value)
        elif name == EXTRA_CONTRIBUTION:
            ok = (bool(value) and _is_line(value)) or _code_lines_ok(paper, value)
        else:
            ok = (
                bool(name)
                and _is_folded(name)
                and len(name) <= MAX_LABEL
                and "*" not in name
                and kind_of(name) is None
                and bool(value)
                and _is_line(value)
                and value.lower() not in NO_VALUE
            )
        if not ok:
            found.append(f"extra {name!r}: {value[:40]!r} cannot be written back")
    return found


def _is_line(text: str) -> bool:
    return (
        text == text.strip()
        and "\n" not in text
        and "\t" not in text
        and "  " not in text
        and sanitize(text) == text
    )


def _is_folded(text: str) -> bool:
    return " ".join(text.split()) == text and sanitize(text) == text
