"""A keyboard-and-mouse list drawn with Textual's line API.

Only the visible rows are ever rendered, so a list of 50,000 papers costs no more to show or
refresh than a list of 50 (OptionList measures every option up front). Rendered rows are kept
(by row, width and cursor/hover state) until the rows or their marks change: Textual repaints the
whole list when its border title changes or the screen's layout moves, and building a row's
Content costs far more than reusing its strip. Subclasses say how many rows there are and how one
row looks, as `Content` built from literal text: nothing a row shows is ever parsed as markup.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

LINE_CACHE_SIZE = 4000


class CursorList(ScrollView, can_focus=True):
    """A scrolling list of one-line rows with a cursor; rows come from `render_row`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "cursor-list--row",
        "cursor-list--cursor",
        "cursor-list--hover",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self._cursor = 0
        self._hover: int | None = None
        self._lines: dict[tuple[int, int, int], Strip] = {}  # (row, width, state) -> strip

    # -- what subclasses provide -------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many rows the list has."""
        raise NotImplementedError

    def render_row(self, index: int, width: int) -> Content:
        """The text of row `index`, at most `width` cells wide."""
        raise NotImplementedError

    def cursor_landed(self, index: int) -> None:
        """Called after the cursor landed on a new row (subclasses post their message)."""

    def row_chosen(self, index: int) -> None:
        """Called when the user presses enter on (or clicks) row `index`."""

    # -- cursor --------------------------------------------------------------------------------

    @property
    def cursor(self) -> int:
        """Index of the row under the cursor (0 when the list is empty)."""
        return self._cursor

    def move_cursor(self, index: int, *, notify: bool = True) -> None:
        """Put the cursor on row `index` (clamped), scroll it into view and report it."""
        count = self.row_count
        index = max(0, min(index, count - 1)) if count else 0
        old, self._cursor = self._cursor, index
        if old != index:
            self.refresh_row(old)
            self.refresh_row(index)
        self.scroll_to_cursor()
        if notify and count:
            self.cursor_landed(index)

    def scroll_to_cursor(self) -> None:
        """Bring the cursor row into view without animation.

        Not before the first layout: with no height yet, any row is "out of view" and the list
        would scroll past the rows above the cursor (on_resize scrolls once the size is known).
        """
        if not self.is_mounted or not self.row_count or not self.scrollable_content_region.height:
            return
        self.scroll_to_region(
            Region(0, self._cursor, max(1, self.scrollable_content_region.width), 1),
            animate=False,
            force=True,
            immediate=True,
        )

    def rows_changed(self) -> None:
        """Re-measure after the rows were replaced, keeping the cursor inside the list."""
        count = self.row_count
        self._cursor = max(0, min(self._cursor, count - 1)) if count else 0
        self._hover = None
        self._lines.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, count)
        self.refresh()

    def rows_updated(self) -> None:
        """The rows' text or marks changed (not their number): redraw what is visible."""
        self._lines.clear()
        self.refresh()

    def refresh_row(self, index: int) -> None:
        """Redraw one row (after its read mark or counts changed)."""
        self.refresh_line(index)

    # -- actions -------------------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor + 1)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(self.row_count - 1)

    def action_page_up(self) -> None:
        self.move_cursor(self._cursor - max(1, self.scrollable_content_region.height - 1))

    def action_page_down(self) -> None:
        self.move_cursor(self._cursor + max(1, self.scrollable_content_region.height - 1))

    def action_select(self) -> None:
        if self.row_count:
            self.row_chosen(self._cursor)

    # -- mouse ---------------------------------------------------------------------------------

    def _row_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        index = offset.y + round(self.scroll_offset.y)
        return index if 0 <= index < self.row_count else None

    def on_click(self, event: events.Click) -> None:
        index = self._row_at(event)
        if index is None:
            return
        self.move_cursor(index)
        if event.chain >= 2:
            self.row_chosen(index)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._row_at(event)
        if index != self._hover:
            old, self._hover = self._hover, index
            if old is not None:
                self.refresh_row(old)
            if index is not None:
                self.refresh_row(index)

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            old, self._hover = self._hover, None
            self.refresh_row(old)

    # -- rendering -----------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        # Focus and theme changes alter the cursor's component style: redraw the visible rows.
        self.rows_updated()
        super().notify_style_update()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count)
        self.scroll_to_cursor()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_offset.y) + y
        base = self.get_visual_style("cursor-list--row")
        if index >= self.row_count or width <= 0:
            return Strip.blank(width, base.rich_style)
        state = 1 if index == self._cursor else 2 if index == self._hover else 0
        key = (index, width, state)
        if (cached := self._lines.get(key)) is not None:
            return cached
        if state == 1:
            style = self.get_visual_style("cursor-list--row", "cursor-list--cursor")
        elif state == 2:
            style = self.get_visual_style("cursor-list--row", "cursor-list--hover")
        else:
            style = base
        content = self.render_row(index, width).truncate(width, ellipsis=True)
        strip = Strip(content.render_segments(style), content.cell_length)
        strip = strip.extend_cell_length(width, style.rich_style).crop(0, width)
        if len(self._lines) >= LINE_CACHE_SIZE:
            self._lines.clear()
        self._lines[key] = strip
        return strip
