"""Cleaning of single field values, shared by the detailed and the table dialects."""

from __future__ import annotations

import html
import re

from tui.links import clean_code_url as clean_url
from tui.text import sanitize

NO_VALUE = frozenset({"", "null", "none", "无", "n/a", "-", "—"})
TRANSLATION_FAILED = "[翻译失败]"

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)  # no leading \s*: that is quadratic on spaces
_ARXIV_URL = re.compile(
    r"arxiv\.org/(?:abs|pdf)/"
    r"(\d{4}\.\d{4,5}|[a-z][a-z.\-]*/\d{7})(?:v(\d{1,4})(?!\d))?",
    re.IGNORECASE,
)
_BARE_ID = re.compile(r"(?<![\w.])(\d{4}\.\d{4,5})(?:v(\d{1,4})(?!\d))?")
# A link at the start of a code cell: <url>, [text](url), [text](<url>), [[代码]](<url>), bare url.
_LEADING_LINK = re.compile(
    r"""^\**\s*(?:
        <(?P<angle>https?://[^>\s]+)>
      | \[\[?[^\]]*\]?\]\(\s*<?(?P<md>https?://[^)>\s]+)>?\s*\)
      | (?P<bare>https?://[^\s<>()\[\];]+)
    )\**""",
    re.VERBOSE | re.IGNORECASE,
)
# ` .etc.` (the later formats' cut at 8 authors, FORMAT.md §7.1), also `, etc.` and `etc.` after a
# name: never an author named "etc.".
_AUTHORS_CUT = re.compile(r"(?:(?:^|(?<=[\s,]))\.?etc\.?|\bet\.? ?al\.?|等)$", re.IGNORECASE)
# Every ending _AUTHORS_CUT can match, in the case digests write: a cheap test before it (names
# such as "Vasudev Lal" end in "al" too).
AUTHORS_CUT_ENDS = ("etc", "etc.", " al", " al.", ".al", ".al.", "etal", "etal.", "等")
CN_LEAD = "：:，,、;；.。 \u3000"  # what a Chinese title may start with and loses


_HUGE_REFERENCE = re.compile(r"&#[xX]?[0-9a-fA-F]{12,};?")


def unescape(text: str) -> str:
    """html.unescape, sanitized; a numeric reference too long for int() becomes U+FFFD."""
    try:
        return sanitize(html.unescape(text))
    except ValueError:
        return sanitize(html.unescape(_HUGE_REFERENCE.sub("\ufffd", text)))


def entities(text: str) -> str:
    """Decode HTML entities; done after cells are split so `&#124;` never splits a row."""
    return unescape(text) if "&" in text else text


def strip_bold(text: str) -> str:
    text = text.strip()
    if text.startswith("**") and text.endswith("**") and len(text) >= 4:
        return text[2:-2].strip()
    return text


def clean_title(raw: str) -> str:
    """A one-line value: `<br />`, `**` wrappers and entities removed, whitespace folded.

    The text was sanitized as a whole before parsing; only decoded entities need it again.
    """
    text = raw.strip()
    if text.endswith("<br />"):
        text = text[:-6].rstrip()
    if "<br" in text:
        text = _BR.sub(" ", text)
    if text.startswith("**") and text.endswith("**") and len(text) >= 4:
        text = text[2:-2].strip()
    if "&" in text:
        text = unescape(text)
    if "  " in text or "\n" in text or "\t" in text:
        return " ".join(text.split())
    return text


def fold(text: str) -> str:
    """`" ".join(text.split())`, without the split where it would change nothing.

    isprintable() is True only where the one whitespace is the ASCII space, so then only runs of
    spaces and spaces at the edges change: the common abstract is returned as it is, at C speed.
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def clean_short(raw: str) -> str:
    """A date or status cell: `**2024-01-03**` or `🆕 发布`; cheaper than clean_title."""
    text = raw.strip()
    if text.endswith("<br />"):
        text = text[:-6]
    text = text.strip("* ")
    return clean_title(text) if "&" in text or "<" in text or "  " in text else text


def clean_title_cn(raw: str) -> tuple[str, bool]:
    """Return the Chinese title and whether the digest says its translation failed."""
    text = clean_title(raw).lstrip(CN_LEAD)
    if text.startswith(TRANSLATION_FAILED):
        return "", True
    return text, False


def clean_block(raw: str) -> str:
    """An abstract: unwrap `<details><summary>原文: </summary>…</details>`, keep the text within.

    String operations, not a regex: the text itself may hold `<human, object, action>`.
    """
    text = raw.strip()
    if not text.startswith("<details>"):
        return clean_title(text)
    end = text.find("</summary>")
    text = text[end + 10 :] if end >= 0 else text[9:]
    if text.endswith("<br />"):
        text = text[:-6].rstrip()
    if text.endswith("</details>"):
        text = text[:-10]
    if "&" in text:
        text = unescape(text)
    return fold(text)


def split_authors(raw: str) -> tuple[tuple[str, ...], bool]:
    """Return the authors and whether the digest cut the list (` .etc.`, `et.al.`)."""
    text = clean_title(raw)
    cut = False
    if text.endswith(AUTHORS_CUT_ENDS):
        match = _AUTHORS_CUT.search(text, max(0, len(text) - 12))  # its longest match is 7
        if match:
            text, cut = text[: match.start()].rstrip(" ,"), True
    names = text.split(", ")
    if len(names) != text.count(",") + 1 or "\\" in text:  # irregular commas: slow path
        names = [name.strip().rstrip("\\").strip() for name in text.split(",")]
    return tuple(filter(None, names)), cut


def arxiv_id(raw: str) -> tuple[str, int | None]:
    """Find the arXiv id and version in a PDF/abs cell: autolink, Markdown link or bare id."""
    match = _ARXIV_URL.search(raw) or _BARE_ID.search(raw)
    if not match:
        return "", None
    version = match.group(2)
    return match.group(1), int(version) if version else None


def split_code(raw: str) -> tuple[str, str]:
    """Split a Code or 代码/贡献 value into (code URL, contribution text).

    The code link leads its line (`[代码](url); text`, `[[代码]](<url>)<br />- …`, `<url>**`);
    every other line is contribution text, kept with its bullets.
    """
    text = raw.strip()
    if text.endswith("<br />"):
        text = text[:-6].rstrip()
    if text.lower() in NO_VALUE:
        return "", ""
    text = entities(text)
    if text.lower() in NO_VALUE:
        return "", ""
    code = ""
    lines = []
    for line in _BR.split(text) if "<br" in text else text.split("\n"):
        line = line.strip()
        if not code:
            match = _LEADING_LINK.match(line)
            if match:
                code = clean_url(match.group("angle") or match.group("md") or match.group("bare"))
                line = line[match.end() :].lstrip(" ;；*,，").strip()
        if line and line.lower() not in NO_VALUE:
            lines.append(line)
    contribution = "\n".join(" ".join(line.split()) for line in lines)
    return sanitize(code), contribution
