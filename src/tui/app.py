"""The Textual application: styles, app-wide keys, the palette; the main screen does the rest.

Entry points for the CLI: `build_app(library, state)` makes the app (tests and screenshots use it
too) and `run_app(library, state=None)` runs it and returns the exit code.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.screens.help import NAVIGATION, HelpScreen, binding_rows
from tui.screens.main import LANGUAGE_PREF, MainScreen
from tui.screens.read_marks import MarkStore, ReadMarks
from tui.widgets.language import Language

if TYPE_CHECKING:
    from tui.library import Library


class ReaderApp(App[int]):
    """A keyboard-first reader for arXiv digests; `library` is what the command line opened."""

    CSS_PATH: ClassVar[list[str]] = ["app.tcss"]
    TITLE = "arXiv digest"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", tooltip="Leave the reader (marks are already saved)"),
        Binding("question_mark", "help", "Help", tooltip="Show every key"),
    ]

    def __init__(self, library: Library, state: MarkStore, *, clipboard_mode: str = "auto") -> None:
        super().__init__()
        self.library = library
        self.state = state
        self.marks = ReadMarks(state)
        self.clipboard_mode = clipboard_mode  # config key `clipboard`: auto, system, terminal

    def get_default_screen(self) -> Screen:
        language = Language.parse(self._pref(LANGUAGE_PREF))
        return MainScreen(self.library, self.marks, language)

    def _pref(self, key: str) -> str | None:
        try:
            return self.state.get_pref(key)
        except (sqlite3.Error, OSError):  # a damaged preference falls back to the default
            return None

    def on_mount(self) -> None:
        for problem in (self.state.warning, self.marks.problem):
            if problem:
                self.notify(
                    problem, title="Read marks", severity="warning", timeout=12, markup=False
                )
        library = self.library
        for attribute, title, severity in (
            ("problems", "file(s) could not be read", "warning"),
            ("warnings", "damaged entr(y/ies) skipped", "warning"),
            ("notices", "note(s) about the files", "information"),
        ):
            lines = list(getattr(library, attribute, ()) or ())
            if lines:
                more = f"\n… and {len(lines) - 3} more" if len(lines) > 3 else ""
                self.notify(
                    "\n".join(lines[:3]) + more,
                    title=f"{len(lines)} {title}",
                    severity=severity,  # type: ignore[arg-type]
                    timeout=12,
                    markup=False,
                )

    # -- help and palette ------------------------------------------------------------------------

    def key_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every key, grouped, as (key display, description) rows for the help screen."""

        def rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
            return [
                (self.get_key_display(b), b.tooltip or b.description)
                for b in binding_rows(bindings)
            ]

        return [
            ("Move", list(NAVIGATION)),
            ("Read", rows(MainScreen.BINDINGS)),
            ("App", [*rows(self.BINDINGS), ("^p", "Command palette: every action by name")]),
        ]

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_sections()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            for binding in binding_rows(MainScreen.BINDINGS):
                key = self.get_key_display(binding)
                yield SystemCommand(
                    binding.tooltip or binding.description,
                    f"{binding.description} · key {key}",
                    partial(screen.run_action, binding.action),
                )
        yield SystemCommand("Help", "Show every key · key ?", self.action_help)


def build_app(library: Library, state: MarkStore, *, clipboard_mode: str = "auto") -> ReaderApp:
    """The reader over `library`, keeping read marks and the language in `state`."""
    return ReaderApp(library, state, clipboard_mode=clipboard_mode)


def run_app(
    library: Library, state: MarkStore | None = None, *, clipboard_mode: str = "auto"
) -> int:
    """Run the reader until the user quits; opens the default state store when none is given."""
    owned = state is None
    if state is None:
        from tui.state import StateStore

        state = StateStore()
    try:
        app = build_app(library, state, clipboard_mode=clipboard_mode)
        result = app.run()
        return result if isinstance(result, int) else (app.return_code or 0)
    finally:
        if owned:
            state.close()
