"""Watches and hide rules are saved searches: checking one, merging those of the state file with
those of config.toml, and finding the papers each matches with the search engine itself."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

from tui.text import one_line
from tui.triage.records import MAX_RULE_NAME, RULE_KINDS, Rule, RuleKind, set_name

# (kind, name as written) -> the paper keys (arXiv ids) it matches.
Matches = dict[tuple[RuleKind, str], frozenset[str]]


def problem(name: str, query: str) -> str | None:
    """Why a rule can't be saved as it is, or None. A rule may not use watches or hide rules
    itself (is:watched, is:hidden, watch:): one rule would then depend on the others."""
    from tui.query import RULE_STATES, StateClause, parse_strict  # loaded when a rule is saved

    if not one_line(name).strip():
        return "A rule needs a name."
    if one_line(name) != name.strip() or len(name.strip()) > MAX_RULE_NAME:
        return f"A rule's name is one line of at most {MAX_RULE_NAME} characters."
    if not query.strip():
        return "A rule needs a query (the / search's syntax)."
    try:
        parsed = parse_strict(query)
    except ValueError as error:
        return f"The query has a problem: {error}"
    for clause in parsed.clauses:
        if isinstance(clause, StateClause) and (
            clause.state in RULE_STATES or clause.state.startswith("watch:")
        ):
            return "A rule can't use is:watched, is:hidden or watch: (rules can't nest)."
    return None


def merged(saved: Sequence[Rule], configured: Sequence[Rule]) -> list[Rule]:
    """Every rule in force: the state file's, then config.toml's. A saved rule of the same kind
    and name wins (the app edits the state file's copy; config.toml is the user's to edit)."""
    have = {(rule.kind, set_name(rule.name)) for rule in saved}
    extra = [rule for rule in configured if (rule.kind, set_name(rule.name)) not in have]
    return [*saved, *extra]


def configured_rules(values: Mapping[str, object]) -> tuple[list[Rule], list[str]]:
    """The rules of config.toml's [[watch]] and [[hide]] tables, and what is wrong with any
    (each bad one is left out; the rest apply)."""
    rules: list[Rule] = []
    problems: list[str] = []
    for kind in RULE_KINDS:
        tables = values.get(kind, [])
        if not isinstance(tables, list):
            problems.append(f"{kind} should be [[{kind}]] tables with a name and a query")
            continue
        for number, table in enumerate(tables, start=1):
            name = table.get("name") if isinstance(table, dict) else None
            query = table.get("query") if isinstance(table, dict) else None
            if not isinstance(name, str) or not isinstance(query, str):
                problems.append(f"[[{kind}]] number {number} needs name and query in quotes")
            elif said := problem(name, query):
                problems.append(f"[[{kind}]] {one_line(name)!r}: {said}")
            else:
                rules.append(Rule(kind, name.strip(), query.strip(), "config"))
    return rules, problems


def match_rules(
    rules: Iterable[Rule], run: Callable[[str], Iterable[str]], cancelled: Callable[[], bool]
) -> Matches | None:
    """Each rule's matching paper keys, `run(query)` giving those of one query (the engine over
    the library); None when cancelled. A rule whose query fails matches nothing."""
    found: Matches = {}
    for rule in rules:
        if cancelled():
            return None
        found[(rule.kind, rule.name)] = frozenset(run(rule.query))
    return found


def union(matches: Mapping[tuple[RuleKind, str], Collection[str]], kind: RuleKind) -> set[str]:
    """Every paper key the rules of `kind` match (is:watched, is:hidden)."""
    keys: set[str] = set()
    for (own, _), found in matches.items():
        if own == kind:
            keys.update(found)
    return keys
