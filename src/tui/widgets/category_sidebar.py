"""The left pane: "All" then the day's categories, each with unread/total counts; a two-level
digest as a tree (a `##` parent over its `###` children, collapsible), names in the language.

Drawn with the line API (CursorList): one row per visible tree row, no widget per row. The rows
come from a CategoryTree (tui.category_tree), the counts from a function of the category index
that the reader keeps live with the read marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message

from tui.category_tree import CategoryTree, Counts, TreeRow
from tui.names import fit_name
from tui.widgets.cursor_list import CursorList

EXPANDED_MARK = "▾ "
COLLAPSED_MARK = "▸ "
INDENT = "  "


class CategorySidebar(CursorList):
    """Picks the categories whose papers the list shows; counts follow every read mark."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "collapse", "Collapse", show=False),
        Binding("right,l", "expand", "Expand", show=False),
        Binding("space", "toggle_group", "Collapse / expand", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = CursorList.COMPONENT_CLASSES | {
        "category-sidebar--unread",
        "category-sidebar--done",
        "category-sidebar--group",
        "category-sidebar--mark",
    }

    class CategoryHighlighted(Message):
        """The cursor moved to `row`: a category, a parent (all its children) or "All".

        `index` says what to list: 0 "All", a category's index, or a parent's own index (after
        the categories, see tui.category_tree); `indices` the categories the row counts.
        """

        def __init__(self, sidebar: CategorySidebar, row: TreeRow) -> None:
            super().__init__()
            self.sidebar = sidebar
            self.row = row
            self.index = row.index
            self.indices = row.indices

        @property
        def control(self) -> CategorySidebar:
            return self.sidebar

    class CategoryChosen(CategoryHighlighted):
        """The user pressed enter on (or double-clicked) a category (not a parent)."""

    class GroupToggled(Message):
        """A parent was collapsed or expanded (the reader may remember it)."""

        def __init__(self, sidebar: CategorySidebar, parent: str, expanded: bool) -> None:
            super().__init__()
            self.sidebar = sidebar
            self.parent = parent
            self.expanded = expanded

        @property
        def control(self) -> CategorySidebar:
            return self.sidebar

    def __init__(self, *, language: str = "both", id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._tree = CategoryTree()
        self._rows: Sequence[TreeRow] = self._tree.rows()
        self._counts: Counts = lambda index: (0, 0)
        self._language = language

    # -- data ----------------------------------------------------------------------------------

    @property
    def category_tree(self) -> CategoryTree:
        return self._tree

    @property
    def rows(self) -> Sequence[TreeRow]:
        """The visible rows, top to bottom."""
        return self._rows

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def current_row(self) -> TreeRow:
        return self._rows[self.cursor] if self._rows else self._tree.rows()[0]

    def show_tree(self, tree: CategoryTree, counts: Counts, index: int = 0) -> None:
        """Show `tree`'s rows, the cursor on the row of category `index` (0 is "All")."""
        self._tree = tree
        self._counts = counts
        self._rows = tree.rows()
        self.rows_changed()
        self.move_cursor(tree.row_of(index), notify=False)

    def show_categories(self, names: Sequence[str], counts: Counts, index: int = 0) -> None:
        """Replace the rows: `names[0]` is the "All" entry, `names[1:]` the day's categories
        (two-level ones named `Parent / Child`). Collapsed parents stay collapsed."""
        self.show_tree(CategoryTree(names, collapsed=self._tree.collapsed), counts, index)

    def select_category(self, index: int, *, notify: bool = False) -> None:
        """Put the cursor on category `index` (on its parent when the parent is collapsed)."""
        self.move_cursor(self._tree.row_of(index), notify=notify)

    def set_language(self, language: str) -> None:
        self._language = language
        self.rows_updated()

    def counts_changed(self) -> None:
        """Read marks changed: redraw the counts."""
        self.rows_updated()

    # -- tree keys -----------------------------------------------------------------------------

    def _set_expanded(self, expanded: bool) -> bool:
        row = self.current_row
        if row.kind != "group" or not self._tree.set_expanded(row.label, expanded):
            return False
        position = self.cursor
        self._rows = self._tree.rows()
        self.rows_changed()
        self.move_cursor(position, notify=False)
        self.post_message(self.GroupToggled(self, row.label, expanded))
        return True

    def action_collapse(self) -> None:
        """Collapse a parent; on a child, go up to its parent."""
        row = self.current_row
        if row.kind == "group":
            self._set_expanded(False)
        elif row.depth > 0:
            self.move_cursor(self._tree.parent_row(self.cursor))

    def action_expand(self) -> None:
        """Expand a parent; on an expanded one, go down to its first child."""
        row = self.current_row
        if row.kind == "group" and not self._set_expanded(True):
            self.move_cursor(self.cursor + 1)

    def action_toggle_group(self) -> None:
        self._set_expanded(not self.current_row.expanded)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Space toggles a parent only: elsewhere it is the screen's key (select for export).
        if action == "toggle_group":
            return self.current_row.kind == "group"
        return True

    # -- CursorList hooks ------------------------------------------------------------------------

    def cursor_landed(self, index: int) -> None:
        self.post_message(self.CategoryHighlighted(self, self._rows[index]))

    def row_chosen(self, index: int) -> None:
        row = self._rows[index]
        if row.kind == "group":
            self.action_toggle_group()
        else:
            self.post_message(self.CategoryChosen(self, row))

    def render_row(self, index: int, width: int) -> Content:
        row = self._rows[index]
        unread, total = self._tree.counts(row, self._counts)
        count = f" {unread}/{total}"
        style = self.get_visual_style
        lead = Content("")
        if row.kind == "group":
            mark = EXPANDED_MARK if row.expanded else COLLAPSED_MARK
            lead = Content.styled(mark, style("category-sidebar--mark", partial=True))
        elif row.depth:
            lead = Content(INDENT * row.depth)
        room = max(1, width - len(count) - lead.cell_length)
        shown = row.label if row.kind == "all" else fit_name(row.label, self._language, room)
        name = Content(shown).truncate(room, ellipsis=True, pad=True)
        if row.kind == "group":
            name = name.stylize(style("category-sidebar--group", partial=True))
        part = "category-sidebar--unread" if unread else "category-sidebar--done"
        counts = Content.styled(count, style(part, partial=True))
        if not unread:
            name = name.stylize(style("category-sidebar--done", partial=True))
        return Content.assemble(lead, name, counts)
