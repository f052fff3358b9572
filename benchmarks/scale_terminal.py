"""The pty harness of bench_scale.py: a program on a 120x40 pty, its screen, its memory.

Why apart: bench_scale.py says what to measure; this says how a figure is taken. A key is timed
from the write until its own change is on the screen (a signature of the rows differs) and the
screen below the header row has then been still for QUIET seconds: the key's whole answer, not
its first frame. The header row is left out of "still" because it shows the load's progress.
The program's child processes (the parser pool) are sampled from /proc while it runs.
"""

from __future__ import annotations

import codecs
import os
import select
import time
from collections.abc import Callable
from pathlib import Path

from bench_startup import COLS, ROWS, TIMEOUT, Terminal
from vt_screen import Screen

Signature = Callable[[list[str]], str]
QUIET = 0.05  # the screen is settled after this long without a change
SETTLE_CAP = 0.5  # a screen still changing after this long (a growing list) counts as settled
KEY_TIMEOUT = 2.0  # a key whose change has not come by then is counted as missed
SAMPLE_EVERY = 0.5  # seconds between samples of the child processes

MINIMAL_APP = '''\
"""A minimal Textual app: the baseline bench_scale.py compares the reader with."""

from textual.app import App, ComposeResult
from textual.widgets import Label, ListItem, ListView, Static


class Minimal(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.typed = ""

    def compose(self) -> ComposeResult:
        yield Static("minimal app ready")
        yield ListView(*[ListItem(Label(f"row {i}: a paper title")) for i in range(8)])
        yield Static("waiting", id="detail")

    def on_key(self, event) -> None:  # every key answers on screen, as the reader's do
        self.count += 1
        if event.key == "j":
            view = self.query_one(ListView)
            view.index = ((view.index or 0) + 1) % len(view.children)
        if event.character and event.character.isprintable():
            self.typed = (self.typed + event.character)[-18:]
        if event.key == "q":
            self.exit()
        detail = f"pressed {event.key} #{self.count} typed {self.typed}"
        self.query_one("#detail", Static).update(detail)


if __name__ == "__main__":
    Minimal().run()
'''


def fresh_env(home: Path) -> dict[str, str]:
    """The environment of a run: the terminal's size and XDG folders under home (made by the
    program; the same home again is a warm start)."""
    env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(ROWS))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name)
    env.pop("TEXTUAL", None)
    return env


def _status(pid: int, field: str) -> float:
    """A /proc/PID/status figure in MB (0 when the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def descendants(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


class Probe:
    """A program on a pty, its screen as rows, and the timing of what it draws."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.term = Terminal(command, env)
        self.screen = Screen(ROWS, COLS)
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.body = self.screen.rows()[1:]
        self.last_change = 0.0
        self.missed: dict[str, int] = {}
        self.child_hwm: dict[int, float] = {}
        self.children_total = 0.0
        self.next_sample = 0.0

    def now(self) -> float:
        return time.perf_counter() - self.term.started

    def rows(self) -> list[str]:
        return self.screen.rows()

    def write(self, text: str) -> float:
        """Send keys; returns when (seconds since the start)."""
        return self.term.press(text)

    def _read(self, timeout: float) -> bool:
        """Read what comes within timeout into the screen; False when the program is gone."""
        if self.now() >= self.next_sample:
            self._sample()
        ready, _, _ = select.select([self.term.master], [], [], max(0.0, timeout))
        if not ready:
            return self.term.process.poll() is None
        try:
            chunk = os.read(self.term.master, 65536)
        except OSError:
            return False
        self.screen.feed(self.decoder.decode(chunk))
        body = self.screen.rows()[1:]
        if body != self.body:
            self.body = body
            self.last_change = self.now()
        return True

    def _sample(self) -> None:
        self.next_sample = self.now() + SAMPLE_EVERY
        total = 0.0
        for child in descendants(self.term.process.pid):
            self.child_hwm[child] = max(self.child_hwm.get(child, 0.0), _status(child, "VmHWM"))
            total += _status(child, "VmRSS")
        self.children_total = max(self.children_total, total)

    def idle(self, seconds: float) -> None:
        end = self.now() + seconds
        while (left := end - self.now()) > 0 and self._read(min(left, 0.05)):
            pass

    def wait_rows(
        self, ready: Callable[[list[str]], bool], timeout: float = TIMEOUT
    ) -> float | None:
        """Seconds since the start when ready(rows) first holds; None after timeout."""
        end = self.now() + timeout
        while self.now() < end:
            if ready(self.screen.rows()):
                return self.now()
            if not self._read(0.05):
                break
        return None

    def wait_text(self, text: str, timeout: float = TIMEOUT) -> float:
        found = self.wait_rows(lambda rows: any(text in row for row in rows), timeout)
        if found is None:
            screen = "\n".join(self.screen.rows())
            raise RuntimeError(f"{text!r} never appeared within {timeout} s; the screen:\n{screen}")
        return found

    def settled(self, start: float, changed_at: float | None = None) -> float:
        """Seconds from start until the body stopped changing (still for QUIET seconds)."""
        changed_at = changed_at if changed_at is not None else self.now()
        cap = self.now() + SETTLE_CAP
        while self.now() < cap:
            if self.now() - self.last_change >= QUIET:
                break
            self._read(QUIET / 5)
        last = self.last_change if self.now() < cap else changed_at
        return max(last, changed_at) - start

    def key(
        self, key: str, signature: Signature, pause: float = 0.15, record: bool = True
    ) -> float | None:
        """Press key after `pause` of reading; seconds until its answer settled, None if missed
        (counted in self.missed when record)."""
        self.idle(pause)
        before = signature(self.screen.rows())
        start = self.write(key)
        end = start + KEY_TIMEOUT
        while self.now() < end:
            if signature(self.screen.rows()) != before:
                return self.settled(start, self.now())
            self._read(0.005)
        if record:
            self.missed[key] = self.missed.get(key, 0) + 1
        return None

    def peak_mb(self) -> float:
        return _status(self.term.process.pid, "VmHWM")

    def children_peaks(self) -> tuple[float | None, float | None]:
        """(the largest child's peak, the children's RSS together at its largest sample)."""
        if not self.child_hwm:
            return None, None
        return max(self.child_hwm.values()), self.children_total

    def close(self) -> None:
        self.term.close()
