"""The `entries` table: one row per listing of a paper (a file, a category, a place in the file).

One definition of its layout for everyone who touches it: the cache creates and fills it, the
search index is built over it (tui.search, also over an in-memory copy for the command line),
and the reader maps search results back to the rows it shows. Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as dt

from tui.model import Digest, Paper

# The columns a parsed digest gives, in row order (`entries_of` builds these rows).
PAPER_COLUMNS = (
    "day",
    "category",
    "position",
    "arxiv_id",
    "title",
    "title_cn",
    "authors",
    "abstract",
    "abstract_cn",
    "contribution",
    "code_url",
)
# A paper's title in both languages: one query field (title:), ranked first by the index.
TITLE_COLUMNS = ("title", "title_cn")
# Every column but `id`, in insert order: the file's id in the cache first.
COLUMNS = ("file_id", *PAPER_COLUMNS)

CREATE_SQL = """CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL,
    day TEXT,
    category TEXT NOT NULL,
    position INTEGER NOT NULL,
    arxiv_id TEXT NOT NULL,
    title TEXT NOT NULL,
    title_cn TEXT NOT NULL,
    authors TEXT NOT NULL,
    abstract TEXT NOT NULL,
    abstract_cn TEXT NOT NULL,
    contribution TEXT NOT NULL,
    code_url TEXT NOT NULL
)"""

# Insert one row: the values of COLUMNS (SQLite numbers it), or `id` and then those values.
INSERT_SQL = f"INSERT INTO entries ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
INSERT_WITH_ID_SQL = (
    f"INSERT INTO entries (id, {', '.join(COLUMNS)}) VALUES ({', '.join('?' * (1 + len(COLUMNS)))})"
)

# What the reader needs to map a search result back to the row it shows: the entry id, the file
# (hence the day), the category and the paper's identity (tui.model.paper_identity).
KEY_COLUMNS = ("id", "file_id", "category", "arxiv_id", "title")
SELECT_KEYS_SQL = f"SELECT {', '.join(KEY_COLUMNS)} FROM entries"
KeyRow = tuple[int, int, str, str, str]

# One row's values in PAPER_COLUMNS order (day, category, position, then the paper's texts).
PaperRow = tuple[str | None, str, int, str, str, str, str, str, str, str, str]


def paper_row(day: dt.date | None, category: str, position: int, paper: Paper) -> PaperRow:
    """The values of one listing, in PAPER_COLUMNS order (authors joined by ", ")."""
    return (
        day.isoformat() if day else None,
        category,
        position,
        paper.arxiv_id,
        paper.title,
        paper.title_cn,
        ", ".join(paper.authors),
        paper.abstract,
        paper.abstract_cn,
        paper.contribution,
        paper.code_url,
    )


def entries_of(digest: Digest) -> list[PaperRow]:
    """The rows of one digest (without file_id), position = index in the file's order."""
    rows: list[PaperRow] = []
    for category in digest.categories:
        for paper in category.papers:
            rows.append(paper_row(digest.date, category.name, len(rows), paper))
    return rows
