"""The arXiv API's Atom feed → Records, by XML namespace, defensively (the feed is untrusted).

Entries may come in any order and are matched by id; an id arXiv does not know is simply absent;
an error entry (the one a malformed id gets) is reported with the id it names. DOCTYPE and ENTITY
declarations are refused before parsing, so no entity can expand. Every text is sanitized: the
abstract's line wrapping is undone, its LaTeX kept as written, control characters removed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from tui.arxiv.record import Record
from tui.text import one_line

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"

_ERROR_ID = re.compile(r"^https?://arxiv\.org/api/errors#", re.IGNORECASE)
_ABS_ID = re.compile(r"^https?://(?:export\.)?arxiv\.org/abs/(.+)$", re.IGNORECASE)
_VERSION = re.compile(r"^(.+?)v([0-9]+)$")
_BAD_ID = re.compile(r"(?:incorrect id format for|malformed id)[:\s]+(\S+)", re.IGNORECASE)
# Identifiers as arXiv writes them: 2401.03312, 0704.0001, hep-th/9901001, math.AG/0101001.
_ID_SHAPE = re.compile(r"^(?:[0-9]{4}\.[0-9]{4,5}|[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7})$")


class FeedError(ValueError):
    """The response is not a usable Atom feed (cut off, not XML, a forbidden declaration)."""


@dataclass
class Feed:
    """One response: records keyed by id without version, and ids named by error entries."""

    records: dict[str, Record] = field(default_factory=dict)
    bad_ids: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # error entries' messages


def split_version(text: str) -> tuple[str, int | None]:
    """'2401.03312v2' → ('2401.03312', 2); '2401.03312' → ('2401.03312', None)."""
    match = _VERSION.match(text)
    if match and _ID_SHAPE.match(match.group(1)):
        return match.group(1), int(match.group(2))
    return text, None


def well_formed(arxiv_id: str) -> bool:
    """Is this an identifier arXiv accepts (without version)? Others would fail a whole batch."""
    return bool(_ID_SHAPE.match(arxiv_id))


def parse_feed(body: bytes) -> Feed:
    """Parse one API response body; raises FeedError (never anything else) when it is unusable."""
    body = body.removeprefix(b"\xef\xbb\xbf")
    head = body.lstrip()[:1]
    if head != b"<":
        raise FeedError("the answer is not XML")
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        raise FeedError("the answer declares a DOCTYPE or entities (refused)")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        raise FeedError(f"the answer is not well-formed XML ({error})") from None
    if root.tag != f"{ATOM}feed":
        raise FeedError("the answer is not an Atom feed")
    feed = Feed()
    for entry in root.iter(f"{ATOM}entry"):
        raw_id = _text(entry, f"{ATOM}id")
        if _ERROR_ID.match(raw_id):
            message = _text(entry, f"{ATOM}summary") or raw_id
            feed.errors.append(message)
            named = _BAD_ID.search(message) or _BAD_ID.search(raw_id.replace("_", " "))
            if named:
                feed.bad_ids.append(split_version(named.group(1).rstrip(".,;"))[0])
            continue
        record = _record(entry, raw_id)
        if record is not None:
            feed.records[record.arxiv_id] = record
    return feed


def _record(entry: ET.Element, raw_id: str) -> Record | None:
    match = _ABS_ID.match(raw_id)
    if not match:
        return None  # not a paper entry: ignored, like any unknown element
    arxiv_id, version = split_version(match.group(1))
    primary = entry.find(f"{ARXIV}primary_category")
    return Record(
        arxiv_id=arxiv_id,
        version=version,
        title=_text(entry, f"{ATOM}title"),
        authors=tuple(
            name
            for author in entry.findall(f"{ATOM}author")
            if (name := _text(author, f"{ATOM}name"))
        ),
        abstract=_text(entry, f"{ATOM}summary"),
        comment=_text(entry, f"{ARXIV}comment"),
        journal_ref=_text(entry, f"{ARXIV}journal_ref"),
        doi=_text(entry, f"{ARXIV}doi"),
        primary_category=one_line(primary.get("term", "")) if primary is not None else "",
        categories=tuple(
            term
            for category in entry.findall(f"{ATOM}category")
            if (term := one_line(category.get("term", "")))
        ),
        published=_text(entry, f"{ATOM}published"),
        updated=_text(entry, f"{ATOM}updated"),
    )


def _text(parent: ET.Element, tag: str) -> str:
    """The element's whole text (nested markup flattened), on one line, sanitized."""
    element = parent.find(tag)
    return one_line("".join(element.itertext())) if element is not None else ""
