"""`/` search: results on every key, field syntax, hints, ranking, highlighting, enter and escape.

Results are checked against `oracle` below: the README's search rules written out in plain Python
over the parsed papers (no search code involved), so a test fails when the list shows a paper that
does not match or leaves out one that does.
"""

from __future__ import annotations

import re
from pathlib import Path

from library_fixture import DATES
from textual import events
from textual.widgets import Input
from ui_helpers import SAMPLE, SIZE, screen_text, settle, settle_library

from tui.library import open_library
from tui.parser import load
from tui.widgets.paper_detail import HIGHLIGHT, PaperDetail
from tui.widgets.paper_list import PaperList
from tui.widgets.search_bar import SearchBar


def listed(app) -> list:
    return list(app.screen.query_one(PaperList).entries)


def hint(app) -> str:
    return app.screen.query_one("#search-hint").render().plain


def words(text: str) -> list[str]:
    """English words as the README describes them: runs of letters and digits, any case."""
    return re.findall(r"[^\W_]+", text.casefold())


def fields(entry) -> dict[str, str]:
    paper = entry.paper
    return {
        "title": f"{paper.title}\n{paper.title_cn}",
        "author": "\n".join(paper.authors),
        "abs": f"{paper.abstract}\n{paper.abstract_cn}",
        "other": f"{paper.contribution}\n{paper.arxiv_id}",
        "cat": entry.category,
    }


def term_matches(entry, field: str | None, value: str) -> bool:
    """One term of a query: a word prefix (English) or a substring (Chinese) in the field(s)."""
    texts = fields(entry)
    chosen = [texts[field]] if field else list(texts.values())
    if any("\u4e00" <= ch <= "\u9fff" for ch in value):
        return any(value in text for text in chosen)
    if " " in value:  # a quoted phrase: exactly these words in this order
        wanted = words(value)
        for text in chosen:
            found = words(text)
            if any(found[at : at + len(wanted)] == wanted for at in range(len(found))):
                return True
        return False
    return any(word.startswith(value.casefold()) for text in chosen for word in words(text))


ORACLE = {
    # query -> does an entry match (the README's syntax, each case written out by hand)
    "cat:Transformer": lambda e, read: e.category == "Transformer",
    "cat:多模态": lambda e, read: "多模态" in e.category,
    "author:xiao": lambda e, read: term_matches(e, "author", "xiao"),
    "title:diffusion": lambda e, read: term_matches(e, "title", "diffusion"),
    '"language model"': lambda e, read: term_matches(e, None, "language model"),
    "model -language": lambda e, read: (
        term_matches(e, None, "model") and not term_matches(e, None, "language")
    ),
    "code:yes": lambda e, read: bool(e.paper.code_url),
    "date:2024-02-01..2024-02-14": lambda e, read: (
        "2024-02-01" <= e.date.isoformat() <= "2024-02-14"
    ),
    "扩散": lambda e, read: term_matches(e, None, "扩散"),
    "id:2402.10896": lambda e, read: e.paper.arxiv_id == "2402.10896",
    "is:unread model": lambda e, read: (
        e.paper.arxiv_id not in read and term_matches(e, None, "model")
    ),
}


def oracle(library, query: str, read: frozenset[str] = frozenset()) -> set[tuple]:
    """(day, arXiv id) of every paper of `library` the query should find: each paper once, at
    its newest matching listing (the list shows each paper once). A bare word is a prefix."""
    test = ORACLE.get(query) or (lambda e, read: term_matches(e, None, query))
    newest: dict[str, object] = {}
    for entry in library.entries():
        if test(entry, read):
            aid = entry.paper.arxiv_id
            newest[aid] = max(newest.get(aid, entry.date), entry.date)
    return {(date, aid) for aid, date in newest.items()}


async def type_query(pilot, text: str) -> None:
    await pilot.press("slash")
    await pilot.press(*text)
    await settle(pilot)


async def set_query(pilot, text: str) -> None:
    """Replace the whole query at once (as a paste does): the same path as typing, faster."""
    await pilot.press("slash")
    pilot.app.screen.query_one(SearchBar).input.value = text
    await settle(pilot)


async def test_results_follow_every_key_press_and_match_the_query(make_app) -> None:
    library = open_library([SAMPLE])  # for the oracle; the app reads the file itself
    app = make_app(SAMPLE)
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        counts = []
        for key in "diffusion":
            await pilot.press(key)
            await settle(pilot)
            text = app.screen.query_one(SearchBar).text
            rows = {(e.date, e.paper.arxiv_id) for e in listed(app)}
            assert rows == oracle(library, text), text
            counts.append(len(rows))
        assert counts[0] > counts[-1] > 0  # "d" finds more than "diffusion"
        assert f"{counts[-1]} papers" in hint(app)
        assert "Search: diffusion" in screen_text(app)


async def test_enter_keeps_the_results_and_escape_returns_to_browsing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await pilot.press("j", "j")
        browsed = app.screen.session.current_paper
        await type_query(pilot, "diffusion")
        results = listed(app)
        await pilot.press("enter")
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        assert app.focused is papers
        assert listed(app) == results
        await pilot.press("j")
        assert app.screen.query_one(PaperDetail).paper == results[1].paper
        await pilot.press("escape")  # from the results: back to browsing, where we were
        await settle(pilot)
        assert not app.screen.query_one(SearchBar).display
        assert papers.row_count == 39
        assert app.screen.session.current_paper == browsed
        assert app.focused is papers


async def test_escape_in_the_box_clears_the_search(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await type_query(pilot, "mamba")
        assert len(listed(app)) < 39
        await pilot.press("escape")
        await settle(pilot)
        assert len(listed(app)) == 39
        await pilot.press("slash")  # the box opens empty again
        assert app.screen.query_one(SearchBar).text == ""


async def test_field_syntax_over_every_day(make_app, days) -> None:
    library = open_library([days.folder])  # for the oracle; the app reads the files itself
    app = make_app(days.folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        for query in (
            "cat:Transformer",
            "author:xiao",
            "title:diffusion",
            '"language model"',
            "model -language",
            "code:yes",
            "date:2024-02-01..2024-02-14",
            "扩散",
            "id:2402.10896",
        ):
            await set_query(pilot, query)
            rows = listed(app)
            assert {(e.date, e.paper.arxiv_id) for e in rows} == oracle(library, query), query
            assert rows, query
            assert len({e.paper.arxiv_id for e in rows}) == len(rows)  # each paper once
        await set_query(pilot, "date:2024-02-01..2024-02-14")
        assert {e.date for e in listed(app)} == {DATES[2], DATES[3]}
        row = app.screen.query_one(PaperList).render_row(0, 120).plain
        assert listed(app)[0].date.isoformat() in row  # each result says its day and category
        assert listed(app)[0].category[:6] in row


async def test_title_matches_come_before_abstract_matches(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await type_query(pilot, "segmentation")
        rows = listed(app)
        in_title = ["segmentation" in e.paper.title.lower() for e in rows]
        assert any(in_title) and not all(in_title)
        first_other = in_title.index(False)
        assert not any(in_title[first_other:])  # all title matches come first


async def test_a_malformed_query_shows_a_hint_and_never_breaks(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        for query in ("date:2024-13", 'title:"unclosed', "is:maybe", "author:", "(((", "-", "*"):
            await set_query(pilot, query)
            assert app.is_running
            assert (
                app.screen.session.search.found is not None
                and not app.screen.session.search.found.failed
            )
        await pilot.press("ctrl+u", *"date:2024-13")  # typed, key by key
        await settle(pilot)
        assert "month 13" in hint(app)
        assert app.screen.query_one("#search-hint").has_class("-problem")
        await set_query(pilot, "mamba")
        assert not app.screen.query_one("#search-hint").has_class("-problem")


async def test_matching_words_are_highlighted_in_the_detail_pane(make_app) -> None:
    paper = load(SAMPLE).papers[0]  # PaLM2-VAdapter: … Language Model … Vision-language Adapter
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await type_query(pilot, "title:adapter xiao")
        detail = app.screen.query_one(PaperDetail)
        assert detail.paper == paper
        title = detail.query_one("#detail-title").visual
        marked = {title.plain[s.start : s.end] for s in title.spans if HIGHLIGHT in str(s.style)}
        assert marked == {"Adapter", "VAdapter"} or marked == {"Adapter"}
        meta = detail.query_one("#detail-meta").visual
        marked = {meta.plain[s.start : s.end] for s in meta.spans if HIGHLIGHT in str(s.style)}
        assert marked == {"Xiao"}  # the free word matches the author; title: stays in titles
        await pilot.press("escape")
        await settle(pilot)
        title = detail.query_one("#detail-title").visual
        assert not [s for s in title.spans if HIGHLIGHT in str(s.style)]


async def test_search_from_paths_uses_the_cache_and_only_this_library(
    make_app, days, tmp_path: Path
) -> None:
    # Another library fills the shared cache first: its papers must not show up here.
    other = make_app(paths=[SAMPLE])
    async with other.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
    library = open_library([days.folder])
    app = make_app(paths=[days.folder])
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        assert app.screen.session.search.source is not None
        for query in ("diffusion", "cat:多模态", "is:unread model"):
            await set_query(pilot, query)
            rows = listed(app)
            assert {(e.date, e.paper.arxiv_id) for e in rows} == oracle(library, query), query
            assert len({e.paper.arxiv_id for e in rows}) == len(rows)


async def test_keys_typed_in_a_burst_after_slash_land_in_the_box(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        for key, character in (("slash", "/"), *((c, c) for c in "mamba")):
            app.post_message(events.Key(key, character))  # queued at once, as a fast typist's
        await settle(pilot)
        assert app.screen.query_one(SearchBar).text == "mamba"
        assert listed(app)[0].paper.title.startswith("Weak-Mamba")


async def test_a_slash_inside_the_query_is_typed_not_taken_as_the_key(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await pilot.press("slash", *"date:2024/02")
        await settle(pilot)
        assert app.screen.query_one(SearchBar).text == "date:2024/02"
        assert len(listed(app)) == 39
        assert "⚠" not in hint(app)


async def test_the_search_box_is_made_after_the_first_frame_or_when_opened() -> None:
    """The box is not part of the first frame (2-3 ms of it): it is mounted in idle time after
    it, or by `/` itself, and keys typed right after `/` land in it either way."""
    from textual.app import App, ComposeResult

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield SearchBar()

    async with Host().run_test(size=SIZE) as pilot:
        bar = pilot.app.query_one(SearchBar)
        assert not bar.query(Input)  # not part of the first frame
        bar.open()
        await pilot.press("g", "s")
        assert bar.query_one(Input).has_focus and bar.text == "gs"

    async with Host().run_test(size=SIZE) as pilot:
        bar = pilot.app.query_one(SearchBar)
        bar.prepare()
        await pilot.pause()
        assert len(bar.query(Input)) == 1
        bar.prepare()  # once only
        await pilot.pause()
        assert len(bar.query(Input)) == 1


async def test_the_reader_makes_its_search_box_once_the_first_frame_is_shown(make_app) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(pilot.app.screen.query_one(SearchBar).query(Input)) == 1


async def test_a_search_box_leaving_the_screen_is_not_made() -> None:
    """The reader quitting right after its first frame: prepare() (queued after that frame) met
    a bar already taken off the screen, and its MountError ended the app with a traceback."""
    from textual.app import App, ComposeResult

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield SearchBar()

    async with Host().run_test(size=SIZE) as pilot:
        bar = pilot.app.query_one(SearchBar)
        await bar.remove()
        bar.prepare()  # no MountError
        assert bar.text == "" and not bar.query(Input)
