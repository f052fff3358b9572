"""The main screen: category sidebar, paper list and detail pane over one day of the library.

The library arrives in pieces: with paths, a loader thread reads them and posts the days as
they are read (newest first), so the first day is on screen long before the last file is parsed;
with a ready Library (tests, screenshots) everything is there at once. Either way the screen keeps a
Shelf of known days for [ ] and d, and the finished Library for "also on".
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Footer

from tui.cache import paper_key
from tui.library import Library, LibraryEntry
from tui.model import Paper
from tui.screens import bindings, loader
from tui.screens.confirm import ConfirmScreen
from tui.screens.day_picker import DayPickerScreen
from tui.screens.day_view import ALL, ALL_DAYS, DayView, count_unread, next_unread_in
from tui.screens.export_actions import ExportActions
from tui.screens.library_events import LibraryEvents
from tui.screens.link_actions import LinkActions
from tui.screens.read_marks import MarkStore, ReadMarks, Stars
from tui.screens.search_actions import SearchActions
from tui.screens.shelf import Shelf
from tui.text import one_line
from tui.widgets.category_sidebar import CategorySidebar
from tui.widgets.digest_header import DigestHeader, HeaderInfo
from tui.widgets.language import Language
from tui.widgets.paper_detail import PaperDetail, PaperNotes
from tui.widgets.paper_list import PaperList
from tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from tui.library import Day
    from tui.screens.library_index import LibraryIndex
    from tui.screens.search_source import Found, SearchSource

LANGUAGE_PREF = "language"
# Where the reader was: restored on the next start.
DAY_PREF = "last_day"
CATEGORY_PREF = "last_category"
PAPER_PREF = "last_paper"
SAVE_POSITION_EVERY = 2.0  # seconds between checks whether the position needs writing


class MainScreen(SearchActions, ExportActions, LibraryEvents, LinkActions):
    """Three panes over one day (or every day) of the library.

    This class shows days, categories, rows and the detail pane, and keeps read marks, stars and
    the reader's place; the mixins hold the loader's messages (LibraryEvents), search and filters
    (SearchActions), selection and export (ExportActions), and links (LinkActions).
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings.MAIN_BINDINGS
    # For the help screen: (title, bindings) in the order shown.
    BINDING_SECTIONS: ClassVar[list[tuple[str, list[BindingType]]]] = bindings.SECTIONS

    # Layout classes by terminal width: detail pane below the list, or to its right.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (140, "-wide")]

    def __init__(
        self,
        source: Library | loader.LibraryLoader,
        marks: ReadMarks,
        language: Language,
        *,
        stars: Stars | None = None,
        store: MarkStore | None = None,
    ) -> None:
        # Start with the layout class the terminal's width will select, so the first resize
        # does not restyle every widget before the first paint.
        width = self.app.size.width
        fits = [name for least, name in self.HORIZONTAL_BREAKPOINTS if width >= least]
        super().__init__(classes=fits[-1] if fits else None)
        self.marks = marks
        self.stars = stars
        self.language = language
        self.store = store
        if isinstance(source, Library):
            self.shelf = Shelf.of(source)
            self.loader: loader.LibraryLoader | None = None
        else:
            self.shelf = Shelf()
            self.loader = source
        self.day: Day | None = None
        self.view = DayView.of(None)
        self.category = 0
        self.all_days = False  # row 0 lists every day of the library
        self.index: LibraryIndex | None = None
        self.progress: str | None = "opening the library" if self.loader is not None else None
        self._all_days_counts: tuple[int, int] | None = None
        self._search_cache: object | None = None  # the loader's Cache, handed over for search
        self._remembered = self._read_position()
        self._position_saved: tuple[str, str, str] | None = None
        self._position_now: tuple[str, str, str] | None = None
        self._save_timer: Timer | None = None
        self._position_lock = threading.Lock()
        self._picker: DayPickerScreen | None = None
        self._loading_timer: Timer | None = None
        self._loading_dirty = False
        self._detail_after_list = False
        # Filters (u, S) apply to every list; the search (/) replaces the list while it is open.
        self.unread_only = False
        self.starred_only = False
        self.search_text: str | None = None  # None: browsing
        self.found: Found | None = None
        self.search_source: SearchSource | None = None
        self.search_problem: str | None = None
        self._search_generation = 0
        self._before_search: str | None = None  # the paper browsed when the search began
        # Papers selected with space, by paper key, in the order selected (kept across views).
        self.selection: dict[str, LibraryEntry] = {}
        # What the loader read before the screen existed (the command waits for the newest day):
        # applied in on_mount, so that the first frame shows it.
        self._early = self.loader.attach(self.post_message) if self.loader is not None else []

    def compose(self) -> ComposeResult:
        yield DigestHeader(id="header")
        with Horizontal(id="body"):
            yield CategorySidebar(id="sidebar")
            with Container(id="reading"):
                with Vertical(id="list-column"):
                    yield SearchBar(id="search")
                    yield PaperList(
                        self.marks.is_read,
                        is_starred=self._is_starred,
                        is_selected=self._is_selected,
                        selected_count=lambda: len(self.selection),
                        language=self.language,
                        id="papers",
                    )
                yield PaperDetail(language=self.language, id="detail")
        yield Footer(compact=True)

    # -- widgets -------------------------------------------------------------------------------

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

    def _is_starred(self, arxiv_id: str) -> bool:
        return self.stars is not None and self.stars.is_starred(arxiv_id)

    def _is_selected(self, paper: Paper) -> bool:
        return bool(self.selection) and paper_key(paper) in self.selection

    @property
    def current_paper(self) -> Paper | None:
        return self.paper_list.current_paper

    @property
    def current_entry(self) -> LibraryEntry | None:
        return self.paper_list.current_entry

    @property
    def library(self) -> Library | None:
        """The finished library (None while the loader is still reading)."""
        return self.shelf.library

    @property
    def ready(self) -> bool:
        """Every file read and every paper gathered (tests and benchmarks wait for this)."""
        return (
            self.shelf.finished
            and self.index is not None
            and self.progress is None
            and (self.search_source is not None or self.search_problem is not None)
        )

    def on_mount(self) -> None:
        self.sidebar.border_title = "Categories"
        self.detail.border_title = "Paper"
        self.search_bar.display = False
        self.paper_list.focus()
        if self.loader is None:
            self._show_first_day()
            if self.library is not None:
                self._report_problems(self.library)
            self._start_prepare()
        else:
            self._show_day(None)
            early, self._early = self._early, []
            for message in early:
                self.take_loader_message(message)

    def on_unmount(self) -> None:
        if self.loader is not None:
            self.loader.stop()
        self._save_position()
        if self.search_source is not None:
            self.search_source.close()
        cache = self._search_cache
        if cache is not None:
            self._search_cache = None
            cache.close()  # type: ignore[attr-defined]

    # -- showing a day -------------------------------------------------------------------------

    def _show_first_day(self) -> None:
        """The remembered day (and category and paper) if the library has it, else the newest."""
        date, category, paper = self._remembered
        day = self.shelf.nearest(date)
        if day is not None and day.date == date:
            self._show_day(day, category=category, paper_key=paper)
        else:
            self._show_day(day)

    def _show_day(
        self, day: Day | None, *, category: str | None = None, paper_key: str | None = None
    ) -> None:
        """Open `day`: its categories in the sidebar, `category` (by name) or All in the list."""
        self.day = day
        self.view = DayView.of(day)
        self.all_days = False
        index = self.view.index_of(category) if category else None
        self.category = index or 0
        self._update_sidebar()
        self._show_rows(paper_key=paper_key)
        self._update_header()

    def _update_sidebar(self) -> None:
        names = list(self.view.names)
        names[0] = ALL_DAYS if self.all_days else ALL
        self.sidebar.show_categories(names, self._count, self.category)

    def _count(self, index: int) -> tuple[int, int]:
        if index == 0 and self.all_days:
            if self._all_days_counts is None:
                entries = self.index.entries if self.index is not None else ()
                self._all_days_counts = (count_unread(entries, self.marks.is_read), len(entries))
            return self._all_days_counts
        return self.view.counts(index, self.marks.is_read)

    def _rows(self) -> tuple[Sequence[LibraryEntry], str, bool]:
        """(rows, title, with day and category) of the current list, filters applied."""
        if self.search_text is not None:
            # The search applies the filters itself (over the whole library).
            rows = self.found.entries if self.found is not None else ()
            return rows, f"Search: {self.search_text.strip()}", True
        if self.category == 0 and self.all_days:
            rows: Sequence[LibraryEntry] = self.index.entries if self.index is not None else ()
            title, context = ALL_DAYS, True
        else:
            rows = self.view.lists[self.category]
            title, context = self.view.names[self.category], False
        if self.unread_only:
            is_read = self.marks.is_read
            rows = [e for e in rows if e.paper.arxiv_id and not is_read(e.paper.arxiv_id)]
        if self.starred_only:
            rows = [e for e in rows if self._is_starred(e.paper.arxiv_id)]
        return rows, title, context

    def _list_title(self, title: str) -> Content:
        filters = [
            name
            for name, on in (("unread only", self.unread_only), ("starred only", self.starred_only))
            if on
        ]
        if not filters:
            return Content(one_line(title))
        return Content.assemble(
            one_line(title), Content.styled(f" · {' · '.join(filters)}", "$text-accent")
        )

    def _show_rows(self, *, paper_key: str | None = None, keep: bool = False) -> None:
        """Show the current list; the cursor on `paper_key`, or on the same paper if `keep`."""
        rows, title, context = self._rows()
        self.paper_list.border_title = self._list_title(title)
        position = 0
        if keep and (current := self.current_paper) is not None:
            paper_key = current.arxiv_id or None
        if paper_key:
            position = next(
                (i for i, entry in enumerate(rows) if entry.paper.arxiv_id == paper_key), 0
            )
        self.paper_list.show_entries(rows, position, context=context)
        self._update_subtitle()

    def _update_subtitle(self) -> None:
        self.paper_list.update_position()

    def _update_header(self) -> None:
        day = self.day
        unread, total = self.view.counts(0, self.marks.is_read) if day else (0, 0)
        position = self.shelf.position(day.date) if day else None
        self.query_one(DigestHeader).show(
            HeaderInfo(
                date=day.date if day else None,
                papers=total,
                unread=unread,
                language=self.language,
                day_number=None if position is None else position + 1,
                day_count=len(self.shelf),
                progress=self.progress,
                opening=self.loader is not None and not self.shelf.finished,
            )
        )

    def _empty_message(self) -> str:
        if self.search_text is not None:
            if self.search_source is None:
                return self.search_problem or "Preparing the search index…"
            return "No paper matches this search." if self.found is not None else "Searching…"
        filters = self.unread_only or self.starred_only
        if filters and self.day is not None:
            return "No paper in this list passes the filter (u: unread only, S: starred only)."
        if self.category == 0 and self.all_days and self.index is None:
            return "Gathering every paper of the library…"
        if self.day is None:
            if self.loader is not None and not self.shelf.finished:
                return "Reading the library…"
            problems = "\n".join(self.library.problems if self.library else ())
            text = "No digest to show."
            return f"{text}\n\n{problems}" if problems else text
        return "This list has no papers."

    def _notes(self, entry: LibraryEntry) -> PaperNotes:
        aid = entry.paper.arxiv_id
        also: tuple[tuple[dt.date, str], ...] = ()
        if aid and self.library is not None:
            here = (entry.date, entry.category)
            also = tuple(place for place in self.library.appearances(aid) if place != here)
        return PaperNotes(
            date=entry.date,
            category=entry.category,
            read=bool(aid) and self.marks.is_read(aid),
            starred=bool(aid) and self._is_starred(aid),
            selected=paper_key(entry.paper) in self.selection,
            also=also,
            query=self.found.query if self.search_text is not None and self.found else None,
        )

    def _show_detail(self) -> None:
        entry = self.current_entry
        if entry is None:
            self.detail.show_paper(None, self._empty_message())
        else:
            self.detail.show_paper(entry.paper, notes=self._notes(entry))

    # -- remembering where the reader was ------------------------------------------------------

    def _read_position(self) -> tuple[dt.date | None, str | None, str | None]:
        store = self.store
        if store is None:
            return None, None, None
        try:
            day, category, paper = (
                store.get_pref(DAY_PREF),
                store.get_pref(CATEGORY_PREF),
                store.get_pref(PAPER_PREF),
            )
        except (sqlite3.Error, OSError):
            return None, None, None
        try:
            date = dt.date.fromisoformat(day) if day else None
        except ValueError:
            date = None
        return date, category or None, paper or None

    def _position(self) -> tuple[str, str, str] | None:
        if self.day is None:
            return None
        category = self.view.names[self.category] if self.category else ""
        paper = self.current_paper
        return self.day.date.isoformat(), category, paper.arxiv_id if paper else ""

    def _position_moved(self) -> None:
        """Note where the reader is now; a slow interval writes it (and closing the screen).

        One interval for the screen's life: starting a timer per key press cost a full repaint.
        """
        self._position_now = self._position()
        if self._save_timer is None:
            self._save_timer = self.set_interval(SAVE_POSITION_EVERY, self._save_position_later)

    def _save_position_later(self) -> None:
        """From the interval: write in a thread (each commit is an fsync, which would stall the
        keys for tens of milliseconds on the UI thread)."""
        position = self._position_now
        if self.store is None or position is None or position == self._position_saved:
            return
        self._position_saved = position
        self.run_worker(
            lambda: self._write_position(position), thread=True, group="prefs", exit_on_error=False
        )

    def _save_position(self) -> None:
        """Write where the reader is now, here and now (the screen is closing)."""
        position = self._position_now
        if self.store is None or position is None or position == self._position_saved:
            return
        self._position_saved = position
        self._write_position(position)

    def _write_position(self, position: tuple[str, str, str]) -> None:
        with self._position_lock:
            if position != self._position_saved:
                return  # a newer place was written (or is being written) meanwhile
            try:
                for key, value in zip((DAY_PREF, CATEGORY_PREF, PAPER_PREF), position, strict=True):
                    self.store.set_pref(key, value)  # type: ignore[union-attr]
            except (sqlite3.Error, OSError):
                pass  # where the reader was is a convenience: never an error on screen

    # -- routing -------------------------------------------------------------------------------

    @on(CategorySidebar.CategoryHighlighted)
    def _category_highlighted(self, event: CategorySidebar.CategoryHighlighted) -> None:
        if event.index != self.category or self.search_text is not None:
            self.category = event.index
            if self.search_text is not None:
                self._end_search_quietly()
            self._show_rows()
            self._position_moved()

    @on(CategorySidebar.CategoryChosen)
    def _category_chosen(self, event: CategorySidebar.CategoryChosen) -> None:
        self.set_focus(self.paper_list)

    @on(PaperList.PaperHighlighted)
    def _paper_highlighted(self, event: PaperList.PaperHighlighted) -> None:
        if self._detail_after_list:
            # New search results: the list's frame goes out first (the results are what the
            # typist watches); the detail pane, a full relayout, comes in the next frame.
            self._detail_after_list = False
            self.call_after_refresh(self._show_detail)
        else:
            self._show_detail()
        self._position_moved()

    @on(PaperList.PaperChosen)
    def _paper_chosen(self, event: PaperList.PaperChosen) -> None:
        self.set_focus(self.detail)

    def _marks_changed(self, problem: str | None = None) -> None:
        self.view.marks_changed()
        self._all_days_counts = None
        self.paper_list.marks_changed()
        self.sidebar.counts_changed()
        self._update_header()
        if (entry := self.current_entry) is not None:
            self.detail.update_notes(self._notes(entry))
        if self._picker is not None and self._picker.is_attached:
            self._picker.counts_changed()
        if problem:
            self.notify(problem, title="Marks", severity="error", timeout=10, markup=False)

    # -- actions: days -------------------------------------------------------------------------

    def _step_day(self, older: bool) -> None:
        if self.day is None:
            return
        day = (self.shelf.older if older else self.shelf.newer)(self.day.date)
        if day is None:
            edge = "oldest" if older else "newest"
            more = " (more are still being read)" if older and not self.shelf.finished else ""
            self.notify(f"This is the {edge} day{more}.", markup=False, timeout=3)
            return
        self._go_to_day(day)

    def _go_to_day(self, day: Day) -> None:
        """Open another day, staying in the same category when that day has it."""
        self._end_search_quietly()
        category = self.view.names[self.category] if self.category else None
        self._show_day(day, category=category)
        self._position_moved()

    def action_older_day(self) -> None:
        self._step_day(older=True)

    def action_newer_day(self) -> None:
        self._step_day(older=False)

    def action_pick_day(self) -> None:
        if not len(self.shelf):
            self.notify("No day to pick yet.", markup=False, timeout=3)
            return

        is_read = self.marks.is_read

        def counts(day: Day) -> tuple[int, int]:
            keys = {key for _, keys in day.outline for key in keys}
            return sum(1 for key in day.ids if not is_read(key)), len(keys)

        def chosen(date: dt.date | None) -> None:
            self._picker = None
            day = self.shelf.day(date) if date is not None else None
            if day is not None and (self.day is None or day.date != self.day.date):
                self._go_to_day(day)

        self._picker = DayPickerScreen(
            self.shelf.days, self.day.date if self.day else None, counts, not self.shelf.finished
        )
        self.app.push_screen(self._picker, chosen)

    def action_toggle_all_days(self) -> None:
        searching = self.search_text is not None
        self._end_search_quietly()
        self.all_days = not (self.all_days and self.category == 0 and not searching)
        self.category = 0
        self._update_sidebar()
        self._show_rows(keep=True)
        if self.all_days and self.index is None:
            self.notify("Gathering every paper of the library…", markup=False, timeout=3)

    def action_toggle_star(self) -> None:
        if self.stars is None:
            return
        paper = self._paper_with_id("starred")
        if paper is not None:
            starred = not self.stars.is_starred(paper.arxiv_id)
            self._marks_changed(self.stars.set([paper.arxiv_id], starred))

    def _paper_with_id(self, what: str) -> Paper | None:
        """The current paper if it has an arXiv id (marks and stars are kept by id); else say so."""
        paper = self.current_paper
        if paper is not None and not paper.arxiv_id:
            self.notify(
                f"This entry has no arXiv id, so it cannot be {what}.",
                severity="warning",
                markup=False,
            )
            return None
        return paper

    # -- actions: read marks -------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        paper = self._paper_with_id("marked")
        if paper is not None:
            read = not self.marks.is_read(paper.arxiv_id)
            self._marks_changed(self.marks.set([paper.arxiv_id], read))

    def action_next_unread(self) -> None:
        rows = self.paper_list.entries
        cursor = self.paper_list.cursor
        browsing_day = self.search_text is None and not (self.category == 0 and self.all_days)
        if browsing_day and rows:
            # Down this category, then on through the next categories of the day.
            here = self.view.lists[self.category].index(rows[cursor])
            found = self.view.next_unread(self.category, here, self.marks.is_read)
            if found is not None:
                row, position = found
                paper = self.view.lists[row][position].paper
                if row != self.category:
                    self.sidebar.move_cursor(row, notify=False)
                    self.category = row
                    self._show_rows(paper_key=paper.arxiv_id)
                    return
                at = self.paper_list.index_of_paper(paper)
                if at is None:  # filtered out when the filter was applied: list it again
                    self._show_rows(paper_key=paper.arxiv_id)
                    return
            else:
                at = None
        else:
            at = next_unread_in(rows, cursor, self.marks.is_read) if rows else None
        if at is None:
            self.notify("No unread papers left in this list.", markup=False)
            return
        self.paper_list.move_cursor(at)

    def action_mark_category_read(self) -> None:
        rows, title, _ = self._rows()
        name = one_line(title)
        ids = list(
            dict.fromkeys(
                e.paper.arxiv_id
                for e in rows
                if e.paper.arxiv_id and not self.marks.is_read(e.paper.arxiv_id)
            )
        )
        if not ids:
            self.notify(
                Content.assemble("Every paper in ", name, " is already read.").plain, markup=False
            )
            return
        question = Content.assemble(
            "Mark ",
            Content.styled(f"{len(ids)} unread paper{'s' if len(ids) != 1 else ''}", "bold"),
            " in ",
            Content.styled(name, "bold"),
            " as read?",
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._marks_changed(self.marks.set(ids, True))
                self.notify(f"Marked {len(ids)} papers read.", markup=False)

        self.app.push_screen(ConfirmScreen(question), answered)

    # -- actions: language and layout ----------------------------------------------------------

    def action_cycle_language(self) -> None:
        self.set_language(self.language.next())
        self.notify(f"Showing: {self.language.label}", markup=False, timeout=2)

    def set_language(self, language: Language) -> None:
        self.language = language
        self.paper_list.set_language(language)
        self.detail.set_language(language)
        self._update_header()
        if self.store is not None:
            try:
                self.store.set_pref(LANGUAGE_PREF, language.value)
            except (sqlite3.Error, OSError) as error:  # a preference must never break reading
                self.notify(f"Could not save the language choice: {error}", markup=False)

    def action_focus_papers(self) -> None:
        """escape: back to the paper list; from the list, out of a search."""
        if self.paper_list.has_focus and (self.search_text is not None or self.search_bar.display):
            self._close_search()
        else:
            self.set_focus(self.paper_list)

    def action_toggle_sidebar(self) -> None:
        sidebar = self.sidebar
        sidebar.display = not sidebar.display
        if not sidebar.display and sidebar.has_focus:
            self.set_focus(self.paper_list)
