"""The `?` screen: every key the reader knows, built from the same Binding lists the app uses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

# Keys handled by the lists and panes themselves (not screen actions).
NAVIGATION: tuple[tuple[str, str], ...] = (
    ("↑ ↓  j k", "Move in the focused list, scroll the detail pane"),
    ("home end  pgup pgdn", "First, last, page up, page down"),
    ("enter", "Category: go to its papers · Paper: read it in the detail pane"),
    ("← → h l  space", "Sidebar: collapse / expand a parent category (← on a child: up)"),
    ("tab  shift+tab", "Next / previous pane"),
    ("mouse", "Click a category or paper to select it; the wheel scrolls"),
    ("search box", "Type to search · enter or ↓: to the results · esc: close"),
)

# The query language of `/` (tui.query), in brief.
SEARCH_SYNTAX: tuple[tuple[str, str], ...] = (
    ("words", "All must match (titles, authors, abstracts, contributions, ids, categories)"),
    ('"a phrase"  -word', "Words in this order · leave out papers with the word"),
    ("扩散", "Chinese matches inside words: 扩散 finds 扩散模型"),
    ("title: author: abs:", "Only in titles (English or Chinese), authors, abstracts"),
    ("cat: id:", "A category name (cat:3DGS), an arXiv id"),
    ("code:yes  code:no", "Papers with (or without) a code link"),
    ("is:unread is:read is:starred", "By your marks"),
    ("date:2024-02  date:A..B", "A month, a day, or a range (either end may be left open)"),
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
        # A grid per section: long descriptions wrap under themselves, not under the keys.
        with VerticalScroll(id="help-dialog"):
            for title, rows in self.sections:
                yield Static(Content.styled(title, "bold underline"), classes="help-section")
                with Grid(classes="help-rows"):
                    for key, description in rows:
                        yield Static(Content(key), classes="help-key", markup=False)
                        yield Static(Content(description), classes="help-text", markup=False)

    def on_mount(self) -> None:
        dialog = self.query_one("#help-dialog")
        dialog.border_title = "Keys"
        dialog.border_subtitle = "escape closes"

    @property
    def text(self) -> str:
        """What the grid shows, one "  key  description" line per row (for tests)."""
        rows = self.query(".help-rows Static").results(Static)
        cells = [str(getattr(static.visual, "plain", "")) for static in rows]
        return "\n".join(f"  {k}  {d}" for k, d in zip(cells[::2], cells[1::2], strict=True))

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
