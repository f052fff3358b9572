"""The `N` dialog: a note on a paper, saved as it is typed (a kill loses at most a keystroke)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea


class NoteScreen(ModalScreen[None]):
    """Edits the note; every change goes to `save` at once (the state writer lands it)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,ctrl+s", "close", "Close", id="close_note"),
    ]

    def __init__(self, title: str, text: str, save: Callable[[str], None]) -> None:
        super().__init__()
        self._title = title
        self._text = text
        self._save = save

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog", classes="dialog"):
            yield Static(Content(self._title), id="note-title", markup=False)
            yield TextArea(self._text, id="note-text", soft_wrap=True)
            yield Static("Saved as you type · esc closes", classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        self._save(event.text_area.text)

    def action_close(self) -> None:
        self.dismiss(None)
