"""The dates a digest is known by: the one in its header line, else the one in its file name.

One rule for both, shared by the parser (a digest's date) and the library (which orders and
groups files by the date in their names before reading them). Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as dt
import os
import re

# 2024-02-16, 2024.2.16, 2024/02/16: the forms digest headers and file names use.
_DATE = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})")


def find_date(text: str) -> dt.date | None:
    """The first real date written in `text` (2024-02-30 is none), or None."""
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def name_date(path: str | os.PathLike[str]) -> dt.date | None:
    """The date in a file's name (digests are named after their day), or None."""
    return find_date(os.path.basename(path))
