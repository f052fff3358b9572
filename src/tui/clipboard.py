"""Copy text (a PDF link, a BibTeX entry) and say honestly how it went.

Two ways exist and neither can be trusted alone:
- the system clipboard through pyperclip (xclip/xsel/wl-copy, pbcopy, Windows). It fails loudly when
  no tool or display exists, but over SSH it fills the *remote* machine's clipboard;
- the terminal, through OSC 52 (Textual's App.copy_to_clipboard, passed in as terminal_copy). It
  reaches the user's own machine over SSH, but terminals and tmux may drop it without a word.

Mode "auto" (the default) therefore uses both; "system" or "terminal" (config key `clipboard`)
forces one. pyperclip's Linux tools do not report failure (xclip with a stale DISPLAY exits
quietly), so the system copy is read back with pyperclip.paste() and counts only if it matches.
OSC 52 has no answer at all: a terminal copy is reported as sent, never as verified.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import pyperclip

MODES = ("auto", "system", "terminal")
_READ_BACK_PAUSES = (0.0, 0.02, 0.05, 0.1)  # seconds; waited only while the copy isn't visible


@dataclass(frozen=True, slots=True)
class CopyResult:
    ok: bool
    via: str  # "system+terminal", "system", "terminal" or "none"
    message: str  # ready for a notification (plain text; show it with markup off)


def copy(
    text: str,
    terminal_copy: Callable[[str], None] | None = None,
    *,
    what: str = "text",
    mode: str = "auto",
) -> CopyResult:
    """Copy text the ways mode allows; what names it in the message ("PDF link"). Never raises."""
    if not text:
        return CopyResult(False, "none", f"Nothing to copy: no {what}")
    if mode not in MODES:
        mode = "auto"
    problems = []
    system_ok = False
    if mode != "terminal":
        system_problem = _system_copy(text)
        system_ok = system_problem is None
        problems += [system_problem] if system_problem else []
    terminal_ok = False
    if mode != "system":
        terminal_problem = _terminal_copy(terminal_copy, text)
        terminal_ok = terminal_problem is None
        problems += [terminal_problem] if terminal_problem else []

    if system_ok and terminal_ok:
        return CopyResult(True, "system+terminal", f"Copied {what} (system clipboard and terminal)")
    if system_ok:
        return CopyResult(True, "system", f"Copied {what} to the system clipboard")
    if terminal_ok:
        note = "".join(f"; {problem}" for problem in problems)
        return CopyResult(True, "terminal", f"Copied {what} via the terminal (OSC 52){note}")
    reasons = " and ".join(problems)
    return CopyResult(
        False, "none", f"Couldn't copy {what} ({reasons}): select it on screen and copy it by hand"
    )


def _system_copy(text: str) -> str | None:
    """None when pyperclip copied text and reads it back, else why not."""
    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException:
        return "no system clipboard found"
    except Exception as exc:  # a clipboard tool that vanished or broke
        return f"the system clipboard failed ({type(exc).__name__})"
    for pause in _READ_BACK_PAUSES:  # xclip may take over the selection a moment after it exits
        time.sleep(pause)
        try:
            pasted = pyperclip.paste()
        except Exception:
            return None  # cannot read it back on this system: trust the copy
        if pasted.rstrip("\r\n") == text.rstrip("\r\n"):
            return None
    return "the system clipboard did not take it"


def _terminal_copy(terminal_copy: Callable[[str], None] | None, text: str) -> str | None:
    if terminal_copy is None:
        return "no terminal to send it through"
    try:
        terminal_copy(text)
    except Exception as exc:
        return f"the terminal copy failed ({type(exc).__name__})"
    return None
