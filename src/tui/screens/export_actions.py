"""space (select), x (unselect all), e (export dialog) and b (BibTeX), mixed into the main screen.

The selection is kept by paper (arXiv id, else title) with the listing it was selected from, in
the order selected; it survives moving between categories, days, views and searches.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual.screen import Screen

from tui.cache import paper_key
from tui.text import one_line

if TYPE_CHECKING:
    from tui.export import ExportItem
    from tui.library import Day, LibraryEntry
    from tui.screens.export_dialog import ExportScope
    from tui.screens.read_marks import ReadMarks, Stars
    from tui.screens.shelf import Shelf
    from tui.widgets.paper_list import PaperList


class ExportActions(Screen[None]):
    """What the main screen provides is declared here; the main screen sets it."""

    marks: ReadMarks
    stars: Stars | None
    shelf: Shelf
    day: Day | None
    category: int
    all_days: bool
    unread_only: bool
    starred_only: bool
    search_text: str | None
    selection: dict[str, LibraryEntry]

    if TYPE_CHECKING:  # provided by the main screen

        @property
        def paper_list(self) -> PaperList: ...
        @property
        def current_entry(self) -> LibraryEntry | None: ...
        def _rows(self) -> tuple[Sequence[LibraryEntry], str, bool]: ...
        def _marks_changed(self, problem: str | None = None) -> None: ...
        def _update_subtitle(self) -> None: ...
        def copy_text(self, text: str, what: str, shown: str) -> None: ...

    def action_toggle_selected(self) -> None:
        entry = self.current_entry
        if entry is None:
            return
        key = paper_key(entry.paper)
        if self.selection.pop(key, None) is None:
            self.selection[key] = entry
        self._marks_changed()
        self._update_subtitle()
        self.paper_list.action_cursor_down()

    def action_clear_selection(self) -> None:
        if not self.selection:
            self.notify("Nothing is selected (space selects a paper).", markup=False, timeout=3)
            return
        count = len(self.selection)
        self.selection.clear()
        self._marks_changed()
        self._update_subtitle()
        self.notify(f"Unselected {count} paper{'s' if count != 1 else ''}.", markup=False)

    def _export_items(self) -> Callable[[Sequence[LibraryEntry]], list[ExportItem]]:
        """Entries -> export items with the marks as they are now (runs in a worker thread)."""
        from tui.export import ExportItem

        read_ids = self.marks.ids()
        starred_ids = self.stars.ids() if self.stars is not None else frozenset()
        files = {day.date: str(day.sources[0]) for day in self.shelf.days if day.sources}

        def make(entries: Sequence[LibraryEntry]) -> list[ExportItem]:
            return [
                ExportItem(
                    day=e.date,
                    category=e.category,
                    paper=e.paper,
                    file=files.get(e.date, ""),
                    read=e.paper.arxiv_id in read_ids,
                    starred=e.paper.arxiv_id in starred_ids,
                )
                for e in entries
            ]

        return make

    def _view_scope(self) -> ExportScope:
        """The list as it is shown now (search, category, day or every day, filters applied)."""
        from tui.screens.export_dialog import ExportScope, file_stem

        rows, title, _ = self._rows()
        filters = [
            n for n, on in (("unread", self.unread_only), ("starred", self.starred_only)) if on
        ]
        date = self.day.date.isoformat() if self.day else ""
        if self.search_text is not None:
            label, stem = (
                f"This search: {self.search_text.strip()}",
                file_stem("search", self.search_text),
            )
        elif self.category == 0 and self.all_days:
            label, stem = "Every day of the library", file_stem("all-days")
        else:
            label, stem = f"{title} · {date}", file_stem(date, title if self.category else "")
        if filters:
            label += f" · {' and '.join(filters)} only"
            stem = file_stem(stem.removeprefix("arxiv-"), *filters)
        return ExportScope(one_line(label), list(rows), stem)

    def action_export(self) -> None:
        from tui.screens.export_dialog import ExportDialog, ExportScope, file_stem

        scopes = [self._view_scope()]
        if self.selection:
            selected = ExportScope(
                "Selected with space", list(self.selection.values()), file_stem("selection")
            )
            scopes.insert(0, selected)

        def done(message: str | None) -> None:
            if message:
                self.notify(message, title="Exported", markup=False)

        mode = getattr(self.app, "clipboard_mode", "auto")
        self.app.push_screen(ExportDialog(scopes, self._export_items(), clipboard_mode=mode), done)

    def action_copy_bibtex(self) -> None:
        entry = self.current_entry
        if entry is None:
            return
        from tui.export import to_bibtex

        text = to_bibtex(self._export_items()([entry]))
        self.copy_text(text, "the BibTeX entry", text.splitlines()[0] if text else "")
