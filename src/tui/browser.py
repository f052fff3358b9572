"""Whether the browser `webbrowser.open` would start runs in the terminal (w3m, lynx, ...).

A console browser takes the terminal the reader draws on: run beside the reader, both drew on one
screen and keys went to either. The app suspends itself while one runs (App.suspend), or says it
cannot. Which browser: the first of webbrowser's choices (BROWSER first, then what it found).
"""

from __future__ import annotations

import os
import shlex
import webbrowser

# Browsers that draw in the terminal they are started from (Debian's www-browser is, by policy,
# a text-mode browser; x-www-browser is the graphical one).
CONSOLE_BROWSERS = frozenset(
    {"w3m", "lynx", "links", "links2", "elinks", "www-browser", "browsh", "carbonyl", "edbrowse"}
)


def console_browser() -> str | None:
    """The name of the console browser webbrowser.open would try first, else None."""
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return None
    return console_name(str(getattr(browser, "name", "") or ""))


def console_name(command: str) -> str | None:
    """The console browser a command line starts ("/usr/bin/w3m -o x %s" -> "w3m"), or None."""
    try:
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    name = os.path.basename(words[0]).lower() if words else ""
    return name if name in CONSOLE_BROWSERS else None
