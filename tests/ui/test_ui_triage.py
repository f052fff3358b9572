"""Triage keys in the real app (issue 17): M, and what reaches the state file."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import SAMPLE, SIZE, screen_text, settle, settle_library

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


def triage_on_disk(state_path: Path):
    with StateStore(state_path) as store:
        return store.triage()


def sidebar_labels(app) -> list[str]:
    from tui.widgets.category_sidebar import CategorySidebar

    return [row.label for row in app.screen.query_one(CategorySidebar).rows]


async def test_minus_dismisses_and_is_dismissed_takes_it_back(make_app, state_path: Path) -> None:
    digest = load(SAMPLE)
    first, second = digest.papers[0], digest.papers[1]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        papers = app.screen.query_one(PaperList)
        await pilot.press("minus")
        await settle(pilot)
        assert triage_on_disk(state_path).dismissed == {first.arxiv_id}
        assert read_on_disk(state_path) == {first.arxiv_id}  # dismissed is read
        assert papers.current_paper == second  # the next paper slid in
        assert first.arxiv_id not in {p.arxiv_id for p in papers.papers}
        assert "1 hidden" in screen_text(app).splitlines()[0]
        await pilot.press("slash", *"is:dismissed", "enter")
        await settle(pilot)
        assert [p.arxiv_id for p in papers.papers] == [first.arxiv_id]
        await pilot.press("minus")  # taken back
        await settle(pilot)
        assert triage_on_disk(state_path).dismissed == set()
        await pilot.press("escape")
        await settle(pilot)
        assert first.arxiv_id in {p.arxiv_id for p in papers.papers}


async def test_capital_t_tags_the_paper_and_lists_it_under_tags(make_app, state_path: Path) -> None:
    from tui.screens.dialogs.tags_dialog import TagsScreen

    first = load(SAMPLE).papers[0]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, TagsScreen)
        await pilot.press(*"to read, vlm", "enter")
        await settle(pilot)
        assert triage_on_disk(state_path).tags == {first.arxiv_id: frozenset({"to read", "vlm"})}
        assert sidebar_labels(app)[-3:] in (["Tags", "to read", "vlm"], ["Tags", "vlm", "to read"])
        assert "to read, vlm" in screen_text(app)  # the detail pane's Tags row
        # Completion: "t" completes to the tag in use; → accepts it.
        await pilot.press("j", "T")
        await settle(pilot)
        await pilot.press("t", "right", "enter")
        await settle(pilot)
        second = load(SAMPLE).papers[1]
        assert triage_on_disk(state_path).tags[second.arxiv_id] == frozenset({"to read"})


async def test_capital_n_saves_the_note_as_it_is_typed(make_app, state_path: Path) -> None:
    from tui.screens.dialogs.note_dialog import NoteScreen

    first = load(SAMPLE).papers[0]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"read the ")
        await settle(pilot)
        # On disk before the dialog is closed.
        assert triage_on_disk(state_path).notes == {first.arxiv_id: "read the "}
        await pilot.press(*"appendix", "escape")
        await settle(pilot)
        assert triage_on_disk(state_path).notes == {first.arxiv_id: "read the appendix"}
        assert "Your note" in screen_text(app) and "read the appendix" in screen_text(app)


async def test_w_proposes_a_watch_with_a_live_count_and_marks_its_papers(
    make_app, state_path: Path
) -> None:
    from tui.screens.dialogs.rule_dialog import RuleScreen
    from tui.widgets.paper_list import WATCH_MARK

    digest = load(SAMPLE)
    first = digest.papers[0]
    author = first.authors[0]
    expected = sum(1 for p in digest.papers if author in p.authors)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, RuleScreen)
        text = screen_text(app)
        assert f'author:"{author}"' in text
        assert f"{expected} paper{'s' if expected != 1 else ''} match" in text
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        rules = triage_on_disk(state_path).rule_list()
        assert [(r.kind, r.name, r.query) for r in rules] == [
            ("watch", author, f'author:"{author}"')
        ]
        row = app.screen.query_one(PaperList).render_row(0, 120).plain
        assert f"{WATCH_MARK} {author}" in row
        assert sidebar_labels(app)[-2:] == ["Watches", author]


async def test_capital_w_lists_rules_and_deletes_one(make_app, state_path: Path, recorder) -> None:
    from tui.screens.dialogs.rules_dialog import RulesScreen
    from tui.triage.records import Rule

    configured = [Rule("hide", "from config", "title:zzzz", "config")]
    with StateStore(state_path) as store:
        store.save_rule(Rule("watch", "mine", "title:diffusion"))
    app = make_app(rules=configured)
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle_library(pilot)
        await pilot.press("W")
        await settle(pilot)
        assert isinstance(app.screen, RulesScreen)
        text = screen_text(app)
        assert "mine" in text and "from config" in text and "(config.toml)" in text
        await pilot.press("d")  # the first: "mine"
        await settle(pilot)
        assert triage_on_disk(state_path).rules == {}
        await pilot.press("W", "j", "d")  # a config.toml rule is not deleted here
        await settle(pilot)
        assert "remove it there" in recorder.last().message
        assert [r.name for r in app.session.rules()] == ["from config"]


async def test_a_configured_hide_rule_hides_its_papers(make_app) -> None:
    from tui.triage.records import Rule

    digest = load(SAMPLE)
    hidden = [p for p in digest.papers if "diffusion" in p.title.lower()]
    assert hidden  # the sample has some
    app = make_app(rules=[Rule("hide", "no diffusion", "title:diffusion", "config")])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        shown = {p.arxiv_id for p in app.screen.query_one(PaperList).papers}
        assert not shown & {p.arxiv_id for p in hidden}
        assert f"{len({p.arxiv_id for p in hidden})} hidden" in screen_text(app).splitlines()[0]


async def test_f_orders_the_list_by_what_was_starred(make_app) -> None:
    digest = load(SAMPLE)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        papers = app.screen.query_one(PaperList)
        before = [p.arxiv_id for p in papers.papers]
        await pilot.press("s", "f")  # star the first paper, then For you
        await settle(pilot)
        await settle(pilot)
        after = [p.arxiv_id for p in papers.papers]
        assert sorted(after) == sorted(before) and after != before
        assert after[0] == digest.papers[0].arxiv_id  # the starred paper is closest to itself
        assert "for you" in str(papers.border_title)
        await pilot.press("f")
        await settle(pilot)
        assert [p.arxiv_id for p in papers.papers] == before
