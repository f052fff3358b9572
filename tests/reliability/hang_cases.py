"""Large pathological inputs, one per case, run by test_no_hang.py in subprocesses.

Each input is sized so that linear work takes well under a second while quadratic (or worse)
work would take minutes: finishing at all within the guard proves the code path is not
super-linear. Run one by hand with `python tests/reliability/hang_cases.py NAME`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from tui.links import clean_code_url
from tui.parser import DigestError, parse

HEADER = "## [UPDATED!] **2024-01-01** (Publish Time)\n\n>## **C**\n>---\n"
ENTRY = HEADER + ">>**index:** 1<br />\n**PDF:** <http://arxiv.org/pdf/2401.00001v1><br />\n"
MB = 1_000_000

CASES: dict[str, Callable[[], object]] = {}


def case(name: str) -> Callable[[Callable[[], object]], Callable[[], object]]:
    def register(function: Callable[[], object]) -> Callable[[], object]:
        CASES[name] = function
        return function

    return register


def parse_quietly(text: str) -> object:
    try:
        return parse(text)
    except DigestError as error:
        return error


# --- Paths that are linear today: guards against regressions ---------------------------------


@case("title_of_1mb_words")
def _() -> object:
    return parse_quietly(ENTRY + "**Title:** **" + "ab " * (MB // 3) + "**<br />\n")


@case("table_row_of_300k_cells")
def _() -> object:
    return parse_quietly(HEADER + "|Title|PDF|\n|---|---|\n" + "|a" * 300_000 + "|\n")


@case("table_row_of_backslash_pipes")
def _() -> object:
    return parse_quietly(HEADER + "|Title|PDF|\n|---|---|\n" + "\\|a" * 300_000 + "|\n")


@case("title_of_200k_entities")
def _() -> object:
    return parse_quietly(ENTRY + "**Title:** " + "&amp;&#124;" * 100_000 + "\n")


@case("20k_entries")
def _() -> object:
    entry = (
        ">>**index:** 1<br />\n**Title:** **T**<br />\n**Authors:** A, B<br />\n"
        "**PDF:** <http://arxiv.org/pdf/2401.{:05d}v1><br />\n**Code:** null<br />\n"
    )
    return parse_quietly(HEADER + "".join(entry.format(i) for i in range(20_000)))


@case("separator_of_1m_dashes")
def _() -> object:
    return parse_quietly("a|b\n|" + "-" * MB + "x\n" + HEADER)


@case("code_link_of_1mb")
def _() -> object:
    return parse_quietly(ENTRY + "**Title:** x\n**Code:** [a](https://x" + "y" * MB + "\n")


@case("heading_of_hash_space_pairs")
def _() -> object:
    return parse_quietly("# a" + " #" * (MB // 2) + "b\n" + HEADER)


@case("300k_lines_without_fields")
def _() -> object:
    return parse_quietly(HEADER + ">>**index:** 1<br />\n" + "y\n" * 300_000)


# --- Once super-linear (fixed; kept as regression guards) ---------------------------------


@case("heading_with_space_run")
def _() -> object:
    return parse_quietly("# a" + " " * 100_000 + "b\n" + HEADER)


@case("heading_with_hash_run")
def _() -> object:
    return parse_quietly("# a" + "#" * MB + "b\n" + HEADER)


@case("separator_after_space_run")
def _() -> object:
    return parse_quietly("a|b\n" + " " * MB + "x-\n" + HEADER)


@case("authors_with_ideographic_space_run")
def _() -> object:
    return parse_quietly(ENTRY + "**Title:** x\n**Authors:** a" + "\u3000" * MB + "b al\n")


@case("br_after_space_run")
def _() -> object:
    return parse_quietly(ENTRY + "**Title:** x" + " " * MB + "<brx\n")


@case("code_url_with_trailing_dots")
def _() -> object:
    return parse_quietly(ENTRY + "**Title:** x\n**Code:** <https://x" + "." * 2 * MB + ">\n")


@case("code_url_with_closing_parens")
def _() -> object:
    return parse_quietly(ENTRY + "**Title:** x\n**Code:** <https://x" + ")" * 500_000 + ">\n")


@case("1m_continuation_lines")
def _() -> object:
    return parse_quietly(ENTRY + "**Title:** x\n**Code/Contribution:**\n" + "yy\n" * MB)


# The fast shapes (tui/parser/fast.py) scan values with one-character classes that may run past
# the end of a line, to the next `<` or `|`: each scan must still end within about one entry.


@case("entries_without_any_angle_bracket")
def _() -> object:
    return parse_quietly(HEADER + ">>**index:** 1\n**Title:** **a title**\n" * 20_000)


@case("entries_whose_later_fields_lack_br")
def _() -> object:
    entry = ">>**index:** 1<br />\n**Title:** **T**<br />\n**Authors:** A, B\n**PDF:** x\n"
    return parse_quietly(HEADER + entry * 20_000)


@case("table_rows_a_cell_short_before_pipeless_lines")
def _() -> object:
    rows = "|2024-01-01|T|A|\n" + "no pipe here\n" * 20
    return parse_quietly("## C\n\n|Date|Title|Authors|PDF|\n|---|---|---|---|\n" + rows * 10_000)


@case("links_clean_code_url_closing_parens")
def _() -> object:
    return clean_code_url("https://x.org/a" + ")" * 500_000)


if __name__ == "__main__":
    CASES[sys.argv[1]]()
