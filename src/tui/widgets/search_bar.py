"""The search box over the paper list: the query, and one line under it with the result count or
what is wrong with the query (a hint, never an exception)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from tui.reader.views import SearchHint

PLACEHOLDER = 'search: words, "a phrase", -word, author: title: cat: code:yes is:unread date:…'


class SearchBar(Vertical):
    """Posts Changed on every keystroke, Submitted on enter (or ↓), Closed on escape.

    The box (a Textual Input) is mounted by prepare(), after the first frame, or when first
    opened: making it took 2-3 ms of a 0.26 s first paint.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close search"),
        Binding("down", "submit", "To the results"),
    ]

    class Changed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Submitted(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Closed(Message):
        """The user left the search: the screen goes back to browsing."""

    def compose(self) -> ComposeResult:
        yield Static(id="search-hint", markup=False)

    def prepare(self) -> None:
        """Mount the box now (idle time after the first frame), so `/` finds it ready; not once
        the bar is leaving the screen (the reader quitting)."""
        if self.is_attached and self._box() is None:
            box = Input(placeholder=PLACEHOLDER, id="search-input", select_on_focus=False)
            self.mount(box, before=0)

    def _box(self) -> Input | None:
        found = self.query(Input)
        return found.first() if found else None

    @property
    def input(self) -> Input:
        """The box, made now if it was not yet (`/` before prepare())."""
        self.prepare()
        return self.query_one(Input)

    @property
    def text(self) -> str:
        box = self._box()
        return box.value if box is not None else ""

    def open(self) -> None:
        """Show the bar and put the cursor in the box (keeping the last query).

        Focus moves at once (Widget.focus() waits a turn): keys typed right after `/` are
        already queued, and must land in the box.
        """
        self.display = True
        self.screen.set_focus(self.input)

    def clear(self) -> None:
        """Empty the box without reporting a change (the screen resets itself)."""
        box = self._box()
        if box is not None:
            with box.prevent(Input.Changed):
                box.value = ""
        self.show_hint(Content(""))

    def show_search_hint(self, hint: SearchHint) -> None:
        """The count of papers found, or what is wrong with the query, or what is awaited."""
        if hint.count is None:
            text = hint.problem or hint.waiting or ""
            self.show_hint(Content(text), problem=hint.problem is not None)
            return
        summary = Content.styled(f"{hint.count:,} paper{'s' if hint.count != 1 else ''}", "bold")
        if hint.problem:
            shown = Content.assemble(summary, "  ", Content.styled(f"⚠ {hint.problem}", "bold"))
        else:
            keys = "  best first · enter: to the results · esc: close"
            shown = Content.assemble(summary, Content.styled(keys, "dim"))
        self.show_hint(shown, problem=hint.problem is not None)

    def show_hint(self, hint: Content, *, problem: bool = False) -> None:
        status = self.query_one("#search-hint", Static)
        status.update(hint, layout=False)  # one line, always: no layout pass per keystroke
        status.set_class(problem, "-problem")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value))

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self.text))

    def action_close(self) -> None:
        self.post_message(self.Closed())
