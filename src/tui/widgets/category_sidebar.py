"""The left pane: "All" then the day's categories in file order, each with unread/total counts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.content import Content
from textual.message import Message

from tui.text import one_line
from tui.widgets.cursor_list import CursorList

# (unread, total) for the row at an index; the screen computes it from the live read marks.
Counter = Callable[[int], tuple[int, int]]


class CategorySidebar(CursorList):
    """Picks the category whose papers the list shows; counts follow every read mark."""

    COMPONENT_CLASSES: ClassVar[set[str]] = CursorList.COMPONENT_CLASSES | {
        "category-sidebar--unread",
        "category-sidebar--done",
    }

    class CategoryHighlighted(Message):
        """The cursor moved to the category at `index` (0 is "All")."""

        def __init__(self, sidebar: CategorySidebar, index: int) -> None:
            super().__init__()
            self.sidebar = sidebar
            self.index = index

        @property
        def control(self) -> CategorySidebar:
            return self.sidebar

    class CategoryChosen(CategoryHighlighted):
        """The user pressed enter on (or double-clicked) the category at `index`."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._names: Sequence[str] = ()
        self._counts: Counter = lambda index: (0, 0)

    @property
    def row_count(self) -> int:
        return len(self._names)

    def show_categories(self, names: Sequence[str], counts: Counter, index: int = 0) -> None:
        """Replace the rows: `names[0]` is the "All" entry."""
        self._names = names
        self._counts = counts
        self.rows_changed()
        self.move_cursor(index, notify=False)

    def counts_changed(self) -> None:
        """Read marks changed: redraw the counts."""
        self.rows_updated()

    def cursor_landed(self, index: int) -> None:
        self.post_message(self.CategoryHighlighted(self, index))

    def row_chosen(self, index: int) -> None:
        self.post_message(self.CategoryChosen(self, index))

    def render_row(self, index: int, width: int) -> Content:
        unread, total = self._counts(index)
        count = f" {unread}/{total}"
        name = Content(one_line(self._names[index]))
        name = name.truncate(max(1, width - len(count)), ellipsis=True, pad=True)
        part = "category-sidebar--unread" if unread else "category-sidebar--done"
        counts = Content.styled(count, self.get_visual_style(part, partial=True))
        if not unread:
            name = name.stylize(self.get_visual_style("category-sidebar--done", partial=True))
        return Content.assemble(name, counts)
