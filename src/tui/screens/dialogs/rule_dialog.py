"""The watch / hide-rule dialog: a name and a query, with a live count of what it matches.

A rule is a saved search (the `/` syntax), so the count comes from the same search, in a worker
thread (a slow count never holds a key); ctrl+t turns a watch into a hide rule and back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.query import parse

Kind = Literal["watch", "hide"]
KIND_TEXT = {
    "watch": "Watch: papers matching it are marked and listed under Watches",
    "hide": "Hide rule: papers matching it leave every list (is:hidden shows them)",
}


@dataclass(frozen=True, slots=True)
class RuleDraft:
    """What the dialog was left with: the session validates and saves it."""

    kind: Kind
    name: str
    query: str
    replaces: tuple[Kind, str] | None  # the rule as it was when opened (edited: replaced)


class RuleScreen(ModalScreen[RuleDraft | None]):
    """Dismisses with the draft (enter in the query), or None (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("ctrl+t", "switch_kind", "Watch ↔ hide", id="switch_kind"),
    ]

    def __init__(
        self,
        kind: Kind,
        name: str,
        query: str,
        count: Callable[[str], str],
        *,
        editing: bool = False,
    ) -> None:
        super().__init__()
        self.kind: Kind = kind
        self._name, self._query = name, query
        self._count = count
        self._replaces: tuple[Kind, str] | None = (kind, name) if editing else None

    def compose(self) -> ComposeResult:
        with Vertical(id="rule-dialog", classes="dialog"):
            yield Static(KIND_TEXT[self.kind], id="rule-kind", markup=False)
            yield Input(self._name, placeholder="name", id="rule-name", max_length=60)
            yield Input(self._query, placeholder='query, e.g. author:"Ann Lee"', id="rule-query")
            yield Static("", id="rule-count", markup=False)
            yield Static(
                "enter saves · tab: next field · ctrl+t: watch ↔ hide · esc cancels",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#rule-name" if not self._name else "#rule-query", Input).focus()
        self._recount(self._query)

    @on(Input.Changed, "#rule-query")
    def _query_changed(self, event: Input.Changed) -> None:
        self._recount(event.value)

    def _recount(self, text: str) -> None:
        hint = parse(text).hint
        if not text.strip() or hint:
            self._show_count(hint or "Type a query (the / search's syntax).")
            return
        self._show_count("counting…")
        self._count_in_background(text)

    @work(thread=True, exclusive=True, group="rule-count")
    def _count_in_background(self, text: str) -> None:
        said = self._count(text)
        self.app.call_from_thread(self._counted, text, said)

    def _counted(self, text: str, said: str) -> None:
        if self.is_attached and self.query_one("#rule-query", Input).value == text:
            self._show_count(said)

    def _show_count(self, text: str) -> None:
        self.query_one("#rule-count", Static).update(Content(text))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        name = self.query_one("#rule-name", Input).value.strip()
        query = self.query_one("#rule-query", Input).value.strip()
        if not name:
            self.query_one("#rule-name", Input).focus()
            self._show_count("A rule needs a name.")
            return
        if event.input.id == "rule-name" and not query:
            self.query_one("#rule-query", Input).focus()
            return
        self.dismiss(RuleDraft(self.kind, name, query, self._replaces))

    def action_switch_kind(self) -> None:
        self.kind = "hide" if self.kind == "watch" else "watch"
        self.query_one("#rule-kind", Static).update(Content(KIND_TEXT[self.kind]))

    def action_cancel(self) -> None:
        self.dismiss(None)
