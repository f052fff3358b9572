"""The top bar: which digest is open and how much of it is left to read."""

from __future__ import annotations

import datetime as dt

from textual.content import Content
from textual.widgets import Static

from tui.widgets.language import Language


class DigestHeader(Static):
    """One line: app name, digest date, paper and unread counts, language mode."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, markup=False)

    def show(self, date: dt.date | None, papers: int, unread: int, language: Language) -> None:
        day = date.isoformat() if date else "no digest"
        self.update(
            Content.assemble(
                Content.styled("arXiv digest", "bold"),
                "  ",
                Content.styled(day, "bold"),
                "  ",
                f"{papers} papers · ",
                Content.styled(f"{unread} unread", "bold" if unread else ""),
                "  ",
                Content.styled(f"[{language.label}]", "dim"),
            )
        )
