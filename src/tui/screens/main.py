"""The main screen: category sidebar, paper list and detail pane over a ReaderSession.

The screen holds no reading state: keys, widget messages and library events go to the session,
and every call's Change goes to `apply`, the only method that writes to the widgets. Background
jobs the session asks for run in worker threads; their events come back through the session too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from tui.reader import exporting
from tui.reader.changes import Change
from tui.reader.language import LANGUAGE_PREF
from tui.reader.session import ReaderSession
from tui.reader.views import Question
from tui.screens import background, bindings
from tui.screens.background import FeedWaiting, JobDone
from tui.widgets.category_sidebar import CategorySidebar
from tui.widgets.digest_header import DigestHeader
from tui.widgets.key_footer import KeyFooter
from tui.widgets.paper_detail import PaperDetail
from tui.widgets.paper_list import PaperList
from tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from tui.app import ReaderApp
    from tui.reader.feed import LibraryFeed
    from tui.screens.dialogs.day_picker import DayPickerScreen

SAVE_PLACE_EVERY = 2.0  # seconds between checks whether the place needs writing
LOADING_REDRAW = 0.1  # while days arrive: header and picker redrawn ten times a second at most
DRAIN_BATCH = 64  # library events handled per turn (more wait for the next frame)
THROTTLED = Change.HEADER | Change.PICKER


class MainScreen(Screen[None]):
    """Three panes over one day (or every day) of the library."""

    BINDINGS = bindings.MAIN_BINDINGS
    # For the help screen: (title, bindings) in the order shown.
    BINDING_SECTIONS: ClassVar[list[tuple[str, list[BindingType]]]] = bindings.SECTIONS
    # Layout classes by terminal width: no sidebar (until `\` shows it), detail pane below the
    # list, or to its right.
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (60, "-narrow"), (140, "-wide")]  # noqa: RUF012

    def __init__(self, session: ReaderSession, feed: LibraryFeed, place_key: str) -> None:
        # Start with the layout class the terminal's width will select, so the first resize
        # does not restyle every widget before the first paint.
        width = self.app.size.width
        fits = [name for least, name in self.HORIZONTAL_BREAKPOINTS if width >= least]
        super().__init__(classes=fits[-1] if fits else None)
        self.session = session
        self.feed = feed
        self.place_key = place_key
        self._throttle: Timer | None = None
        self._throttled = Change.NONE
        self._keys_ready = False  # keys typed before the first frame are dropped, not crashed on
        self._picker: DayPickerScreen | None = None

    @property
    def reader_app(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        session = self.session
        yield DigestHeader(id="header")
        with Horizontal(id="body"):
            yield CategorySidebar(language=session.language, id="sidebar")
            with Container(id="reading"):
                with Vertical(id="list-column"):
                    yield SearchBar(id="search")
                    yield PaperList(
                        session.marks.is_read,
                        is_starred=session.stars.is_starred,
                        is_selected=session.is_selected,
                        selected_count=lambda: len(session.selection),
                        language=session.language,
                        row_marks=session.row_marks,
                        id="papers",
                    )
                yield PaperDetail(language=session.language, id="detail")
        yield KeyFooter()

    # -- widgets ---------------------------------------------------------------------------------

    @property
    def sidebar(self) -> CategorySidebar:
        return self.query_one(CategorySidebar)

    @property
    def paper_list(self) -> PaperList:
        return self.query_one(PaperList)

    @property
    def detail(self) -> PaperDetail:
        return self.query_one(PaperDetail)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    def on_mount(self) -> None:
        self.sidebar.border_title = "Categories"
        self.detail.border_title = "Paper"
        self.search_bar.display = False
        self.paper_list.focus()
        # What the loader read before the screen existed is drained now, so the first frame
        # shows it; later batches wake the screen from the loader's thread.
        self.feed.connect(lambda: self.post_message(FeedWaiting()))
        self._drain(Change.SIDEBAR | Change.ROWS | Change.HEADER)
        self.call_after_refresh(self._painted)
        self.set_interval(SAVE_PLACE_EVERY, self._save_place)
        self._keys_ready = True

    def _painted(self) -> None:
        """After the first frame: the loader may go on, the collector runs again, and the
        search box is made."""
        self.feed.painted()
        self.reader_app.first_frame_shown()
        self.search_bar.prepare()

    def on_unmount(self) -> None:
        self.feed.stop()
        self.session.abstracts.close()
        self._save_place(now=True)
        self.session.search.close()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys typed ahead (before the first frame, or after quit) do nothing."""
        return self._keys_ready and self.is_attached and not self.app._exit

    # -- the one place that writes to widgets ----------------------------------------------------

    def apply(self, change: Change) -> None:
        session = self.session
        if session.loading and change & THROTTLED:
            # Hundreds of days arrive in a second: redraw these ten times a second at most.
            if self._throttle is None:
                self._throttle = self.set_timer(LOADING_REDRAW, self._unthrottle)
            else:
                self._throttled |= change & THROTTLED
                change &= ~THROTTLED
        if change & Change.NOTICES:
            for notice in session.take_notices():  # plain text: never read as markup
                self.notify(**asdict(notice), markup=False)
        if change & Change.JOBS:
            for job in session.take_jobs():
                background.start(self, job)
        if change & Change.RELOAD and self.feed.reopen is not None:
            self.feed.stop()  # the files changed (a sync): the same paths read again
            self.feed = self.feed.reopen()
            self.feed.connect(lambda: self.post_message(FeedWaiting()))
            self.post_message(FeedWaiting())  # what it read before it was connected
        if change & Change.SIDEBAR:
            self.sidebar.show_tree(session.category_tree(), session.count, session.category)
        elif change & Change.COUNTS:
            self.sidebar.counts_changed()
        if change & Change.LANGUAGE:
            self.sidebar.set_language(session.language)
            self.paper_list.set_language(session.language)
            self.paper_list.set_title(session.shown_title(), session.filters)
            self.detail.set_language(session.language)
            self.reader_app.save_pref(LANGUAGE_PREF, session.language.value)
        if change & Change.SEARCH_BOX:
            self._show_search_box()
        if change & Change.HINT:
            self.search_bar.show_search_hint(session.hint())
        if change & Change.ROWS:
            self.paper_list.set_title(session.shown_title(), session.filters)
            self.paper_list.show_entries(session.rows, session.cursor, context=session.context)
            if not change & Change.DETAIL and not session.detail_later:
                self._show_detail()  # the pane in the list's frame (one layout, not two)
        elif change & Change.CURSOR:
            self.paper_list.move_cursor(session.cursor)
        if change & Change.MARKS:
            self.paper_list.marks_changed()
            self.paper_list.update_position()
            if session.current_entry is not None:
                self.detail.update_notes(session.notes())
        if change & Change.PAPER and not change & Change.DETAIL and session.current_entry:
            entry = session.current_entry  # arXiv metadata arrived: filled in place
            self.detail.refresh_paper(session.shown_paper(entry), session.notes(entry))
        if change & Change.DETAIL:
            if session.detail_later:
                # New search results: the list's frame goes out first (the results are what the
                # typist watches); the detail pane, a full relayout, comes in the next frame.
                session.detail_later = False
                self.call_after_refresh(self._show_detail)
            else:
                self._show_detail()
        if change & Change.HEADER:
            self.query_one(DigestHeader).show(session.header())
        if change & (Change.PICKER | Change.COUNTS) and self._picker and self._picker.is_attached:
            if change & Change.PICKER:
                self._picker.update_days(session.shelf.days, session.loading)
            self._picker.counts_changed()

    def _unthrottle(self) -> None:
        self._throttle = None
        change, self._throttled = self._throttled, Change.NONE
        if change:
            self.apply(change)  # starts the next interval: ten redraws a second at most

    def _show_detail(self) -> None:
        entry = self.session.current_entry
        if entry is None:
            self.detail.show_paper(None, self.session.empty_message())
        else:
            paper = self.session.shown_paper(entry)  # with what arXiv added
            self.detail.show_paper(paper, notes=self.session.notes(entry))

    def _show_search_box(self) -> None:
        bar = self.search_bar
        if self.session.search.text is None and bar.display:
            bar.clear()
            bar.display = False
            if not self.paper_list.has_focus:
                self.set_focus(self.paper_list)

    # -- events and jobs -------------------------------------------------------------------------

    @on(FeedWaiting)
    def _feed_waiting(self) -> None:
        self._drain()

    def _drain(self, change: Change = Change.NONE) -> None:
        """Hand queued library events to the session, a batch at a time, and draw what they
        changed; the rest follow after the next frame (a warm start queues every day at once)."""
        for event in self.feed.drain(DRAIN_BATCH):
            change |= self.session.apply(event)
        self.apply(change)
        if self.feed.pending:
            self.call_after_refresh(self._drain)

    @on(JobDone)
    def _job_done(self, message: JobDone) -> None:
        self.apply(self.session.apply(message.event))

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        """A worker died on an unexpected error: the session says so and stops waiting."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.apply(self.session.job_failed(event.worker.group, event.worker.error))

    # -- the place -------------------------------------------------------------------------------

    def _save_place(self, *, now: bool = False) -> None:
        """Where the reader is, if it moved: from the interval in a thread (a commit's fsync
        would stall the keys), or `now` when the screen closes."""
        place = (self.session if now else self.synced).unsaved_place()
        if place is None:
            return
        write = partial(self.reader_app.save_pref, self.place_key, place.to_pref(), quiet=True)
        if now:
            write()
        else:
            self.run_worker(write, thread=True, group="prefs", exit_on_error=False)

    @property
    def synced(self) -> ReaderSession:
        """The session, told first where the list's cursor is: a key may have moved it a moment
        ago, before the list's highlight message reached this screen."""
        self.session.cursor_at(self.paper_list.cursor)
        return self.session

    # -- widget messages -------------------------------------------------------------------------

    @on(CategorySidebar.CategoryHighlighted)
    def _category_highlighted(self, event: CategorySidebar.CategoryHighlighted) -> None:
        self.apply(self.session.choose_category(event.index))

    @on(CategorySidebar.GroupToggled)
    def _group_toggled(self, event: CategorySidebar.GroupToggled) -> None:
        self.apply(self.session.set_expanded(event.parent, event.expanded))

    @on(CategorySidebar.CategoryChosen)
    def _category_chosen(self, event: CategorySidebar.CategoryChosen) -> None:
        self.set_focus(self.paper_list)

    @on(PaperList.PaperHighlighted)
    def _paper_highlighted(self, event: PaperList.PaperHighlighted) -> None:
        change = self.session.highlight(event.index)
        if self._detail_is_current():  # shown with the rows already: no second layout
            change &= ~Change.DETAIL
        self.apply(change)

    def _detail_is_current(self) -> bool:
        entry = self.session.current_entry
        if entry is None:
            return False
        shown = self.session.abstracts.enrich(entry.paper)  # as shown, asking arXiv for nothing
        return self.detail.paper == shown and self.detail.notes == self.session.notes(entry)

    @on(PaperList.PaperChosen)
    def _paper_chosen(self, event: PaperList.PaperChosen) -> None:
        self.set_focus(self.detail)

    @on(SearchBar.Changed)
    def _search_changed(self, event: SearchBar.Changed) -> None:
        self.apply(self.session.search_changed(event.text))

    @on(SearchBar.Submitted)
    def _search_submitted(self, event: SearchBar.Submitted) -> None:
        if self.session.search.text is None:
            self.apply(self.session.close_search())
        self.set_focus(self.paper_list)

    @on(SearchBar.Closed)
    def _search_closed(self, event: SearchBar.Closed) -> None:
        self.apply(self.session.close_search())
        self.search_bar.display = False
        self.set_focus(self.paper_list)

    # -- actions ---------------------------------------------------------------------------------

    def action_search(self) -> None:
        """Open the search box (keeping the last query) and type into it."""
        box = self.search_bar.input
        if box.has_focus:  # "/" typed in the query itself (the binding sees it first)
            box.insert_text_at_cursor("/")
            return
        self.apply(self.synced.begin_search())
        self.search_bar.open()

    def action_focus_papers(self) -> None:
        """escape: back to the paper list; from the list, out of a search."""
        if self.paper_list.has_focus and (
            self.session.search.text is not None or self.search_bar.display
        ):
            self._search_closed(SearchBar.Closed())
        else:
            self.set_focus(self.paper_list)

    def action_toggle_sidebar(self) -> None:
        sidebar = self.sidebar
        sidebar.display = not sidebar.display
        if not sidebar.display and sidebar.has_focus:
            self.set_focus(self.paper_list)

    def action_pick_day(self) -> None:
        session = self.session
        if not len(session.shelf):
            self.notify("No day to pick yet.", markup=False, timeout=3)
            return

        def chosen(date: dt.date | None) -> None:
            self._picker = None
            if date is not None:
                self.apply(session.go_to_day(date))

        from tui.screens.dialogs.day_picker import DayPickerScreen  # not needed to start

        current = session.day.date if session.day else None
        self._picker = DayPickerScreen(
            session.shelf.days, current, session.day_counts, session.loading
        )
        self.app.push_screen(self._picker, chosen)

    def action_mark_category_read(self) -> None:
        asked = self.synced.question_mark_list_read()
        if not isinstance(asked, Question):
            self.apply(asked)
            return

        from tui.screens.dialogs.confirm import ConfirmScreen  # not needed to start

        def answered(yes: bool | None) -> None:
            if yes:
                self.apply(self.session.mark_read(asked))

        self.app.push_screen(ConfirmScreen.mark_read(asked.count, asked.name), answered)

    def action_export(self) -> None:
        from tui.screens.dialogs.export_dialog import ExportDialog  # not needed to start

        def done(message: str | None) -> None:
            if message:
                self.notify(message, title="Exported", markup=False)

        dialog = ExportDialog(
            exporting.scopes(self.synced),
            exporting.item_maker(self.session),
            clipboard_mode=self.reader_app.clipboard_mode,
            language=self.session.language,
        )
        self.app.push_screen(dialog, done)

    def action_copy_bibtex(self) -> None:
        text = exporting.bibtex_of_current(self.synced)
        if text:
            self.reader_app.copy_text(text, "the BibTeX entry", text.splitlines()[0])

    def action_link(self, what: str, then: str) -> None:
        """c C o O and the pane's links: copy or open the PDF, abs page or code link."""
        found = self.synced.link(what)
        self.apply(Change.NOTICES)
        if found is not None and then == "copy":
            self.reader_app.copy_text(found[0], f"the {found[1]}", found[0])
        elif found is not None:
            self.reader_app.open_in_browser(*found)

    def action_triage(self, dialog: str) -> None:
        """T N w W: the triage dialogs (tui.screens.triage_dialogs)."""
        from tui.screens import triage_dialogs as dialogs

        {"tags": dialogs.open_tags, "note": dialogs.open_note, "watch": dialogs.propose_watch}.get(
            dialog, dialogs.open_rules
        )(self)

    def action_session(self, decision: str, *args: object) -> None:
        """The keys that are the session's decisions alone (r s n space x u S t a [ ]):
        `decision` names a ReaderSession method (bindings.py holds the only names)."""
        self.apply(getattr(self.synced, decision)(*args))
