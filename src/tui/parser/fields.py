"""Field labels (detailed `**Label:**` lines and table headers) mapped to what they hold.

Tables are read by header name, never by position, so that a new or moved column still parses.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui.model import (
    ARXIV_ABS,
    ARXIV_PDF,
    EXTRA_AUTHORS_CUT,
    EXTRA_CONTRIBUTION,
    EXTRA_DATE,
    EXTRA_STATUS,
    EXTRA_TRANSLATION,
    Paper,
)
from tui.parser.values import (
    NO_VALUE,
    arxiv_id,
    clean_block,
    clean_short,
    clean_title,
    clean_title_cn,
    split_authors,
    split_code,
)

KINDS: dict[str, str] = {
    "index": "index",
    "Title": "title",
    "Title_cn": "title_cn",
    "Authors": "authors",
    "Abstract": "abstract",
    "Abstract_cn": "abstract_cn",
    "PDF": "pdf",
    "Code": "code",
    "Date": "date",
    "Code/Contribution": "code_contribution",
    "序号": "index",
    "publish date": "date",
    "update date": "date",
    "date": "date",
    "发布日期": "date",
    "更新日期": "date",
    "日期": "date",
    "title": "title",
    "英文标题": "title",
    "标题": "title",
    "title_cn": "title_cn",
    "title_zh": "title_cn",
    "中文标题": "title_cn",
    "authors": "authors",
    "author": "authors",
    "作者": "authors",
    "abstract": "abstract",
    "摘要": "abstract",
    "abstract_cn": "abstract_cn",
    "abstract_zh": "abstract_cn",
    "中文摘要": "abstract_cn",
    "pdf": "pdf",
    "pdf链接": "pdf",
    "paper": "pdf",
    "论文": "pdf",
    "code": "code",
    "代码": "code",
    "代码链接": "code",
    "code/contribution": "code_contribution",
    "代码/贡献": "code_contribution",
    "contribution": "contribution",
    "贡献": "contribution",
    "status": "status",
    "状态": "status",
}


def kind_of(label: str) -> str | None:
    kind = KINDS.get(label)
    return kind if kind is not None else KINDS.get(label.strip().lower())


Field = tuple[str | None, str, str]  # (kind, label as written, raw value)


def build_paper(fields: Iterable[Field], line: int) -> Paper | str:
    """Build a Paper from fields in file order, or say why they can't make one."""
    title = title_cn = abstract = abstract_cn = code = ""
    authors: tuple[str, ...] = ()
    identifier, version = "", None
    extras: list[tuple[str, str]] = []
    for kind, label, raw in fields:
        if kind == "date" or kind == "status":
            text = clean_short(raw)
            if text:
                extras.append((EXTRA_DATE if kind == "date" else EXTRA_STATUS, text))
        elif kind == "title":
            title = clean_title(raw)
        elif kind == "title_cn":
            title_cn, failed = clean_title_cn(raw)
            if failed:
                extras.append((EXTRA_TRANSLATION, "failed"))
        elif kind == "authors":
            authors, cut = split_authors(raw)
            if cut:
                extras.append((EXTRA_AUTHORS_CUT, "yes"))
        elif kind == "pdf":
            identifier, version = arxiv_id(raw)
        elif kind == "code" or kind == "code_contribution":
            url, text = split_code(raw)
            code = code or url
            if text:
                extras.append((EXTRA_CONTRIBUTION, text))
        elif kind == "abstract":
            abstract = clean_block(raw)
        elif kind == "abstract_cn":
            abstract_cn = clean_block(raw)
        elif kind == "contribution":
            text = clean_block(raw)
            if text:
                extras.append((EXTRA_CONTRIBUTION, text))
        elif kind is None:
            text = clean_block(raw)
            if text and text.lower() not in NO_VALUE:
                extras.append((" ".join(label.split()), text))
    if not title:
        return "entry has no title"
    if not identifier:
        return f"entry {title[:60]!r} has no arXiv id in its PDF link"
    full = f"{identifier}v{version}" if version else identifier
    return Paper(
        identifier,
        title,
        version,
        title_cn,
        authors,
        abstract,
        abstract_cn,
        ARXIV_PDF + full,
        ARXIV_ABS + full,
        code,
        tuple(extras),
        line,
    )
