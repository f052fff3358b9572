"""b (BibTeX of one paper), space (select), x (unselect all) and e (the export dialog): files
written, what the clipboard got, errors said in the dialog."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import bibtexparser
import pytest
from textual.widgets import Input, RadioSet
from ui_helpers import SIZE, settle, settle_library

from tui.screens.dialogs.export_dialog import ExportDialog
from tui.screens.main import MainScreen
from tui.widgets.paper_list import SELECTED_MARK, PaperList

pytestmark = pytest.mark.usefixtures("no_system_clipboard")


def dialog(app) -> ExportDialog:
    assert isinstance(app.screen, ExportDialog)
    return app.screen


async def choose(pilot, radio_set: str, index: int) -> None:
    """Pick option `index` of a radio set with the keyboard, as a user does."""
    radios = pilot.app.screen.query_one(radio_set, RadioSet)
    radios.focus()
    await pilot.pause()
    for _ in range(len(radios.children)):  # back to the first option
        await pilot.press("up")
    for _ in range(index):
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)
    assert radios.pressed_index == index


async def export_to(pilot, path: Path) -> None:
    field = pilot.app.screen.query_one("#export-path", Input)
    field.value = str(path)
    await pilot.press("ctrl+s")
    await settle(pilot)


def status(app) -> str:
    return app.screen.query_one("#export-status").render().plain


async def test_b_copies_the_bibtex_entry_of_the_selected_paper(make_app, recorder) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle_library(pilot)
        await pilot.press("j", "b")
        await settle(pilot)
        paper = app.screen.session.current_paper
        entries = bibtexparser.loads(app.clipboard).entries
        assert len(entries) == 1
        assert entries[0]["eprint"] == paper.arxiv_id
        assert entries[0]["title"] == "{" + paper.title + "}"
        assert entries[0]["author"].startswith(paper.authors[0])
        note = recorder.last()
        assert note.title == "Copied" and "terminal" in note.message
        assert note.message.splitlines()[1].startswith("@")


async def test_space_selects_moves_down_and_the_selection_survives_moving_around(
    make_app, days
) -> None:
    app = make_app(days.folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        papers = app.screen.query_one(PaperList)
        await pilot.press("space", "space")
        await settle(pilot)
        assert papers.cursor == 2
        assert papers.render_row(0, 80).plain[2] == SELECTED_MARK
        assert papers.render_row(1, 80).plain[2] == SELECTED_MARK
        assert papers.render_row(2, 80).plain[2] == " "
        assert "2 selected · 3/39" in papers.border_subtitle
        selected = [e.paper for e in papers.entries[:2]]
        await pilot.press("left_square_bracket")  # another day lists the first one too
        await settle(pilot)
        assert papers.render_row(0, 80).plain[2] == SELECTED_MARK
        await pilot.press("k", "space")  # unselect it here: one selection for the paper
        await settle(pilot)
        assert [e.paper for e in app.screen.session.selection.values()] == selected[1:]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert papers.render_row(0, 80).plain[2] == " "
        assert papers.render_row(1, 80).plain[2] == SELECTED_MARK
        await pilot.press("x")
        await settle(pilot)
        assert app.screen.session.selection == {}
        assert papers.render_row(1, 80).plain[2] == " "


async def test_e_exports_the_selection_as_json_to_a_file(make_app, days, tmp_path: Path) -> None:
    app = make_app(days.folder)
    target = tmp_path / "picked.json"
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await pilot.press("j", "space", "left_square_bracket", "space")
        await settle(pilot)
        chosen = [e.paper.arxiv_id for e in app.screen.session.selection.values()]
        await pilot.press("e")
        await settle(pilot)
        assert "Selected with space" in str(
            dialog(app).query_one("#export-scope").children[0].label
        )
        assert "2 papers as BibTeX" in status(app)  # the count, before anything is written
        await choose(pilot, "#export-format", 3)
        assert "2 papers as JSON" in status(app)
        assert dialog(app).query_one("#export-path", Input).value.endswith(".json")
        await export_to(pilot, target)
        assert isinstance(app.screen, MainScreen)
    records = json.loads(target.read_text(encoding="utf-8"))
    assert [r["arxiv_id"] for r in records] == chosen
    assert [r["date"] for r in records] == ["2024-02-16", "2024-02-15"]
    assert all(r["file"].endswith(r["date"] + ".md") for r in records)


async def test_e_exports_the_current_category_as_csv(make_app, tmp_path: Path, recorder) -> None:
    app = make_app()
    target = tmp_path / "category.csv"
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle_library(pilot)
        await pilot.press("shift+tab", "j", "j", "tab", "e")  # the second category
        await settle(pilot)
        shown = [p.arxiv_id for p in app.screen_stack[0].query_one(PaperList).papers]
        assert f"{len(shown)} papers as BibTeX" in status(app)
        await choose(pilot, "#export-format", 2)
        await export_to(pilot, target)
    text = target.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["arxiv_id"] for row in rows] == shown
    assert any(n.title == "Exported" and str(target) in n.message for n in recorder.notifications)


async def test_e_copies_a_search_result_as_markdown(make_app, recorder) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle_library(pilot)
        await pilot.press("slash", *"mamba", "enter")
        await settle(pilot)
        found = [p.title for p in app.screen.query_one(PaperList).papers]
        await pilot.press("e")
        await settle(pilot)
        assert "This search: mamba" in str(dialog(app).query_one("#export-scope").children[0].label)
        await choose(pilot, "#export-format", 1)
        await choose(pilot, "#export-target", 1)
        assert not dialog(app).query_one("#export-file-row").display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        for title in found:
            assert title.split(":")[0] in app.clipboard
        assert recorder.last().title == "Exported"


async def test_the_starred_only_view_is_what_e_exports(make_app, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await pilot.press("s", "j", "j", "s", "S", "e")
        await settle(pilot)
        label = str(dialog(app).query_one("#export-scope").children[0].label)
        assert "starred only" in label and "(2 papers)" in label
        await export_to(pilot, tmp_path / "starred.bib")
    entries = bibtexparser.loads((tmp_path / "starred.bib").read_text(encoding="utf-8")).entries
    assert len(entries) == 2


async def test_an_existing_file_is_replaced_only_after_a_second_export(
    make_app, tmp_path: Path
) -> None:
    target = tmp_path / "out.bib"
    target.write_text("keep me\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await pilot.press("e")
        await settle(pilot)
        await export_to(pilot, target)
        assert isinstance(app.screen, ExportDialog)
        assert "out.bib exists" in status(app)
        assert target.read_text(encoding="utf-8") == "keep me\n"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert len(bibtexparser.loads(target.read_text(encoding="utf-8")).entries) == 39


async def test_write_problems_are_said_in_the_dialog_which_stays_open(
    make_app, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await pilot.press("e")
        await settle(pilot)
        await export_to(pilot, tmp_path / "no-such-folder" / "out.bib")
        assert "does not exist" in status(app)
        await export_to(pilot, tmp_path)
        assert "is a folder" in status(app)
        if sys.platform.startswith("linux"):
            await export_to(pilot, Path("/proc/arxiv-digest-test.bib"))  # refused even to root
            assert "cannot write /proc/arxiv-digest-test.bib" in status(app)
        assert dialog(app).query_one("#export-status").has_class("-problem")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.is_running


async def test_the_default_file_goes_to_the_downloads_folder(make_app, isolated_dirs) -> None:
    downloads = isolated_dirs.home / "Downloads"
    downloads.mkdir()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_library(pilot)
        await pilot.press("e")
        await settle(pilot)
        shown = dialog(app).query_one("#export-path", Input).value
        assert shown == "~/Downloads/arxiv-2024-02-16.bib"
        path = Path(shown).expanduser()
        assert path.parent == downloads
        assert path.name == "arxiv-2024-02-16.bib"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert (downloads / "arxiv-2024-02-16.bib").is_file()
