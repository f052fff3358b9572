"""Category names in the reader's language.

Later digests name categories in both languages, `视觉表征与基础模型 (Visual Representation &
Foundation Models)` (some English first: `Visual Generation (视觉生成)`), and the parser names a
`###` under a `##` `Parent / Child`. The reader shows the English half in "original", the Chinese
half in "translation" and the name as written in "both"; a name in one language (`3D/CG`, `多模态`)
is shown as it is. Pure: the language is its plain value ("original", "translation", "both"),
which `tui.reader.language.Language` (a StrEnum) also is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tui.cells import cell_width, cut_end
from tui.text import one_line

LEVEL_SEPARATOR = " / "  # what the parser puts between a `##` name and a `###` name
ORIGINAL, TRANSLATION, BOTH = "original", "translation", "both"

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
_OPEN, _CLOSE = "(（", ")）"


@dataclass(frozen=True, slots=True)
class Name:
    """One level of a category name: as written, and its halves when it has two languages."""

    written: str
    english: str = ""
    chinese: str = ""
    english_first: bool = False

    @property
    def bilingual(self) -> bool:
        return bool(self.english and self.chinese)

    def shown(self, language: str) -> str:
        """The name in `language`; as written when it has one language or `language` is both."""
        if not self.bilingual or language == BOTH:
            return self.written
        return self.english if language == ORIGINAL else self.chinese

    @property
    def first(self) -> str:
        """The half the digest writes first (what "both" keeps when both do not fit)."""
        if not self.bilingual:
            return self.written
        return self.english if self.english_first else self.chinese


def _trailing_group(text: str) -> int | None:
    """Start of the balanced parenthesised group that ends `text`, if it ends with one."""
    if not text or text[-1] not in _CLOSE:
        return None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        if char in _CLOSE:
            depth += 1
        elif char in _OPEN:
            depth -= 1
            if depth == 0:
                return index
    return None


@lru_cache(maxsize=2048)
def split_name(level: str) -> Name:
    """One level's name split into its languages: `中文 (English)`, `English (中文)`, also with
    full-width parentheses. Only when exactly one half is Chinese (so `Transformer (ViT)` and
    `三维 (三维重建)` stay whole)."""
    written = one_line(level)
    start = _trailing_group(written)
    if start is None or start == 0:
        return Name(written)
    head, inner = written[:start].strip(), written[start + 1 : -1].strip()
    if not head or not inner:
        return Name(written)
    head_cn, inner_cn = bool(_HAN.search(head)), bool(_HAN.search(inner))
    if head_cn == inner_cn:
        return Name(written)
    if head_cn:
        return Name(written, english=inner, chinese=head)
    return Name(written, english=head, chinese=inner, english_first=True)


def levels(name: str) -> tuple[str, ...]:
    """The levels of a category name: `(name,)`, or `(parent, child)` for a two-level one."""
    parent, separator, child = name.partition(LEVEL_SEPARATOR)
    return (parent, child) if separator and parent and child else (name,)


def display_name(name: str, language: str) -> str:
    """The whole name (both levels) in `language`: `Parent / Child` with each level translated."""
    return LEVEL_SEPARATOR.join(split_name(level).shown(language) for level in levels(name))


def leaf_name(name: str) -> str:
    """The last level of a name as written (a tree shows a child under its parent)."""
    return levels(name)[-1]


def fit_name(name: str, language: str, width: int) -> str:
    """One level's name in `language` within `width` cells, cut at its end (…) when too long.

    In "both", a name whose two halves do not fit together shows the half written first.
    """
    parsed = split_name(name)
    shown = parsed.shown(language)
    if cell_width(shown) > width and language == BOTH and parsed.bilingual:
        shown = parsed.first
    return cut_end(shown, width)
