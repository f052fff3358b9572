"""Write the README's SVG screenshots: `python -m tui.screenshots [--out screenshots]`.

Drives the real app headless over the bundled sample, with its state in a throwaway folder (the
user's read marks are neither read nor touched), at fixed sizes in the default theme, so running
it twice gives the same pictures.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.app import build_app
from tui.library import bundled_sample, open_library
from tui.state import StateStore


@dataclass(frozen=True)
class Shot:
    name: str
    size: tuple[int, int]
    language: str = "original"
    keys: tuple[str, ...] = ()
    read: int = 0  # mark this many of the first papers read beforehand


SHOTS = (
    Shot("reader-120x40", (120, 40), read=3, keys=("j", "j", "j")),
    Shot("translation-120x40", (120, 40), language="translation", read=3, keys=("j", "j", "j")),
    Shot("both-200x60", (200, 60), language="both", read=3, keys=("j", "j", "j")),
    Shot("narrow-80x24", (80, 24)),
    Shot("help-120x40", (120, 40), keys=("question_mark",)),
)


async def take(shot: Shot, out: Path, workdir: Path) -> Path:
    """Run one app to the shot's state and save its screen as `out/<name>.svg`."""
    library = open_library([bundled_sample()])
    with StateStore(workdir / f"{shot.name}.sqlite3") as store:
        store.set_pref("language", shot.language)
        ids = [paper.arxiv_id for paper in library.days[0].papers[: shot.read]]
        store.set_read_many(ids)
        app = build_app(library, store)
        async with app.run_test(size=shot.size) as pilot:
            await pilot.pause()
            await pilot.press(*shot.keys)
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
