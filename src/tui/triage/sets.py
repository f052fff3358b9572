"""The sets of papers the triage words of a query name (is:watched, watch:NAME, tag:NAME,
note:word, is:dismissed, …), from the state file's records and the rules' matches: what the search
engine filters its hits by (tui.search.engine.run's `sets`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from tui.query import Query, StateClause, parse
from tui.triage.records import Rule, RuleKind, set_name
from tui.triage.rules import union
from tui.triage.tables import Triage
from tui.words import tokens

RuleMatches = Mapping[tuple[RuleKind, str], Collection[str]]


def wanted(queries: Iterable[Query]) -> set[str]:
    """The sets the queries' clauses name (is:read and is:starred aside: the engine has them)."""
    return {
        clause.state
        for query in queries
        for clause in query.clauses
        if isinstance(clause, StateClause) and clause.state not in ("read", "starred")
    }


def state_sets(names: Iterable[str], triage: Triage, matches: RuleMatches) -> dict[str, set[str]]:
    """The ids of each set named in `names`."""
    found: dict[str, set[str]] = {}
    for name in names:
        kind, _, value = name.partition(":")
        if name == "dismissed":
            found[name] = set(triage.dismissed)
        elif name == "tagged":
            found[name] = set(triage.tags)
        elif name == "noted":
            found[name] = set(triage.notes)
        elif name in ("watched", "hidden"):
            found[name] = union(matches, "watch" if name == "watched" else "hide")
        elif kind == "watch":
            found[name] = {
                key
                for (k, rule), keys in matches.items()
                if k == "watch" and set_name(rule) == value
                for key in keys
            }
        elif kind == "tag":
            found[name] = {
                key for key, tags in triage.tags.items() if any(set_name(t) == value for t in tags)
            }
        elif kind == "note":
            found[name] = {
                key
                for key, text in triage.notes.items()
                if any(word.startswith(value) for word in tokens(text))
            }
    return found


def for_rules(rules: Iterable[Rule], triage: Triage) -> dict[str, set[str]]:
    """The sets the rules' own queries name (rules can't name other rules: tui.triage.rules)."""
    return state_sets(wanted(parse(rule.query) for rule in rules), triage, {})
