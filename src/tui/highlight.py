"""Where a query's words are in a text: the detail pane highlights them (same word rules as the
search, tui.words, so a highlight is never shown where the search did not match)."""

from __future__ import annotations

from tui.query import Query, TextClause, parse
from tui.words import token_spans


def highlight_spans(
    text: str, query: Query | str, field: str | None = None
) -> list[tuple[int, int]]:
    """Where the query's positive terms match in text: sorted, non-overlapping (start, end) pairs.

    field names the kind of text ("title", "author", "abstract", "category", "id", or None for other
    text such as a contribution): terms restricted to another field are not highlighted there. An
    English word matched by prefix is highlighted whole; Chinese character by character.
    """
    if isinstance(query, str):
        query = parse(query)
    terms = [t for t in query.terms if t.field is None or t.field == field]
    if not terms or not text:
        return []
    words = list(token_spans(text))
    spans: list[tuple[int, int]] = []
    for term in terms:
        count = len(term.words)
        for i in range(len(words) - count + 1):
            if _matches_at(words, i, term):
                spans.append((words[i][0], words[i + count - 1][1]))
    return _merge(spans)


def _matches_at(words: list[tuple[int, int, str, bool]], i: int, term: TextClause) -> bool:
    last = len(term.words) - 1
    for k, wanted in enumerate(term.words):
        word = words[i + k][2]
        if k == last and term.prefix:
            if not word.startswith(wanted):
                return False
        elif word != wanted:
            return False
    return True


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
