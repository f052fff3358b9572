"""The reader's shape and movement: start state, panes, categories, mouse, layout sizes."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from textual import events
from textual.content import Content
from ui_helpers import SAMPLE, SIZE, screen_text, settle

from tui.model import Digest
from tui.parser import load
from tui.widgets.category_sidebar import CategorySidebar
from tui.widgets.paper_detail import PaperDetail
from tui.widgets.paper_list import PaperList


@cache
def sample_digest() -> Digest:
    return load(SAMPLE)


async def test_starts_with_the_list_focused_and_the_first_paper_shown(make_app) -> None:
    digest = sample_digest()
    first = digest.papers[0]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        assert app.focused is papers
        assert papers.cursor == 0
        assert papers.current_paper == first
        assert app.screen.query_one(PaperDetail).paper == first
        text = screen_text(app)
        assert first.title in text
        assert "2024-02-16" in text
        assert f"{digest.paper_count} papers" in text
        assert f"{digest.paper_count} unread" in text


async def test_sidebar_lists_all_then_categories_in_file_order_with_counts(make_app) -> None:
    digest = sample_digest()
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(CategorySidebar)
        rows = [sidebar.render_row(i, 40).plain for i in range(sidebar.row_count)]
        assert rows[0].startswith("All")
        assert rows[0].rstrip().endswith(f"{digest.paper_count}/{digest.paper_count}")
        assert len(rows) == len(digest.categories) + 1
        for row, category in zip(rows[1:], digest.categories, strict=True):
            total = len(category.papers)
            assert row.startswith(category.name[:10])
            assert row.rstrip().endswith(f"{total}/{total}")


async def test_arrows_and_jk_move_the_selection_and_the_detail_follows(make_app) -> None:
    papers_in_order = sample_digest().papers
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = app.screen.query_one(PaperDetail)
        for key, expected in (("down", 1), ("j", 2), ("j", 3), ("up", 2), ("k", 1)):
            await pilot.press(key)
            assert app.screen.query_one(PaperList).cursor == expected
            assert detail.paper == papers_in_order[expected]
        await pilot.press("end")
        assert detail.paper == papers_in_order[-1]
        await pilot.press("home")
        assert detail.paper == papers_in_order[0]
        await pilot.press("pagedown")
        assert app.screen.query_one(PaperList).cursor > 1


async def test_tab_cycles_panes_and_enter_on_a_category_focuses_its_list(make_app) -> None:
    digest = sample_digest()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(CategorySidebar)
        papers = app.screen.query_one(PaperList)
        detail = app.screen.query_one(PaperDetail)
        await pilot.press("tab")
        assert app.focused is detail
        await pilot.press("shift+tab")
        assert app.focused is papers
        await pilot.press("shift+tab")
        assert app.focused is sidebar
        await pilot.press("j")  # highlight the first real category: the list follows at once
        assert papers.papers == digest.categories[0].papers
        # the getter gives the title back as escaped markup; it was stored as literal Content
        assert Content.from_markup(papers.border_title).plain == digest.categories[0].name
        await pilot.press("j", "enter")
        assert app.focused is papers
        assert papers.papers == digest.categories[1].papers
        assert app.screen.query_one(PaperDetail).paper == digest.categories[1].papers[0]
        await pilot.press("enter")  # enter on a paper focuses the detail pane
        assert app.focused is detail
        await pilot.press("j", "j")  # which j/k scroll
        await settle(pilot)
        assert detail.scroll_y > 0
        await pilot.press("escape")  # and escape leaves
        assert app.focused is papers


async def test_mouse_selects_categories_and_papers(make_app) -> None:
    digest = sample_digest()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click(CategorySidebar, offset=(3, 3))  # border row, All, cat 0, cat 1
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        assert papers.papers == digest.categories[1].papers
        await pilot.click(PaperList, offset=(6, 3))  # third paper of that category
        await settle(pilot)
        assert app.focused is papers
        assert app.screen.query_one(PaperDetail).paper == digest.categories[1].papers[2]


async def test_narrow_terminal_stacks_detail_below_and_wide_puts_it_right(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList).region
        detail = app.screen.query_one(PaperDetail).region
        assert detail.y >= papers.bottom and detail.x == papers.x
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        papers = app.screen.query_one(PaperList).region
        detail = app.screen.query_one(PaperDetail).region
        assert detail.x >= papers.right and detail.y == papers.y
        assert detail.width >= 90  # the space is used: the reading pane gets the most


async def test_backslash_hides_and_shows_the_sidebar(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(CategorySidebar)
        width_before = app.screen.query_one(PaperList).region.width
        await pilot.press("shift+tab")
        assert app.focused is sidebar
        await pilot.press("backslash")
        await settle(pilot)
        assert not sidebar.display
        assert app.focused is app.screen.query_one(PaperList)
        assert app.screen.query_one(PaperList).region.width > width_before
        await pilot.press("backslash")
        await settle(pilot)
        assert sidebar.display


async def test_detail_pane_shows_ids_links_and_wraps_long_text(make_app) -> None:
    paper = sample_digest().papers[0]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        detail = app.screen.query_one(PaperDetail)
        meta = detail.query_one("#detail-meta").render().plain
        assert paper.versioned_id in meta
        assert paper.pdf_url in meta
        assert paper.abs_url in meta
        assert paper.authors[0] in meta
        original = detail.query_one("#detail-original")
        assert original.region.width <= 80
        assert original.size.height > 5  # the abstract wrapped onto many lines
        await pilot.press("tab", "end")
        await settle(pilot)
        assert detail.scroll_y > 0  # and the pane scrolls to its end


FORMATS = Path(__file__).parents[1] / "fixtures" / "formats"


async def test_detail_shows_the_extras_of_later_formats(make_app) -> None:
    h2, a1 = FORMATS / "h2-2025-03-20.md", FORMATS / "a1-2026-01-02.md"
    contributed = next(p for p in load(h2).papers if p.contribution)
    app = make_app(h2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        papers.move_cursor(papers.index_of(contributed.arxiv_id))
        await settle(pilot)
        detail = app.screen.query_one(PaperDetail)
        meta = detail.query_one("#detail-meta").render().plain
        # 📝 更新 in the digest: the mark, and the word in the language (original here).
        assert contributed.extra("status") == "📝 更新"
        assert "Status  📝 updated" in meta
        assert "(list cut short by the digest after 2)" in meta
        contribution = detail.query_one("#detail-contribution")
        assert contribution.display
        assert contributed.contribution.splitlines()[0] in contribution.render().plain
    dated = load(a1).papers[0]
    app = make_app(a1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        meta = app.screen.query_one(PaperDetail).query_one("#detail-meta").render().plain
        assert f"Date    {dated.extra('date')}" in meta


async def test_mouse_wheel_scrolls_the_list_and_the_detail_pane(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for widget in (app.screen.query_one(PaperList), app.screen.query_one(PaperDetail)):
            for _ in range(3):
                widget.post_message(
                    events.MouseScrollDown(widget, 2, 2, 0, 1, 0, False, False, False)
                )
            await settle(pilot)
            assert widget.scroll_y > 0, widget


async def test_unreadable_files_are_reported_and_the_rest_opens(
    make_app, tmp_path: Path, recorder
) -> None:
    missing = tmp_path / "2024-02-17.md"
    app = make_app(missing, SAMPLE)
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        note = next(n for n in recorder.notifications if "could not be read" in n.title)
        assert note.severity == "warning"
        assert str(missing) in note.message
        assert app.screen.query_one(PaperDetail).paper == sample_digest().papers[0]


async def test_no_digest_at_all_shows_an_empty_reader_that_says_why(
    make_app, tmp_path: Path
) -> None:
    missing = tmp_path / "nothing-here.md"
    app = make_app(missing)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r", "n", "R", "t", "c", "o")  # nothing to act on: nothing breaks
        await settle(pilot)
        assert app.screen.query_one(PaperList).row_count == 0
        text = screen_text(app)
        assert "No digest to show." in text
        assert "no digest" in text  # the header
        assert str(missing)[:30] in text


async def test_the_collector_paused_for_the_start_runs_again_after_the_first_frame(
    make_app,
) -> None:
    """The command pauses garbage collection for the start (25 ms of a 0.3 s first paint); the
    first frame resumes it, with what the start made frozen. Unpaused, nothing is frozen."""
    import gc

    assert gc.isenabled() and gc.get_freeze_count() == 0
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert gc.isenabled() and gc.get_freeze_count() == 0  # tests and screenshots: untouched

    gc.disable()
    try:
        async with make_app().run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


async def test_the_header_keeps_the_language_in_view_while_the_library_loads() -> None:
    """Progress texts are long ("⟳ reading …, indexing for search …"); the width cuts them,
    never the language mode (it was last, and vanished while a big library loaded)."""
    import datetime as dt

    from textual.app import App, ComposeResult

    import tui
    from tui.reader.language import Language
    from tui.reader.views import HeaderInfo
    from tui.widgets.digest_header import DigestHeader

    class Host(App[None]):
        CSS_PATH = Path(tui.__file__).parent / "app.tcss"  # the reader's styles

        def compose(self) -> ComposeResult:
            yield DigestHeader(id="header")

    info = HeaderInfo(
        dt.date(2026, 12, 4),
        papers=312,
        unread=312,
        language=Language.TRANSLATION,
        day_number=1,
        day_count=960,
        progress="reading 120/960 files · indexing for search 120,000/300,000 entries",
        abstracts="abstracts 100/153",
    )
    async with Host().run_test(size=(100, 3)) as pilot:
        header = pilot.app.query_one(DigestHeader)
        header.show(info)
        await pilot.pause()
        shown = screen_text(pilot.app)  # type: ignore[arg-type]
        assert "[translation (中文)]" in shown.splitlines()[0]
        assert "⟳ reading" in shown.splitlines()[0]  # then the progress, as far as it fits
