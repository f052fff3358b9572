"""The reader's state and every decision the main screen used to make, with no Textual in it.

A ReaderSession knows the days read so far (a Shelf), the open day and category, the list and its
cursor, the filters, the search, the export selection and where the reader was. Every method that
changes state returns a Change naming what the screen must redraw; messages for the user go to
`notices` and background work to `jobs` (flagged NOTICES and JOBS). The screen only routes keys
and events here and draws what changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tui.library import (
    Day,
    DayLoaded,
    Discovered,
    Finished,
    Library,
    LibraryEntry,
    SearchIndexed,
    SearchIndexing,
)
from tui.model import Paper, paper_key
from tui.reader import jobs
from tui.reader.abstract_actions import AbstractActions
from tui.reader.abstracts import index_stored
from tui.reader.changes import Change
from tui.reader.day_view import ALL_DAYS, DayView, next_unread_in
from tui.reader.events import (
    ForYouRanked,
    IndexReady,
    LoadFailed,
    ReaderEvent,
    RulesMatched,
    SearchAnswered,
    SearchReady,
    Synced,
)
from tui.reader.library_index import LibraryIndex
from tui.reader.library_rows import position_of
from tui.reader.mark_actions import MarkActions
from tui.reader.triage_actions import LEFT_OUT, TriageActions
from tui.reader.triage_lists import TAGS, is_extra
from tui.text import one_line

# What the list shows after a change: rows, cursor and the whole picture around them.
SHOWN = Change.ROWS | Change.HEADER | Change.PLACE
PROBLEM_REPORTS = (
    ("problems", "file(s) could not be read", "warning"),
    ("warnings", "damaged entr(y/ies) skipped", "warning"),
    ("notices", "note(s) about the files", "information"),
)


class ReaderSession(MarkActions, TriageActions, AbstractActions):
    """Every decision of the reader (see the module docstring); each returns what changed."""

    # -- library events --------------------------------------------------------------------------

    def apply(self, event: ReaderEvent) -> Change:
        """Take one event of the feed or of a background job."""
        if isinstance(event, DayLoaded):
            return self._day_loaded(event)
        if isinstance(event, Discovered):
            self.progress = f"reading 0/{event.total} files"
            return Change.HEADER
        if isinstance(event, Finished):
            return self._finished(event.library)
        if isinstance(event, SearchIndexing):
            of = f"/{event.total:,}" if event.total else ""
            self.progress = f"indexing for search {event.done:,}{of}"
            return Change.HEADER
        if isinstance(event, SearchIndexed):
            self.indexed = True
            self.progress = "preparing search" if self.progress else None
            return Change.HEADER | self._maybe_prepare_search()
        if isinstance(event, IndexReady):
            self.triage.record_seen(event.sightings)
            return self._index_ready(event.index)
        if isinstance(event, SearchReady):
            return self._search_ready(event)
        if isinstance(event, SearchAnswered):
            return self._search_answered(event)
        if isinstance(event, RulesMatched):
            return self.rules_matched(event)
        if isinstance(event, ForYouRanked):
            return self.for_you_ranked(event)
        if isinstance(event, LoadFailed):
            self.progress = None
            if self.search.source is None:
                self.search.problem = self.search.problem or "Search is unavailable."
            return Change.HEADER | self._notice(
                event.message, title="Library", severity="error", timeout=15
            )
        if isinstance(event, Synced):
            reload = self.freshness.finished(event)
            return self._freshness_notices() | (Change.RELOAD if reload else Change.NONE)
        # The fetcher's reports; Problem and Notice: NONE, reported with the finished library.
        return self.abstracts_event(event)

    def sync_subscriptions(self) -> Change:
        """`U`: sync the subscriptions in the background (new days are then read in)."""
        job = self.freshness.begin()
        return self._freshness_notices() | (self._job(job) | Change.HEADER if job else Change.NONE)

    def _freshness_notices(self) -> Change:
        self.notices.extend(self.freshness.notices)
        found, self.freshness.notices = bool(self.freshness.notices), []
        return Change.NOTICES | Change.HEADER if found else Change.HEADER

    def job_failed(self, group: str, error: BaseException) -> Change:
        """A background job died on an unexpected error: say so, and stop waiting for it."""
        what = {"prepare": "Preparing every day and search", "search": "A search"}
        message = f"{what.get(group, 'A background task')} failed: {type(error).__name__}: {error}"
        return self.apply(LoadFailed(message))

    def _day_loaded(self, event: DayLoaded) -> Change:
        current = self.day
        replaced = self.shelf.add(event.day) and current is not None
        replaced = replaced and event.day.date == current.date  # type: ignore[union-attr]
        if self.loading:
            self.progress = f"reading {event.done}/{event.total} files"
        change = Change.HEADER | Change.PICKER
        if current is None:
            date = self.remembered.day
            if date is None or self.shelf.reaches(date):
                change |= self._show_first_day()
        elif replaced:  # another file of the shown date was read: show the merged day
            change |= self._reopen(current.date)
        return change

    def _finished(self, library: Library) -> Change:
        if self.shelf.library is not None:  # read again (after `U`): index and search anew
            self.index, self.indexed, self._search_requested = None, False, False
            self._all_days_counts = None
            self.search.close()
            self.search.source = None
        for day in library.days:
            self.shelf.add(day)
        self.shelf.library = library
        self.progress = "indexing for search" if not self.indexed else "preparing search"
        change = Change.HEADER | Change.PICKER | self._job(jobs.prepare_index(library))
        if (job := index_stored(self.abstracts, library)) is not None:
            change |= self._job(job)  # abstracts fetched earlier join the search index
        if self.day is None:
            change |= self._show_first_day()
        else:
            change |= Change.DETAIL  # "also on" is known now
        for attribute, title, severity in PROBLEM_REPORTS:
            lines = [one_line(line) for line in getattr(library, attribute, ()) or ()]
            if lines:
                more = f"\n… and {len(lines) - 3} more" if len(lines) > 3 else ""
                change |= self._notice(
                    "\n".join(lines[:3]) + more,
                    title=f"{len(lines)} {title}",
                    severity=severity,
                    timeout=12,
                )
        newest = self.shelf.nearest(None)
        if self.day is not None and newest is not None and newest.date > self.day.date:
            newer = self.shelf.position(self.day.date) or 0
            change |= self._notice(
                f"{newer} newer day{'s' if newer != 1 else ''} since you last read, up to "
                f"{newest.date.isoformat()}: ] goes forward.",
                title="New digests",
            )
        return change

    def _index_ready(self, index: LibraryIndex) -> Change:
        self.index = index
        self._all_days_counts = self._all_days_rows = None
        self.refresh_lists()
        change = self._maybe_prepare_search()
        if self.all_days:
            change |= Change.COUNTS
            if self.category == 0 and self.search.text is None:
                change |= self._list(keep=True)
        return change

    def _maybe_prepare_search(self) -> Change:
        """Open the search once every paper is gathered and the full-text index is complete."""
        library, index = self.library, self.index
        if library is None or index is None or not self.indexed or self._search_requested:
            return Change.NONE
        self._search_requested = True
        return self._job(jobs.prepare_search(library, index))

    def _search_ready(self, event: SearchReady) -> Change:
        self.search.source, self.search.problem = event.source, event.problem
        self.progress = None
        change = Change.HEADER | (self._match_rules() if self.triage.rules() else Change.NONE)
        if event.problem:
            change |= self._notice(event.problem, title="Search", severity="warning")
        if self.search.text is not None:
            change |= self._run_search()
        return change

    # -- days and categories ---------------------------------------------------------------------

    def _show_first_day(self) -> Change:
        """The remembered day (and category and paper) if the library has it, else the newest."""
        place = self.remembered
        day = self.shelf.nearest(place.day)
        if day is not None and day.date == place.day:
            return self._open_day(day, category=place.category, paper=place.paper)
        return self._open_day(day)

    def _reopen(self, date: dt.date) -> Change:
        category = self._category_name()
        paper = self.current_paper
        key = paper.arxiv_id if paper else None
        return self._open_day(self.shelf.day(date), category=category, paper=key)

    def _open_day(
        self, day: Day | None, *, category: str | None = None, paper: str | None = None
    ) -> Change:
        """Open `day`: its categories in the sidebar, `category` (by name) or All in the list;
        a watch or a tag stays where it is."""
        extra = self.category if is_extra(self.category) else None
        self.day = day
        self.view = DayView.of(day, self.triage.hidden_keys())
        self.all_days = False
        self.refresh_lists()
        self.record_sightings()
        index = self.view.index_of(category) if category else None
        self.category = extra if extra is not None and self.lists.knows(extra) else index or 0
        change = Change.SIDEBAR | Change.COUNTS | self._list(paper=paper)
        if not self.triage.matched and self.triage.rules():
            change |= self._match_rules()  # this day's, until the library's are known
        return change

    def _category_name(self) -> str | None:
        """The current category's name (to find it on another day); None for All and extras."""
        if self.category and not is_extra(self.category):
            return self.view.names[self.category]
        return None

    def choose_category(self, index: int) -> Change:
        """The sidebar's cursor moved to row `index`."""
        if index == self.category and self.search.text is None:
            return Change.NONE
        self.category = index
        change = self._end_search_quietly()
        return change | self._list()

    def step_day(self, older: bool) -> Change:
        """`[` / `]`: the closest older / newer day, in the same category when it has one."""
        if self.day is None:
            return Change.NONE
        day = (self.shelf.older if older else self.shelf.newer)(self.day.date)
        if day is None:
            edge = "oldest" if older else "newest"
            more = " (more are still being read)" if older and self.loading else ""
            return self._notice(f"This is the {edge} day{more}.", timeout=3)
        return self.go_to_day(day.date)

    def go_to_day(self, date: dt.date) -> Change:
        """Open another day (the picker's choice), staying in the same category if it has it."""
        day = self.shelf.day(date)
        if day is None or (self.day is not None and day.date == self.day.date):
            return Change.NONE
        change = self._end_search_quietly()
        return change | self._open_day(day, category=self._category_name())

    def toggle_all_days(self) -> Change:
        """`a`: "All" lists this day, or every day of the library."""
        searching = self.search.text is not None
        change = self._end_search_quietly()
        self.all_days = not (self.all_days and self.category == 0 and not searching)
        self.category = 0
        self.refresh_lists()
        change |= Change.SIDEBAR | Change.COUNTS | self._list(keep=True)
        if self.all_days and self.index is None:
            change |= self._notice("Gathering every paper of the library…", timeout=3)
        return change

    # -- the list --------------------------------------------------------------------------------

    def _current_rows(self) -> tuple[Sequence[LibraryEntry], str, bool]:
        """(rows, title, with day and category) of the current list, filters applied."""
        if self.search.text is not None:
            # The search applies the filters itself (over the whole library).
            found = self.search.found
            return (found.entries if found else ()), f"Search: {self.search.text.strip()}", True
        rows: Sequence[LibraryEntry]
        if self.category == 0 and self.all_days:
            rows = self.all_days_rows()
            title, context = ALL_DAYS, True
        elif is_extra(self.category):
            known = self.lists.knows(self.category)
            rows = self.lists.rows(self.category) if known else ()
            title = self.lists.title(self.category) if known else ""
            context = self.all_days or self.category >= TAGS
        else:
            rows = self.view.lists[self.category]
            title, context = self.view.names[self.category], False
        if self.unread_only:
            is_read = self.marks.is_read
            rows = [e for e in rows if e.paper.arxiv_id and not is_read(e.paper.arxiv_id)]
        if self.starred_only:
            rows = [e for e in rows if self.stars.is_starred(e.paper.arxiv_id)]
        return rows, title, context

    def _list(self, *, paper: str | None = None, keep: bool = False) -> Change:
        """Rebuild the list; the cursor on paper id `paper`, or on the same paper if `keep`."""
        if keep and (current := self.current_paper) is not None:
            paper = current.arxiv_id or None
        self.rows, self.title, self.context = self._current_rows()
        change = SHOWN
        if self.for_you.on:
            self.rows = self.for_you.order(self.rows)
            if not self.for_you.pending and self.for_you.unscored(self.rows):
                change |= self._rank()
        self.cursor = 0
        if paper:
            self.cursor = position_of(self.rows, paper) or 0
        return change

    def cursor_at(self, index: int) -> None:
        """The list's cursor is on row `index` (the pane follows with `highlight`)."""
        if 0 <= index < len(self.rows):
            self.cursor = index

    def highlight(self, index: int) -> Change:
        """The list's cursor landed on row `index`: the pane shows it."""
        if not self.rows:
            self.cursor = 0
        elif 0 <= index < len(self.rows):
            self.cursor = index
        return Change.DETAIL | Change.PLACE

    def next_unread(self) -> Change:
        """`n`: the next unread paper, down this list, then through the day's next categories."""
        rows, cursor = self.rows, self.cursor
        browsing_day = self.search.text is None and not (self.category == 0 and self.all_days)
        browsing_day = browsing_day and not is_extra(self.category) and not self.for_you.on
        at: int | None = None
        if browsing_day and rows:
            here = self.view.lists[self.category].index(rows[cursor])
            found = self.view.next_unread(self.category, here, self.marks.is_read)
            if found is not None:
                row, position = found
                paper = self.view.lists[row][position].paper
                if row != self.category:
                    self.category = row
                    return Change.SIDEBAR | self._list(paper=paper.arxiv_id)
                at = self._row_of(paper)
                if at is None:  # filtered out when the filter was applied: list it again
                    return self._list(paper=paper.arxiv_id)
        elif rows:
            at = next_unread_in(rows, cursor, self.marks.is_read)
        if at is None:
            return self._notice("No unread papers left in this list.")
        self.cursor = at
        return Change.CURSOR

    def _row_of(self, paper: Paper) -> int | None:
        return position_of(self.rows, paper_key(paper))

    # -- filters ---------------------------------------------------------------------------------

    def toggle_unread_only(self) -> Change:
        self.unread_only = not self.unread_only
        return self._filters_changed("Unread only", self.unread_only)

    def toggle_starred_only(self) -> Change:
        self.starred_only = not self.starred_only
        return self._filters_changed("Starred only", self.starred_only)

    def _filters_changed(self, what: str, on: bool) -> Change:
        change = self._notice(f"{what}: {'on' if on else 'off'}", timeout=2)
        if self.search.text is not None:
            return change | self._run_search()
        return change | self._list(keep=True)

    # -- language --------------------------------------------------------------------------------

    def set_expanded(self, parent: str, expanded: bool) -> Change:
        """The sidebar (redrawn already) collapsed or expanded `parent`: kept for later days."""
        (self.collapsed.discard if expanded else self.collapsed.add)(parent)
        return Change.NONE

    def cycle_language(self) -> Change:
        self.language = self.language.next()
        notice = self._notice(f"Showing: {self.language.label}", timeout=2)
        return Change.LANGUAGE | Change.HEADER | notice

    # -- search ----------------------------------------------------------------------------------

    def begin_search(self) -> Change:
        """`/`: the box opens (keeping the last query); remember the paper browsed."""
        if self.search.text is None:
            self.search.remember(self.current_paper)
        return Change.SEARCH_BOX

    def search_changed(self, text: str) -> Change:
        """The query's text changed (each key press)."""
        if not text.strip():
            return self.close_search(keep_box=True)
        if self.search.text is None:
            self.search.remember(self.current_paper)
        self.search.text = text
        return self._run_search()

    def _run_search(self) -> Change:
        """Start the query for the current text; a newer key press makes older ones stale."""
        search = self.search
        generation = search.next_generation()
        if search.source is None:
            search.found = None
            return Change.HINT | self._list()
        search.source.interrupt()  # a query still running for an older key press
        return self._job(
            jobs.run_query(
                search.source,
                generation,
                search.text or "",
                read_ids=self.marks.ids(),
                starred_ids=self.stars.ids(),
                unread_only=self.unread_only,
                starred_only=self.starred_only,
                sets=self._sets(search.text or "", LEFT_OUT),
                leave_out=LEFT_OUT,
                is_current=search.is_current,
            )
        )

    def _search_answered(self, event: SearchAnswered) -> Change:
        search = self.search
        if not search.is_current(event.generation) or search.text is None:
            return Change.NONE  # an answer to an older key press
        found = event.found
        if found.failed and search.found is not None and not found.hint:
            return Change.NONE  # interrupted: keep the last results
        search.found = found
        self.detail_later = bool(found.entries)
        return Change.HINT | self._list()

    def close_search(self, *, keep_box: bool = False) -> Change:
        """Back to browsing, on the paper that was shown before the search."""
        search = self.search
        was_searching = search.text is not None
        search.stop()
        change = Change.HINT if keep_box else Change.SEARCH_BOX
        if was_searching:
            change |= self._list(paper=search.before)
        return change

    def _end_search_quietly(self) -> Change:
        """Browsing moved on (another day, category or view): the search box closes."""
        if self.search.text is None:
            return Change.NONE
        self.search.stop()
        return Change.SEARCH_BOX

    # -- links -----------------------------------------------------------------------------------
