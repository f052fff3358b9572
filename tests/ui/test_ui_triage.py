"""Triage keys in the real app (issue 17): M, and what reaches the state file."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import SAMPLE, SIZE, settle

from tui.parser import load
from tui.state import StateStore
from tui.widgets.paper_list import UNREAD_MARK, PaperList


def read_on_disk(state_path: Path) -> set[str]:
    with StateStore(state_path) as store:
        return store.read_ids()


async def test_capital_m_marks_every_paper_above_the_cursor_read(
    make_app, state_path: Path
) -> None:
    digest = load(SAMPLE)
    first_four = list(dict.fromkeys(p.arxiv_id for p in digest.papers))[:4]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        await pilot.press("j", "j", "j", "j", "M")
        await settle(pilot)
        assert read_on_disk(state_path) == set(first_four)
        assert papers.cursor == 4  # the cursor stays where the reader is
        assert not papers.render_row(3, 80).plain.startswith(UNREAD_MARK)
        assert papers.render_row(4, 80).plain.startswith(UNREAD_MARK)
