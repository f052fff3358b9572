"""The `T` dialog: a paper's (or the selection's) tags as "a, b", completing from known tags."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from tui.reader.proposals import parse_tags


class TagSuggester(Suggester):
    """Completes the tag being typed (after the last comma) from the tags already used."""

    def __init__(self, known: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.known = list(known)

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        typed = last.lstrip()
        if not typed:
            return None
        have = {t.casefold() for t in parse_tags(head)}
        for tag in self.known:
            if tag.casefold().startswith(typed.casefold()) and tag.casefold() not in have:
                return value + tag[len(typed) :]
        return None


class TagsScreen(ModalScreen[tuple[str, ...] | None]):
    """Dismisses with the tags typed (enter), or None (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, title: str, shown: Sequence[str], known: Sequence[str]) -> None:
        super().__init__()
        self._title = title
        self._shown = ", ".join(shown)
        self._known = known

    def compose(self) -> ComposeResult:
        with Vertical(id="tags-dialog", classes="dialog"):
            yield Static(Content(self._title), id="tags-title", markup=False)
            yield Input(
                self._shown,
                placeholder="tags, separated by commas",
                suggester=TagSuggester(self._known),
                id="tags-input",
            )
            known = ", ".join(self._known) if self._known else "none yet"
            yield Static(Content(f"Tags in use: {known}"), id="tags-known", markup=False)
            yield Static(
                "enter saves · → completes · esc cancels · an empty line removes every tag",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(parse_tags(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)
