"""The main screen: header, category sidebar | paper list | detail pane, footer.

It owns the layout and routes between the widgets: the sidebar picks a category, the list picks a
paper, the detail pane shows it. It also owns the reader's actions (read marks, language, copy,
open), so its BINDINGS are the single list the footer, the help screen and the palette show.
"""

from __future__ import annotations

import sqlite3
import webbrowser
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer

from tui import clipboard, links
from tui.model import Paper
from tui.screens.confirm import ConfirmScreen
from tui.screens.day_view import DayView
from tui.screens.read_marks import ReadMarks
from tui.text import one_line
from tui.widgets.category_sidebar import CategorySidebar
from tui.widgets.digest_header import DigestHeader
from tui.widgets.language import Language
from tui.widgets.paper_detail import PaperDetail, abs_page, pdf_link
from tui.widgets.paper_list import PaperList

if TYPE_CHECKING:
    from tui.library import Day, Library

LANGUAGE_PREF = "language"


class MainScreen(Screen[None]):
    """Three panes over the newest day of the library."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "toggle_read", "Read", tooltip="Mark the selected paper read / unread"),
        Binding("n", "next_unread", "Next unread", tooltip="Jump to the next unread paper"),
        Binding("t", "cycle_language", "Language", tooltip="Original → translation → both"),
        Binding("c", "copy_pdf", "Copy PDF", tooltip="Copy the PDF link"),
        Binding("o", "open_pdf", "Open PDF", tooltip="Open the PDF in the browser"),
        Binding(
            "R",
            "mark_category_read",
            "All read",
            show=False,
            tooltip="Mark every paper of the current category read (asks first)",
        ),
        Binding("C", "copy_code", "Copy code", show=False, tooltip="Copy the code link"),
        Binding("O", "open_abs", "Open abs", show=False, tooltip="Open the abs page"),
        Binding(
            "escape",
            "focus_papers",
            "Paper list",
            show=False,
            tooltip="Back to the paper list",
        ),
        Binding(
            "backslash",
            "toggle_sidebar",
            "Sidebar",
            show=False,
            tooltip="Hide or show the category sidebar",
        ),
    ]

    # Layout classes by terminal width: detail pane below the list, or to its right.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (140, "-wide")]

    def __init__(self, library: Library, marks: ReadMarks, language: Language) -> None:
        # Start with the layout class the terminal's width will select, so the first resize
        # does not restyle every widget before the first paint.
        width = self.app.size.width
        fits = [name for least, name in self.HORIZONTAL_BREAKPOINTS if width >= least]
        super().__init__(classes=fits[-1] if fits else None)
        self.library = library
        self.marks = marks
        self.language = language
        self.day: Day | None = library.days[0] if library.days else None
        self.view = DayView.of(self.day.categories if self.day else ())
        self.category = 0

    def compose(self) -> ComposeResult:
        yield DigestHeader(id="header")
        with Horizontal(id="body"):
            yield CategorySidebar(id="sidebar")
            with Container(id="reading"):
                yield PaperList(self.marks.is_read, language=self.language, id="papers")
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
    def current_paper(self) -> Paper | None:
        return self.paper_list.current_paper

    def on_mount(self) -> None:
        self.sidebar.border_title = "Categories"
        self.detail.border_title = "Paper"
        self.sidebar.show_categories(self.view.names, self._count)
        self._show_category(0)
        self.paper_list.focus()
        self._update_header()

    # -- routing -------------------------------------------------------------------------------

    def _count(self, index: int) -> tuple[int, int]:
        return self.view.counts(index, self.marks.is_read)

    def _show_category(self, index: int, position: int = 0) -> None:
        self.category = index
        name = self.view.names[index] if self.view.names else ""
        self.paper_list.border_title = Content(one_line(name))
        papers = self.view.lists[index] if self.view.lists else ()
        self.paper_list.show_papers(papers, position)
        self._update_subtitle()

    def _update_subtitle(self) -> None:
        total = self.paper_list.row_count
        self.paper_list.border_subtitle = (
            f"{self.paper_list.cursor + 1}/{total}" if total else "empty"
        )

    def _update_header(self) -> None:
        unread, total = self._count(0) if self.view.lists else (0, 0)
        self.query_one(DigestHeader).show(
            self.day.date if self.day else None, total, unread, self.language
        )

    def _empty_message(self) -> str:
        if self.day is None:
            problems = "\n".join(getattr(self.library, "problems", ()) or ())
            text = "No digest to show."
            return f"{text}\n\n{problems}" if problems else text
        return "This category has no papers."

    @on(CategorySidebar.CategoryHighlighted)
    def _category_highlighted(self, event: CategorySidebar.CategoryHighlighted) -> None:
        if event.index != self.category:
            self._show_category(event.index)

    @on(CategorySidebar.CategoryChosen)
    def _category_chosen(self, event: CategorySidebar.CategoryChosen) -> None:
        self.paper_list.focus()

    @on(PaperList.PaperHighlighted)
    def _paper_highlighted(self, event: PaperList.PaperHighlighted) -> None:
        self.detail.show_paper(event.paper, self._empty_message())
        self._update_subtitle()

    @on(PaperList.PaperChosen)
    def _paper_chosen(self, event: PaperList.PaperChosen) -> None:
        self.detail.focus()

    def _marks_changed(self, problem: str | None) -> None:
        self.view.marks_changed()
        self.paper_list.marks_changed()
        self.sidebar.counts_changed()
        self._update_header()
        if problem:
            self.notify(problem, title="Read marks", severity="error", timeout=10, markup=False)

    # -- actions: read marks -------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        paper = self.current_paper
        if paper is None:
            return
        if not paper.arxiv_id:
            self.notify(
                "This entry has no arXiv id, so it cannot be marked.",
                severity="warning",
                markup=False,
            )
            return
        read = not self.marks.is_read(paper.arxiv_id)
        self._marks_changed(self.marks.set([paper.arxiv_id], read))

    def action_next_unread(self) -> None:
        if not self.view.lists:
            return
        found = self.view.next_unread(self.category, self.paper_list.cursor, self.marks.is_read)
        if found is None:
            self.notify("No unread papers left in this digest.", markup=False)
            return
        row, position = found
        if row != self.category:
            self.sidebar.move_cursor(row, notify=False)
            self._show_category(row, position)
        else:
            self.paper_list.move_cursor(position)

    def action_mark_category_read(self) -> None:
        if not self.view.lists:
            return
        name = one_line(self.view.names[self.category])
        papers = self.view.lists[self.category]
        ids = [p.arxiv_id for p in papers if p.arxiv_id and not self.marks.is_read(p.arxiv_id)]
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
        app_state = getattr(self.app, "state", None)
        if app_state is not None:
            try:
                app_state.set_pref(LANGUAGE_PREF, language.value)
            except (sqlite3.Error, OSError) as error:  # a preference must never break reading
                self.notify(f"Could not save the language choice: {error}", markup=False)

    def action_focus_papers(self) -> None:
        self.paper_list.focus()

    def action_toggle_sidebar(self) -> None:
        sidebar = self.sidebar
        sidebar.display = not sidebar.display
        if not sidebar.display and sidebar.has_focus:
            self.paper_list.focus()

    # -- actions: links ------------------------------------------------------------------------

    def _link(self, what: str) -> tuple[str, str] | None:
        """(url, label) for the current paper, or None after saying why there is none."""
        paper = self.current_paper
        if paper is None:
            return None
        url, label = {
            "pdf": (pdf_link(paper), "PDF link"),
            "abs": (abs_page(paper), "abs page"),
            "code": (paper.code_url, "code link"),
        }[what]
        if not url:
            self.notify(
                f"This paper has no {label} in the digest.", severity="warning", markup=False
            )
            return None
        if (reason := links.check_url(url)) is not None:
            self.notify(
                f"Refused the {label}: {reason}.\n{one_line(url)[:200]}",
                title="Unsafe link",
                severity="error",
                markup=False,
            )
            return None
        return url, label

    def _copy(self, what: str) -> None:
        if (found := self._link(what)) is None:
            return
        url, label = found
        mode = getattr(self.app, "clipboard_mode", "auto")
        result = clipboard.copy(url, self.app.copy_to_clipboard, what=f"the {label}", mode=mode)
        self.notify(
            f"{result.message}\n{url}",
            title="Copied" if result.ok else "Not copied",
            severity="information" if result.ok else "error",
            markup=False,
        )

    def _open(self, what: str) -> None:
        if (found := self._link(what)) is None:
            return
        url, label = found
        self.run_worker(
            lambda: self._open_in_browser(url, label),
            thread=True,
            group="browser",
            exit_on_error=False,
        )

    def _open_in_browser(self, url: str, label: str) -> None:
        """Runs in a thread: some browsers block until they exit."""
        try:
            opened = webbrowser.open(url)
        except (webbrowser.Error, OSError) as error:
            opened, problem = False, str(error)
        else:
            problem = "no browser could be started"
        if opened:
            message, severity = f"Opened the {label} in the browser.\n{url}", "information"
        else:
            message, severity = f"Could not open the {label}: {problem}.\n{url}", "error"
        self.app.call_from_thread(self.notify, message, severity=severity, markup=False)

    def action_copy_pdf(self) -> None:
        self._copy("pdf")

    def action_copy_code(self) -> None:
        self._copy("code")

    def action_open_pdf(self) -> None:
        self._open("pdf")

    def action_open_abs(self) -> None:
        self._open("abs")
