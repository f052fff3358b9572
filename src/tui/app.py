"""The Textual application: styles, app-wide keys, the palette, the clipboard and the browser;
the main screen does the rest over a ReaderSession.

`run_app(paths)` reads the files and folders through a LibraryFeed (a loader thread that starts at
once: the first frame shows the newest day, the rest is read while the reader is in use) and
returns the exit code; `build_app(feed, state)` makes the app (tests, screenshots).
"""

from __future__ import annotations

import gc
import os
import sqlite3
import sys
from collections.abc import Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SuspendNotSupported, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tui.keymap import parse_keys
from tui.library import Library
from tui.reader.feed import EventSource, LibraryFeed
from tui.reader.freshness import Freshness
from tui.reader.language import LANGUAGE_PREF, Language
from tui.reader.marks import MarkStore, ReadMarks, Stars
from tui.reader.place import Place
from tui.reader.session import ReaderSession
from tui.reader.triage_marks import TriageMarks
from tui.screens.dialogs.help import NAVIGATION, SEARCH_SYNTAX, HelpScreen, binding_rows
from tui.screens.main import MainScreen
from tui.text import one_line

if TYPE_CHECKING:  # loaded when used: neither is needed for the first frame
    from tui.reader.abstracts import Abstracts
    from tui.state_writer import StateWriter
    from tui.triage.records import Rule

FIRST_DAY_WAIT = 0.2  # seconds run_app waits for the newest day before the first frame
LOADER_STOP_WAIT = 5.0  # seconds to let the loader stop between two files on quit
SAVE_AT_EXIT_WAIT = 3.0  # seconds to let pending marks land on quit before saying they did not
MAX_UNSAVED_LISTED = 20  # unsaved changes listed on stderr at exit
SAVING_CHECK_EVERY = 0.25  # seconds between looks at the write-behind queue's status


class ReaderApp(App[int]):
    """A keyboard-first reader for arXiv digests over one feed of library events."""

    CSS_PATH = "app.tcss"
    TITLE = "arXiv digest"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "q",
            "quit",
            "Quit",
            tooltip="Leave the reader (marks are saved on the way out)",
            id="quit",
        ),
        Binding("question_mark", "help", "Help", tooltip="Show every key", id="help"),
        Binding(
            "ctrl+z",
            "suspend_process",
            "Suspend",
            show=False,
            tooltip="Suspend to the shell, like other terminal programs (fg comes back)",
            id="suspend",
        ),
    ]

    def __init__(
        self,
        feed: LibraryFeed,
        state: MarkStore,
        *,
        clipboard_mode: str = "auto",
        notices: Sequence[str] = (),
        abstracts: Abstracts | None = None,
        freshness: Freshness | None = None,
        rules: Sequence[Rule] = (),
        keys: object = None,
    ) -> None:
        """Marks, triage and prefs live in `state`; `notices` (settings problems) are shown on
        mount; `abstracts` fetches what digests lack from arXiv (None: nothing is fetched);
        `freshness`: the subscriptions (`U`, the header's age); `rules`: config.toml's;
        `keys`: config.toml's [keys] table (tui.keymap)."""
        super().__init__()
        self.feed = feed
        self.freshness = freshness  # the subscriptions, when the default library is open
        self.notices = list(notices)  # shown on mount: e.g. config.toml problems
        every = binding_rows([*self.BINDINGS, *MainScreen.BINDINGS])
        defaults = {b.id: b.key for b in every if b.id}
        self.user_keys, problems = parse_keys(keys, defaults, defaults)
        self.notices += problems
        if abstracts is None:
            from tui.reader.abstracts import Abstracts

            abstracts = Abstracts()
        self.abstracts = abstracts  # what arXiv adds (default: nothing fetched)
        self.state = state
        self.marks = ReadMarks(state)
        self.stars = Stars(state)
        self.triage = TriageMarks(state, rules)
        self.clipboard_mode = clipboard_mode  # config key `clipboard`: auto, system, terminal

    @property
    def main_screen(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    @property
    def session(self) -> ReaderSession:
        return self.main_screen.session

    @property
    def library(self) -> Library | None:
        """The library once every file is read."""
        return self.session.library

    @staticmethod
    def first_frame_shown() -> None:
        """The garbage collector, paused for the start by the command, runs again; what the
        start made is frozen first (it lives as long as the reader: later collections need
        not walk it). Nothing to do when it was not paused (tests, screenshots)."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def get_default_screen(self) -> Screen:
        session = ReaderSession(
            self.marks,
            self.stars,
            Language.parse(self._pref(LANGUAGE_PREF)),
            place=Place.from_pref(self._pref(self.feed.key)),
            abstracts=self.abstracts,
            freshness=self.freshness,
            triage=self.triage,
        )
        self.abstracts.connect(self.feed.put)  # the fetcher's reports come with the feed
        return MainScreen(session, self.feed, self.feed.key)

    def _pref(self, key: str) -> str | None:
        try:
            return self.state.get_pref(key)
        except (sqlite3.Error, OSError):  # a damaged preference falls back to the default
            return None

    def save_pref(self, key: str, value: str, *, quiet: bool = False) -> None:
        """Remember a preference (any thread); a failure is said unless `quiet`."""
        try:
            self.state.set_pref(key, value)
        except (sqlite3.Error, OSError) as error:  # a preference must never break reading
            if not quiet:
                self.notify(f"Could not save a preference: {error}", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that arrive in the same read as `q` do nothing once the app is closing."""
        return not getattr(self, "_exit", False)

    def get_driver_class(self) -> type[Driver]:
        from textual import constants

        if constants.DRIVER or os.name != "posix":
            return super().get_driver_class()
        from tui.screens.terminal_driver import ReaderDriver

        return ReaderDriver

    def on_mount(self) -> None:
        if self.user_keys:
            self.set_keymap(self.user_keys)
        for notice in self.notices:
            self.notify(
                one_line(notice), title="Settings", severity="warning", timeout=15, markup=False
            )
        for problem in (self.state.warning, self.marks.problem, self.stars.problem):
            if problem:
                self.notify(
                    problem, title="Read marks", severity="warning", timeout=12, markup=False
                )
        from tui.state_writer import SavingNotices, StateWriter

        if isinstance(self.state, StateWriter):
            self.saving = SavingNotices(self.state, self._saving_notice)
            self.set_interval(SAVING_CHECK_EVERY, self.saving.check)

    def _saving_notice(self, message: str, trouble: bool) -> None:
        severity: SeverityLevel = "warning" if trouble else "information"
        self.notify(message, title="Read marks", severity=severity, markup=False, timeout=8)

    # -- the clipboard and the browser -----------------------------------------------------------

    def copy_text(self, text: str, what: str, shown: str) -> None:
        """Copy `text` the way the configuration says and report how it went (shown: a preview)."""
        from tui import clipboard  # pyperclip: loaded on the first copy, not at start

        result = clipboard.copy(text, self.copy_to_clipboard, what=what, mode=self.clipboard_mode)
        self.notify(
            f"{result.message}\n{shown}",
            title="Copied" if result.ok else "Not copied",
            severity="information" if result.ok else "error",
            markup=False,
        )

    def open_in_browser(self, url: str, label: str) -> None:
        """Open a checked http(s) URL: a graphical browser from a thread (some block until they
        exit), a console one (w3m, lynx...) with the terminal handed to it (the app suspended)."""

        def work() -> None:
            opened, problem = _open_url(url)
            self.call_from_thread(self._said_opened, opened, problem, url, label)

        from tui.browser import console_browser  # webbrowser: loaded on the first use

        console = console_browser()
        if console is None:
            self.run_worker(work, thread=True, group="browser", exit_on_error=False)
            return
        try:
            with self.suspend():
                opened, problem = _open_url(url)
        except SuspendNotSupported:
            self.notify(
                f"{console} runs in the terminal, which the reader cannot hand over here:"
                f" copy the link with c instead.\n{url}",
                title="Not opened",
                severity="warning",
                markup=False,
            )
            return
        self._said_opened(opened, problem, url, label)

    def _said_opened(self, opened: bool, problem: str, url: str, label: str) -> None:
        if opened:
            self.notify(f"Opened the {label} in the browser.\n{url}", markup=False)
        else:
            self.notify(
                f"Could not open the {label}: {problem}.\n{url}", severity="error", markup=False
            )

    # -- help and palette ------------------------------------------------------------------------

    def key_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every key, grouped, as (key display, description) rows for the help screen."""

        def rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
            return [
                (self.get_key_display(self.users(b)), b.tooltip or b.description)
                for b in binding_rows(bindings)
            ]

        return [
            ("Move", list(NAVIGATION)),
            *((title, rows(bindings)) for title, bindings in MainScreen.BINDING_SECTIONS),
            ("Search syntax", list(SEARCH_SYNTAX)),
            ("App", [*rows(self.BINDINGS), ("^p", "Command palette: every action by name")]),
        ]

    def users(self, binding: Binding) -> Binding:
        """The binding with the user's keys ([keys] in config.toml), for help and the palette."""
        keys = self.user_keys.get(binding.id or "")
        return binding.with_key(keys.split(",")[0], key_display=None) if keys else binding

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: DOMNode) -> None:
        """Textual found a key the keymap gives two actions (tui.keymap checks most): say it."""
        said = ", ".join(sorted(f"{b.key} ({b.id or b.action})" for b in clashed_bindings))
        if said != getattr(self, "_clash_said", None):
            self._clash_said = said
            self.notify(f"Keys claimed twice: {said}", title="Settings", severity="warning")

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_sections()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            for binding in binding_rows(MainScreen.BINDINGS):
                key = self.get_key_display(self.users(binding))
                yield SystemCommand(
                    binding.tooltip or binding.description,
                    f"{binding.description} · key {key}",
                    partial(screen.run_action, binding.action),
                )
        yield SystemCommand("Help", "Show every key · key ?", self.action_help)


def _open_url(url: str) -> tuple[bool, str]:
    """webbrowser.open, and why it failed when it did."""
    import webbrowser  # loaded on the first use, not at start

    try:
        opened = webbrowser.open(url)
    except (webbrowser.Error, OSError) as error:
        return False, str(error)
    return opened, "" if opened else "no browser could be started"


def open_feed(
    paths: Sequence[str | os.PathLike[str]],
    *,
    cache_path: str | os.PathLike[str] | None = None,
    load_events: EventSource | None = None,
    hold_first_day: bool = False,
) -> LibraryFeed:
    """The loader over `paths`, started now (through the parse cache at `cache_path`, or the
    default one); `load_events` wraps iter_library (tests hold the loader with it)."""
    return LibraryFeed.over_paths(paths, cache_path, load_events, hold_first_day=hold_first_day)


# The reader over one feed of library events (tests, screenshots): the app's own constructor.
build_app = ReaderApp


def run_app(
    paths: Sequence[str | os.PathLike[str]],
    state: MarkStore | None = None,
    *,
    clipboard_mode: str = "auto",
    notices: Sequence[str] = (),
    abstracts: Abstracts | None = None,
    freshness: Freshness | None = None,
    rules: Sequence[Rule] = (),
    keys: object = None,
) -> int:
    """Run the reader until the user quits (or SIGTERM/SIGHUP, or the terminal goes away).

    With no state given, marks go through the write-behind queue (tui.state_writer); what it
    could not save within SAVE_AT_EXIT_WAIT is said on stderr, after the terminal is restored.
    `notices` (settings problems) are shown in the reader too, not only before it starts.
    """
    from tui.state_writer import StateWriter

    writer: StateWriter | None = None
    if state is None:
        state = writer = StateWriter()
    # The first frame is not slowed by the rest of a warm library built in the loader's thread.
    feed = open_feed(paths, hold_first_day=True)
    try:
        # A moment for the newest day, so the first frame shows it (a cold open of a big
        # library still paints at once and fills in).
        feed.wait_first_day(FIRST_DAY_WAIT)
        app = ReaderApp(
            feed,
            state,
            clipboard_mode=clipboard_mode,
            notices=notices,
            abstracts=abstracts,
            freshness=freshness,
            rules=rules,
            keys=keys,
        )
        result = app.run()
        return result if isinstance(result, int) else (app.return_code or 0)
    finally:
        from tui.parser.timed_read import stop_waiting

        stop_waiting()  # the process is quitting: a read waiting on a hung mount gives up now
        feed.stop(LOADER_STOP_WAIT)
        if abstracts is not None:
            abstracts.close()
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
