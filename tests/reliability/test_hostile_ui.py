"""Hostile content in the UI: shown literally or stripped, clicks do nothing, the layout holds.

tests/ui/test_ui_safety.py covers `[@click=…]` and Rich markup in titles, authors and categories,
clicks on them, and a few escape sequences. This adds what the issue lists beyond that:
`[link=…]` markup (clicking it opens nothing), OSC 52 and OSC 8 sequences, bidi isolates and
marks, 10,000-character words (the layout holds in every pane and language), links with
credentials or control characters (refused with a message), and the real app's byte stream on a
pty: no escape sequence from a digest ever reaches the terminal.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
from pilot_screen import screen_lines, screen_text, settle
from pty_app import PtyApp, wait_until
from rich.cells import cell_len
from textual.message import Message
from textual.notifications import Notify

from tui.app import build_app
from tui.library import Day, Library
from tui.model import Category, Paper
from tui.reader.feed import LibraryFeed
from tui.state import StateStore

SIZE = (120, 40)
HOSTILE_FILE = Path(__file__).parents[1] / "fixtures" / "hostile" / "hostile-2024-02-16.md"

LINK = "[link=https://evil.example/t]Click me[/link]"
CLICK = "[@click=app.quit]quit[/]"
RICH = "[bold red]rich[/]"
ANSI = "\x1b[31mred\x1b[0m \x1b[2Jcleared \x1b[5mblink"
OSC52 = "\x1b]52;c;aGFja2Vk\x07"
OSC8 = "\x1b]8;;https://evil.example/osc8\x1b\\osc8\x1b]8;;\x1b\\"
BIDI = "\u202eevil\u202c \u2066iso\u2069 \u200fRLM \u061cALM"
WORD = "W" * 10_000
NEVER_ON_SCREEN = "\x1b\x07\x9b\x00\u202e\u202c\u2066\u2069\u200f\u061c"


def paper(number: int, **fields: object) -> Paper:
    aid = f"2402.0000{number}"
    links = {
        "pdf_url": f"https://arxiv.org/pdf/{aid}v1",
        "abs_url": f"https://arxiv.org/abs/{aid}v1",
    }
    return Paper(arxiv_id=aid, version=1, **{**links, **fields})  # type: ignore[arg-type]


def hostile_library() -> Library:
    """Raw strings straight into the model: the UI must clean them even if the parser did not."""
    papers = (
        paper(
            1,
            title=f"{LINK} {CLICK} {RICH} {OSC52}",
            title_cn=f"{RICH} 中文 \x9b31m红",
            authors=("[link=https://evil.example/a]Mallory[/link]", ANSI, "Bob"),
            abstract=f"{ANSI} {OSC52} {OSC8} {BIDI} end of abstract",
            abstract_cn=f"{CLICK} {BIDI}",
            code_url="https://evil.example/code",
        ),
        paper(
            2,
            title=WORD,
            title_cn="长" * 5_000,
            authors=("N" * 10_000, "Bob"),
            abstract=f"Start {WORD} end",
            abstract_cn="摘" * 10_000,
        ),
        paper(3, title="Plain neighbour paper", authors=("Alice",)),
    )
    category = Category(f"Cat {LINK} {ANSI}", papers)
    return Library([Day(dt.date(2024, 2, 16), categories=(category,))])


class Notes:
    def __init__(self) -> None:
        self.notes: list[tuple[str, str]] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            note = message.notification
            self.notes.append((note.severity, f"{note.title}: {note.message}"))


@pytest.fixture
def store(isolated_dirs) -> StateStore:
    with StateStore() as store:
        yield store


def where(lines: list[str], needle: str) -> list[tuple[int, int]]:
    """Screen (x, y) cells where `needle` starts."""
    found = []
    for y, line in enumerate(lines):
        start = line.find(needle)
        while start >= 0:
            found.append((cell_len(line[:start]), y))
            start = line.find(needle, start + 1)
    return found


async def test_link_and_click_markup_are_literal_and_clicking_them_does_nothing(
    store: StateStore, browser_log: Path
) -> None:
    app = build_app(LibraryFeed.of_library(hostile_library()), store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        text = "\n".join(lines)
        assert LINK in text  # the list row and the detail title
        assert "[link=https://evil.example/a]Mallory[/link]" in text
        assert "Cat [link=" in text  # the category sidebar
        targets = where(lines, "[link=") + where(lines, "[@click=")
        assert len(targets) >= 4
        for x, y in targets:
            for dx in (0, 3, 8, 20):
                await pilot.click(offset=(x + dx, y))
                await settle(pilot)
        assert app.is_running
        assert store.read_ids() == set()  # no [@click=…] ran an action
    assert not browser_log.exists()  # no [link=…] was opened


async def test_escape_sequences_and_bidi_controls_never_reach_the_screen(
    store: StateStore,
) -> None:
    app = build_app(LibraryFeed.of_library(hostile_library()), store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen = []
        for _ in range(3):  # each language: original, translation, both
            seen.append(screen_text(app))
            await pilot.press("t")
            await settle(pilot)
        text = "\n".join(seen)
        for char in NEVER_ON_SCREEN:
            assert char not in text, repr(char)
        assert "]52;c;aGFja2Vk" in text  # what is left of OSC 52 is inert text
        assert "RLM ALM end of abstract" in text  # bidi controls gone, letters kept
        assert "[31mred[0m [2Jcleared [5mblink" in text


async def test_ten_thousand_character_words_keep_the_layout(store: StateStore) -> None:
    app = build_app(LibraryFeed.of_library(hostile_library()), store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for keys in ([], ["j"], ["t"], ["t"], ["t"], ["pagedown"], ["tab"], ["end"], ["j"]):
            await pilot.press(*keys)
            await settle(pilot)
            lines = screen_lines(app)
            assert len(lines) <= SIZE[1], keys
            assert max(cell_len(line) for line in lines) <= SIZE[0], keys
            text = "\n".join(lines)
            assert "Cat [link=" in text, keys  # the sidebar is still there
            assert "Plain neighbour paper" in text, keys  # so is the next row of the list
            assert "WWWWWWWWWW" in text or "长长长长长" in text, keys  # the long title, cut
        assert app.is_running


@pytest.mark.parametrize(
    ("field", "url", "reason"),
    [
        ("pdf_url", "https://user:secret@evil.example/a.pdf", "user"),
        ("abs_url", "https://arxiv.org/abs/2402.1\x1b]52;c;aGk=\x07", "control"),
        ("code_url", "https://evil.example/\u202ecode", "invisible"),
    ],
)
async def test_links_with_credentials_or_hidden_characters_are_refused(
    field: str, url: str, reason: str, store: StateStore, browser_log: Path
) -> None:
    keys = {"pdf_url": ("o", "c"), "abs_url": ("O",), "code_url": ("C",)}[field]
    unsafe = paper(1, title="Unsafe links", **{field: url})
    library = Library([Day(dt.date(2024, 2, 16), categories=(Category("C", (unsafe,)),))])
    notes = Notes()
    app = build_app(LibraryFeed.of_library(library), store)
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        for key in keys:
            notes.notes.clear()
            await pilot.press(key)
            await settle(pilot)
            errors = [message for severity, message in notes.notes if severity == "error"]
            assert errors and reason in errors[-1], (key, notes.notes)
            assert "\x1b" not in errors[-1] and "\u202e" not in errors[-1]
        assert app.clipboard == ""
    assert not browser_log.exists()


def test_the_real_terminal_stream_carries_no_sequence_from_the_digest(tmp_path: Path) -> None:
    digest = Path(shutil.copy(HOSTILE_FILE, tmp_path / HOSTILE_FILE.name))
    app = PtyApp([str(digest)], dict(os.environ))
    try:
        app.wait_for_text("Plain neighbour paper")
        for key in ("t", "j", "t", "j", "t", "k", "k"):
            size = len(app.output)
            app.press(key)
            wait_until(lambda n=size: len(app.output) > n, f"a redraw after {key!r}")
        assert app.quit() == 0
    finally:
        app.kill()
    out = app.output
    text = out.decode("utf-8", errors="replace")
    assert b"\x1b]52" not in out  # no clipboard write
    assert not re.search(rb"\x1b\]8;[^\x07\x1b]*;[^\x07\x1b]*evil", out)  # no hyperlink
    assert b"\x1b[2J" not in out and b"\x1b[5m" not in out and b"\x9b" not in out
    for char in "\u202e\u202c\u2066\u2069\u200f\u061c":
        assert char not in text, repr(char)
    assert LINK in text  # shown, as text
    assert "Traceback" not in text
