"""The category sidebar as a tree: `##` parents over their `###` children.

A day's categories come as a flat list of names, two-level ones as `Parent / Child` (the parser's
naming). The tree groups the children under their parent (in the order the parents first
appear), keeps which parents are collapsed, and lists the visible rows for drawing: "All", then
each group row with its children indented beneath it, or a one-level category as a plain row.
Counts are per category (a function the reader owns, live with the read marks); a group row
shows its children's counts summed. Pure: no Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from tui.names import LEVEL_SEPARATOR, display_name, levels

RowKind = Literal["all", "group", "leaf"]
# (unread, total) of the category at an index (0 is "All", 1… the day's categories in order).
Counts = Callable[[int], tuple[int, int]]


@dataclass(frozen=True, slots=True)
class TreeRow:
    """One visible row: what it is, how deep, which categories it stands for, and its label.

    `label` is the row's own part of the name as written (the child's name under a parent), and
    `name` the category's full name (`Parent / Child`; the parent's name for a group row).
    """

    kind: RowKind
    depth: int
    indices: tuple[int, ...]
    label: str
    name: str
    expanded: bool = True

    @property
    def index(self) -> int:
        """The category index of a leaf (or "All"), the first child's of a group."""
        return self.indices[0]

    def full_name(self, language: str) -> str:
        """The row's whole name in `language` (for a border title)."""
        return self.name if self.kind == "all" else display_name(self.name, language)


@dataclass(frozen=True, slots=True)
class _Group:
    parent: str
    children: tuple[tuple[int, str], ...]  # (category index, child name as written)


class CategoryTree:
    """Groups, collapse state and visible rows of one day's categories.

    `names[0]` is the "All" row's label; `names[1:]` the day's categories in file order. The
    collapsed parents are remembered by name, so they stay collapsed on another day.
    """

    def __init__(self, names: Sequence[str] = ("All",), collapsed: Iterable[str] = ()) -> None:
        self.collapsed: set[str] = set(collapsed)
        self._all = names[0] if names else "All"
        self._items: list[_Group | tuple[int, str]] = []
        groups: dict[str, list[tuple[int, str]]] = {}
        order: list[str | tuple[int, str]] = []
        for index, name in enumerate(names[1:], start=1):
            parts = levels(name)
            if len(parts) == 1:
                order.append((index, name))
                continue
            parent, child = parts
            if parent not in groups:
                groups[parent] = []
                order.append(parent)
            groups[parent].append((index, child))
        for item in order:
            if isinstance(item, str):
                self._items.append(_Group(item, tuple(groups[item])))
            else:
                self._items.append(item)
        self._rows: list[TreeRow] | None = None

    @property
    def is_flat(self) -> bool:
        """True for a one-level digest (it looks as a plain list)."""
        return not any(isinstance(item, _Group) for item in self._items)

    @property
    def parents(self) -> list[str]:
        return [item.parent for item in self._items if isinstance(item, _Group)]

    def rows(self) -> list[TreeRow]:
        """The visible rows, top to bottom (children of collapsed parents left out)."""
        if self._rows is None:
            rows = [TreeRow("all", 0, (0,), self._all, self._all)]
            for item in self._items:
                if isinstance(item, _Group):
                    expanded = item.parent not in self.collapsed
                    indices = tuple(index for index, _ in item.children)
                    rows.append(TreeRow("group", 0, indices, item.parent, item.parent, expanded))
                    if expanded:
                        rows.extend(
                            TreeRow(
                                "leaf", 1, (index,), child, f"{item.parent}{LEVEL_SEPARATOR}{child}"
                            )
                            for index, child in item.children
                        )
                else:
                    index, name = item
                    rows.append(TreeRow("leaf", 0, (index,), name, name))
            self._rows = rows
        return self._rows

    def counts(self, row: TreeRow, counts: Counts) -> tuple[int, int]:
        """(unread, total) of a row: a group's are its children's summed."""
        if len(row.indices) == 1 and row.kind != "group":
            return counts(row.index)
        unread = total = 0
        for index in row.indices:
            own_unread, own_total = counts(index)
            unread += own_unread
            total += own_total
        return unread, total

    def set_expanded(self, parent: str, expanded: bool) -> bool:
        """Expand or collapse a parent; True when that changed the rows."""
        if parent not in self.parents or (parent not in self.collapsed) == expanded:
            return False
        if expanded:
            self.collapsed.discard(parent)
        else:
            self.collapsed.add(parent)
        self._rows = None
        return True

    def row_of(self, index: int) -> int:
        """The visible row that stands for category `index`: its own, else its collapsed
        parent's (0, "All", when no row has it)."""
        for position, row in enumerate(self.rows()):
            if index in row.indices and (row.kind != "group" or not row.expanded):
                return position
        return 0

    def parent_row(self, position: int) -> int:
        """The row of the parent of the child at `position` (itself when it has none)."""
        rows = self.rows()
        if rows[position].depth == 0:
            return position
        while position > 0 and rows[position].depth > 0:
            position -= 1
        return position
