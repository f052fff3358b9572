"""What `w` proposes as a watch for a paper, and how a tag list is typed: plain text rules.

A watch is a saved search (tui.query's syntax), so a proposal is a name and a query the reader
can edit before saving: the paper's first and last authors (`author:"…"`, a phrase, so the whole
name must match) and a phrase of its title's first distinctive words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui.model import Paper
from tui.text import one_line

# Words too common in paper titles to say what a paper is about.
_COMMON = frozenset(
    """
    a an the of for in on with and or to via from by at as is are be we our its into using
    based towards toward through new novel efficient effective learning model models method
    methods approach framework study analysis large deep neural network networks data task
    tasks improving improved better fast robust simple generalized general scalable
    """.split()  # noqa: SIM905 (a word list reads better so)
)
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
MAX_NAME = 60


@dataclass(frozen=True, slots=True)
class Proposal:
    """A watch the reader may save as it is or edit: its name and its query."""

    name: str
    query: str


def _quoted(text: str) -> str:
    return '"' + " ".join(text.replace('"', " ").split()) + '"'


def _name(text: str) -> str:
    text = one_line(text)
    return text if len(text) <= MAX_NAME else text[: MAX_NAME - 1].rstrip() + "…"


def title_phrase(title: str, size: int = 2) -> str:
    """The first run of `size` adjacent distinctive words of `title` (else its first one)."""
    words = _WORD.findall(title)
    keep = [w.lower() not in _COMMON and len(w) > 2 for w in words]
    for start in range(len(words) - size + 1):
        if all(keep[start : start + size]):
            return " ".join(words[start : start + size])
    return next((w for w, k in zip(words, keep, strict=True) if k), "")


def watch_proposals(paper: Paper) -> list[Proposal]:
    """Proposals for `paper`, the most specific first: its first author, its last author (the
    group's head, usually), then words of its title. Empty when it has none of them."""
    found: list[Proposal] = []
    authors = [one_line(a) for a in paper.authors if one_line(a)]
    for author in dict.fromkeys(authors[:1] + authors[-1:]):
        found.append(Proposal(_name(author), f"author:{_quoted(author)}"))
    for size in (2, 1):
        phrase = title_phrase(paper.title, size)
        if phrase and all(p.name != phrase for p in found):
            found.append(Proposal(_name(phrase), f"title:{_quoted(phrase)}"))
    return found


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags typed as "a, b c, a": separated by commas, spaces inside a tag kept as one, each
    once (the first spelling wins, compared without case), control characters removed."""
    seen: dict[str, str] = {}
    for part in text.split(","):
        tag = " ".join(one_line(part).split())
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(seen.values())


def tag_edits(
    shown: Sequence[str], typed: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(added, removed) between the tags shown in the dialog and those typed back: applied to
    every paper of a selection, so a tag one paper had and the dialog did not show stays."""
    before = {t.casefold() for t in shown}
    after = {t.casefold() for t in typed}
    added = tuple(t for t in typed if t.casefold() not in before)
    removed = tuple(t for t in shown if t.casefold() not in after)
    return added, removed


def edit_tags(tags: Iterable[str], added: Sequence[str], removed: Sequence[str]) -> frozenset[str]:
    gone = {t.casefold() for t in removed}
    kept = [t for t in tags if t.casefold() not in gone]
    have = {t.casefold() for t in kept}
    return frozenset(kept + [t for t in added if t.casefold() not in have])
