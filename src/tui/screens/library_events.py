"""What the main screen does with the loader's messages: days as they arrive, the finished
library, "All days" and search becoming ready, failures. Mixed into the main screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState, get_current_worker

from tui.screens import loader

if TYPE_CHECKING:
    import datetime as dt

    from tui.library import Day, Library
    from tui.model import Paper
    from tui.screens.day_picker import DayPickerScreen
    from tui.screens.day_view import DayView
    from tui.screens.library_index import LibraryIndex
    from tui.screens.search_source import SearchSource
    from tui.screens.shelf import Shelf
    from tui.widgets.category_sidebar import CategorySidebar

LOADING_REDRAW = 0.1  # seconds between header redraws while days arrive


class LibraryEvents(Screen[None]):
    """What the main screen provides is declared here; the main screen sets it."""

    shelf: Shelf
    loader: loader.LibraryLoader | None
    day: Day | None
    view: DayView
    category: int
    all_days: bool
    index: LibraryIndex | None
    progress: str | None
    search_text: str | None
    search_source: SearchSource | None
    search_problem: str | None
    _remembered: tuple[dt.date | None, str | None, str | None]
    _all_days_counts: tuple[int, int] | None
    _search_cache: object | None
    _picker: DayPickerScreen | None
    _loading_timer: Timer | None
    _loading_dirty: bool

    if TYPE_CHECKING:  # provided by the main screen

        @property
        def sidebar(self) -> CategorySidebar: ...
        @property
        def current_paper(self) -> Paper | None: ...
        def _show_first_day(self) -> None: ...
        def _show_day(
            self, day: Day | None, *, category: str | None = None, paper_key: str | None = None
        ) -> None: ...
        def _show_rows(self, *, paper_key: str | None = None, keep: bool = False) -> None: ...
        def _show_detail(self) -> None: ...
        def _update_header(self) -> None: ...
        def _run_search(self) -> None: ...

    @property
    def library(self) -> Library | None:
        return self.shelf.library

    @on(loader.DaysArrived)
    def _days_arrived(self, event: loader.DaysArrived) -> None:
        current = self.day
        replaced = False
        for day in event.days:
            if self.shelf.add(day) and current is not None and day.date == current.date:
                replaced = True
        self.progress = f"reading {event.done}/{event.total} files"
        if current is None:
            date = self._remembered[0]
            if date is None or self.shelf.reaches(date):
                self._show_first_day()
        elif replaced:  # another file of the shown date was read: show the merged day
            category = self.view.names[self.category] if self.category else None
            paper = self.current_paper
            new_day = self.shelf.day(current.date)
            self._show_day(new_day, category=category, paper_key=paper.arxiv_id if paper else None)
        # Hundreds of days arrive in a second: redraw the header and the picker ten times a
        # second, not once a day (the UI thread shares the interpreter with the loader).
        if self._loading_timer is None:
            self._update_header()
            self._refresh_picker()
            self._loading_timer = self.set_timer(LOADING_REDRAW, self._loading_redraw)
        else:
            self._loading_dirty = True

    def _loading_redraw(self) -> None:
        self._loading_timer = None
        if self._loading_dirty:
            self._loading_dirty = False
            self._update_header()
            self._refresh_picker()

    @on(loader.LibraryFinished)
    def _library_finished(self, event: loader.LibraryFinished) -> None:
        library = event.library
        for day in library.days:
            self.shelf.add(day)
        self.shelf.library = library
        self.progress = "indexing for search"
        if self.day is None:
            self._show_first_day()
        else:
            self._show_detail()  # "also on" is known now
        self._update_header()
        self._refresh_picker()
        self._report_problems(library)
        self._start_prepare()
        newest = self.shelf.nearest(None)
        if self.day is not None and newest is not None and newest.date > self.day.date:
            newer = self.shelf.position(self.day.date) or 0
            self.notify(
                f"{newer} newer day{'s' if newer != 1 else ''} since you last read, up to "
                f"{newest.date.isoformat()}: ] goes forward.",
                title="New digests",
                markup=False,
            )

    @on(loader.SearchIndexed)
    def _search_indexed(self, event: loader.SearchIndexed) -> None:
        self._search_cache = event.cache
        self.progress = "preparing search"
        self._update_header()
        self._prepare_search()

    @on(loader.LoadFailed)
    def _load_failed(self, event: loader.LoadFailed) -> None:
        self.progress = None
        self._update_header()
        self.notify(event.message, title="Library", severity="error", timeout=15, markup=False)

    @on(loader.IndexReady)
    def _index_ready(self, event: loader.IndexReady) -> None:
        self.index = event.index
        self._all_days_counts = None
        if self.all_days:
            self.sidebar.counts_changed()
            if self.category == 0 and self.search_text is None:
                self._show_rows(keep=True)
        self._prepare_search()

    def _prepare_search(self) -> None:
        """Open the search once every paper is gathered (and, from paths, the index is built)."""
        library, index = self.library, self.index
        if library is None or index is None or self.search_source is not None:
            return
        if self.loader is not None and self._search_cache is None:
            return  # the loader has not handed the cache over yet
        cache, self._search_cache = self._search_cache, None
        self.run_worker(
            lambda: loader.prepare_search(
                library,
                index,
                cache,  # type: ignore[arg-type]
                self.post_message,
                _cancelled,
            ),
            thread=True,
            group="prepare",
            exit_on_error=False,
        )

    @on(loader.SearchReady)
    def _search_ready(self, event: loader.SearchReady) -> None:
        self.search_source = event.source
        self.search_problem = event.problem
        if self.loader is not None:
            self.progress = None
            self._update_header()
        if event.problem:
            self.notify(event.problem, title="Search", severity="warning", markup=False)
        if self.search_text is not None:
            self._run_search()

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        """A worker died on an unexpected error: say so, and stop waiting for what it owed."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        group = event.worker.group
        if group in ("loader", "prepare"):
            self.progress = None
            self.search_problem = self.search_problem or f"Search is unavailable: {error}"
            self._update_header()
        what = {"loader": "Reading the library", "prepare": "Preparing every day and search"}
        self.notify(
            f"{what.get(group, 'A background task')} failed: {type(error).__name__}: {error}",
            title="Error",
            severity="error",
            timeout=15,
            markup=False,
        )

    def _start_prepare(self) -> None:
        library = self.library
        if library is None:
            return
        self.run_worker(
            lambda: loader.prepare_index(library, self.post_message, _cancelled),
            thread=True,
            group="prepare",
            exit_on_error=False,
        )

    def _report_problems(self, library: Library) -> None:
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

    def _refresh_picker(self) -> None:
        if self._picker is not None and self._picker.is_attached:
            self._picker.update_days(self.shelf.days, not self.shelf.finished)

    def take_loader_message(self, message: object) -> None:
        """Apply a message the loader posted before the screen was mounted, at once."""
        for kind, handler in (
            (loader.DaysArrived, self._days_arrived),
            (loader.LibraryFinished, self._library_finished),
            (loader.SearchIndexed, self._search_indexed),
            (loader.LoadFailed, self._load_failed),
        ):
            if isinstance(message, kind):
                handler(message)  # type: ignore[operator]
                return


def _cancelled() -> bool:
    """In a worker thread: has the screen (or the app) cancelled this worker?"""
    return get_current_worker().is_cancelled
