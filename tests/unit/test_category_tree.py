"""The sidebar's tree model (tui.category_tree): groups, summed counts, collapse, row lookup."""

from __future__ import annotations

from tui.category_tree import CategoryTree, groups_of

# A two-level day as the parser names it (FORMAT.md §4, §7.2): `### 其他` under two parents.
NAMES = [
    "All",
    "视觉表征 (Visual Representation) / 视觉Transformer (Vision Transformers)",
    "视觉表征 (Visual Representation) / 其他 (Others)",
    "生成模型 (Generative Models) / 其他 (Others)",
]
COUNTS = {0: (4, 6), 1: (2, 3), 2: (0, 1), 3: (1, 2)}


def test_children_sit_under_their_parent_with_their_own_names() -> None:
    rows = CategoryTree(NAMES).rows()
    # A parent's own index follows the categories (4 names: the parents are 4 and 5).
    assert [(row.kind, row.depth, row.index, row.indices, row.label) for row in rows] == [
        ("all", 0, 0, (0,), "All"),
        ("group", 0, 4, (1, 2), "视觉表征 (Visual Representation)"),
        ("leaf", 1, 1, (1,), "视觉Transformer (Vision Transformers)"),
        ("leaf", 1, 2, (2,), "其他 (Others)"),
        ("group", 0, 5, (3,), "生成模型 (Generative Models)"),
        ("leaf", 1, 3, (3,), "其他 (Others)"),
    ]
    assert groups_of(NAMES) == [
        ("视觉表征 (Visual Representation)", (1, 2)),
        ("生成模型 (Generative Models)", (3,)),
    ]
    tree = CategoryTree(NAMES)
    assert [tree.row_of(index) for index in range(6)] == [0, 2, 3, 5, 1, 4]
    assert rows[3].name == NAMES[2] and rows[5].name == NAMES[3]  # the two 其他 stay apart
    assert rows[5].full_name("original") == "Generative Models / Others"


def test_a_group_counts_its_children_summed() -> None:
    tree = CategoryTree(NAMES)
    rows = tree.rows()
    assert tree.counts(rows[1], COUNTS.__getitem__) == (2, 4)
    assert tree.counts(rows[2], COUNTS.__getitem__) == (2, 3)
    assert tree.counts(rows[0], COUNTS.__getitem__) == (4, 6)


def test_collapsing_hides_the_children_and_is_remembered_by_name() -> None:
    tree = CategoryTree(NAMES)
    parent = "视觉表征 (Visual Representation)"
    assert tree.set_expanded(parent, False)
    assert not tree.set_expanded(parent, False)  # no change
    rows = tree.rows()
    assert [row.label for row in rows] == [
        "All",
        parent,
        "生成模型 (Generative Models)",
        "其他 (Others)",
    ]
    assert not rows[1].expanded
    assert tree.row_of(2) == 1  # a hidden child is found at its collapsed parent
    assert tree.row_of(4) == 1
    assert tree.row_of(3) == 3
    # Another day with the same parent: still collapsed.
    again = CategoryTree(NAMES, collapsed=tree.collapsed)
    assert len(again.rows()) == 4
    assert again.set_expanded(parent, True) and len(again.rows()) == 6


def test_parent_row_of_a_child() -> None:
    tree = CategoryTree(NAMES)
    assert tree.parent_row(3) == 1
    assert tree.parent_row(5) == 4
    assert tree.parent_row(1) == 1


def test_a_one_level_day_is_a_flat_list() -> None:
    tree = CategoryTree(["All", "多模态", "3D/CG", "分类/检测/识别/分割/..."])
    assert tree.is_flat
    assert [(row.kind, row.depth, row.index) for row in tree.rows()] == [
        ("all", 0, 0),
        ("leaf", 0, 1),
        ("leaf", 0, 2),
        ("leaf", 0, 3),
    ]


def test_children_of_one_parent_apart_in_the_list_are_gathered() -> None:
    # A day merged from two files can list a parent's children apart: one group, first place.
    tree = CategoryTree(["All", "A (甲) / x", "其他", "A (甲) / y"])
    assert [(row.kind, row.index, row.indices) for row in tree.rows()] == [
        ("all", 0, (0,)),
        ("group", 4, (1, 3)),
        ("leaf", 1, (1,)),
        ("leaf", 3, (3,)),
        ("leaf", 2, (2,)),
    ]


def test_extra_groups_follow_the_categories_and_count_their_own_list() -> None:
    from tui.category_tree import Extra

    watches = Extra("Watches", 10, ((11, "splatting"), (12, "Ann Lee")))
    tags = Extra("Tags", 13, ())  # no tag yet: no group
    tree = CategoryTree(NAMES, extras=[watches, tags])
    rows = tree.rows()
    assert [(row.kind, row.depth, row.index, row.label) for row in rows[6:]] == [
        ("group", 0, 10, "Watches"),
        ("leaf", 1, 11, "splatting"),
        ("leaf", 1, 12, "Ann Lee"),
    ]
    counts = {10: (3, 5), 11: (2, 4), 12: (2, 2)}
    # One paper matches both watches: the group counts its own list, not 4 + 2.
    assert tree.counts(rows[6], counts.__getitem__) == (3, 5)
    assert tree.set_expanded("Watches", False)
    assert [row.label for row in tree.rows()[6:]] == ["Watches"]
    assert tree.row_of(12) == 6
