"""The `?` screen: every key the reader knows, built from the same Binding lists the app uses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

# Keys handled by the lists and panes themselves (not screen actions).
NAVIGATION: tuple[tuple[str, str], ...] = (
    ("↑ ↓  j k", "Move in the focused list, scroll the detail pane"),
    ("home end  pgup pgdn", "First, last, page up, page down"),
    ("enter", "Category: go to its papers · Paper: read it in the detail pane"),
    ("tab  shift+tab", "Next / previous pane"),
    ("mouse", "Click a category or paper to select it; the wheel scrolls"),
)


def binding_rows(bindings: Iterable[BindingType]) -> list[Binding]:
    """The Binding objects of a BINDINGS list (tuples expanded), in order."""
    rows: list[Binding] = []
    for item in bindings:
        rows.append(item if isinstance(item, Binding) else Binding(*item))
    return rows


class HelpScreen(ModalScreen[None]):
    """A scrollable table of keys: navigation, then the reader's actions, then the app's."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss_help", "Close", show=True),
    ]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog"):
            yield Static(self._table(), id="help-text", markup=False)

    def on_mount(self) -> None:
        dialog = self.query_one("#help-dialog")
        dialog.border_title = "Keys"
        dialog.border_subtitle = "escape closes"

    def _table(self) -> Content:
        width = max(len(key) for _, rows in self.sections for key, _ in rows) + 2
        parts: list[Content | str] = []
        for title, rows in self.sections:
            if parts:
                parts.append("\n")
            parts.append(Content.styled(title, "bold underline"))
            for key, description in rows:
                parts += ["\n", Content.styled(f"  {key:<{width}}", "bold"), description]
        return Content.assemble(*parts)

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
