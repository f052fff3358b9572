"""The Textual application: styles, app-wide keys, the palette; the main screen does the rest.

Entry points for the CLI: `run_app(paths, state=None, clipboard_mode=...)` reads the files and
folders in a loader thread (the first frame shows the newest day, the rest is read while the
reader is in use) and returns the exit code;
`build_app(source, state)` makes the app over paths or a ready Library (tests, screenshots).
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tui.screens.help import NAVIGATION, SEARCH_SYNTAX, HelpScreen, binding_rows
from tui.screens.loader import LibraryLoader
from tui.screens.main import LANGUAGE_PREF, MainScreen
from tui.screens.read_marks import MarkStore, ReadMarks, Stars
from tui.state_writer import SavingNotices, StateWriter
from tui.text import one_line
from tui.widgets.language import Language

if TYPE_CHECKING:
    from tui.library import Library
    from tui.screens.loader import EventSource

FIRST_DAY_WAIT = 0.2  # seconds run_app waits for the newest day before the first frame
LOADER_STOP_WAIT = 5.0  # seconds to let the loader stop between two files on quit
SAVE_AT_EXIT_WAIT = 3.0  # seconds to let pending marks land on quit before saying they did not
MAX_UNSAVED_LISTED = 20  # unsaved changes listed on stderr at exit
SAVING_CHECK_EVERY = 0.25  # seconds between looks at the write-behind queue's status


class ReaderApp(App[int]):
    """A keyboard-first reader for arXiv digests over a library (paths, or a ready Library)."""

    CSS_PATH: ClassVar[list[str]] = ["app.tcss"]
    TITLE = "arXiv digest"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", tooltip="Leave the reader (marks are already saved)"),
        Binding("question_mark", "help", "Help", tooltip="Show every key"),
        Binding(
            "ctrl+z",
            "suspend_process",
            "Suspend",
            show=False,
            tooltip="Suspend to the shell, like other terminal programs (fg comes back)",
        ),
    ]

    def __init__(
        self,
        source: Library | Sequence[str | os.PathLike[str]],
        state: MarkStore,
        *,
        clipboard_mode: str = "auto",
        cache_path: str | os.PathLike[str] | None = None,
        load_events: EventSource | None = None,
        notices: Sequence[str] = (),
    ) -> None:
        super().__init__()
        from tui.library import Library

        self.notices = list(notices)  # shown on mount: e.g. config.toml problems

        # Paths are read by a loader thread that starts now, before the app runs.
        self.loader: LibraryLoader | None = None
        if not isinstance(source, Library):
            self.loader = LibraryLoader([Path(p) for p in source], cache_path, load_events)
            self.loader.start()
        self.source = source
        self.state = state
        self.marks = ReadMarks(state)
        self.stars = Stars(state)
        self.clipboard_mode = clipboard_mode  # config key `clipboard`: auto, system, terminal

    @property
    def library(self) -> Library | None:
        """The library once it is complete (at once for a ready Library)."""
        screen = self.screen_stack[0] if self.screen_stack else None
        return screen.library if isinstance(screen, MainScreen) else None

    @property
    def main_screen(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def get_default_screen(self) -> Screen:
        from tui.library import Library

        language = Language.parse(self._pref(LANGUAGE_PREF))
        source = self.source if isinstance(self.source, Library) else self.loader
        assert source is not None
        return MainScreen(source, self.marks, language, stars=self.stars, store=self.state)

    def _pref(self, key: str) -> str | None:
        try:
            return self.state.get_pref(key)
        except (sqlite3.Error, OSError):  # a damaged preference falls back to the default
            return None

    def get_driver_class(self) -> type[Driver]:
        from textual import constants

        if constants.DRIVER or os.name != "posix":
            return super().get_driver_class()
        from tui.screens.terminal_driver import ReaderDriver

        return ReaderDriver

    def on_mount(self) -> None:
        for notice in self.notices:
            self.notify(
                one_line(notice), title="Settings", severity="warning", timeout=15, markup=False
            )
        for problem in (self.state.warning, self.marks.problem, self.stars.problem):
            if problem:
                self.notify(
                    problem, title="Read marks", severity="warning", timeout=12, markup=False
                )
        if isinstance(self.state, StateWriter):
            self.saving = SavingNotices(self.state, self._saving_notice)
            self.set_interval(SAVING_CHECK_EVERY, self.saving.check)

    def _saving_notice(self, message: str, trouble: bool) -> None:
        severity: SeverityLevel = "warning" if trouble else "information"
        self.notify(message, title="Read marks", severity=severity, markup=False, timeout=8)

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
            *((title, rows(bindings)) for title, bindings in MainScreen.BINDING_SECTIONS),
            ("Search syntax", list(SEARCH_SYNTAX)),
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


def build_app(
    source: Library | Sequence[str | os.PathLike[str]],
    state: MarkStore,
    *,
    clipboard_mode: str = "auto",
    cache_path: str | os.PathLike[str] | None = None,
    load_events: EventSource | None = None,
    notices: Sequence[str] = (),
) -> ReaderApp:
    """The reader over `source`: files and folders (read by a loader thread that starts at once,
    through the parse cache at `cache_path` or the default one) or a ready Library. Marks and
    prefs live in `state`. `load_events` wraps the loader's events (tests hold it with it)."""
    return ReaderApp(
        source,
        state,
        clipboard_mode=clipboard_mode,
        cache_path=cache_path,
        load_events=load_events,
        notices=notices,
    )


def run_app(
    source: Library | Sequence[str | os.PathLike[str]],
    state: MarkStore | None = None,
    *,
    clipboard_mode: str = "auto",
    notices: Sequence[str] = (),
) -> int:
    """Run the reader until the user quits (or SIGTERM/SIGHUP, or the terminal goes away).

    With no state given, marks go through the write-behind queue (tui.state_writer); what it
    could not save within SAVE_AT_EXIT_WAIT is said on stderr, after the terminal is restored.
    `notices` (settings problems) are shown in the reader too, not only before it starts.
    """
    writer: StateWriter | None = None
    if state is None:
        state = writer = StateWriter()
    app: ReaderApp | None = None
    try:
        app = build_app(source, state, clipboard_mode=clipboard_mode, notices=notices)
        if app.loader is not None:
            # A moment for the newest day, so the first frame shows it (a cold open of a big
            # library still paints at once and fills in).
            app.loader.wait_first_day(FIRST_DAY_WAIT)
        result = app.run()
        return result if isinstance(result, int) else (app.return_code or 0)
    finally:
        if app is not None and app.loader is not None:
            app.loader.stop()
            app.loader.join(LOADER_STOP_WAIT)
        if writer is not None:
            _report_unsaved(writer)


def _report_unsaved(writer: StateWriter) -> None:
    """Let pending changes land (bounded), then say on stderr what did not and why."""
    unsaved = writer.close(SAVE_AT_EXIT_WAIT)
    if not unsaved:
        return
    reason = writer.status().error or "the state file could not be written in time"
    lines = [
        f"arxiv-digest: {len(unsaved)} change(s) to your read marks were NOT saved"
        f" ({one_line(reason)}):",
        *(f"  {one_line(line)}" for line in unsaved[:MAX_UNSAVED_LISTED]),
    ]
    if len(unsaved) > MAX_UNSAVED_LISTED:
        lines.append(f"  ... and {len(unsaved) - MAX_UNSAVED_LISTED} more")
    try:
        sys.stderr.write("\n".join(lines) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # the terminal is gone: there is no one to tell
