"""Papers as flat records: the JSON of `list --format jsonl` and `export --format json`, and CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from tui.arxiv.merge import EXTRA_ABSTRACT_SOURCE, abstract_source
from tui.export.items import ExportItem
from tui.text import display_path

# --------------------------------------------------------------------------- records (list, JSON)


def paper_record(
    item: ExportItem, *, file: str | None = None, with_state: bool = True
) -> dict[str, Any]:
    """The one dict shape shared by `list --format jsonl`, JSON and CSV export.

    `abstract_source` says where the abstract came from: "digest", "arxiv" (fetched into the
    store and joined by tui.arxiv.merge) or None (no abstract known).

    `file` overrides item.file; `with_state=False` leaves out read/starred when the state is
    unknown (so a missing store is not reported as "unread"). The file name is given as shown
    (tui.text.display_path): bytes that are not UTF-8 become U+FFFD, so the output is UTF-8.
    """
    paper = item.paper
    extras: dict[str, str] = {}
    for name, value in paper.extras:
        if name != EXTRA_ABSTRACT_SOURCE:  # a field of its own
            extras.setdefault(name, value)  # first wins, as Paper.extra() does
    record: dict[str, Any] = {
        "file": display_path(item.file if file is None else file),
        "date": item.day.isoformat() if item.day else None,
        "category": item.category,
        "arxiv_id": paper.arxiv_id,
        "version": paper.version,
        "title": paper.title,
        "title_cn": paper.title_cn,
        "authors": list(paper.authors),
        "abstract": paper.abstract,
        "abstract_cn": paper.abstract_cn,
        "abstract_source": abstract_source(paper),
        "pdf_url": paper.pdf_url,
        "abs_url": paper.abs_url,
        "code_url": paper.code_url,
        "extras": extras,
    }
    if with_state:
        record["read"] = item.read
        record["starred"] = item.starred
        record["tags"] = list(item.tags)
        record["note"] = item.note
    return record


def to_json(items: Sequence[ExportItem], *, with_state: bool = True) -> str:
    """One JSON array of `paper_record`s, UTF-8 text kept readable (no \\u escapes)."""
    records = [paper_record(item, with_state=with_state) for item in items]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- CSV

CSV_COLUMNS: tuple[str, ...] = (
    "file",
    "date",
    "category",
    "arxiv_id",
    "version",
    "title",
    "title_cn",
    "authors",
    "abstract",
    "abstract_cn",
    "abstract_source",
    "pdf_url",
    "abs_url",
    "code_url",
    "extras",
    "read",
    "starred",
    "tags",
    "note",
)
_STATE_COLUMNS = 4  # the last four come from the state file
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any, neutralize: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    # A cell starting like a formula runs as one in a spreadsheet: a quote makes it text.
    if neutralize and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def to_csv(
    items: Sequence[ExportItem],
    *,
    bom: bool = False,
    with_state: bool = True,
    neutralize_formulas: bool = True,
) -> str:
    """RFC 4180 CSV (CRLF rows, quotes doubled) with a header row.

    Authors are joined with "; ", extras are a JSON object. `bom=True` prepends U+FEFF so Excel
    reads the file as UTF-8 (Chinese intact); use it for files, not for stdout (`export_text`
    does). Cells that start with = + - @ get a leading apostrophe so a spreadsheet shows them as
    text instead of running them (`neutralize_formulas=False` keeps them raw).
    """
    columns = CSV_COLUMNS if with_state else CSV_COLUMNS[:-_STATE_COLUMNS]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for item in items:
        record = paper_record(item, with_state=with_state)
        record["authors"] = "; ".join(record["authors"])
        if with_state:
            record["tags"] = "; ".join(record["tags"])
        record["extras"] = (
            json.dumps(record["extras"], ensure_ascii=False) if record["extras"] else ""
        )
        writer.writerow([_csv_cell(record[name], neutralize_formulas) for name in columns])
    return ("\ufeff" if bom else "") + buffer.getvalue()
