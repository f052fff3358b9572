"""The precious triage records, as the state store keeps them and every reader of it sees them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RuleKind = Literal["watch", "hide"]
RULE_KINDS: tuple[RuleKind, ...] = ("watch", "hide")
RuleSource = Literal["store", "config"]
MAX_RULE_NAME = 60


@dataclass(frozen=True, slots=True)
class Rule:
    """A saved search: a watch marks and gathers what matches it, a hide rule removes it from
    every list. Rules from config.toml are read-only in the app."""

    kind: RuleKind
    name: str
    query: str
    source: RuleSource = "store"


@dataclass(frozen=True, slots=True)
class Seen:
    """The first and the latest (day, version) a paper was shown with; "" for no version."""

    first_date: str
    first_version: str
    last_date: str
    last_version: str

    def merged(self, other: Seen) -> Seen:
        """Both sightings in one: the earlier first, the later last."""
        first = min((self.first_date, self.first_version), (other.first_date, other.first_version))
        last = max((self.last_date, self.last_version), (other.last_date, other.last_version))
        return Seen(first[0], first[1], last[0], last[1])


def set_name(name: str) -> str:
    """A watch's or tag's name as watch: and tag: compare it: spaces collapsed, any case."""
    return " ".join(name.split()).casefold()


def rule_key(kind: str, name: str) -> str:
    """One string for (kind, name): the write-behind queue keys changes by strings."""
    return f"{kind}\x00{name}"


def split_rule_key(key: str) -> tuple[RuleKind, str]:
    kind, _, name = key.partition("\x00")
    return ("hide" if kind == "hide" else "watch"), name
