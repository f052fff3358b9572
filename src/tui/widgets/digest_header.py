"""The top bar: which day is open, where it is in the library, how much is left to read, and
what the loader is still doing."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui.reader.views import HeaderInfo


class DigestHeader(Static):
    """One line: app name, day, its place among the days, counts, language, then what is still
    going on (a long progress text is what the width cuts, never the language)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, markup=False)

    def show(self, info: HeaderInfo) -> None:
        parts: list[Content | str] = [Content.styled("arXiv digest", "bold"), "  "]
        if info.date is None:
            parts.append(Content.styled("opening…" if info.opening else "no digest", "bold"))
        else:
            parts += [
                Content.styled(info.date.isoformat(), "bold"),
                Content.styled(f" {info.date:%a}", "dim"),
            ]
            if info.day_number is not None and info.day_count > 1:
                parts.append(Content.styled(f"  day {info.day_number}/{info.day_count}", "dim"))
            parts += [
                "  ",
                f"{info.papers} papers · ",
                Content.styled(f"{info.unread} unread", "bold" if info.unread else ""),
            ]
            if info.hidden:
                parts.append(Content.styled(f" · {info.hidden} hidden", "dim"))
        parts += ["  ", Content.styled(f"[{info.language.label}]", "dim")]
        if info.progress:
            parts += ["  ", Content.styled(f"⟳ {info.progress}", "$text-accent")]
        if info.abstracts:
            parts += ["  ", Content.styled(f"⟳ {info.abstracts}", "$text-accent")]
        if info.freshness:
            parts += ["  ", Content.styled(info.freshness, "dim")]
        self.update(Content.assemble(*parts), layout=False)  # one line, always
