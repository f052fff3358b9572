"""Watches, hide rules and the triage words of the query language, through the real search engine
over papers in memory (tui.search.memory.filter_items). Expected answers are worked out by hand
from the five papers below."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from tui.model import Paper
from tui.query import parse
from tui.search.memory import filter_items
from tui.triage.records import Rule
from tui.triage.rules import merged, problem
from tui.triage.tables import Triage

DAY = dt.date(2026, 8, 11)


@dataclass(frozen=True)
class Item:
    day: dt.date | None
    category: str
    paper: Paper


ITEMS = [
    Item(
        DAY,
        "3D",
        Paper("2608.00001", "Gaussian Splatting for Dynamic Scenes", authors=("Ann Lee",)),
    ),
    Item(
        DAY, "3D", Paper("2608.00002", "A Survey of Neural Radiance Fields", authors=("Bo Chen",))
    ),
    Item(DAY, "LLM", Paper("2608.00003", "Large Language Model Agents", authors=("Ann Lee", "Cy"))),
    Item(DAY, "LLM", Paper("2608.00004", "A Survey of Language Agents", authors=("Di Wu",))),
    Item(DAY, "3D", Paper("2608.00005", "Splatting Meets Diffusion", authors=("Ed Fu",))),
]
RULES = [
    Rule("watch", "Splatting", "title:splatting"),
    Rule("watch", "Ann Lee", 'author:"Ann Lee"'),
    Rule("hide", "surveys", "title:survey"),
]
TRIAGE = Triage(
    dismissed={"2608.00003"},
    tags={"2608.00001": frozenset({"To Read", "3dgs"}), "2608.00005": frozenset({"3dgs"})},
    notes={"2608.00002": "Compare with NeRF baselines; 方法很简单"},
)


def ids(query: str) -> list[str]:
    found, hint = filter_items(ITEMS, query, triage=TRIAGE, rules=RULES)
    assert hint is None, hint
    return [item.paper.arxiv_id for item in found]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("is:watched", ["2608.00001", "2608.00003", "2608.00005"]),
        ("watch:splatting", ["2608.00001", "2608.00005"]),  # any case
        ('watch:"ann   lee"', ["2608.00001", "2608.00003"]),
        ("is:hidden", ["2608.00002", "2608.00004"]),
        ("-is:hidden", ["2608.00001", "2608.00003", "2608.00005"]),
        ("is:dismissed", ["2608.00003"]),
        ("is:watched -is:dismissed", ["2608.00001", "2608.00005"]),
        ("tag:3dgs", ["2608.00001", "2608.00005"]),
        ('tag:"to read"', ["2608.00001"]),
        ("is:tagged", ["2608.00001", "2608.00005"]),
        ("note:nerf", ["2608.00002"]),
        ("note:base", ["2608.00002"]),  # the last word is a prefix, as in any search
        ("note:方法", ["2608.00002"]),
        ("is:noted", ["2608.00002"]),
        ("agents -is:hidden", ["2608.00003"]),
        ("watch:nobody", []),
        ("tag:nothing", []),
    ],
)
def test_triage_words_find_what_the_records_and_rules_say(query: str, expected: list[str]) -> None:
    assert ids(query) == expected


def test_without_records_or_rules_the_triage_words_match_nothing() -> None:
    found, _ = filter_items(ITEMS, "is:watched")
    assert found == []
    found, _ = filter_items(ITEMS, "-is:hidden")
    assert len(found) == len(ITEMS)


@pytest.mark.parametrize(
    ("name", "query", "said"),
    [
        ("ok", "title:x", None),
        ("", "title:x", "needs a name"),
        ("two\nlines", "x", "one line"),
        ("x" * 61, "x", "at most 60"),
        ("q", "  ", "needs a query"),
        ("q", "foo:bar", "The query has a problem"),
        ("q", "is:watched", "can't nest"),
        ("q", "x -watch:y", "can't nest"),
        ("q", "tag:a is:dismissed note:b", None),  # the records themselves are fine in a rule
    ],
)
def test_rule_problems(name: str, query: str, said: str | None) -> None:
    found = problem(name, query)
    assert (found is None) if said is None else (found is not None and said in found)


def test_saved_rules_win_over_configured_ones_of_the_same_kind_and_name() -> None:
    saved = [Rule("watch", "Splatting", "title:splat")]
    configured = [
        Rule("watch", "splatting", "title:gaussian", "config"),
        Rule("hide", "splatting", "title:x", "config"),
    ]
    assert merged(saved, configured) == [saved[0], configured[1]]


def test_parse_gives_set_clauses_for_the_triage_fields() -> None:
    states = [
        (c.state, c.negated) for c in parse('watch:"Big  Models" -tag:X note:Two-words').clauses
    ]
    assert states == [
        ("watch:big models", False),
        ("tag:x", True),
        ("note:two", False),
        ("note:words", False),
    ]


def test_a_rule_may_use_the_records_themselves() -> None:
    """A watch over a tag (or a note) finds what the tag finds, here as in the reader."""
    rules = [Rule("watch", "tagged 3dgs", "tag:3dgs")]
    found, hint = filter_items(ITEMS, "is:watched", triage=TRIAGE, rules=rules)
    assert hint is None
    assert [item.paper.arxiv_id for item in found] == ["2608.00001", "2608.00005"]
