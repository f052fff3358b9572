"""Stars (s) and the unread-only (u) and starred-only (S) views: a day, every day, a search."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import SIZE, screen_text, settle, settle_library

from tui.state import StateStore
from tui.widgets.paper_detail import PaperDetail
from tui.widgets.paper_list import STAR_MARK, PaperList
from tui.widgets.search_bar import SearchBar


def starred_on_disk(state_path: Path) -> set[str]:
    with StateStore(state_path) as store:
        return store.starred_ids()


def ids(app) -> list[str]:
    return [paper.arxiv_id for paper in app.screen.query_one(PaperList).papers]


async def test_s_stars_and_unstars_saves_at_once_and_shows_everywhere(
    make_app, state_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        papers = app.screen.query_one(PaperList)
        detail = app.screen.query_one(PaperDetail)
        first = papers.current_paper
        assert papers.render_row(0, 80).plain[1] == " "
        await pilot.press("s")
        await settle(pilot)
        assert starred_on_disk(state_path) == {first.arxiv_id}
        assert papers.render_row(0, 80).plain[1] == STAR_MARK
        assert detail.query_one("#detail-title").render().plain.startswith(f"{STAR_MARK} ")
        assert f"{STAR_MARK} starred" in detail.query_one("#detail-meta").render().plain
        await pilot.press("shift+tab", "j", "tab")  # the same paper in its category
        await settle(pilot)
        assert papers.current_paper == first
        assert papers.render_row(0, 80).plain[1] == STAR_MARK
        await pilot.press("s")
        await settle(pilot)
        assert starred_on_disk(state_path) == set()
        assert papers.render_row(0, 80).plain[1] == " "
        assert not detail.query_one("#detail-title").render().plain.startswith(STAR_MARK)


async def test_stars_survive_a_restart(make_app, state_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await pilot.press("j", "s")
        await settle(pilot)
        second = app.screen.session.current_paper
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        assert app.stars.is_starred(second.arxiv_id)
        assert app.screen.query_one(PaperList).render_row(1, 80).plain[1] == STAR_MARK


async def test_u_and_capital_s_filter_a_category_and_every_day(make_app, days) -> None:
    app = make_app(days.folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        all_ids = ids(app)
        await pilot.press("r", "j", "r", "j", "s", "j", "s")  # read 0 and 1, star 2 and 3
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert ids(app) == all_ids[2:]
        assert "All · unread only" in screen_text(app)
        await pilot.press("S")
        await settle(pilot)
        assert ids(app) == all_ids[2:4]  # unread and starred
        await pilot.press("u")
        await settle(pilot)
        assert ids(app) == all_ids[2:4]
        await pilot.press("a")  # every day, starred only
        await settle(pilot)
        assert sorted(ids(app)) == sorted(all_ids[2:4])
        await pilot.press("S")
        await settle(pilot)
        assert len(ids(app)) == 42
        await pilot.press("u")
        await settle(pilot)
        assert len(ids(app)) == 40
        await pilot.press(
            "r"
        )  # marked read in an unread-only view: it stays until the list changes
        await settle(pilot)
        assert len(ids(app)) == 40


async def test_filters_apply_to_a_search(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await pilot.press("slash", *"model", "enter")
        await settle(pilot)
        found = ids(app)
        assert len(found) > 3
        await pilot.press("r", "j", "s")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert ids(app) == found[1:]
        await pilot.press("S")
        await settle(pilot)
        assert ids(app) == [found[1]]
        await pilot.press("slash")
        assert app.screen.query_one(SearchBar).text == "model"
        await pilot.press("S", "u")  # typed into the box: the query is now "modelSu"
        await settle(pilot)
        assert app.screen.query_one(SearchBar).text == "modelSu"
        assert ids(app) == []
