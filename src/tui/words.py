"""What a "word" is, for the search index, the query and the highlighted spans alike.

Words are runs of letters and digits (Unicode), compared without case and without Latin
diacritics, as SQLite's unicode61 tokenizer compares them; every CJK character is a word on its
own (see tui.query for what that means for a search). Nothing here imports Textual or sqlite3.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# Characters that are words on their own: CJK radicals, 々〆〇, kana, bopomofo, CJK ideographs
# (extension A, the main block, compatibility ideographs, and the supplementary planes).
CJK_CHARS = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)
_CJK_RUN_RE = re.compile(f"[{CJK_CHARS}]+")
# A token: one CJK character, or a run of letters/digits that are not CJK (no underscore: SQLite's
# unicode61 tokenizer treats "_" as a separator too).
_TOKEN_RE = re.compile(f"([{CJK_CHARS}])|([^\\W_{CJK_CHARS}]+)")


def fold(word: str) -> str:
    """Lower case without diacritics: how the index compares words (unicode61 tokenizer)."""
    lowered = word.lower()
    if lowered.isascii():
        return lowered
    return "".join(_strip_latin_diacritic(ch) for ch in lowered)


def _strip_latin_diacritic(ch: str) -> str:
    # unicode61 removes diacritics from Latin letters only (é -> e), not from kana (が stays).
    if ch.isascii() or not ("\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff"):
        return ch
    base = unicodedata.normalize("NFD", ch)[0]
    return base if base.isascii() else ch


def index_text(text: str) -> str:
    """The form of a text that goes into the index: each CJK character set apart by spaces.

    The index's own tokenizer (unicode61) then cuts words exactly as tokens() does. It runs on
    every text of every entry when the index is built (430,000 values for the corpus): ASCII is
    returned as it is, the rest goes through str.translate (0.29 s for the corpus, against 0.44 s
    for a regex substitution per run of CJK and 2.6 s per character; same words).
    """
    if not text or text.isascii():
        return text
    return text.translate(_SPACER)


class _Spacer(dict[int, str]):
    """str.translate's table: a CJK character -> itself between spaces; others unchanged.

    Filled on first sight of each character; at most _SPACER_LIMIT are remembered, so that
    text full of rare characters cannot make it grow without end.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        spaced = f" {char} " if _CJK_RUN_RE.match(char) else char
        if len(self) < _SPACER_LIMIT:
            self[code] = spaced
        return spaced


_SPACER_LIMIT = 50_000
_SPACER = _Spacer()


def is_cjk(word: str) -> bool:
    """True for a word that is one CJK character: a whole word of the index, never a prefix."""
    return len(word) == 1 and _CJK_RUN_RE.match(word) is not None


def token_spans(text: str) -> Iterator[tuple[int, int, str, bool]]:
    """Yield (start, end, folded word, is_cjk) for each word of text, in order."""
    for match in _TOKEN_RE.finditer(text):
        yield match.start(), match.end(), fold(match.group()), match.group(1) is not None


def tokens(text: str) -> tuple[str, ...]:
    """The folded words of text, as the index sees them."""
    return tuple(word for _, _, word, _ in token_spans(text))
