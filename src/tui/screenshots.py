"""Write the README's SVG screenshots: `python -m tui.screenshots [--out screenshots]`.

Drives the real app headless over the bundled samples (2024 and 2026; a few days made from the
first), with its state and parse cache in a throwaway folder (the user's read marks and cache are
neither read nor touched), at fixed sizes in the default theme, so running it twice gives the
same pictures.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from textual.widgets import Input

from tui.app import build_app, open_feed
from tui.library import bundled_sample, open_library
from tui.state import StateStore
from tui.triage.records import Rule


@dataclass(frozen=True)
class Shot:
    name: str
    size: tuple[int, int]
    language: str = "original"
    keys: tuple[str, ...] = ()
    read: int = 0  # mark this many of the first papers read beforehand
    days: bool = False  # the several-day library instead of the sample alone
    export_path: str = ""  # what the export dialog's file field shows (not the machine's cwd)
    later: bool = False  # the 2026-style digest (two-level categories, status) instead
    triage: bool = False  # watches, a hide rule, tags, a note and stars (example_triage)


def example_triage(store: StateStore) -> None:
    """The triage of the screenshots (and of the triage snapshots) on the bundled sample."""
    store.save_rule(Rule("watch", "diffusion", "title:diffusion"))
    store.save_rule(Rule("watch", "Qifeng Chen", 'author:"Qifeng Chen"'))
    store.save_rule(Rule("hide", "video", "title:video"))
    store.set_tags("2402.10896", frozenset({"to read", "vlm"}))
    store.set_tags("2402.10884", frozenset({"vlm"}))
    store.set_note("2402.10896", "Compare the adapter with LLaVA's projector.")
    store.set_starred("2402.10896")
    store.set_starred("2402.10884")


SHOTS = (
    Shot("reader-120x40", (120, 40), read=3, keys=("j", "j", "j")),
    Shot("translation-120x40", (120, 40), language="translation", read=3, keys=("j", "j", "j")),
    Shot("both-200x60", (200, 60), language="both", read=3, keys=("j", "j", "j")),
    Shot("narrow-80x24", (80, 24)),
    Shot("help-120x40", (120, 40), keys=("question_mark",)),
    Shot("later-160x45", (160, 45), later=True, read=2, keys=("j", "j", "j", "j")),
    Shot(
        "later-translation-120x40",
        (120, 40),
        language="translation",
        later=True,
        read=2,
        # To the sidebar, collapse the first parent, down to the second parent's first child.
        keys=("shift+tab", "j", "left", "j", "j", "tab", "j"),
    ),
    Shot("days-120x40", (120, 40), days=True, read=1, keys=("left_square_bracket",)),
    Shot("all-days-120x40", (120, 40), days=True, read=1, keys=("a", "end")),
    Shot("day-picker-100x30", (100, 30), days=True, read=1, keys=("left_square_bracket", "d")),
    Shot(
        "search-120x40",
        (120, 40),
        days=True,
        keys=("slash", *"title:diffusion model", "enter", "j"),
    ),
    Shot("triage-140x44", (140, 44), triage=True),
    Shot("for-you-140x44", (140, 44), triage=True, keys=("f",)),
    Shot("watch-dialog-120x40", (120, 40), triage=True, keys=("j", "j", "j", "j", "j", "w")),
    Shot(
        "export-80x24",
        (80, 24),
        days=True,
        keys=("j", "space", "space", "e"),
        export_path="~/Downloads/arxiv-selection.bib",
    ),
)

_CATEGORY = re.compile(r"^>## \*\*(.+)\*\*$", re.MULTILINE)
_ENTRY = re.compile(r"^>>\*\*index:\*\*", re.MULTILINE)


def later_sample() -> Path:
    """A digest in the 2026 format (FORMAT.md §7: `##`/`###` bilingual categories, status, cut
    author lists, a failed translation, a duplicate row), shipped beside the 2024 sample."""
    return Path(str(resources.files("tui") / "data" / "2026-01-07.md"))


def sample_days(folder: Path) -> Path:
    """Three dated digests made from the bundled sample's own entries (2024-02-14 to -16): the
    16th is the sample, the older days repeat a few of its papers (for "also on")."""
    folder.mkdir(parents=True, exist_ok=True)
    sample = bundled_sample()
    text = sample.read_text(encoding="utf-8")
    heads = list(_CATEGORY.finditer(text))
    blocks: dict[str, list[str]] = {}
    for at, head in enumerate(heads):
        body = text[head.end() : heads[at + 1].start() if at + 1 < len(heads) else len(text)]
        starts = [m.start() for m in _ENTRY.finditer(body)]
        ends = [*starts[1:], len(body)]
        blocks[head[1]] = [body[s:e].rstrip() + "\n" for s, e in zip(starts, ends, strict=True)]

    def digest(date: dt.date, categories: list[tuple[str, list[str]]]) -> str:
        parts = [f"## [UPDATED!] **{date.isoformat()}** (Publish Time)\n"]
        for name, entries in categories:
            parts += [f"\n>## **{name}**\n>---\n", *entries]
        return "".join(parts)

    shutil.copyfile(sample, folder / "2024-02-16.md")
    multimodal, transformer, other = blocks["多模态"], blocks["Transformer"], blocks["其他"]
    (folder / "2024-02-15.md").write_text(
        digest(
            dt.date(2024, 2, 15),
            [("多模态", multimodal[:1] + multimodal[3:4]), ("Transformer", transformer)],
        ),
        encoding="utf-8",
    )
    (folder / "2024-02-14.md").write_text(
        digest(dt.date(2024, 2, 14), [("其他", other[:2]), ("多模态", multimodal[:1])]),
        encoding="utf-8",
    )
    return folder


async def take(shot: Shot, out: Path, workdir: Path) -> Path:
    """Run one app to the shot's state and save its screen as `out/<name>.svg`."""
    if shot.later:
        paths = [later_sample()]
    else:
        paths = [sample_days(workdir / "days")] if shot.days else [bundled_sample()]
    cache = workdir / "cache.sqlite3"
    library = open_library(paths, cache=cache)
    with StateStore(workdir / f"{shot.name}.sqlite3") as store:
        store.set_pref("language", shot.language)
        ids = [paper.arxiv_id for paper in library.days[0].papers[: shot.read]]
        store.set_read_many(ids)
        if shot.triage:
            example_triage(store)
        app = build_app(open_feed(paths, cache_path=cache), store)
        async with app.run_test(size=shot.size) as pilot:
            for _ in range(500):  # every paper gathered and the search ready
                await pilot.pause(0.01)
                if app.session.ready:
                    break
            await pilot.pause()
            await app.workers.wait_for_complete()  # the rules matched over the library
            await pilot.pause()
            await pilot.press(*shot.keys)
            for _ in range(3):  # the key's work (a ranking, a count), then what it changed
                await pilot.pause()
                await app.workers.wait_for_complete()
            await pilot.pause()
            if shot.export_path:
                app.screen.query_one("#export-path", Input).value = shot.export_path
                await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            return Path(app.save_screenshot(f"{shot.name}.svg", path=str(out)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.screenshots", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="folder for SVGs")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="arxiv-digest-shots-") as workdir:
        for shot in SHOTS:
            print(asyncio.run(take(shot, args.out, Path(workdir))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
