"""Helpers shared by the UI tests: the sample, a hostile digest, screen text, settling."""

from __future__ import annotations

import html
import re

from rich.cells import cell_len
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot

from tui.app import ReaderApp
from tui.library import bundled_sample

SAMPLE = bundled_sample()
SIZE = (120, 40)

# Terminal controls (SGR colour, BEL, an OSC 52 clipboard write) and markup that escape() misses.
HOSTILE_ABSTRACT = (
    "Before \x1b[31mRED\x1b[0m after \x07bell \x1b]52;c;aGk=\x07 end. [ @click=app.quit]space[/]"
)

# A small D3 digest whose strings try everything a digest should not be able to do.
HOSTILE_DIGEST = """\
## [UPDATED!] **2024-02-16** (Publish Time)

>## **Safety [@click=app.quit]cat[/]**
>---
>>**index:** 1<br />
**Title:** **[@click=app.quit]x[/]**<br />
**Title_cn:** [bold red]X[/]<br />
**Authors:** [@click=screen.toggle_read]Mallory[/], Bob<br />
**Abstract:** <details><summary>原文: </summary>ABSTRACT</details>
**Abstract_cn:** <details><summary>译文: </summary>中文 [$accent @click=app.quit]摘要[/]</details>
**PDF:** <http://arxiv.org/pdf/2402.00001v1><br />
**Code:** null<br />
>>**index:** 2<br />
**Title:** **Plain paper with a code link**<br />
**Title_cn:** 有代码的论文<br />
**Authors:** Alice Example<br />
**Abstract:** <details><summary>原文: </summary>An abstract.</details>
**Abstract_cn:** <details><summary>译文: </summary>一个摘要。</details>
**PDF:** <http://arxiv.org/pdf/2402.00002v2><br />
**Code:** <https://github.com/example/code>**<br />
>## **Second**
>---
>>**index:** 1<br />
**Title:** **No translation here**<br />
**Authors:** Carol Example<br />
**PDF:** <http://arxiv.org/pdf/2402.00003v1><br />
**Code:** null<br />
""".replace("ABSTRACT", HOSTILE_ABSTRACT)


class Recorder:
    """Collects the notifications an app raises (run_test hides toasts but not the messages)."""

    def __init__(self) -> None:
        self.notifications: list[Notification] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.notifications.append(message.notification)

    @property
    def texts(self) -> list[str]:
        return [f"{n.title}: {n.message}" for n in self.notifications]

    def last(self) -> Notification:
        assert self.notifications, "no notification was raised"
        return self.notifications[-1]


def screen_lines(app: ReaderApp) -> list[str]:
    """The text on screen, line by line, read back from the app's own SVG screenshot.

    Rich's SVG places each run of text at x = column × cell width and leaves out blank runs, so
    columns are recovered from the x positions.
    """
    svg = app.export_screenshot()
    pattern = r'<text [^>]*?x="([\d.]+)" y="([\d.]+)" textLength="([\d.]+)"[^>]*>([^<]*)</text>'
    runs = [
        (float(x), float(y), float(length), html.unescape(text).replace("\xa0", " "))
        for x, y, length, text in re.findall(pattern, svg)
    ]
    cell = next(length / cell_len(text) for _, _, length, text in runs if cell_len(text))
    rows: dict[float, str] = {}
    for x, y, _, text in sorted(runs):
        line = rows.get(y, "")
        column = round(x / cell)
        rows[y] = line + " " * (column - cell_len(line)) + text
    return [rows[y] for y in sorted(rows)]


def screen_text(app: ReaderApp) -> str:
    return "\n".join(screen_lines(app))


async def settle(pilot: Pilot) -> None:
    """Let messages, workers and the next refresh run."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def settle_library(pilot: Pilot, rounds: int = 200) -> None:
    """Wait until the library is read and searchable (the loader hands over to more workers)."""
    screen = pilot.app.screen_stack[0]
    for _ in range(rounds):
        await settle(pilot)
        if getattr(screen, "ready", True):
            return
        await pilot.pause(0.02)
    raise AssertionError("the library never finished loading")
