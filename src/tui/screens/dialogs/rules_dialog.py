"""The `W` dialog: every watch and hide rule (the state file's and config.toml's); enter edits,
d deletes, n adds a watch, h a hide rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.text import one_line
from tui.triage.records import Rule

WATCH_MARK = "◆"
HIDE_MARK = "⊘"


@dataclass(frozen=True, slots=True)
class RulesChoice:
    """What the user asked for: edit or delete `rule`, or a new rule of `kind`."""

    action: Literal["edit", "delete", "new"]
    rule: Rule | None = None
    kind: Literal["watch", "hide"] = "watch"


class RulesScreen(ModalScreen[RulesChoice | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,W,q", "cancel", "Close", id="close_rules"),
        Binding("n", "new('watch')", "New watch", id="new_watch"),
        Binding("h", "new('hide')", "New hide rule", id="new_hide"),
        Binding("d,delete", "delete", "Delete", id="delete_rule"),
    ]

    def __init__(self, rules: Sequence[Rule]) -> None:
        super().__init__()
        self.rules = list(rules)

    def compose(self) -> ComposeResult:
        with Vertical(id="rules-dialog", classes="dialog"):
            yield Static("Watches and hide rules", id="rules-title")
            options = [
                Option(
                    Content.assemble(
                        Content.styled(
                            f"{WATCH_MARK if rule.kind == 'watch' else HIDE_MARK} {rule.kind:<5} ",
                            "$text-warning" if rule.kind == "watch" else "$text-muted",
                        ),
                        Content.styled(one_line(rule.name), "bold"),
                        "  ",
                        Content(one_line(rule.query)),
                        Content.styled("  (config.toml)", "dim") if rule.source == "config" else "",
                    )
                )
                for rule in self.rules
            ]
            yield OptionList(*options, id="rules-list")
            empty = "No rules yet: n adds a watch, h a hide rule (w on a paper proposes one)."
            yield Static(
                empty
                if not self.rules
                else "enter edits · d deletes · n new watch · h new hide rule",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(RulesChoice("edit", self.rules[event.option_index]))

    def action_delete(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and self.rules:
            self.dismiss(RulesChoice("delete", self.rules[index]))

    def action_new(self, kind: Literal["watch", "hide"]) -> None:
        self.dismiss(RulesChoice("new", kind=kind))

    def action_cancel(self) -> None:
        self.dismiss(None)
