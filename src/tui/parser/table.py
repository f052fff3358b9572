"""GFM table rows: splitting cells the way GitHub does, with or without outer pipes."""

from __future__ import annotations

import re

_CELL = re.compile(r":?-{2,}:?")


def is_separator(line: str) -> bool:
    """`|---|:---:|` and the like; linear string checks (the old regex was quadratic)."""
    line = line.strip()
    if "--" not in line or line.strip("|-: \t"):
        return False
    cells = [cell.strip() for cell in line.strip("|").split("|")]
    return all(_CELL.fullmatch(cell) for cell in cells)


def split_row(line: str) -> list[str]:
    """Split a row into raw cells.

    `\\|` is a literal pipe inside a cell, while `\\\\|` is an escaped backslash followed by a real
    delimiter (an authors cell ending in a backslash); entities like `&#124;` are decoded later.
    """
    line = line.strip()
    if "\\" not in line:
        cells = line.split("|")
        closed = line.endswith("|")
    else:
        cells, current, i, closed = [], [], 0, False
        while i < len(line):
            char = line[i]
            if char == "\\" and i + 1 < len(line):
                nxt = line[i + 1]
                current.append("|" if nxt == "|" else char + nxt)
                i += 2
                continue
            if char == "|":
                cells.append("".join(current))
                current = []
                closed = i == len(line) - 1
            else:
                current.append(char)
            i += 1
        cells.append("".join(current))
    if line.startswith("|"):
        cells = cells[1:]
    if closed and len(line) > 1:
        cells = cells[:-1]
    return [cell.strip() for cell in cells]
