"""Hypothesis strategies shared by the reliability tests and scripts/fuzz_parser.py.

Two families:
- `normal_digests()`: Digest models already in the writer's normal form (tui.writer docstring),
  built from hostile tokens (markup, entities, `<br>`, pipes, bidi and control characters) that
  are then cleaned the way the parser cleans; for the round-trip property.
- `hostile_texts()` / `hostile_bytes()`: anything at all for the parser, mostly real digests
  mutated (cut, lines dropped, repeated or swapped, tokens spliced in, very long lines, random
  bytes, other encodings, broken encodings).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from hypothesis import strategies as st

from tui.model import (
    EXTRA_AUTHORS_CUT,
    EXTRA_CONTRIBUTION,
    EXTRA_DATE,
    EXTRA_STATUS,
    EXTRA_TRANSLATION,
    Category,
    Digest,
    Paper,
)
from tui.parser.fields import kind_of
from tui.parser.values import CN_LEAD, NO_VALUE, TRANSLATION_FAILED, clean_url
from tui.text import sanitize
from tui.writer import paper_problems, render

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ROOT / "tests" / "fixtures" / "formats"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"

# Pieces that mean something to Markdown, HTML, the digest dialects, Rich/Textual markup or a
# terminal. Every one of them must come out of the parser as plain text or not at all.
# fmt: off
TOKENS = [
    "<br />", "<br>", "<BR/>", "<br", "&amp;", "&lt;", "&#124;", "&#x202E;", "&#27;", "&#0;",
    "&", "&#", "&nbsp;", "**", "*", "***", "_", "`", "$", "\\", "\\|", "\\\\", "|", "||", "[", "]",
    "(", ")", "<", ">", "<details>", "</details>", "<summary>", "</summary>", "原文: ",
    "[@click=app.quit]", "[@click=screen.toggle_read]x[/]", "[link=https://evil.example]",
    "[/link]", "[/]", "[b]", "[bold red]", "[$accent]", "\x1b[31m", "\x1b[2J", "\x1b]52;c;aGk=\x07",
    "\x1b]8;;https://evil.example\x1b\\", "\x9b", "\x07", "\x00", "\r", "\r\n", "\t", "\u202e",
    "\u2066", "\u200b", "\ufeff", "\u3000", "\xa0", "\u2028", "#", "## ", ">", ">>", "---", "|---|",
    ":**", "**index:** 1", "**Title:**", "**PDF:**", "**Code:**", "**Authors:**",
    "**Code/Contribution:**", "http://arxiv.org/pdf/2401.00001v1", "<http://arxiv.org/abs/",
    "2401.00001", "v", "[PDF](https://arxiv.org/pdf/2401.00002v2)", "[代码](https://x.org/a.)",
    "https://", "javascript:alert(1)", "file:///etc/passwd", "https://u:p@evil.example/",
    "null", "None", "无", "-", " et al.", " .etc.", "等", TRANSLATION_FAILED, "：", "UPDATED",
    "Updated on 2024.01.05", "2024-02-30", "9999-99-99", "🆕 发布", "📝", "中文", "é", "ﷺ", "𝔘",
    "a", "b", "Title", " ", "  ",
]
# fmt: on
WORDS = st.sampled_from(TOKENS) | st.text(max_size=8)
EXTRA_NAMES = [EXTRA_DATE, EXTRA_STATUS, EXTRA_CONTRIBUTION, EXTRA_TRANSLATION, EXTRA_AUTHORS_CUT]
_LINK_START = re.compile(r"\**\s*(?:<|\[|https?://)", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Normal-form models


def _line(raw: str) -> str:
    """What the parser makes of a one-line value: sanitized, tabs/newlines gone, no double
    spaces, no surrounding whitespace."""
    text = sanitize(raw).replace("\n", " ").replace("\t", " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip()


def _folded(raw: str) -> str:
    return " ".join(sanitize(raw).split())


hostile_strings = st.lists(WORDS, max_size=8).map("".join)
lines = hostile_strings.map(_line)
folded = hostile_strings.map(_folded)
non_empty_lines = lines.map(lambda s: s or "x")


def _title_cn(raw: str) -> str:
    text = _line(raw)
    while True:
        stripped = text.lstrip(CN_LEAD).lstrip()
        if stripped.startswith(TRANSLATION_FAILED):
            stripped = stripped[len(TRANSLATION_FAILED) :]
        if stripped == text:
            return text
        text = stripped


def _author(raw: str) -> str:
    name = _line(raw.replace(",", " "))
    while name.endswith("\\"):
        name = name.rstrip("\\").strip()
    return name


def _label(raw: str) -> str:
    name = _folded(raw.replace("*", ""))[:40].strip()
    if not name or kind_of(name) is not None:
        name = ("x-" + name)[:40].strip()
    return name


def _value(raw: str) -> str:
    text = _line(raw)
    return text if text and text.lower() not in NO_VALUE else "v"


arxiv_ids = st.one_of(
    st.from_regex(r"[0-9]{4}\.[0-9]{4,5}", fullmatch=True),
    st.from_regex(r"[a-z]{1,8}(\.[A-Z]{2})?/[0-9]{7}", fullmatch=True),
)
code_urls = st.one_of(
    st.just(""),
    st.builds(
        lambda scheme, path: clean_url(f"{scheme}://github.com/{path}x"),
        st.sampled_from(["http", "https", "HTTPS"]),
        st.text(
            st.characters(codec="utf-8", exclude_categories=["Z", "C"], exclude_characters="<>"),
            max_size=20,
        ),
    ),
)


@st.composite
def contributions(draw: st.DrawFn, has_code: bool) -> str:
    if draw(st.booleans()):
        return draw(non_empty_lines)
    parts = []
    for raw in draw(st.lists(hostile_strings, min_size=1, max_size=4)):
        line = _folded(raw.replace("<br", "").replace("<BR", ""))
        if not line or line.lower() in NO_VALUE or "<br" in line.lower():
            line = "贡献"
        if not has_code and _LINK_START.match(line):
            line = "- " + line
        parts.append(line)
    return "\n".join(parts)


_CONTRIBUTIONS = {True: contributions(True), False: contributions(False)}
_EXTRA_NAMES = st.sampled_from(EXTRA_NAMES) | hostile_strings.map(_label)


@st.composite
def extras(draw: st.DrawFn, has_code: bool) -> tuple[tuple[str, str], ...]:
    found = []
    for _ in range(draw(st.integers(0, 4))):
        name = draw(_EXTRA_NAMES)
        if name == EXTRA_CONTRIBUTION:
            value = draw(_CONTRIBUTIONS[has_code])
        elif name in (EXTRA_TRANSLATION, EXTRA_AUTHORS_CUT) and draw(st.booleans()):
            value = "failed" if name == EXTRA_TRANSLATION else "yes"
        elif name in (EXTRA_DATE, EXTRA_STATUS):
            value = draw(non_empty_lines)
        else:
            value = _value(draw(hostile_strings))
        found.append((name, value))
    return tuple(found)


_EXTRAS = {True: extras(True), False: extras(False)}
_AUTHOR_LISTS = st.lists(hostile_strings, max_size=5)
_VERSIONS = st.none() | st.integers(1, 99)


@st.composite
def papers(draw: st.DrawFn) -> Paper:
    identifier = draw(arxiv_ids)
    version = draw(_VERSIONS)
    full = f"{identifier}v{version}" if version else identifier
    code = draw(code_urls)
    paper = Paper(
        arxiv_id=identifier,
        title=draw(non_empty_lines),
        version=version,
        title_cn=_title_cn(draw(hostile_strings)),
        authors=tuple(filter(None, map(_author, draw(_AUTHOR_LISTS)))),
        abstract=draw(folded),
        abstract_cn=draw(folded),
        pdf_url="https://arxiv.org/pdf/" + full,
        abs_url="https://arxiv.org/abs/" + full,
        code_url=code,
        extras=draw(_EXTRAS[bool(code)]),
    )
    problems = paper_problems(paper)
    assert not problems, problems  # the strategy itself must stay in the normal form
    return paper


def _category_name(raw: str, index: int) -> str:
    name = re.sub("updated", "", _folded(raw), flags=re.IGNORECASE)
    return _folded(name) or f"Category {index}"


_NAME_LISTS = st.lists(hostile_strings, max_size=3)
_PAPER_LISTS = st.lists(papers(), min_size=1, max_size=3)
_DATES = st.none() | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))


@st.composite
def normal_digests(draw: st.DrawFn) -> Digest:
    names: list[str] = []
    for index, raw in enumerate(draw(_NAME_LISTS)):
        name = _category_name(raw, index)
        if name not in names:
            names.append(name)
    categories = tuple(Category(name, tuple(draw(_PAPER_LISTS))) for name in names)
    return Digest(
        date=draw(_DATES),
        source="<round-trip>",
        categories=categories,
        format="detailed" if categories else "empty",
        encoding="utf-8",
    )


# ---------------------------------------------------------------------------------------------
# Hostile input for the parser


def seed_texts() -> list[str]:
    """Real-shaped digests to mutate: every dialect fixture, the bundled sample, hostile files."""
    paths = sorted(FORMATS.glob("*.md")) + sorted(HOSTILE.glob("*.md"))
    paths.append(ROOT / "src" / "tui" / "data" / "2024-02-16.md")
    texts = [p.read_text(encoding="utf-8") for p in paths]
    # The sample is long; its first entries are enough to mutate.
    return [text if len(text) < 20_000 else text[:20_000] for text in texts]


SEEDS = seed_texts()
# Long-line pieces, including those that once triggered parser bugs (runs of whitespace:
# super-linear regexes; runs of digits: int()'s 4,300-digit limit), now fixed.
LONG_PIECES = [t for t in TOKENS if t.strip()] + ["x", "ab ", "|a", "\\|", "&#124;", "et "]
LONG_PIECES += [" ", "  ", "\u3000", "\t", " #", "9", "&#" + "9" * 4_400 + ";"]


@st.composite
def mutated_digests(draw: st.DrawFn, long_lines: int = 5_000) -> str:
    """A real digest (or a rendered random one) with up to 6 mutations."""
    if draw(st.integers(0, 9)) == 0:
        text = render(draw(normal_digests()))
    else:
        text = draw(st.sampled_from(SEEDS))
    rows = text.split("\n")
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.integers(0, 9))
        at = draw(st.integers(0, max(len(rows) - 1, 0)))
        if op == 0 and rows:  # drop a line
            del rows[at]
        elif op == 1 and rows:  # repeat a line (fields, index lines, headings)
            rows.insert(at, rows[at])
        elif op == 2 and len(rows) > 1:  # swap two lines
            other = draw(st.integers(0, len(rows) - 1))
            rows[at], rows[other] = rows[other], rows[at]
        elif op == 3 and rows:  # splice a token into a line
            row = rows[at]
            cut = draw(st.integers(0, len(row)))
            rows[at] = row[:cut] + draw(WORDS) + row[cut:]
        elif op == 4 and rows:  # cut a line short
            rows[at] = rows[at][: draw(st.integers(0, len(rows[at])))]
        elif op == 5:  # a very long line, alone or appended to a real one
            piece = draw(st.sampled_from(LONG_PIECES))
            long = piece * draw(st.integers(1, max(1, long_lines // len(piece))))
            if rows and draw(st.booleans()):
                rows[at] = rows[at] + long
            else:
                rows.insert(at, long)
        elif op == 6:  # arbitrary text as a line
            rows.insert(at, draw(st.text(max_size=40)))
        elif op == 7 and rows:  # a field label swapped for another
            rows[at] = re.sub(
                r"\*\*[^*:]{1,20}:\*\*", draw(st.sampled_from(LABELS)), rows[at], count=1
            )
        elif op == 8 and rows:  # line-level prefixes
            rows[at] = draw(st.sampled_from(["", ">", ">>", "#", "|", "> ", "**", "* "])) + rows[at]
        elif op == 9:  # a table header and separator dropped in anywhere
            rows[at:at] = ["|Title|PDF|Code|", "|---|---|---|"]
    text = "\n".join(rows)
    if draw(st.integers(0, 3)) == 0:  # cut the whole file at a random place
        text = text[: draw(st.integers(0, len(text)))]
    return text


# fmt: off
LABELS = [
    "**index:**", "**Title:**", "**Title_cn:**", "**Authors:**", "**Abstract:**", "**PDF:**",
    "**Code:**", "**Date:**", "**Code/Contribution:**", "**Status:**", "**序号:**", "**X:**",
    "**:**", "**" + "L" * 41 + ":**",
]
# fmt: on


def hostile_texts() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(),
        st.lists(WORDS, max_size=60).map("".join),
        mutated_digests(),
    )


@st.composite
def hostile_bytes(draw: st.DrawFn) -> bytes:
    """File contents: encodings the loader knows, broken ones, BOMs, CR line ends, raw bytes."""
    choice = draw(st.integers(0, 5))
    if choice == 0:
        return draw(st.binary(max_size=400))
    text = draw(mutated_digests(long_lines=2_000))
    if choice == 1:
        data = text.encode("gb18030", errors="replace")
    elif choice == 2:
        data = text.encode(draw(st.sampled_from(["utf-16", "utf-16-le", "utf-16-be"])), "replace")
    elif choice == 3:
        data = b"\xef\xbb\xbf" + text.replace("\n", draw(st.sampled_from(["\r\n", "\r"]))).encode()
    else:
        data = text.encode("utf-8", errors="surrogatepass")
    # Break the encoding: flip, drop or insert a few bytes.
    mutable = bytearray(data)
    for _ in range(draw(st.integers(0, 4))):
        if not mutable:
            break
        at = draw(st.integers(0, len(mutable) - 1))
        op = draw(st.integers(0, 2))
        if op == 0:
            mutable[at] = draw(st.integers(0, 255))
        elif op == 1:
            del mutable[at]
        else:
            mutable[at:at] = draw(st.binary(min_size=1, max_size=4))
    return bytes(mutable)
