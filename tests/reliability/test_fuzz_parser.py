"""Parser fuzzing: random and mutated digests, random bytes and broken encodings.

For any input, parse()/load() return a Digest that keeps every promise in checks.check_digest
(sanitized one-line values, http(s) code links, warnings naming the file…) or raise DigestError
with a message naming the file; never another exception, never a hang (checks.hang_guard).
scripts/fuzz_parser.py runs the same properties for 100,000 examples.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from checks import check_digest, check_error, hang_guard, parse_or_error
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from strategies import TOKENS, hostile_bytes, hostile_texts, mutated_digests

from tui.parser import DigestError, load
from tui.writer import render

# A few thousand examples in CI, in a few seconds each.
SETTINGS = settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(hostile_texts())
@example("")
@example("\n\n")
@example("## [UPDATED!] **2024-13-45** (Publish Time)\n")
@example(">>**index:** 1<br />\n**Title:** **x**<br />\n**PDF:** 2401.00001v99999999999999999\n")
@example("|Title|PDF|\n|---|---|\n|" + "\\" * 5000 + "|2401.00001|\n")
def test_parse_returns_a_clean_digest_or_a_digest_error(text: str) -> None:
    parse_or_error(text)


@settings(SETTINGS, max_examples=700)
@given(mutated_digests())
def test_mutated_real_digests_parse_or_fail_cleanly(text: str) -> None:
    parse_or_error(text, source="digests/2024-02-16.md")


@settings(SETTINGS, max_examples=200)
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=400).map("".join))
def test_token_soup_in_every_field_parses_or_fails_cleanly(soup: str) -> None:
    """The same soup in every field of a real entry and in a table row."""
    fields = [
        "## [UPDATED!] **2024-01-01** (Publish Time)",
        f">## **{soup}**",
        ">>**index:** 1<br />",
        *(f"**{label}:** {soup}<br />" for label in ("Title", "Title_cn", "Authors", "Code")),
        f"**Abstract:** <details><summary>原文: </summary>{soup}</details>",
        f"**PDF:** {soup} <http://arxiv.org/pdf/2401.00001v1><br />",
        f"**{soup[:20]}:** {soup}",
        "",
        "|Title|Authors|PDF|Code|",
        "|---|---|---|---|",
        f"|{soup}|{soup}|{soup} 2401.00002|{soup}|",
    ]
    result = parse_or_error("\n".join(fields))
    assert not isinstance(result, DigestError)  # it has a date line: it is a digest


_FILES = Path(tempfile.mkdtemp(prefix="fuzz-load-"))


@settings(SETTINGS, max_examples=300)
@given(hostile_bytes())
def test_load_of_any_bytes_returns_a_digest_or_a_digest_error(data: bytes) -> None:
    path = _FILES / "2024-02-16.md"
    path.write_bytes(data)
    with hang_guard(what="load"):
        try:
            digest = load(path)
        except DigestError as error:
            check_error(error, str(path))
            return
    check_digest(digest, str(path))


def test_a_rendered_digest_cut_anywhere_still_parses() -> None:
    """Every prefix of a real file (cut mid-line, mid-field, mid-entity) is read or refused."""
    sample = Path(__file__).parents[2] / "src" / "tui" / "data" / "2024-02-16.md"
    text = render(load(sample))[:12_000]
    for end in range(0, len(text), 7):
        parse_or_error(text[:end])


ENTRY = "## [UPDATED!] **2024-01-01**\n>>**index:** 1<br />\n**PDF:** 2401.00001v1\n"


def test_a_character_reference_of_5000_digits_is_not_a_crash() -> None:
    parse_or_error(ENTRY + "**Title:** &#" + "9" * 5_000 + ";\n")


def test_a_version_of_5000_digits_is_not_a_crash() -> None:
    parse_or_error(ENTRY + "**Title:** x\n**PDF:** 2401.00002v" + "9" * 5_000 + "\n")
