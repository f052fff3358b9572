"""The centre pane: one line per paper (read marker, title in the chosen language, first author,
code marker), drawn with the line API so that a 50,000-paper view stays instant."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.content import Content
from textual.message import Message

from tui.model import Paper
from tui.text import one_line
from tui.widgets.cursor_list import CursorList
from tui.widgets.language import Language

UNREAD_MARK = "●"
CODE_MARK = "</>"


class PaperList(CursorList):
    """The papers of the selected category; the cursor row is the paper the detail pane shows."""

    COMPONENT_CLASSES: ClassVar[set[str]] = CursorList.COMPONENT_CLASSES | {
        "paper-list--unread-mark",
        "paper-list--read",
        "paper-list--second",
        "paper-list--author",
        "paper-list--code",
    }

    class PaperHighlighted(Message):
        """The cursor moved to `paper` (None when the list became empty)."""

        def __init__(self, paper_list: PaperList, paper: Paper | None, index: int) -> None:
            super().__init__()
            self.paper_list = paper_list
            self.paper = paper
            self.index = index

        @property
        def control(self) -> PaperList:
            return self.paper_list

    class PaperChosen(PaperHighlighted):
        """The user pressed enter on (or double-clicked) `paper`."""

    def __init__(
        self,
        is_read: Callable[[str], bool],
        *,
        language: Language = Language.ORIGINAL,
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        self._is_read = is_read
        self._papers: Sequence[Paper] = ()
        self._language = language

    # -- data ----------------------------------------------------------------------------------

    @property
    def papers(self) -> Sequence[Paper]:
        return self._papers

    @property
    def current_paper(self) -> Paper | None:
        """The paper under the cursor, if any."""
        return self._papers[self.cursor] if self._papers else None

    @property
    def row_count(self) -> int:
        return len(self._papers)

    def show_papers(self, papers: Sequence[Paper], index: int = 0) -> None:
        """Replace the rows (O(1) in the number of papers) and put the cursor on `index`."""
        self._papers = papers
        self.rows_changed()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.move_cursor(index)
        if not papers:
            self.post_message(self.PaperHighlighted(self, None, 0))

    def index_of(self, arxiv_id: str, start: int = 0) -> int | None:
        """Row of the first paper with this id at or after `start`."""
        for index in range(start, len(self._papers)):
            if self._papers[index].arxiv_id == arxiv_id:
                return index
        return None

    def set_language(self, language: Language) -> None:
        self._language = language
        self.refresh()

    def marks_changed(self) -> None:
        """Read marks changed: redraw what is visible (the rest is drawn when scrolled to)."""
        self.refresh()

    # -- CursorList hooks ------------------------------------------------------------------------

    def cursor_landed(self, index: int) -> None:
        self.post_message(self.PaperHighlighted(self, self._papers[index], index))

    def row_chosen(self, index: int) -> None:
        self.post_message(self.PaperChosen(self, self._papers[index], index))

    def render_row(self, index: int, width: int) -> Content:
        paper = self._papers[index]
        read = bool(paper.arxiv_id) and self._is_read(paper.arxiv_id)
        marker = Content.styled(
            f"{'' if read else UNREAD_MARK:<1} ",
            self.get_visual_style("paper-list--unread-mark", partial=True),
        )
        code = CODE_MARK if paper.code_url else ""
        code_cell = Content.styled(
            f" {code:<{len(CODE_MARK)}}", self.get_visual_style("paper-list--code", partial=True)
        )
        author_width = max(0, min(20, width // 5))
        first_author = one_line(paper.authors[0]) if paper.authors else ""
        author_cell = Content.styled(
            f" {first_author}", self.get_visual_style("paper-list--author", partial=True)
        ).truncate(author_width, ellipsis=True, pad=True)
        title_width = max(1, width - marker.cell_length - author_cell.cell_length - 4)
        title = self._title(paper).truncate(title_width, ellipsis=True, pad=True)
        if read:
            title = title.stylize(self.get_visual_style("paper-list--read", partial=True))
        return Content.assemble(marker, title, author_cell, code_cell)

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
