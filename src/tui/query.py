"""The search language: query text -> Query (tui.highlight finds its words in a text).

One place (tui.words) defines what a "word" is, so that the SQLite index (tui.search), the query
and the highlighted spans in the detail pane can never disagree:

* Words are runs of letters and digits (Unicode), compared without case and without diacritics.
  English-like words match whole words and prefixes: ``diff`` finds "Diffusion", ``fusion``
  does not.
* Every CJK character (Chinese hanzi, Japanese kana) is a word on its own, so a run of Chinese is a
  phrase of characters and any substring of it matches: ``扩散`` finds 扩散模型, even ``扩``.
* Several terms must all match (AND). ``"a phrase"`` matches those words in that order; ``-term``
  excludes; fields restrict where or what: author: title: abs: cat: id: code: is: date:.

parse() never raises: a malformed part is dropped (a missing closing quote is closed at the end)
and reported in Query.problems as a QueryError carrying a human message and its position, so that a
search box can show a hint under the text while the rest of the query still works. parse_strict()
raises the first problem instead (for the command line). Nothing here imports Textual or sqlite3.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field, replace

from tui.entries import TITLE_COLUMNS
from tui.triage.records import set_name
from tui.words import tokens

# --------------------------------------------------------------------------------------------------
# Errors


class QueryError(ValueError):
    """A malformed part of a query: a human message and where it is (0-based, end exclusive)."""

    def __init__(self, message: str, start: int, end: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = start + 1 if end is None else max(end, start + 1)

    @property
    def column(self) -> int:
        """1-based column, for people."""
        return self.start + 1

    @property
    def hint(self) -> str:
        return f"{self.message} (column {self.column})"

    def __str__(self) -> str:
        return self.hint

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QueryError):
            return NotImplemented
        return (self.message, self.start, self.end) == (other.message, other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.message, self.start, self.end))


# --------------------------------------------------------------------------------------------------
# Clauses

# Text fields: name in the query language -> the index columns it searches.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "title": TITLE_COLUMNS,
    "author": ("authors",),
    "abstract": ("abstract", "abstract_cn"),
    "category": ("category",),
    "id": ("arxiv_id",),
}
# What people may type before the colon -> canonical field name.
FIELD_ALIASES: dict[str, str] = {
    "title": "title",
    "ti": "title",
    "author": "author",
    "authors": "author",
    "au": "author",
    "abs": "abstract",
    "abstract": "abstract",
    "cat": "category",
    "category": "category",
    "id": "id",
    "arxiv": "id",
    "code": "code",
    "is": "is",
    "date": "date",
    "day": "date",
    "watch": "watch",
    "tag": "tag",
    "note": "note",
}
KNOWN_FIELDS_TEXT = "author: title: abs: cat: id: code: is: date: watch: tag: note:"
STATES = (
    "read",
    "unread",
    "starred",
    "unstarred",
    "watched",
    "hidden",
    "dismissed",
    "tagged",
    "noted",
)
# is: values that name the reader's triage, and the fields that do (tui.triage.sets gives them
# their papers): a watch or hide rule may not use the rules' own (one would define another).
RULE_STATES = frozenset({"watched", "hidden"})
SET_FIELDS = ("watch", "tag", "note")
_YES = frozenset({"yes", "y", "true", "1", "on"})
_NO = frozenset({"no", "n", "false", "0", "off"})


@dataclass(frozen=True, slots=True)
class TextClause:
    """Words that must appear in order (one word, a hyphenated word, or a quoted phrase)."""

    words: tuple[str, ...]  # folded
    field: str | None = None  # None: any text column; else a key of TEXT_FIELDS
    prefix: bool = True  # the last word may be the start of a longer word
    negated: bool = False
    source: str = ""  # the term as typed, for messages
    start: int = 0
    end: int = 0

    @property
    def columns(self) -> tuple[str, ...] | None:
        return TEXT_FIELDS[self.field] if self.field else None


@dataclass(frozen=True, slots=True)
class CodeClause:
    """code:yes / code:no: whether the entry links to code."""

    has_code: bool
    negated: bool = False


@dataclass(frozen=True, slots=True)
class StateClause:
    """is:read / is:unread / is:starred / is:watched / … and watch:NAME, tag:NAME, note:word:
    sets of papers from the state store and the rules, not from the cache."""

    state: str  # "read", "starred", … (unread = negated read); "tag:name" for the set fields
    negated: bool = False


@dataclass(frozen=True, slots=True)
class DateClause:
    """date:A..B on the digest day; either end may be open (None)."""

    first: dt.date | None
    last: dt.date | None
    negated: bool = False

    def contains(self, day: dt.date) -> bool:
        return (self.first is None or day >= self.first) and (self.last is None or day <= self.last)


Clause = TextClause | CodeClause | StateClause | DateClause


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: clauses that must all hold, and the problems found while reading it."""

    text: str
    clauses: tuple[Clause, ...] = ()
    problems: tuple[QueryError, ...] = field(default=(), compare=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def hint(self) -> str | None:
        """The first problem, worded for an inline hint under the search box; None when fine."""
        return self.problems[0].hint if self.problems else None

    @property
    def terms(self) -> tuple[TextClause, ...]:
        """Positive text clauses: what the detail pane highlights."""
        return tuple(c for c in self.clauses if isinstance(c, TextClause) and not c.negated)

    @property
    def words(self) -> tuple[str, ...]:
        """The folded words of the positive terms (for simple uses such as a status line)."""
        return tuple(word for term in self.terms for word in term.words)

    def with_clauses(self, *extra: Clause) -> Query:
        """A copy with more clauses ANDed (e.g. the unread-only toggle)."""
        return Query(self.text, self.clauses + extra, self.problems)


# --------------------------------------------------------------------------------------------------
# Parsing

_QUOTES = '"\u201c\u201d\uff02'  # " “ ” ＂ (a Chinese input method types the curly ones)
_FIELD_RE = re.compile(r"([A-Za-z]+):")
_DATE_RE = re.compile(r"(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?")


# What one query may cost. A pasted page (48,000 characters: 3,786 words through three FTS5
# tiers) took 4-15 s of a core, and the next search waited behind it; now it is cut, with a hint.
MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 32


def parse(text: str) -> Query:
    """Read query text. Never raises: problems are collected in Query.problems.

    A query over MAX_QUERY_CHARS characters or MAX_QUERY_WORDS words is cut there; the first
    problem then says so (parse_strict raises it: the command line refuses such a query).
    """
    body, cut = text, None
    if len(text) > MAX_QUERY_CHARS:
        end = text.rfind(" ", 0, MAX_QUERY_CHARS + 1)
        body = text[: end if end > 0 else MAX_QUERY_CHARS]
        cut = QueryError(
            f"query too long ({len(text):,} characters): only the first"
            f" {MAX_QUERY_CHARS:,} are searched",
            len(body),
        )
    parser = _Parser(body)
    parser.run()
    clauses: list[Clause] = []
    budget = MAX_QUERY_WORDS
    for clause in parser.clauses:
        if isinstance(clause, TextClause):
            if budget <= 0 or len(clause.words) > budget:
                cut = cut or QueryError(
                    f"query too long: only its first {MAX_QUERY_WORDS} words are searched",
                    clause.start,
                )
                if budget <= 0:
                    continue  # later text is left out; filters (code:, date:...) are kept
                clause = replace(clause, words=clause.words[:budget])
            budget -= len(clause.words)
        clauses.append(clause)
    problems = ([cut] if cut else []) + parser.problems
    return Query(text, tuple(clauses), tuple(problems))


def parse_strict(text: str) -> Query:
    """Read query text, raising the first QueryError (for the command line)."""
    query = parse(text)
    if query.problems:
        raise query.problems[0]
    return query


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.clauses: list[Clause] = []
        self.problems: list[QueryError] = []

    def run(self) -> None:
        text = self.text
        while True:
            while self.pos < len(text) and text[self.pos].isspace():
                self.pos += 1
            if self.pos >= len(text):
                return
            self._item()

    def _item(self) -> None:
        text = self.text
        start = self.pos
        negated = False
        if text[self.pos] == "-":
            negated = True
            self.pos += 1
            if self.pos >= len(text) or text[self.pos].isspace():
                self.problems.append(
                    QueryError(
                        'nothing after "-": write -word to leave out papers with that word', start
                    )
                )
                return
        name = None
        match = _FIELD_RE.match(text, self.pos)
        # "https://..." is text, not a field named https.
        if match and not text.startswith("//", match.end()):
            name = match.group(1)
            self.pos = match.end()
        value_start = self.pos
        value, quoted, closed = self._value()
        # While a phrase is being typed (no closing quote yet), its last word is a prefix.
        exact = quoted and closed
        if name is None:
            self._text(value, None, exact, negated, start)
            return
        canonical = FIELD_ALIASES.get(name.lower())
        if canonical is None:
            self.problems.append(
                QueryError(
                    f'unknown field "{name}:", use {KNOWN_FIELDS_TEXT}',
                    match.start() if match else start,
                    match.end() if match else self.pos,
                )
            )
            return
        if not value.strip():
            example = {
                "code": "code:yes",
                "is": "is:unread",
                "date": "date:2024-02",
                "watch": 'watch:"gaussian splatting"',
            }.get(canonical, f"{name}:word")
            self.problems.append(
                QueryError(f'"{name}:" needs a value, e.g. {example}', start, self.pos)
            )
            return
        if canonical in TEXT_FIELDS:
            self._text(value, canonical, exact, negated, start)
        elif canonical == "code":
            self._code(value, negated, value_start)
        elif canonical == "is":
            self._state(value, negated, value_start)
        elif canonical in SET_FIELDS:
            self._set(canonical, value, negated, value_start)
        else:
            self._date(value, negated, value_start)

    def _value(self) -> tuple[str, bool, bool]:
        """A bare word (up to a space or a quote) or a quoted phrase: (text, quoted, closed)."""
        text = self.text
        if self.pos < len(text) and text[self.pos] in _QUOTES:
            open_at = self.pos
            self.pos += 1
            close = len(text)
            for i in range(self.pos, len(text)):
                if text[i] in _QUOTES:
                    close = i
                    break
            value = text[self.pos : close]
            if close == len(text):
                self.problems.append(QueryError('missing closing quote "', open_at, len(text)))
                self.pos = len(text)
                return value, True, False
            self.pos = close + 1
            return value, True, True
        begin = self.pos
        while (
            self.pos < len(text) and not text[self.pos].isspace() and text[self.pos] not in _QUOTES
        ):
            self.pos += 1
        return text[begin : self.pos], False, True

    def _text(
        self, value: str, field_name: str | None, exact: bool, negated: bool, start: int
    ) -> None:
        words = tokens(value)
        if not words:
            if exact and not value.strip():
                message = "empty quotes: put words between them"
            else:
                message = f'"{value}" has no letters or digits to search for'
            self.problems.append(QueryError(message, start, self.pos))
            return
        # A quoted phrase is exact words; a bare term lets its last word be a prefix ("diff").
        self.clauses.append(
            TextClause(words, field_name, not exact, negated, value, start, self.pos)
        )

    def _code(self, value: str, negated: bool, vstart: int) -> None:
        word = value.strip().lower()
        if word in _YES:
            self.clauses.append(CodeClause(True, negated))
        elif word in _NO:
            self.clauses.append(CodeClause(False, negated))
        else:
            self.problems.append(
                QueryError(f'code: takes yes or no, not "{value}"', vstart, self.pos)
            )

    def _set(self, name: str, value: str, negated: bool, vstart: int) -> None:
        """watch:NAME, tag:NAME (whole names, any case), note:word (a word of the note)."""
        if name == "note":
            words = tokens(value)
            if not words:
                message = f'"{value}" has no letters or digits to search for'
                self.problems.append(QueryError(message, vstart, self.pos))
            for word in words:
                self.clauses.append(StateClause(f"note:{word}", negated))
            return
        self.clauses.append(StateClause(f"{name}:{set_name(value)}", negated))

    def _state(self, value: str, negated: bool, vstart: int) -> None:
        word = value.strip().lower()
        if word not in STATES:
            known = ", ".join(STATES)
            self.problems.append(QueryError(f'is: takes {known}, not "{value}"', vstart, self.pos))
            return
        if word.startswith("un"):
            self.clauses.append(StateClause(word[2:], not negated))
        else:
            self.clauses.append(StateClause(word, negated))

    def _date(self, value: str, negated: bool, vstart: int) -> None:
        value = value.strip()
        try:
            if ".." in value:
                left, _, right = value.partition("..")
                if not left and not right:
                    raise QueryError(
                        'date: ".." needs a date on at least one side', vstart, self.pos
                    )
                first = _period(left, vstart, self.pos)[0] if left else None
                last = _period(right, vstart, self.pos)[1] if right else None
                if first and last and last < first:
                    raise QueryError(
                        f"date: the range ends ({last.isoformat()}) before it starts "
                        f"({first.isoformat()})",
                        vstart,
                        self.pos,
                    )
            else:
                first, last = _period(value, vstart, self.pos)
        except QueryError as error:
            self.problems.append(error)
            return
        self.clauses.append(DateClause(first, last, negated))


def _period(value: str, start: int, end: int) -> tuple[dt.date, dt.date]:
    """'2024' / '2024-02' / '2024-02-16' -> (first day, last day) of that period."""
    match = _DATE_RE.fullmatch(value)
    if not match:
        raise QueryError(
            f'date: expected YYYY, YYYY-MM or YYYY-MM-DD (or A..B), not "{value}"', start, end
        )
    year = int(match.group(1))
    if year < 1:
        raise QueryError(f"date: {value} is not a real year", start, end)
    if match.group(2) is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month = int(match.group(2))
    if not 1 <= month <= 12:
        raise QueryError(f"date: month {match.group(2)} is not between 01 and 12", start, end)
    last_day = calendar.monthrange(year, month)[1]
    if match.group(3) is None:
        return dt.date(year, month, 1), dt.date(year, month, last_day)
    day = int(match.group(3))
    if not 1 <= day <= last_day:
        raise QueryError(f"date: {year:04d}-{month:02d} has no day {match.group(3)}", start, end)
    return dt.date(year, month, day), dt.date(year, month, day)


# --------------------------------------------------------------------------------------------------
# Highlighting

# Which highlight "field" each text column belongs to (the detail pane asks per piece of text).
FIELD_OF_COLUMN: dict[str, str] = {
    column: name for name, columns in TEXT_FIELDS.items() for column in columns
}
