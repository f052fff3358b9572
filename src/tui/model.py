"""The digest model: what one daily file says, independent of its Markdown dialect.

Immutable (frozen dataclasses, and a NamedTuple for the paper) so that parsed digests can be
shared between threads and cached safely. Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

# Names of the extras the parser fills in from known columns and fields.
EXTRA_DATE = "date"  # the row's publish date (can differ from the digest's date)
EXTRA_STATUS = "status"  # 🆕 发布 / 📝 更新
EXTRA_CONTRIBUTION = "contribution"  # the 贡献 text of later formats
EXTRA_AUTHORS_CUT = "authors_truncated"  # "yes" when the digest cut the author list
EXTRA_TRANSLATION = "translation"  # "failed" for [翻译失败] titles

# The status the later formats give each row (FORMAT.md §7.1): its kind, and (mark, English,
# Chinese) as the reader shows it.
STATUS_NEW, STATUS_UPDATED = "new", "updated"
STATUS_SHOWN = {STATUS_NEW: ("🆕", "new", "发布"), STATUS_UPDATED: ("📝", "updated", "更新")}

# Where arXiv serves a paper, followed by its (versioned) id.
ARXIV_ABS = "https://arxiv.org/abs/"
ARXIV_PDF = "https://arxiv.org/pdf/"
# A paper without an arXiv id is known by its title: this prefix, then the folded title.
TITLE_KEY = "title:"


def arxiv_abs_page(arxiv_id: str) -> str:
    """arXiv's abs page for an id ("" for none): it always shows the newest version."""
    return ARXIV_ABS + arxiv_id if arxiv_id else ""


def paper_identity(arxiv_id: str, title: str) -> str:
    """A paper's identity across files and days: its arXiv id, else its title without case and
    with runs of white space made one space (for entries a digest lists without an id)."""
    return arxiv_id or TITLE_KEY + " ".join(title.casefold().split())


class Paper(NamedTuple):
    """One paper entry as a digest lists it.

    A NamedTuple rather than a frozen dataclass: as immutable, and made in a third of the time
    (a frozen dataclass pays an object.__setattr__ per field), which counts at 50,000 papers.
    """

    arxiv_id: str  # without version, e.g. "2401.03312"
    title: str
    version: int | None = None  # 1 for "v1"; None where the link carries none
    title_cn: str = ""
    authors: tuple[str, ...] = ()
    abstract: str = ""
    abstract_cn: str = ""
    pdf_url: str = ""
    abs_url: str = ""
    code_url: str = ""
    # Everything else the format carries, in file order: (name, value) pairs.
    extras: tuple[tuple[str, str], ...] = ()
    line: int = 0  # 1-based line in the source file where the entry starts

    def extra(self, name: str, default: str = "") -> str:
        for key, value in self.extras:
            if key == name:
                return value
        return default

    @property
    def contribution(self) -> str:
        return self.extra(EXTRA_CONTRIBUTION)

    @property
    def status(self) -> str:
        """STATUS_NEW, STATUS_UPDATED, or "" (no status, or one the reader does not know)."""
        value = self.extra(EXTRA_STATUS)
        if not value:
            return ""
        if "🆕" in value or "发布" in value or "new" in value.lower():
            return STATUS_NEW
        if "📝" in value or "更新" in value or "updat" in value.lower():
            return STATUS_UPDATED
        return ""

    @property
    def versioned_id(self) -> str:
        return f"{self.arxiv_id}v{self.version}" if self.version else self.arxiv_id

    @property
    def abs_page(self) -> str:
        """The abs page: the digest's link, else one made from the arXiv id ("" without either)."""
        return self.abs_url or arxiv_abs_page(self.arxiv_id)

    @property
    def pdf_link(self) -> str:
        """The PDF: the digest's link, else one made from the versioned arXiv id ("" without)."""
        if self.pdf_url:
            return self.pdf_url
        return ARXIV_PDF + self.versioned_id if self.arxiv_id else ""


def paper_key(paper: Paper) -> str:
    """The paper's identity (paper_identity): merges days, counts papers, keeps selections."""
    return paper_identity(paper.arxiv_id, paper.title)


@dataclass(frozen=True, slots=True)
class Category:
    """A topic section; a `###` under a `##` is named "Parent / Child"."""

    name: str
    papers: tuple[Paper, ...] = ()


@dataclass(frozen=True, slots=True)
class Digest:
    """One daily file: its date, its categories in file order, and what went wrong reading it."""

    date: dt.date | None
    source: str = ""
    categories: tuple[Category, ...] = ()
    format: str = "empty"  # "detailed", "table", "mixed" or "empty"
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def papers(self) -> list[Paper]:
        return [paper for category in self.categories for paper in category.papers]

    @property
    def paper_count(self) -> int:
        return sum(len(category.papers) for category in self.categories)
