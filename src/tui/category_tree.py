"""The category sidebar as a tree: `##` parents over their `###` children.

A day's categories come as a flat list of names, two-level ones as `Parent / Child` (the parser's
naming). The tree groups the children under their parent (in the order the parents first
appear), keeps which parents are collapsed, and lists the visible rows for drawing: "All", then
each group row with its children indented beneath it, or a one-level category as a plain row.

Indices: 0 is "All", 1…n the day's categories in order, and n+1… the parents in `groups_of`
order, so that one integer says what the list shows, a category or a whole parent (the day's
view appends one list per parent in the same order). Counts are per category (a function the
reader owns, live with the read marks); a group row shows its children's counts summed.
Pure: no Textual.
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
class Extra:
    """A group the reader adds below the day's categories ("Watches", "Tags"): its own index
    (what the group row lists: every paper of its children) and its children's. Its count is its
    own list's, not its children's summed (a paper may match several watches)."""

    label: str
    index: int
    children: tuple[tuple[int, str], ...]


def groups_of(names: Sequence[str]) -> list[tuple[str, tuple[int, ...]]]:
    """(parent, its children's indices) for each parent of `names` (`names[0]` is "All"), in
    the order the parents first appear. Empty for a one-level day."""
    groups: dict[str, list[int]] = {}
    for index, name in enumerate(names[1:], start=1):
        parts = levels(name)
        if len(parts) == 2:
            groups.setdefault(parts[0], []).append(index)
    return [(parent, tuple(indices)) for parent, indices in groups.items()]


@dataclass(frozen=True, slots=True)
class TreeRow:
    """One visible row: what it is, how deep, which categories it stands for, and its label.

    `index` says what the row lists (a category's index, or a parent's, after the categories);
    `indices` the categories it counts (a parent's children). `label` is the row's own part of
    the name as written (the child's name under a parent), and `name` its full name
    (`Parent / Child`; the parent's name for a group row).
    """

    kind: RowKind
    depth: int
    index: int
    indices: tuple[int, ...]
    label: str
    name: str
    expanded: bool = True

    def full_name(self, language: str) -> str:
        """The row's whole name in `language` (for a border title)."""
        return self.name if self.kind == "all" else display_name(self.name, language)


@dataclass(frozen=True, slots=True)
class _Group:
    parent: str
    index: int  # the parent's own index (after the categories)
    children: tuple[tuple[int, str], ...]  # (category index, child name as written)


class CategoryTree:
    """Groups, collapse state and visible rows of one day's categories.

    `names[0]` is the "All" row's label; `names[1:]` the day's categories in file order. The
    collapsed parents are remembered by name, so they stay collapsed on another day.
    """

    def __init__(
        self,
        names: Sequence[str] = ("All",),
        collapsed: Iterable[str] = (),
        extras: Sequence[Extra] = (),
    ) -> None:
        self.collapsed: set[str] = set(collapsed)
        self.extras = tuple(extra for extra in extras if extra.children)
        self._all = names[0] if names else "All"
        self._items: list[_Group | tuple[int, str]] = []
        first_child = {
            indices[0]: (number, parent, indices)
            for number, (parent, indices) in enumerate(groups_of(names))
        }
        for index, name in enumerate(names[1:], start=1):
            if index in first_child:
                number, parent, indices = first_child[index]
                children = tuple((child, levels(names[child])[1]) for child in indices)
                self._items.append(_Group(parent, len(names) + number, children))
            elif len(levels(name)) == 1:
                self._items.append((index, name))
        self._rows: list[TreeRow] | None = None

    @property
    def is_flat(self) -> bool:
        """True for a one-level digest (it looks as a plain list)."""
        return not any(isinstance(item, _Group) for item in self._items)

    @property
    def parents(self) -> list[str]:
        own = [item.parent for item in self._items if isinstance(item, _Group)]
        return own + [extra.label for extra in self.extras]

    def rows(self) -> list[TreeRow]:
        """The visible rows, top to bottom (children of collapsed parents left out)."""
        if self._rows is None:
            rows = [TreeRow("all", 0, 0, (0,), self._all, self._all)]
            for item in self._items:
                if isinstance(item, _Group):
                    expanded = item.parent not in self.collapsed
                    indices = tuple(index for index, _ in item.children)
                    rows.append(
                        TreeRow("group", 0, item.index, indices, item.parent, item.parent, expanded)
                    )
                    if expanded:
                        rows.extend(
                            TreeRow(
                                "leaf",
                                1,
                                index,
                                (index,),
                                child,
                                f"{item.parent}{LEVEL_SEPARATOR}{child}",
                            )
                            for index, child in item.children
                        )
                else:
                    index, name = item
                    rows.append(TreeRow("leaf", 0, index, (index,), name, name))
            for extra in self.extras:
                expanded = extra.label not in self.collapsed
                rows.append(
                    TreeRow(
                        "group", 0, extra.index, (extra.index,), extra.label, extra.label, expanded
                    )
                )
                if expanded:
                    rows.extend(
                        TreeRow("leaf", 1, index, (index,), label, label)
                        for index, label in extra.children
                    )
            self._rows = rows
        return self._rows

    def counts(self, row: TreeRow, counts: Counts) -> tuple[int, int]:
        """(unread, total) of a row: a group's are its children's summed."""
        if row.kind != "group":
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
        """The visible row of `index` (a category or a parent); a hidden child's collapsed
        parent's; 0 ("All") when no row has it."""
        rows = self.rows()
        for position, row in enumerate(rows):
            if row.index == index:
                return position
        for position, row in enumerate(rows):
            if row.kind == "group" and index in row.indices:
                return position
        for extra in self.extras:
            if any(child == index for child, _ in extra.children):
                return self.row_of(extra.index)
        return 0

    def parent_row(self, position: int) -> int:
        """The row of the parent of the child at `position` (itself when it has none)."""
        rows = self.rows()
        if rows[position].depth == 0:
            return position
        while position > 0 and rows[position].depth > 0:
            position -= 1
        return position
