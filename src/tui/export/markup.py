"""Export as Markdown and BibTeX: every digest string escaped for its markup language.

Markdown (CommonMark, for GitHub) is grouped by day and category; BibTeX gets stable citation keys
and LaTeX-escaped values that compile. Both keep to plain http(s) links.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence

from tui.arxiv.merge import EXTRA_COMMENT, EXTRA_DOI, EXTRA_JOURNAL
from tui.export.items import ExportItem
from tui.links import check_url
from tui.model import EXTRA_AUTHORS_CUT, Paper, arxiv_abs_page, paper_key
from tui.names import display_name

# --------------------------------------------------------------------------- shared

_SPACES = re.compile(r"\s+")
# A DOI BibTeX can hold verbatim (biblatex reads the field as is: no escaping allowed).
_DOI = re.compile(r"10\.[0-9]{4,9}/[^\s{}\\%#~^$&]+")


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _safe_url(url: str) -> str:
    """The URL if links.check_url accepts it (plain http(s), nothing hidden), else "".

    Brackets, braces and quotes are percent-encoded (same address) so that the URL cannot end
    a Markdown link or unbalance a BibTeX field.
    """
    url = url.strip()
    if check_url(url) is not None:
        return ""
    return "".join(f"%{ord(ch):02X}" if ch in "()[]{}'|^" else ch for ch in url)


# --------------------------------------------------------------------------- Markdown

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~$])")
_MD_INLINE_HEADING = re.compile(r"([\\`*_\[\]<>|~$#])")
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_MD_BLOCK_START = re.compile(r"^(?:([#>+=-])|(\d+)([.)]))")


def _md(text: str, *, heading: bool = False, line_start: bool = False) -> str:
    """Escape untrusted text so GitHub shows it literally: no HTML, links, emphasis, math.

    In a heading every # is escaped too, so none can close it; text that starts a line (a list
    item's content) also gets a leading block marker (# > - + = or "1.") escaped.
    """
    pattern = _MD_INLINE_HEADING if heading else _MD_INLINE
    text = _MD_ENTITY.sub("&amp;", _one_line(text))
    text = pattern.sub(r"\\\1", text)
    # At the start of a line (list item, heading) a marker would start a block: escape it.
    match = _MD_BLOCK_START.match(text) if line_start else None
    if match:
        if match.group(1):
            text = "\\" + text
        else:
            digits = match.group(2)
            text = digits + "\\" + text[len(digits) :]
    return text


def _md_heading(text: str) -> str:
    return _md(text, heading=True) or "\\(none\\)"


def _md_links(paper: Paper) -> str:
    links = []
    for label, url in (("PDF", paper.pdf_url), ("abs", paper.abs_url), ("code", paper.code_url)):
        safe = _safe_url(url)
        if safe:
            links.append(f"[{label}]({safe})")
    return " · ".join(links)


def _group(items: Sequence[ExportItem]) -> dict[dt.date | None, dict[str, list[ExportItem]]]:
    groups: dict[dt.date | None, dict[str, list[ExportItem]]] = {}
    for item in items:
        groups.setdefault(item.day, {}).setdefault(item.category, []).append(item)
    return groups


def to_markdown(items: Sequence[ExportItem], language: str = "both") -> str:
    """A GitHub-readable list: `## day`, `### category`, one item per paper, in input order.

    Category names in `language` (tui.names: the English or Chinese half of a bilingual name;
    "both": as the digest writes them), as the reader shows them.
    """
    groups = _group(items)
    papers = len({paper_key(item.paper) for item in items})
    lines = ["# Exported papers", ""]
    lines.append(
        f"{papers} paper{'s' * (papers != 1)} from {len(groups)} day{'s' * (len(groups) != 1)}."
    )
    for day, categories in groups.items():
        lines += ["", f"## {day.isoformat() if day else 'Undated'}"]
        for category, members in categories.items():
            heading = _md_heading(display_name(category, language))
            lines += ["", f"### {heading} ({len(members)})", ""]
            for item in members:
                lines += _md_paper(item.paper)
                if item.tags:
                    lines.append(f"  - Tags: {', '.join(_md(tag) for tag in item.tags)}")
                if note := item.note.strip():
                    # A note keeps its lines, each indented under the paper's item.
                    shown = "\n    ".join(_md(line, line_start=True) for line in note.splitlines())
                    lines.append(f"  - Note: {shown}")
    return "\n".join(lines) + "\n"


def _md_paper(paper: Paper) -> list[str]:
    title = _md(paper.title) or "\\(untitled\\)"
    ident = _md(paper.versioned_id)
    lines = [f"- **{title}**" + (f" · {ident}" if ident else "")]
    if paper.title_cn.strip():
        lines.append(f"  - {_md(paper.title_cn, line_start=True)}")
    if paper.authors:
        authors = ", ".join(_md(name, line_start=n == 0) for n, name in enumerate(paper.authors))
        if paper.extra(EXTRA_AUTHORS_CUT) == "yes":
            authors += ", et al."
        lines.append(f"  - {authors}")
    links = _md_links(paper)
    if links:
        lines.append(f"  - {links}")
    return lines


# --------------------------------------------------------------------------- BibTeX

_STOPWORDS = frozenset(
    {"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "via", "from", "by", "at"}
    | {"as", "towards", "toward", "into"}
)
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_FOLD = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "ı": "i",
    }
)
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+|\\.")


def _ascii_word(text: str) -> str:
    """Lowercase ASCII letters and digits of `text`: accents folded, LaTeX commands dropped."""
    text = _LATEX_COMMAND.sub("", text).translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", text.encode("ascii", "ignore").decode().lower())


def _arxiv_year(arxiv_id: str) -> int | None:
    """2401.03312 -> 2024; hep-th/9901001 -> 1999; None when the id carries no date."""
    match = re.match(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})", arxiv_id)
    if not match:
        return None
    digits = arxiv_id.split("/")[-1]
    yy, mm = int(digits[:2]), int(digits[2:4])
    if not 1 <= mm <= 12:
        return None
    return 1900 + yy if yy >= 91 else 2000 + yy


def _year(item: ExportItem) -> int | None:
    year = _arxiv_year(item.paper.arxiv_id)
    if year is None and item.day is not None:
        year = item.day.year
    return year


def bibtex_key(item: ExportItem) -> str:
    """The base key: first author's surname + year + first significant title word."""
    surname = ""
    if item.paper.authors:
        words = [_ascii_word(w) for w in item.paper.authors[0].split()]
        words = [w for w in words if w]
        while len(words) > 1 and words[-1] in _NAME_SUFFIXES:
            words.pop()
        surname = words[-1] if words else ""
    title_word = ""
    for token in item.paper.title.split():
        word = _ascii_word(token)
        if word and word not in _STOPWORDS:
            title_word = word[:30]
            break
    year = _year(item)
    return f"{surname or 'anon'}{year or ''}{title_word or 'untitled'}"


def _suffixes() -> Iterable[str]:
    """a, b, ..., z, aa, ab, ...: for keys that would collide."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    width = 1
    while True:
        for n in range(len(letters) ** width):
            s = ""
            for _ in range(width):
                n, r = divmod(n, len(letters))
                s = letters[r] + s
            yield s
        width += 1


def _unmatched_braces(text: str) -> set[int]:
    """Positions of braces BibTeX would see as unbalanced (it ignores backslashes)."""
    stack: list[int] = []
    unmatched: set[int] = set()
    for i, ch in enumerate(text):
        if ch == "{":
            stack.append(i)
        elif ch == "}":
            if stack:
                stack.pop()
            else:
                unmatched.add(i)
    unmatched.update(stack)
    return unmatched


def _math_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of $...$ spans, end exclusive; an unpaired final $ is not math."""
    dollars = []
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "$":
            dollars.append(i)
        i += 1
    return [(dollars[k], dollars[k + 1] + 1) for k in range(0, len(dollars) - 1, 2)]


_TEXT_REPLACEMENTS = {
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
}
_LATEX_SPECIAL = re.compile(r"[\\{}$&%#_~^<>]")
_ACCENTS = "'\"`^~=."


def latex_escape(text: str) -> str:
    """Make untrusted text safe in a braced BibTeX field and compilable by LaTeX.

    $...$ math is kept as written (only %, #, & and stray braces in it are escaped); outside it
    & % # _ $ ~ ^ < > are escaped unless already escaped (\\& stays \\&); LaTeX commands and
    accents (\\textit, \\"o) are kept; a lone backslash becomes \\textbackslash{}. Braces are kept
    when balanced; an unmatched one becomes \\textbraceleft{} / \\textbraceright{} (\\lbrace{} in
    math), because BibTeX counts raw braces and a backslash does not escape them for it.
    """
    text = _one_line(text)
    if not _LATEX_SPECIAL.search(text):
        return text  # the common case: nothing to escape
    unmatched = _unmatched_braces(text)
    spans = _math_spans(text)
    in_math = [False] * len(text)
    for start, end in spans:
        for k in range(start, end):
            in_math[k] = True
    out: list[str] = []
    i = 0
    while i < len(text):
        ch, math = text[i], in_math[i]
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch in "{}" and i in unmatched:
            if math:
                out.append(r"\lbrace{}" if ch == "{" else r"\rbrace{}")
            else:
                out.append(r"\textbraceleft{}" if ch == "{" else r"\textbraceright{}")
            i += 1
        elif ch == "\\":
            if nxt and nxt in "{}" and i + 1 in unmatched:
                i += 1  # \{ meant a literal brace: the unmatched brace is replaced next
            elif math and nxt:
                out.append(ch + nxt)  # math commands and escapes as written
                i += 2
            elif nxt and nxt in "&%#_{}$ -/@":
                out.append(ch + nxt)  # already escaped, or \- \/ \@ (hyphen, spacing)
                i += 2
            elif nxt.isascii() and nxt.isalpha():
                j = i + 1
                while j < len(text) and text[j].isascii() and text[j].isalpha():
                    j += 1
                out.append(text[i:j])
                i = j
            elif (
                nxt
                and nxt in _ACCENTS
                and i + 2 < len(text)
                and (text[i + 2].isalpha() or text[i + 2] == "{")
            ):
                out.append(ch + nxt)  # an accent such as \"o or \'{e}
                i += 2
            else:
                out.append(r"\textbackslash{}")
                i += 1
        elif math:
            out.append("\\" + ch if ch in "&%#" else ch)
            i += 1
        else:
            out.append(_TEXT_REPLACEMENTS.get(ch, ch))
            i += 1
    return "".join(out)


def _bib_name(name: str) -> str:
    name = latex_escape(name)
    # A comma or a standalone "and" would split or reorder the name: protect it whole.
    if "," in name or re.search(r"(?i)(^|\s)and(\s|$)", name):
        name = "{" + name + "}"
    return name


def _bib_url(paper: Paper) -> str:
    """abs URL (or one built from the id, or the PDF); % and # escaped as natbib/hyperref's
    \\url expects in a .bbl (they read \\% as %)."""
    for url in (paper.abs_url, arxiv_abs_page(paper.arxiv_id), paper.pdf_url):
        safe = _safe_url(url)
        if safe:
            return safe.replace("%", "\\%").replace("#", "\\#")
    return ""


def _bib_entry(key: str, item: ExportItem) -> str:
    paper = item.paper
    fields: list[tuple[str, str]] = []
    title = latex_escape(paper.title)
    if title:
        fields.append(("title", "{" + title + "}"))  # inner braces keep its capitalisation
    names = [_bib_name(name) for name in paper.authors if name.strip()]
    if names:
        if paper.extra(EXTRA_AUTHORS_CUT) == "yes":
            names.append("others")
        fields.append(("author", " and ".join(names)))
    year = _year(item)
    if year:
        fields.append(("year", str(year)))
    if paper.arxiv_id:
        fields.append(("eprint", latex_escape(paper.arxiv_id)))
        fields.append(("archivePrefix", "arXiv"))
    url = _bib_url(paper)
    if url:
        fields.append(("url", url))
    doi = _one_line(paper.extra(EXTRA_DOI))
    if _DOI.fullmatch(doi):
        fields.append(("doi", doi))
    journal = latex_escape(_one_line(paper.extra(EXTRA_JOURNAL)))
    if journal:
        fields.append(("journal", journal))
    notes = [] if journal else [latex_escape(_one_line(paper.extra(EXTRA_COMMENT)))]
    code = _safe_url(paper.code_url)
    if code:
        notes.append("Code: " + latex_escape(code))
    if any(notes):
        fields.append(("note", "; ".join(note for note in notes if note)))
    if item.tags:
        fields.append(("keywords", ", ".join(latex_escape(_one_line(t)) for t in item.tags)))
    if item.note.strip():
        fields.append(("annote", latex_escape(" ".join(item.note.split()))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def to_bibtex(items: Sequence[ExportItem]) -> str:
    """One @misc entry per distinct paper (first listing wins), keys made unique with a, b, ...

    Non-ASCII text (Chinese, accents) is kept as UTF-8: fine for biber/biblatex and for
    bibtex with inputenc; keys are ASCII.
    """
    seen: set[str] = set()
    used: set[str] = set()
    entries: list[str] = []
    for item in items:
        identity = paper_key(item.paper)
        if identity in seen:
            continue
        seen.add(identity)
        base = key = bibtex_key(item)
        if key in used:
            key = next(base + s for s in _suffixes() if base + s not in used)
        used.add(key)
        entries.append(_bib_entry(key, item))
    return "\n".join(entries)
