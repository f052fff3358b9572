"""The `t` key: original → translation → both, in the list and the detail pane, remembered."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import SAMPLE, SIZE, screen_text, settle

from tui.parser import load
from tui.state import StateStore
from tui.widgets.paper_detail import PaperDetail
from tui.widgets.paper_list import PaperList


def detail_text(app, name: str) -> str:
    return app.screen.query_one(PaperDetail).query_one(f"#detail-{name}").render().plain


def shown(app, name: str) -> bool:
    return app.screen.query_one(PaperDetail).query_one(f"#detail-{name}").display


async def test_t_cycles_the_language_everywhere_and_it_is_remembered(
    make_app, state_path: Path
) -> None:
    paper = load(SAMPLE).papers[0]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = app.screen.query_one(PaperList).render_row
        assert paper.title[:30] in row(0, 100).plain
        assert detail_text(app, "title") == paper.title
        assert shown(app, "original") and not shown(app, "translation")

        await pilot.press("t")
        await settle(pilot)
        assert paper.title_cn[:10] in row(0, 100).plain
        assert paper.title[:30] not in row(0, 100).plain
        assert detail_text(app, "title") == paper.title_cn
        assert shown(app, "translation") and not shown(app, "original")
        assert paper.abstract_cn[:20] in detail_text(app, "translation")
        assert "translation (中文)" in screen_text(app)
        with StateStore(state_path) as store:
            assert store.get_pref("language") == "translation"

        await pilot.press("t")
        await settle(pilot)
        assert detail_text(app, "title") == f"{paper.title}\n{paper.title_cn}"
        assert shown(app, "translation") and shown(app, "original")

        await pilot.press("t")
        await settle(pilot)
        assert detail_text(app, "title") == paper.title

    with StateStore(state_path) as store:
        store.set_pref("language", "translation")
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert detail_text(again, "title") == paper.title_cn


async def test_both_is_side_by_side_when_wide_and_stacked_when_narrow(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await pilot.press("t", "t")
        await settle(pilot)
        detail = app.screen.query_one(PaperDetail)
        original = detail.query_one("#detail-original").region
        translation = detail.query_one("#detail-translation").region
        assert original.y == translation.y and translation.x > original.right
        await pilot.resize_terminal(100, 40)
        await settle(pilot)
        original = detail.query_one("#detail-original").region
        translation = detail.query_one("#detail-translation").region
        assert translation.y > original.y and translation.x == original.x


async def test_missing_translation_and_abstract_are_said_not_left_blank(
    make_app, hostile_path: Path
) -> None:
    app = make_app(hostile_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("end")  # "No translation here": no Title_cn, no abstracts
        await settle(pilot)
        assert "This digest has no abstract for this paper." in detail_text(app, "original")
        assert "https://arxiv.org/abs/2402.00003" in detail_text(app, "original")
        await pilot.press("t")
        await settle(pilot)
        assert "no translated title in this digest" in detail_text(app, "title")
        assert "No translation here" in detail_text(app, "title")
        assert "This digest has no abstract" in detail_text(app, "translation")
        assert "abs page" in detail_text(app, "translation")
        # the list falls back to the original title rather than an empty row
        assert "No translation here" in app.screen.query_one(PaperList).render_row(2, 80).plain
