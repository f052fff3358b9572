"""The category tree and the language of names in the real app, read from paths as
`arxiv-digest PATH` reads them (the bundled 2026-style sample, FORMAT.md §7)."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import screen_lines, settle, settle_library

from tui.parser import load
from tui.state import StateStore
from tui.widgets.category_sidebar import CategorySidebar
from tui.widgets.paper_detail import PaperDetail
from tui.widgets.paper_list import PaperList

LATER = Path(__file__).parents[2] / "src" / "tui" / "data" / "2026-01-07.md"
SIZE = (160, 45)
VISUAL = "视觉表征与基础模型 (Visual Representation & Foundation Models)"
GENERATIVE = "生成模型 (Generative Models)"


def ids_under(parent: str) -> list[str]:
    """The papers of every child of `parent`, in file order, each once per child (from the
    parser, not the reader)."""
    ids: list[str] = []
    for category in load(LATER).categories:
        if category.name.startswith(parent + " / "):
            for paper in category.papers:
                if paper.arxiv_id not in ids:  # the file's duplicate row (§7.6) is listed once
                    ids.append(paper.arxiv_id)
    return ids


def border_title(app) -> str:
    return str(app.screen.query_one(PaperList).border_title)


async def to_sidebar(pilot) -> CategorySidebar:
    await pilot.press("shift+tab")
    await settle(pilot)
    sidebar = pilot.app.screen.query_one(CategorySidebar)
    assert pilot.app.focused is sidebar
    return sidebar


async def test_a_parent_lists_all_its_childrens_papers(make_app) -> None:
    app = make_app(paths=[LATER])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        sidebar = await to_sidebar(pilot)
        papers = app.screen.query_one(PaperList)
        await pilot.press("j", "j", "j", "j")  # All, parent, child, child, the second parent
        await settle(pilot)
        assert sidebar.current_row.kind == "group"
        assert [p.arxiv_id for p in papers.papers] == ids_under(GENERATIVE)
        assert len(papers.papers) == 5  # 3 + 2 + 1 rows, the duplicate row once
        assert border_title(app) == "Generative Models"
        await pilot.press("j")  # its first child
        await settle(pilot)
        assert border_title(app) == "Generative Models / Diffusion Models"  # the whole name
        assert len(papers.papers) == 2


async def test_left_and_right_collapse_and_expand_in_the_app(make_app) -> None:
    app = make_app(paths=[LATER])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        sidebar = await to_sidebar(pilot)
        await pilot.press("j")
        assert sidebar.row_count == 11  # All, 3 parents, 7 children
        await pilot.press("left")
        await settle(pilot)
        assert sidebar.row_count == 9
        assert sidebar.current_row.label == VISUAL and not sidebar.current_row.expanded
        # Collapsed, the parent still lists its children's papers and counts them.
        assert len(app.screen.query_one(PaperList).papers) == 4
        lines = screen_lines(app)
        assert any(line.startswith("│▸ Visual Representation") and "4/4" in line for line in lines)
        await pilot.press("right")
        await settle(pilot)
        assert sidebar.row_count == 11
        await pilot.press("j", "left")  # on a child: up to its parent
        await settle(pilot)
        assert sidebar.cursor == 1
        await pilot.press("enter")  # enter on a parent collapses it (the list keeps its focus)
        await settle(pilot)
        assert sidebar.row_count == 9 and app.focused is sidebar
        # The session remembers it, for the days opened next.
        assert app.screen.session.collapsed == {VISUAL}
        assert not app.screen.session.category_tree().rows()[1].expanded


async def test_counts_follow_a_mark_at_once(make_app) -> None:
    app = make_app(paths=[LATER])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await pilot.press("r")  # the first paper (the first parent's first child)
        await settle(pilot)
        lines = screen_lines(app)
        assert any(line.startswith("│All") and "13/14" in line for line in lines)
        assert any(line.startswith("│▾ Visual Representation") and "3/4" in line for line in lines)
        assert any(
            line.startswith("│  Vision Transformer Arch") and "2/3" in line for line in lines
        )


async def test_names_follow_t_everywhere_on_screen(make_app) -> None:
    app = make_app(paths=[LATER])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        sidebar = await to_sidebar(pilot)
        await pilot.press("j", "j")  # the first child
        await settle(pilot)
        detail = app.screen.query_one(PaperDetail)

        def listed() -> str:
            meta = detail.query_one("#detail-meta").render().plain
            return next(line for line in meta.splitlines() if line.startswith("Listed"))

        sidebar_lines = [line[: sidebar.region.right] for line in screen_lines(app)]
        # 32 columns at 160: the English name, cut at its end.
        assert "│▾ Visual Representation &… 4/4│" in sidebar_lines
        assert "│  Vision Transformer Arch… 3/3│" in sidebar_lines
        assert "│  Others                   1/1│" in sidebar_lines
        assert not any("视觉" in line for line in sidebar_lines)
        assert border_title(app) == (
            "Visual Representation & Foundation Models / Vision Transformer Architectures"
        )
        assert listed().endswith(
            "Visual Representation & Foundation Models / Vision Transformer Architectures"
        )
        await pilot.press("t")  # translation
        await settle(pilot)
        lines = screen_lines(app)
        assert any(line.startswith("│▾ 视觉表征与基础模型       4/4│") for line in lines)
        assert any(line.startswith("│  视觉Transformer架构      3/3│") for line in lines)
        assert border_title(app) == "视觉表征与基础模型 / 视觉Transformer架构"
        assert listed().endswith("视觉表征与基础模型 / 视觉Transformer架构")
        await pilot.press("t")  # both: as the digest writes it
        await settle(pilot)
        assert border_title(app) == load(LATER).categories[0].name
        assert sidebar.current_row.kind == "leaf"


async def test_next_unread_goes_on_from_a_parent_through_the_following_children(
    make_app, state_path: Path
) -> None:
    state_path.parent.mkdir(parents=True, exist_ok=True)
    visual = ids_under(VISUAL)
    with StateStore(state_path) as store:
        store.set_read_many(visual)  # the whole first parent is read
    app = make_app(paths=[LATER])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        sidebar = await to_sidebar(pilot)
        await pilot.press("j")  # the first parent (all read)
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        # On to the second parent's first child, Diffusion Models, and its first paper.
        assert sidebar.current_row.name.endswith("扩散模型 (Diffusion Models)")
        assert app.screen.query_one(PaperDetail).paper.arxiv_id == ids_under(GENERATIVE)[0]


async def test_a_parent_is_remembered_as_the_place(make_app) -> None:
    app = make_app(paths=[LATER])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await to_sidebar(pilot)
        await pilot.press("j", "j", "j", "j")  # the second parent
        await settle(pilot)
    again = make_app(paths=[LATER])
    async with again.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        sidebar = again.screen.query_one(CategorySidebar)
        assert sidebar.current_row.kind == "group" and sidebar.current_row.label == GENERATIVE
        assert len(again.screen.query_one(PaperList).papers) == 5


async def test_the_markdown_export_names_categories_as_the_reader_does(
    make_app, tmp_path: Path, no_system_clipboard: object
) -> None:
    from textual.widgets import Input, RadioSet

    target = tmp_path / "parent.md"
    app = make_app(paths=[LATER])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await pilot.press("t")  # translation
        await to_sidebar(pilot)
        await pilot.press("j", "j", "j", "j", "tab", "e")  # the second parent, all its papers
        await settle(pilot)
        # The view's scope is named in the language too.
        scope = str(app.screen.query_one("#export-scope", RadioSet).children[0].label)
        assert scope.startswith("生成模型 · 2026-01-07")
        radios = app.screen.query_one("#export-format", RadioSet)
        radios.focus()
        await pilot.press("down", "enter")  # Markdown
        await settle(pilot)
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
    text = target.read_text(encoding="utf-8")
    assert "### 生成模型 / 扩散模型 (2)" in text
    assert "### 生成模型 / 视频生成 (2)" in text
    assert "### 生成模型 / 其他 (1)" in text
    assert "Generative Models" not in text


async def test_search_results_name_their_category_in_the_language(make_app) -> None:
    app = make_app(paths=[LATER])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await pilot.press("slash", *"manipulating", "enter")
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        assert [p.arxiv_id for p in papers.papers] == ["2601.03321"]
        row = next(line for line in screen_lines(app) if "│●" in line and "Manipulating" in line)
        assert "2026-01-07 Safety" in row  # the child's own name (the pane has the whole)
        await pilot.press("t")
        await settle(pilot)
        row = next(line for line in screen_lines(app) if "2026-01-07" in line and "│●" in line)
        assert "2026-01-07 安全" in row
