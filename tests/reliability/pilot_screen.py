"""What a Pilot-driven app shows: its screen as text lines, read back from its SVG screenshot."""

from __future__ import annotations

import html
import re

from rich.cells import cell_len
from textual.app import App
from textual.pilot import Pilot

_RUN = re.compile(
    r'<text [^>]*?x="([\d.]+)" y="([\d.]+)" textLength="([\d.]+)"[^>]*>([^<]*)</text>'
)


def screen_lines(app: App) -> list[str]:
    """Rich's SVG places each run of text at x = column × cell width; blank runs are left out."""
    runs = [
        (float(x), float(y), float(length), html.unescape(text).replace("\xa0", " "))
        for x, y, length, text in _RUN.findall(app.export_screenshot())
    ]
    cell = next(length / cell_len(text) for _, _, length, text in runs if cell_len(text))
    rows: dict[float, str] = {}
    for x, y, _, text in sorted(runs):
        line = rows.get(y, "")
        rows[y] = line + " " * (round(x / cell) - cell_len(line)) + text
    return [rows[y] for y in sorted(rows)]


def screen_text(app: App) -> str:
    return "\n".join(screen_lines(app))


async def settle(pilot: Pilot) -> None:
    """Let messages, workers and the next refresh run."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
