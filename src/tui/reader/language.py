"""Which text of a paper (and which half of a bilingual category name) the reader shows: the
original, the Chinese translation, or both. Pure: the command line uses it too."""

from __future__ import annotations

from enum import StrEnum

LANGUAGE_PREF = "language"  # the state store's preference holding the mode


class Language(StrEnum):
    """The language mode; `t` cycles it and the state store remembers it (pref "language")."""

    ORIGINAL = "original"
    TRANSLATION = "translation"
    BOTH = "both"

    def next(self) -> Language:
        """The mode `t` switches to: original → translation → both → original."""
        order = list(Language)
        return order[(order.index(self) + 1) % len(order)]

    @property
    def label(self) -> str:
        """How the mode is named in notifications and the header."""
        return {
            Language.ORIGINAL: "original (English)",
            Language.TRANSLATION: "translation (中文)",
            Language.BOTH: "both",
        }[self]

    @classmethod
    def parse(cls, value: str | None) -> Language:
        """The stored preference, or ORIGINAL when it is absent or unknown."""
        try:
            return cls(value or cls.ORIGINAL)
        except ValueError:
            return cls.ORIGINAL
