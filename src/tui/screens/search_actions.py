"""`/` search and the u / S filters, mixed into the main screen.

The query runs in a worker thread on every keystroke; a newer keystroke interrupts the older query
and its answer is dropped (each carries a generation number), so typing never waits and the list
shows the latest query's results. The filters apply to every list and are passed to the search.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.content import Content
from textual.screen import Screen

from tui.screens import loader
from tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from tui.library import LibraryEntry
    from tui.model import Paper
    from tui.screens.read_marks import ReadMarks, Stars
    from tui.screens.search_source import Found, SearchSource
    from tui.widgets.paper_list import PaperList


class SearchActions(Screen[None]):
    """What the main screen provides is declared here; the main screen sets it."""

    marks: ReadMarks
    stars: Stars | None
    unread_only: bool
    starred_only: bool
    search_text: str | None  # None: browsing
    found: Found | None
    search_source: SearchSource | None
    search_problem: str | None
    _search_generation: int
    _before_search: str | None
    _detail_after_list: bool

    if TYPE_CHECKING:  # provided by the main screen

        @property
        def paper_list(self) -> PaperList: ...
        @property
        def current_paper(self) -> Paper | None: ...
        def _show_rows(self, *, paper_key: str | None = None, keep: bool = False) -> None: ...
        def _rows(self) -> tuple[Sequence[LibraryEntry], str, bool]: ...

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    def action_search(self) -> None:
        """Open the search box (keeping the last query) and type into it."""
        box = self.search_bar.input
        if box.has_focus:  # "/" typed in the query itself (the binding sees it first)
            box.insert_text_at_cursor("/")
            return
        if self.search_text is None:
            current = self.current_paper
            self._before_search = current.arxiv_id if current else None
        self.search_bar.open()

    @on(SearchBar.Changed)
    def _search_changed(self, event: SearchBar.Changed) -> None:
        if not event.text.strip():
            self._close_search(keep_bar=True)
            return
        if self.search_text is None:
            current = self.current_paper
            self._before_search = current.arxiv_id if current else None
        self.search_text = event.text
        self._run_search()

    @on(SearchBar.Submitted)
    def _search_submitted(self, event: SearchBar.Submitted) -> None:
        if self.search_text is None:
            self._close_search()
        else:
            self.set_focus(self.paper_list)

    @on(SearchBar.Closed)
    def _search_closed(self, event: SearchBar.Closed) -> None:
        self._close_search()

    def _end_search_quietly(self) -> None:
        """Browsing moved on (another day, category or view): the search box closes."""
        if self.search_text is None and not self.search_bar.display:
            return
        self.search_text = None
        self.found = None
        self._search_generation += 1
        self.search_bar.clear()
        self.search_bar.display = False

    def _close_search(self, *, keep_bar: bool = False) -> None:
        """Back to browsing, on the paper that was shown before the search."""
        was_searching = self.search_text is not None
        self.search_text = None
        self.found = None
        self._search_generation += 1
        if not keep_bar:
            self.search_bar.clear()
            self.search_bar.display = False
            self.set_focus(self.paper_list)
        else:
            self.search_bar.show_hint(Content(""))
        if was_searching:
            self._show_rows(paper_key=self._before_search)

    def _run_search(self) -> None:
        """Start the query for the current text; a newer key press makes older ones stale."""
        self._search_generation += 1
        generation, text = self._search_generation, self.search_text or ""
        source = self.search_source
        if source is None:
            self.search_bar.show_hint(
                Content(self.search_problem or "Preparing the search index… results follow."),
                problem=self.search_problem is not None,
            )
            self.found = None
            self._show_rows()
            return
        source.interrupt()  # a query still running for an older key press
        read_ids = self.marks.ids()
        starred_ids = self.stars.ids() if self.stars is not None else frozenset()
        unread_only, starred_only = self.unread_only, self.starred_only

        def work() -> None:
            for _ in range(3):  # an interrupt meant for the previous query may hit this one
                found = source.run(
                    text,
                    read_ids=read_ids,
                    starred_ids=starred_ids,
                    unread_only=unread_only,
                    starred_only=starred_only,
                )
                if not found.failed or generation != self._search_generation:
                    break
            self.post_message(loader.SearchFound(generation, found))

        self.run_worker(work, thread=True, group="search", exit_on_error=False)

    @on(loader.SearchFound)
    def _search_found(self, event: loader.SearchFound) -> None:
        if event.generation != self._search_generation or self.search_text is None:
            return  # an answer to an older key press
        found = event.found
        if found.failed and self.found is not None and not found.hint:
            return  # interrupted: keep the last results
        self.found = found
        self._detail_after_list = bool(found.entries)
        self._show_rows()
        count = len(found.entries)
        summary = Content.styled(f"{count:,} paper{'s' if count != 1 else ''}", "bold")
        if found.hint:
            hint = Content.assemble(summary, "  ", Content.styled(f"⚠ {found.hint}", "bold"))
        else:
            keys = "  best first · enter: to the results · esc: close"
            hint = Content.assemble(summary, Content.styled(keys, "dim"))
        self.search_bar.show_hint(hint, problem=found.hint is not None)

    # -- actions: filters and stars ----------------------------------------------------------------

    def _filters_changed(self, what: str, on: bool) -> None:
        self.notify(f"{what}: {'on' if on else 'off'}", markup=False, timeout=2)
        if self.search_text is not None:
            self._run_search()
        else:
            self._show_rows(keep=True)

    def action_toggle_unread_only(self) -> None:
        self.unread_only = not self.unread_only
        self._filters_changed("Unread only", self.unread_only)

    def action_toggle_starred_only(self) -> None:
        self.starred_only = not self.starred_only
        self._filters_changed("Starred only", self.starred_only)
