"""A yes/no question over the current screen; dismisses with True only on an explicit yes."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Ask `question` (Content, so digest text stays literal): y yes; n or escape no.

    "No" has the focus, so enter alone never confirms by accident.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: Content) -> None:
        super().__init__()
        self.question = question

    @classmethod
    def mark_read(cls, count: int, name: str) -> ConfirmScreen:
        """ "Mark 12 unread papers in 多模态 as read?" (the name is digest text: literal)."""
        papers = f"{count} unread paper{'s' if count != 1 else ''}"
        return cls(
            Content.assemble(
                "Mark ",
                Content.styled(papers, "bold"),
                " in ",
                Content.styled(name, "bold"),
                " as read?",
            )
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(self.question, id="confirm-question", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button("Yes (y)", id="confirm-yes", variant="primary")
                yield Button("No (n)", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")
