"""The category sidebar as a tree, driven by keys through Pilot in a small app of its own.

The categories come from the H2 fixture (FORMAT.md §7.2: `##` parents over `###` children, one
`### 其他` under each of two parents), parsed by the real parser.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message

from tui.parser import load
from tui.widgets.category_sidebar import CategorySidebar

H2 = Path(__file__).parent.parent / "fixtures" / "formats" / "h2-2025-03-20.md"
ONE_LEVEL = Path(__file__).parent.parent / "fixtures" / "formats" / "h1-2025-01-05.md"


def names_of(path: Path) -> list[str]:
    return ["All", *(category.name for category in load(path).categories)]


class SidebarApp(App[None]):
    """The sidebar alone, with a space binding of its own (as the reader's screen has one)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("space", "spaced", "Space")]
    CSS = "CategorySidebar { width: 40; height: 1fr; }"

    def __init__(self, names: list[str], language: str = "both") -> None:
        super().__init__()
        self.names = names
        self.language = language
        # (unread, total) per category index; the test changes them as marks would.
        self.counts: dict[int, tuple[int, int]] = {0: (3, 4), 1: (2, 2), 2: (1, 1), 3: (0, 1)}
        self.messages: list[Message] = []
        self.spaced = 0

    def compose(self) -> ComposeResult:
        yield CategorySidebar(language=self.language)

    def on_mount(self) -> None:
        sidebar = self.query_one(CategorySidebar)
        sidebar.show_categories(self.names, lambda index: self.counts.get(index, (0, 0)))
        sidebar.focus()

    def on_category_sidebar_category_highlighted(
        self, event: CategorySidebar.CategoryHighlighted
    ) -> None:
        self.messages.append(event)

    def on_category_sidebar_category_chosen(self, event: CategorySidebar.CategoryChosen) -> None:
        self.messages.append(event)

    def action_spaced(self) -> None:
        self.spaced += 1


def lines(app: SidebarApp) -> list[str]:
    sidebar = app.query_one(CategorySidebar)
    return [sidebar.render_line(y).text.rstrip() for y in range(sidebar.row_count)]


async def test_parents_over_their_children_with_summed_counts() -> None:
    app = SidebarApp(names_of(H2))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        shown = lines(app)
        assert shown[0].startswith("All") and shown[0].endswith("3/4")
        # The parent sums its two children: 2/2 + 1/1.
        assert shown[1].startswith("▾ 视觉表征与基础模型") and shown[1].endswith(" 3/3")
        # "both" where it fits; where not, the half the digest writes first.
        assert shown[2].startswith("  视觉Transformer  ") and shown[2].endswith(" 2/2")
        assert shown[3].startswith("  其他 (Others)") and shown[3].endswith(" 1/1")
        assert shown[4].startswith("▾ 生成模型 (Generative Models)") and shown[4].endswith(" 0/1")
        assert shown[5].startswith("  其他 (Others)") and shown[5].endswith(" 0/1")


async def test_names_follow_the_language() -> None:
    app = SidebarApp(names_of(H2), language="original")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        shown = lines(app)
        assert shown[1].startswith("▾ Visual Representation & Foundatio… ")
        assert shown[2].startswith("  Vision Transformers ")
        app.query_one(CategorySidebar).set_language("translation")
        await pilot.pause()
        shown = lines(app)
        assert shown[1].startswith("▾ 视觉表征与基础模型 ")
        assert shown[2].startswith("  视觉Transformer ")
        assert "Vision" not in shown[2]


async def test_a_long_name_is_cut_at_its_end_and_the_counts_stay() -> None:
    app = SidebarApp(names_of(H2), language="original")
    app.CSS = "CategorySidebar { width: 24; height: 1fr; }"
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        shown = lines(app)
        # 24 cells (this app draws no border): the counts keep their place, the name is cut.
        assert shown[1] == "▾ Visual Representa… 3/3"
        assert shown[2] == "  Vision Transforme… 2/2"


async def test_left_and_right_collapse_and_expand_a_parent() -> None:
    app = SidebarApp(names_of(H2))
    async with app.run_test(size=(60, 20)) as pilot:
        sidebar = app.query_one(CategorySidebar)
        await pilot.press("down")  # the first parent
        assert sidebar.current_row.kind == "group"
        await pilot.press("left")
        assert sidebar.row_count == 4 and lines(app)[1].startswith("▸ ")
        assert lines(app)[1].endswith(" 3/3")  # a collapsed parent still counts its children
        await pilot.press("right")
        assert sidebar.row_count == 6 and lines(app)[1].startswith("▾ ")
        await pilot.press("h")
        assert sidebar.row_count == 4
        await pilot.press("l")
        assert sidebar.row_count == 6
        await pilot.press("enter")
        assert sidebar.row_count == 4
        await pilot.press("space")
        assert sidebar.row_count == 6
        assert app.spaced == 0  # space on a parent is the sidebar's


async def test_left_on_a_child_goes_to_its_parent_and_right_on_a_parent_to_its_child() -> None:
    app = SidebarApp(names_of(H2))
    async with app.run_test(size=(60, 20)) as pilot:
        sidebar = app.query_one(CategorySidebar)
        await pilot.press("down", "down", "down")  # the first parent's second child
        assert sidebar.current_row.label == "其他 (Others)"
        await pilot.press("left")
        assert sidebar.cursor == 1
        await pilot.press("right")  # expanded already: down to the first child
        assert sidebar.cursor == 2
        await pilot.press("space")  # on a child, space is the screen's key
        assert app.spaced == 1


async def test_selecting_a_parent_reports_every_child() -> None:
    app = SidebarApp(names_of(H2))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("down")
        await pilot.pause()
        event = app.messages[-1]
        assert isinstance(event, CategorySidebar.CategoryHighlighted)
        assert event.indices == (1, 2)
        assert event.index == 4  # the parent's own index, after the day's three categories
        await pilot.press("down", "enter")
        await pilot.pause()
        chosen = app.messages[-1]
        assert isinstance(chosen, CategorySidebar.CategoryChosen)
        assert chosen.indices == (1,)
        assert chosen.row.name == names_of(H2)[1]


async def test_counts_change_the_moment_a_paper_is_marked() -> None:
    app = SidebarApp(names_of(H2))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        app.counts[1] = (1, 2)
        app.counts[0] = (2, 4)
        app.query_one(CategorySidebar).counts_changed()
        await pilot.pause()
        shown = lines(app)
        assert shown[0].endswith(" 2/4")
        assert shown[1].endswith(" 2/3")
        assert shown[2].endswith(" 1/2")


async def test_a_one_level_digest_is_a_plain_list() -> None:
    app = SidebarApp(names_of(ONE_LEVEL))
    app.counts = {0: (2, 2), 1: (2, 2)}
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert lines(app) == [
            "All".ljust(36) + " 2/2",
            "图像理解".ljust(32) + " 2/2",  # four wide characters: 8 cells
        ]
        await pilot.press("down", "left", "space")
        assert app.query_one(CategorySidebar).row_count == 2
        assert app.spaced == 1
