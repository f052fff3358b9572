"""What arXiv says about one paper: the one shape the parser makes, the store keeps and the
reader, export and search read (a module of its own: no XML parser is loaded to use it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Record:
    """What arXiv says about one paper (latest version unless a version was asked for)."""

    arxiv_id: str  # without version
    version: int | None
    title: str
    authors: tuple[str, ...]
    abstract: str
    comment: str = ""
    journal_ref: str = ""
    doi: str = ""
    primary_category: str = ""
    categories: tuple[str, ...] = ()
    published: str = ""  # ISO 8601 as arXiv gives it
    updated: str = ""
