"""The 2025-2026 formats in the real app (the 2026-style sample built from FORMAT.md §7):
status marks, a duplicate row shown once, failed translations, Chinese line breaking."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from ui_helpers import screen_lines, settle

from tui.cells import char_width
from tui.state import StateStore
from tui.widgets.paper_detail import PaperDetail
from tui.widgets.paper_list import PaperList
from tui.wrap import CLOSING

LATER = Path(__file__).parents[2] / "src" / "tui" / "data" / "2026-01-07.md"


def remember_language(state_path: Path, language: str) -> None:
    state_path.parent.mkdir(parents=True, exist_ok=True)
    with StateStore(state_path) as store:
        store.set_pref("language", language)


def cells(line: str, start: int, end: int) -> str:
    """The characters of `line` whose cells lie in columns [start, end)."""
    kept, column = [], 0
    for char in line:
        if start <= column < end:
            kept.append(char)
        column += char_width(char)
    return "".join(kept)


def region_lines(app, region: Region) -> list[str]:
    lines = screen_lines(app)
    return [
        cells(line, region.x, region.right).rstrip() for line in lines[region.y : region.bottom]
    ]


async def go_to(app, pilot, arxiv_id: str) -> None:
    papers = app.screen.query_one(PaperList)
    index = papers.index_of(arxiv_id)
    assert index is not None
    papers.move_cursor(index)
    await settle(pilot)


async def test_status_marks_in_the_list_and_the_pane(make_app) -> None:
    app = make_app(LATER)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = "\n".join(screen_lines(app))
        assert "🆕 Sparse Window Attention for High-Resolution" in text
        assert "📝 Register Tokens Revisited" in text
        title = app.screen.query_one(PaperDetail).query_one("#detail-title").render().plain
        assert title.startswith("🆕 Sparse Window Attention")
        meta = app.screen.query_one(PaperDetail).query_one("#detail-meta").render().plain
        assert "Status  🆕 new" in meta
        # Eight authors and ` .etc.` in the digest: shown as a cut list, no author "etc.".
        assert "Hana Kim … (list cut short by the digest after 8)" in meta
        assert "etc" not in meta


async def test_a_paper_listed_twice_is_listed_once(make_app) -> None:
    app = make_app(LATER)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        ids = [paper.arxiv_id for paper in papers.papers]
        assert len(ids) == 14 and ids.count("2511.09321") == 1  # 15 rows in the file


async def test_a_failed_translation_shows_the_english_title(make_app, state_path: Path) -> None:
    remember_language(state_path, "translation")
    app = make_app(LATER)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go_to(app, pilot, "2601.03055")
        text = "\n".join(screen_lines(app))
        assert "🆕 $\\mathcal{V}$-Bench: Measuring Visual Hallucination" in text  # in the list
        title = app.screen.query_one(PaperDetail).query_one("#detail-title").render().plain
        assert title.splitlines() == [
            "🆕 $\\mathcal{V}$-Bench: Measuring Visual Hallucination in Multimodal Models",
            "(translation failed)",
        ]
        assert "[翻译失败]" not in text


async def test_the_contribution_is_a_chinese_summary_in_every_mode(
    make_app, state_path: Path
) -> None:
    for language in ("original", "translation", "both"):
        remember_language(state_path, language)
        app = make_app(LATER)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            widget = app.screen.query_one(PaperDetail).query_one("#detail-contribution")
            assert widget.display
            heading = widget.render().plain.splitlines()[0]
            assert heading == "贡献 · Contribution (summary in Chinese)", language


async def test_chinese_lines_never_start_with_closing_punctuation(
    make_app, state_path: Path
) -> None:
    remember_language(state_path, "translation")
    widths_seen = set()
    # 80 to 100 columns: the pane's width changes where every line breaks (tall enough for the
    # whole contribution to be on screen).
    for columns in range(80, 101, 2):
        app = make_app(LATER)
        async with app.run_test(size=(columns, 90)) as pilot:
            await settle(pilot)
            for arxiv_id in ("2601.03321", "2601.03101", "2601.02998"):
                await go_to(app, pilot, arxiv_id)
                widget = app.screen.query_one(PaperDetail).query_one("#detail-contribution")
                lines = region_lines(app, widget.content_region)
                widths_seen.add(widget.content_region.width)
                body = [line for line in lines[1:] if line]
                assert len(body) >= 2, (columns, lines)  # it did wrap
                paper = app.screen.query_one(PaperDetail).paper
                assert "".join(body) == paper.contribution  # all of it, in order
                for line in body:
                    assert line[0] not in CLOSING, (columns, arxiv_id, lines)
    assert len(widths_seen) > 5


async def test_a_mouse_selection_across_wrapped_lines_copies_the_text_unbroken(
    make_app, state_path: Path
) -> None:
    from textual.geometry import Offset
    from textual.selection import Selection

    remember_language(state_path, "translation")
    app = make_app(LATER)
    async with app.run_test(size=(90, 90)) as pilot:
        await settle(pilot)
        await go_to(app, pilot, "2601.03321")
        widget = app.screen.query_one(PaperDetail).query_one("#detail-contribution")
        shown = [line for line in region_lines(app, widget.content_region) if line]
        assert len(shown) == 3  # the heading and two lines of Chinese
        # From the start of the first text line to the third character of the second: the
        # selection is made on the lines as shown; the copy has no break where they wrapped.
        picked = widget.get_selection(Selection(Offset(0, 1), Offset(3, 2)))
        assert picked == (shown[1] + shown[2][:3], "\n")
        everything = widget.get_selection(Selection(None, None))
        assert everything is not None
        assert everything[0] == widget.render().plain  # the heading, a newline, the text whole
