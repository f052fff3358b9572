"""The reader's state and every read of it (what the screen draws); ReaderSession adds the
decisions that change it. Nothing here imports Textual."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tui.category_tree import CategoryTree
from tui.library import Day, Library, LibraryEntry
from tui.model import Paper, paper_key
from tui.names import display_name
from tui.reader import jobs
from tui.reader.abstracts import Abstracts
from tui.reader.changes import Change, Notice
from tui.reader.day_view import ALL, ALL_DAYS, DayView, count_unread
from tui.reader.for_you import ForYou
from tui.reader.freshness import Freshness
from tui.reader.language import Language
from tui.reader.library_index import LibraryIndex
from tui.reader.marks import ReadMarks, Stars
from tui.reader.place import Place
from tui.reader.search_state import SearchState
from tui.reader.shelf import Shelf
from tui.reader.triage_lists import TriageLists, is_extra
from tui.reader.triage_marks import TriageMarks
from tui.reader.views import (
    NO_ROW_MARKS,
    HeaderInfo,
    PaperNotes,
    RowMarks,
    SearchHint,
    seen_before,
)
from tui.text import one_line


class SessionState:
    """What the reader knows: the days read so far, the open day and list, filters, search,
    selection and where it was; each read the screen makes is a method here."""

    def __init__(
        self,
        marks: ReadMarks,
        stars: Stars,
        language: Language = Language.ORIGINAL,
        *,
        place: Place | None = None,
        abstracts: Abstracts | None = None,
        freshness: Freshness | None = None,
        triage: TriageMarks | None = None,
    ) -> None:
        self._place_saved = place
        self.triage = triage or TriageMarks()  # dismissed, tags, notes, rules and their matches
        self.for_you = ForYou()  # the `f` order
        self.lists = TriageLists(self.triage, (), ())  # the sidebar's Watches and Tags
        self.freshness = freshness or Freshness()  # subscriptions: how current, `U`
        self.abstracts = abstracts or Abstracts()  # metadata from arXiv (none: not fetched)
        self.marks = marks
        self.stars = stars
        self.language = language
        self.shelf = Shelf()
        self.day: Day | None = None
        self.view = DayView.of(None)
        self.category = 0
        self.all_days = False  # row 0 lists every day of the library
        self.index: LibraryIndex | None = None
        self.indexed = False  # the cache's full-text index covers the library
        self.progress: str | None = "opening the library"
        self.remembered = place or Place()
        self.unread_only = False
        self.starred_only = False
        self.search = SearchState()
        # Papers selected with space, by paper key, in the order selected (kept across views).
        self.selection: dict[str, LibraryEntry] = {}
        self.rows: Sequence[LibraryEntry] = ()
        self.title = ALL  # as the digest writes it (shown_title() is in the language)
        self.collapsed: set[str] = set()  # sidebar parents the user collapsed (kept across days)
        self.context = False  # rows show their day and category (every-day and search lists)
        self.cursor = 0
        self.detail_later = False  # new search results: the list's frame first, then the pane
        self.notices: list[Notice] = []
        self.jobs: list[jobs.Job] = []
        self._all_days_counts: tuple[int, int] | None = None
        self._all_days_rows: Sequence[LibraryEntry] | None = None  # hidden papers left out
        self._search_requested = False

    # -- what the screen reads -------------------------------------------------------------------

    @property
    def library(self) -> Library | None:
        """The finished library (None while the loader is still reading)."""
        return self.shelf.library

    @property
    def loading(self) -> bool:
        return not self.shelf.finished and self.progress is not None

    @property
    def ready(self) -> bool:
        """Every file read and every paper gathered (tests and benchmarks wait for this)."""
        return (
            self.shelf.finished
            and self.index is not None
            and self.progress is None
            and (self.search.source is not None or self.search.problem is not None)
        )

    @property
    def current_entry(self) -> LibraryEntry | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    @property
    def current_paper(self) -> Paper | None:
        entry = self.current_entry
        return entry.paper if entry is not None else None

    @property
    def filters(self) -> tuple[str, ...]:
        """The filters on (and the For-you order), as the list's title names them."""
        on = (
            ("unread only", self.unread_only),
            ("starred only", self.starred_only),
            ("for you", self.for_you.on),
        )
        return tuple(name for name, active in on if active)

    def category_names(self) -> list[str]:
        """ "All" (or "All days") then the day's categories (two-level ones `Parent / Child`)."""
        names = self.view.category_names
        names[0] = ALL_DAYS if self.all_days else ALL
        return names

    def category_tree(self) -> CategoryTree:
        """The sidebar's rows: the day's categories as a tree, the collapsed parents collapsed,
        then the Watches and Tags groups."""
        return CategoryTree(
            self.category_names(), collapsed=self.collapsed, extras=self.lists.extras()
        )

    def shown_title(self) -> str:
        """The list's title: the category's (or parent's) whole name in the language; a
        search's or "All"'s as it is."""
        if self.search.text is None and self.category and not is_extra(self.category):
            return display_name(self.title, self.language)
        return self.title

    def count(self, index: int) -> tuple[int, int]:
        """(unread, total) of sidebar row `index`."""
        if index == 0 and self.all_days:
            if self._all_days_counts is None:
                entries = self.all_days_rows()
                self._all_days_counts = (count_unread(entries, self.marks.count_in), len(entries))
            return self._all_days_counts
        if is_extra(index):
            return (
                self.lists.counts(index, self.marks.count_in) if self.lists.knows(index) else (0, 0)
            )
        return self.view.counts(index, self.marks.count_in)

    def all_days_rows(self) -> Sequence[LibraryEntry]:
        """Every paper of the library once, hidden and dismissed ones left out."""
        if self.index is None:
            return ()
        if self._all_days_rows is None:
            hidden = self.triage.hidden_keys()
            entries = self.index.entries
            self._all_days_rows = entries.where(lambda k: k not in hidden) if hidden else entries
        return self._all_days_rows

    def row_marks(self, entry: LibraryEntry) -> RowMarks:
        """The watch marker and For-you words of a list row."""
        watches = self.triage.watches_of(entry.paper) if self.triage.matches else ()
        why = self.for_you.why(entry) if self.for_you.on else ()
        return RowMarks(watches, why) if watches or why else NO_ROW_MARKS

    def day_counts(self, day: Day) -> tuple[int, int]:
        """(unread, total) of a day, for the day picker."""
        ids = set(day.arxiv_ids())
        total = len({key for _, keys in day.outline for key in keys})
        return len(ids) - self.marks.count_in(ids), total

    def is_selected(self, paper: Paper) -> bool:
        return bool(self.selection) and paper_key(paper) in self.selection

    def header(self) -> HeaderInfo:
        day = self.day
        unread, total = self.view.counts(0, self.marks.count_in) if day else (0, 0)
        position = self.shelf.position(day.date) if day else None
        newest = self.shelf.nearest(None)  # one look-up: the header is redrawn on most keys
        return HeaderInfo(
            date=day.date if day else None,
            papers=total,
            unread=unread,
            language=self.language,
            day_number=None if position is None else position + 1,
            day_count=len(self.shelf),
            progress=self.progress,
            opening=self.loading,
            abstracts=self.abstracts.progress,
            freshness=self.freshness.label(newest.date if newest else None),
            hidden=self.view.hidden,  # the day's papers hide rules and dismissals leave out
        )

    def empty_message(self) -> str:
        """What the detail pane says when the list is empty."""
        search = self.search
        if search.text is not None:
            if search.source is None:
                return search.problem or "Preparing the search index…"
            return "No paper matches this search." if search.found is not None else "Searching…"
        if (self.unread_only or self.starred_only) and self.day is not None:
            return "No paper in this list passes the filter (u: unread only, S: starred only)."
        if self.category == 0 and self.all_days and self.index is None:
            return "Gathering every paper of the library…"
        if self.day is None:
            if self.loading:
                return "Reading the library…"
            problems = "\n".join(self.library.problems if self.library else ())
            return f"No digest to show.\n\n{problems}" if problems else "No digest to show."
        return "This list has no papers."

    def notes(self, entry: LibraryEntry | None = None) -> PaperNotes:
        """What the detail pane says about `entry` (default: the current one) beyond the digest."""
        entry = entry or self.current_entry
        if entry is None:
            return PaperNotes()
        aid = entry.paper.arxiv_id
        also: tuple[tuple[dt.date, str], ...] = ()
        if aid and self.index is not None:
            here = (entry.date, entry.category)
            also = tuple(place for place in self.index.appearances(aid) if place != here)
        found = self.search.found
        return PaperNotes(
            date=entry.date,
            category=entry.category,
            read=bool(aid) and self.marks.is_read(aid),
            starred=bool(aid) and self.stars.is_starred(aid),
            selected=paper_key(entry.paper) in self.selection,
            also=also,
            query=found.query if self.search.text is not None and found else None,
            abstract_note=self.abstracts.note(self.abstracts.enrich(entry.paper)),
            watches=self.triage.watches_of(entry.paper),
            tags=tuple(sorted(self.triage.tags_of(aid), key=str.casefold)) if aid else (),
            note=self.triage.note_of(aid) if aid else "",
            seen=seen_before(self.triage.seen_of(aid), entry) if aid else None,
            dismissed=bool(aid) and self.triage.is_dismissed(aid),
        )

    def shown_paper(self, entry: LibraryEntry) -> Paper:
        """The entry's paper as the pane shows it, with what arXiv added. A paper without an
        abstract asks for its day's (in the background: nothing here waits)."""
        day = self.shelf.day(entry.date)
        if self.library is not None:
            self.abstracts.cache_path = self.library.cache_path
        self.abstracts.shown(entry.paper, day.arxiv_ids() if day is not None else ())
        return self.abstracts.enrich(entry.paper)

    def hint(self) -> SearchHint:
        return self.search.hint()

    def place(self) -> Place | None:
        """Where the reader is now (saved per library, restored on the next start)."""
        if self.day is None:
            return None
        category = self.view.names[self.category] if self.category else None
        paper = self.current_paper
        return Place(self.day.date, category, paper.arxiv_id if paper else None)

    def unsaved_place(self) -> Place | None:
        """The place, when it moved since it was last handed out for saving."""
        place = self.place()
        if place is None or place == self._place_saved:
            return None
        self._place_saved = place
        return place

    def take_notices(self) -> list[Notice]:
        notices, self.notices = self.notices, []
        return notices

    def take_jobs(self) -> list[jobs.Job]:
        taken, self.jobs = self.jobs, []
        return taken

    def _notice(self, message: str, **kwargs: object) -> Change:
        self.notices.append(Notice(message, **kwargs))  # type: ignore[arg-type]
        return Change.NOTICES

    def _job(self, job: jobs.Job) -> Change:
        self.jobs.append(job)
        return Change.JOBS

    def link(self, what: str) -> tuple[str, str] | None:
        """(url, label) of the current paper's PDF, abs page or code link; else a notice why not."""
        from tui import links

        paper = self.current_paper
        if paper is None:
            return None
        url, label = {
            "pdf": (paper.pdf_link, "PDF link"),
            "abs": (paper.abs_page, "abs page"),
            "code": (paper.code_url, "code link"),
        }[what]
        if not url:
            self._notice(f"This paper has no {label} in the digest.", severity="warning")
            return None
        if (reason := links.check_url(url)) is not None:
            self._notice(
                f"Refused the {label}: {reason}.\n{one_line(url)[:200]}",
                title="Unsafe link",
                severity="error",
            )
            return None
        return url, label
