"""Line breaking for Chinese (and mixed) text with the kinsoku rule: no line starts with closing
punctuation (，。、；：？！）」』】 …) and none ends with opening punctuation, where moving one
character avoids it. Textual folds a run of Chinese as one long word at any character, which
leaves a comma or full stop at the start of many lines; the detail pane wraps with this instead.

Pure (no Textual): the pane's widget asks for the break offsets at its width.
"""

from __future__ import annotations

import itertools

from tui.cells import cell_width, char_width

# Characters that must not start a line (closing brackets and quotes, sentence and clause marks,
# iteration marks, the prolonged sound mark, small kana), full-width and ASCII.
CLOSING = frozenset(
    "，。、；：？！）」』】〉》〕］｝〗〙〛”’…‥・ー々〻ゝゞヽヾ〜～"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
    "．､｡｣）"
    ",.;:?!)]}%"
)
# Characters that must not end a line (opening brackets and quotes).
OPENING = frozenset("（「『【〈《〔［｛〖〘〚“‘｢" + "([{")


def _wide(char: str) -> bool:
    return char_width(char) == 2


def can_break_before(text: str, index: int) -> bool:
    """Whether a line may start at `index` (between text[index - 1] and text[index])."""
    before, after = text[index - 1], text[index]
    if after.isspace():
        return False  # spaces stay at the end of the line they follow
    if after in CLOSING or before in OPENING:
        return False
    if before.isspace():
        return True
    return _wide(before) or _wide(after)


def break_offsets(text: str, width: int) -> list[int]:
    """Offsets where the lines of one paragraph (no newline) start, after the first line.

    Greedy: each line takes as much as fits in `width` cells (trailing spaces hang past the
    end); it is broken at the last allowed place, else folded inside a word, moved back over
    closing punctuation so that the next line does not start with it. A single character
    wider than `width` gets a line of its own.
    """
    width = max(1, width)
    breaks: list[int] = []
    start = 0
    used = 0  # cells of text[start:index]
    last = 0  # the last allowed break after `start` (0: none)
    for index, char in enumerate(text):
        size = char_width(char)
        if index > start and can_break_before(text, index):
            last = index
        if char.isspace() or used + size <= width or index == start:
            used += size
            continue
        while index > start and used + size > width:
            if last > start:
                cut = last
            else:
                # Folded inside a run: take the closing punctuation's word with it, if they fit.
                cut = back = index
                while back - 1 > start and text[back] in CLOSING:
                    back -= 1
                if cell_width(text[back : index + 1]) <= width:
                    cut = back
            breaks.append(cut)
            start = cut
            used = cell_width(text[start:index])
            last = max(
                (at for at in range(start + 1, index + 1) if can_break_before(text, at)),
                default=0,
            )
        used += size
    return breaks


def wrap_paragraph(text: str, width: int) -> list[str]:
    """The lines of one paragraph; their concatenation is `text` (spaces hang at line ends)."""
    cuts = [0, *break_offsets(text, width), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(cuts)]


def wrap(text: str, width: int) -> list[str]:
    """The lines of `text` at `width` cells: each paragraph (newline) wrapped on its own, the
    spaces at the end of a wrapped line dropped (as a terminal shows it)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(line.rstrip(" ") for line in wrap_paragraph(paragraph, width))
    return lines
