"""Terminal cell widths of text, without Textual: names and wrapped lines are fitted to a width
by code that must not import the UI (a CJK character or an emoji takes two cells, a combining
mark none)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

ELLIPSIS = "…"


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Cells one character takes: 2 for East Asian wide and full-width, 0 for combining and
    format characters, else 1 (ambiguous-width characters count 1, as Textual counts them)."""
    if char < "\u0300":  # ASCII and Latin-1: the common case, one cell (controls are sanitized)
        return 1
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Cells `text` takes on one line."""
    if text.isascii():
        return len(text)
    return sum(char_width(char) for char in text)


def cut_end(text: str, width: int, ellipsis: str = ELLIPSIS) -> str:
    """`text` if it fits in `width` cells, else its beginning and `ellipsis`, within `width`.

    Names are cut at their end: their beginning is what tells them apart in a list.
    """
    if width <= 0:
        return ""
    if cell_width(text) <= width:
        return text
    room = width - cell_width(ellipsis)
    if room < 0:
        return ellipsis[:width]
    used = 0
    kept: list[str] = []
    for char in text:
        size = char_width(char)
        if used + size > room:
            break
        kept.append(char)
        used += size
    return "".join(kept).rstrip() + ellipsis
