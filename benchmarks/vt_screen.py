"""Just enough of a terminal to know what a Textual app shows: a grid of cells fed its output.

Why: bench_scale.py asks "is this marker on the screen now?" and "has the screen stopped
changing?"; searching the raw output stream would find text drawn before a key and since
overwritten. Textual draws with cursor moves (CSI row;col H), SGR colours, a few erase sequences
and text, so that is what is handled: wide (CJK) characters take two cells, zero-width ones none,
and every other escape sequence is skipped.
"""

from __future__ import annotations

import re
import unicodedata

_SEQUENCE = re.compile(
    r"\x1b(?:\[(?P<params>[0-?]*)[ -/]*(?P<final>[@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|P[^\x1b]*\x1b\\|[()][0-9A-Za-z]|[=>78NOMDEHc])"
)


def _width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Cf", "Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


class Screen:
    """rows x cols cells; feed() it decoded output, read rows() or text()."""

    def __init__(self, rows: int, cols: int) -> None:
        self.rows_count, self.cols = rows, cols
        self.cells = [[" "] * cols for _ in range(rows)]
        self.y = self.x = 0
        self._pending = ""

    def feed(self, text: str) -> None:
        text = self._pending + text
        self._pending = ""
        cut = text.rfind("\x1b")
        if cut != -1 and len(text) - cut < 64 and not _SEQUENCE.match(text, cut):
            # An escape sequence split across reads: keep it for the next feed.
            text, self._pending = text[:cut], text[cut:]
        position = 0
        for match in _SEQUENCE.finditer(text):
            self._text(text[position : match.start()])
            if match["final"]:
                self._control(match["params"], match["final"])
            position = match.end()
        self._text(text[position:])

    def _control(self, params: str, final: str) -> None:
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []
        if final in "Hf":
            row = numbers[0] if numbers else 1
            col = numbers[1] if len(numbers) > 1 else 1
            self.y = min(max(row, 1), self.rows_count) - 1
            self.x = min(max(col, 1), self.cols) - 1
        elif final == "J" and (numbers[:1] or [0])[0] == 2:
            self.cells = [[" "] * self.cols for _ in range(self.rows_count)]
        elif final == "K":
            mode = numbers[0] if numbers else 0
            line = self.cells[self.y]
            start, end = {0: (self.x, self.cols), 1: (0, self.x + 1)}.get(mode, (0, self.cols))
            for x in range(start, end):
                line[x] = " "
        elif final == "A":
            self.y = max(0, self.y - max(1, numbers[0] if numbers else 1))
        elif final == "B":
            self.y = min(self.rows_count - 1, self.y + max(1, numbers[0] if numbers else 1))
        elif final == "C":
            self.x = min(self.cols - 1, self.x + max(1, numbers[0] if numbers else 1))
        elif final == "D":
            self.x = max(0, self.x - max(1, numbers[0] if numbers else 1))
        elif final == "G":
            self.x = min(max(numbers[0] if numbers else 1, 1), self.cols) - 1

    def _text(self, text: str) -> None:
        if text.isascii() and text.isprintable():  # the common case, in one slice
            end = min(self.x + len(text), self.cols)
            self.cells[self.y][self.x : end] = text[: end - self.x]
            self.x = end
            return
        for char in text:
            if char == "\r":
                self.x = 0
            elif char == "\n":
                self.y = min(self.y + 1, self.rows_count - 1)
            elif char >= " ":
                width = _width(char)
                if width == 0 or self.x >= self.cols:
                    continue
                self.cells[self.y][self.x] = char
                if width == 2 and self.x + 1 < self.cols:
                    self.cells[self.y][self.x + 1] = ""
                self.x += width

    def rows(self) -> list[str]:
        return ["".join(line) for line in self.cells]

    def text(self) -> str:
        return "\n".join(self.rows())
