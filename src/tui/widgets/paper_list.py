"""The centre pane: one line per paper (selection, read and star markers, title in the chosen
language, where it was listed, first author, code marker), drawn with the line API so that a
30,000-paper view stays instant."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.content import Content
from textual.message import Message

from tui.model import STATUS_SHOWN, STATUS_UPDATED, Paper
from tui.names import leaf_name, split_name
from tui.reader.language import Language
from tui.reader.views import NO_ROW_MARKS, RowMarks
from tui.text import one_line
from tui.widgets.cursor_list import CursorList

if TYPE_CHECKING:
    from tui.library import LibraryEntry

UNREAD_MARK = "●"
STAR_MARK = "★"
SELECTED_MARK = "+"
CODE_MARK = "</>"
WATCH_MARK = "◆"

IdTest = Callable[[str], bool]


class PaperList(CursorList):
    """The papers of the current view; the cursor row is the paper the detail pane shows."""

    COMPONENT_CLASSES: ClassVar[set[str]] = CursorList.COMPONENT_CLASSES | {
        "paper-list--unread-mark",
        "paper-list--star",
        "paper-list--selected",
        "paper-list--read",
        "paper-list--second",
        "paper-list--context",
        "paper-list--author",
        "paper-list--code",
        "paper-list--new",
        "paper-list--updated",
        "paper-list--watch",
        "paper-list--why",
    }

    class PaperHighlighted(Message):
        """The cursor moved to `entry` (None when the list became empty)."""

        def __init__(self, paper_list: PaperList, entry: LibraryEntry | None, index: int) -> None:
            super().__init__()
            self.paper_list = paper_list
            self.entry = entry
            self.index = index

        @property
        def paper(self) -> Paper | None:
            return self.entry.paper if self.entry is not None else None

        @property
        def control(self) -> PaperList:
            return self.paper_list

    class PaperChosen(PaperHighlighted):
        """The user pressed enter on (or double-clicked) the entry."""

    def __init__(
        self,
        is_read: IdTest,
        *,
        is_starred: IdTest = lambda aid: False,
        is_selected: Callable[[Paper], bool] = lambda paper: False,
        selected_count: Callable[[], int] = lambda: 0,
        language: Language = Language.ORIGINAL,
        row_marks: Callable[[LibraryEntry], RowMarks] = lambda entry: NO_ROW_MARKS,
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        self._row_marks = row_marks
        self._is_read = is_read
        self._is_starred = is_starred
        self._is_selected = is_selected
        self._selected_count = selected_count
        self._entries: Sequence[LibraryEntry] = ()
        self._language = language
        self._show_where = False

    # -- data ----------------------------------------------------------------------------------

    @property
    def entries(self) -> Sequence[LibraryEntry]:
        return self._entries

    @property
    def papers(self) -> tuple[Paper, ...]:
        """The papers shown, in order (a copy: for tests and small lists)."""
        return tuple(entry.paper for entry in self._entries)

    @property
    def current_entry(self) -> LibraryEntry | None:
        return self._entries[self.cursor] if self._entries else None

    @property
    def current_paper(self) -> Paper | None:
        """The paper under the cursor, if any."""
        return self._entries[self.cursor].paper if self._entries else None

    @property
    def row_count(self) -> int:
        return len(self._entries)

    def show_entries(
        self, entries: Sequence[LibraryEntry], index: int = 0, *, context: bool = False
    ) -> None:
        """Replace the rows (O(1) in their number) and put the cursor on `index`.

        `context` adds the day and category of each row (library-wide and search views).
        """
        self._entries = entries
        self._show_where = context
        self.rows_changed()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.move_cursor(index)
        if not entries:
            self.update_position()
            self.post_message(self.PaperHighlighted(self, None, 0))

    def index_of(self, arxiv_id: str, start: int = 0) -> int | None:
        """Row of the first paper with this id at or after `start`."""
        for index in range(start, len(self._entries)):
            if self._entries[index].paper.arxiv_id == arxiv_id:
                return index
        return None

    def index_of_paper(self, paper: Paper) -> int | None:
        """Row of this paper (by id, else the same entry), if the list has it."""
        if paper.arxiv_id:
            return self.index_of(paper.arxiv_id)
        for index, entry in enumerate(self._entries):
            if entry.paper == paper:
                return index
        return None

    def set_title(self, title: str, filters: Sequence[str] = ()) -> None:
        """The border's title: the list's name (digest text, literal) and the filters on."""
        content = Content(one_line(title))
        if filters:
            accent = Content.styled(f" · {' · '.join(filters)}", "$text-accent")
            content = Content.assemble(content, accent)
        self.border_title = content

    def set_language(self, language: Language) -> None:
        self._language = language
        self.rows_updated()

    def marks_changed(self) -> None:
        """Read marks, stars or the selection changed: redraw what is visible."""
        self.rows_updated()

    # -- CursorList hooks ------------------------------------------------------------------------

    def update_position(self) -> None:
        """The border's "12/87" (and "3 selected"): set here, in the same turn as the cursor
        move, so the list's own frame never waits for the screen's handlers."""
        total = len(self._entries)
        where = f"{self.cursor + 1}/{total}" if total else "empty"
        selected = self._selected_count()
        self.border_subtitle = f"{selected} selected · {where}" if selected else where

    def cursor_landed(self, index: int) -> None:
        self.update_position()
        self.post_message(self.PaperHighlighted(self, self._entries[index], index))

    def row_chosen(self, index: int) -> None:
        self.post_message(self.PaperChosen(self, self._entries[index], index))

    def render_row(self, index: int, width: int) -> Content:
        entry = self._entries[index]
        paper = entry.paper
        aid = paper.arxiv_id
        read = bool(aid) and self._is_read(aid)
        style = self.get_visual_style
        marks = Content.assemble(
            Content.styled(
                " " if read else UNREAD_MARK, style("paper-list--unread-mark", partial=True)
            ),
            Content.styled(
                STAR_MARK if aid and self._is_starred(aid) else " ",
                style("paper-list--star", partial=True),
            ),
            Content.styled(
                SELECTED_MARK if self._is_selected(paper) else " ",
                style("paper-list--selected", partial=True),
            ),
            " ",
        )
        code = CODE_MARK if paper.code_url else ""
        code_cell = Content.styled(
            f" {code:<{len(CODE_MARK)}}", style("paper-list--code", partial=True)
        )
        cells: list[Content] = []
        if self._show_where:
            context_width = max(0, min(30, width // 3))
            # The category's own (child) name in the language: the detail pane has it whole.
            name = split_name(leaf_name(entry.category)).shown(self._language)
            where = f" {entry.date.isoformat()} {name}"
            cells.append(
                Content.styled(where, style("paper-list--context", partial=True)).truncate(
                    context_width, ellipsis=True, pad=True
                )
            )
        author_width = max(0, min(20, width // (7 if self._show_where else 5)))
        first_author = one_line(paper.authors[0]) if paper.authors else ""
        cells.append(
            Content.styled(f" {first_author}", style("paper-list--author", partial=True)).truncate(
                author_width, ellipsis=True, pad=True
            )
        )
        if status := paper.status:
            # 🆕 new / 📝 updated (later formats): a mark before the title, the columns aligned.
            part = "paper-list--updated" if status == STATUS_UPDATED else "paper-list--new"
            mark = Content.styled(f"{STATUS_SHOWN[status][0]} ", style(part, partial=True))
            marks = Content.assemble(marks, mark)
        if triage := self._row_marks(entry):
            cells.insert(0, self._triage_cell(triage, width))
        used = marks.cell_length + sum(cell.cell_length for cell in cells) + code_cell.cell_length
        title = self._title(paper).truncate(max(1, width - used), ellipsis=True, pad=True)
        if read:
            title = title.stylize(style("paper-list--read", partial=True))
        return Content.assemble(marks, title, *cells, code_cell)

    def _triage_cell(self, triage: RowMarks, width: int) -> Content:
        """ "◆ name" of the first watch matched (+N more), or "· why, words" in For-you order;
        names and words are the user's and the digest's text: literal."""
        style = self.get_visual_style
        limit = max(0, min(28, width // 5))
        parts: list[Content] = []
        if triage.watches:
            more = f" +{len(triage.watches) - 1}" if len(triage.watches) > 1 else ""
            text = f" {WATCH_MARK} {one_line(triage.watches[0])}{more}"
            parts.append(Content.styled(text, style("paper-list--watch", partial=True)))
        if triage.why:
            text = f" · {', '.join(one_line(word) for word in triage.why)}"
            parts.append(Content.styled(text, style("paper-list--why", partial=True)))
        return Content.assemble(*parts).truncate(limit, ellipsis=True)

    def _title(self, paper: Paper) -> Content:
        """The title in the current language; the other one, dimmed, where it is missing."""
        original, translated = one_line(paper.title), one_line(paper.title_cn)
        second = self.get_visual_style("paper-list--second", partial=True)
        if self._language is Language.ORIGINAL:
            return Content(original) if original else Content.styled(translated, second)
        if self._language is Language.TRANSLATION:
            return Content(translated) if translated else Content.styled(original, second)
        if original and translated:
            return Content.assemble(original, "  ", Content.styled(translated, second))
        return Content(original or translated)
