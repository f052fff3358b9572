"""What the parser promises for any input, as assertions; and a hang guard. Shared by the fuzz
tests and scripts/fuzz_parser.py."""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager

from tui.model import Digest
from tui.parser import DigestError, parse
from tui.text import sanitize

FORMATS = {"detailed", "table", "mixed", "empty"}
_HTTP = re.compile(r"https?://", re.IGNORECASE)

# Far above the few milliseconds a fuzz example takes: only a hang (or super-linear work on a
# long line) reaches it. It is a guard, not a speed test.
HANG_GUARD_S = 20.0


class Hang(AssertionError):
    """The parser did not return within the hang guard."""


@contextmanager
def hang_guard(seconds: float = HANG_GUARD_S, what: str = "parse") -> Iterator[None]:
    """Fail with Hang instead of blocking forever (SIGALRM interrupts regex matching too)."""

    def on_alarm(signum: int, frame: object) -> None:
        raise Hang(f"{what} did not return within {seconds:g} s (a hang or super-linear work)")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parse_or_error(text: str, source: str = "fuzz.md") -> Digest | DigestError:
    """parse(), which may only return a Digest or raise DigestError (anything else propagates)."""
    with hang_guard():
        try:
            digest = parse(text, source=source)
        except DigestError as error:
            check_error(error, source)
            return error
    check_digest(digest, source)
    return digest


def check_error(error: DigestError, source: str) -> None:
    message = str(error)
    assert message.startswith(f"{source}: ") and len(message) > len(source) + 3, message


def check_digest(digest: Digest, source: str) -> None:
    """Every promise a parsed digest keeps, whatever the input was."""
    assert isinstance(digest, Digest)
    assert digest.format in FORMATS
    assert (digest.format == "empty") == (not digest.categories)
    assert digest.source == source
    for warning in digest.warnings:
        assert warning.startswith(f"{source}:"), warning
    names = [category.name for category in digest.categories]
    assert len(set(names)) == len(names)
    for category in digest.categories:
        assert category.name and _clean_line(category.name), category.name
        assert category.papers
        for paper in category.papers:
            assert paper.title and paper.arxiv_id
            assert paper.line >= 1
            assert paper.version is None or paper.version >= 0
            assert paper.pdf_url == f"https://arxiv.org/pdf/{paper.versioned_id}"
            assert paper.abs_url == f"https://arxiv.org/abs/{paper.versioned_id}"
            one_liners = [paper.title, paper.title_cn, paper.abstract, paper.abstract_cn]
            one_liners += [*paper.authors, paper.arxiv_id, paper.code_url]
            one_liners += [name for name, _ in paper.extras]
            for text in one_liners:
                assert _clean_line(text), (paper.arxiv_id, text)
            for _, value in paper.extras:
                assert value and sanitize(value) == value, value
            if paper.code_url:
                assert _HTTP.match(paper.code_url), paper.code_url
                assert not any(ch.isspace() for ch in paper.code_url), paper.code_url


def _clean_line(text: str) -> bool:
    """Sanitized (no terminal controls, bidi or zero-width characters) and on one line."""
    return sanitize(text) == text and "\n" not in text
