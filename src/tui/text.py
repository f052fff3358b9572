"""Text hygiene shared by the parser and the UI: nothing from a digest reaches a terminal raw."""

from __future__ import annotations

import os
import re

# C0 and C1 controls (but tab and newline), DEL, and the invisible format characters that can
# reorder (bidi overrides and isolates), hide (zero-width) or fake text in a terminal.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
)


def sanitize(text: str) -> str:
    """Remove terminal control, bidi and zero-width characters; keep newlines and tabs."""
    # isprintable() is a fast C check that is False for every character _UNSAFE matches
    # (and for a few harmless ones, such as U+3000), so clean text skips the slower regex,
    # and so do the clean lines of a file with a few bad ones.
    probe = text.replace("\n", " ")
    if "\t" in probe:
        probe = probe.replace("\t", " ")
    if probe.isprintable():
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not line.isprintable():
            lines[i] = _UNSAFE.sub("", line)
    return "\n".join(lines)


def one_line(text: str) -> str:
    """Sanitize and fold every run of whitespace (line-wrap residue, newlines) into one space."""
    return " ".join(sanitize(text).split())


def display_path(path: str | os.PathLike[str]) -> str:
    """A file name as it may be shown (a notice, a warning, an export's `file` field).

    File names are untrusted like digest text: control and bidi characters are removed and line
    breaks become spaces. Bytes that are not UTF-8 (a Linux name such as b"2024-02-\\xff.md",
    which Python holds as a lone surrogate) show as U+FFFD; the real path is kept elsewhere for
    opening the file.
    """
    text = os.fsencode(path).decode("utf-8", "replace")
    if not text.isprintable():
        text = sanitize(text.replace("\n", " ").replace("\t", " "))
    return text
