"""What the cache knows about one file: its stat, hash, kind and (for a digest) outline and blob."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from tui.cache.codec import (
    CorruptEntry,
    Outline,
    decode_digest,
    decode_outline,
    encode_digest,
    outline_of,
    richness_of,
)
from tui.entries import PaperRow, entries_of
from tui.model import Digest

KIND_DIGEST = "digest"  # parsed; digest, outline and entries are stored
KIND_SKIPPED = "skipped"  # Markdown that is not a digest (a README): counted, not reported
KIND_PROBLEM = "problem"  # a file that cannot be read as a digest: reported with the reason


# ---------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True, slots=True)
class FileStat:
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> FileStat:
        st = os.stat(path)
        return cls(st.st_size, st.st_mtime_ns)


@dataclass(slots=True)
class FileRecord:
    """What the cache knows about one file. `blob` is the encoded digest (kind "digest" only)."""

    path: str
    size: int
    mtime_ns: int
    sha1: str
    kind: str
    message: str = ""
    date: dt.date | None = None
    format: str = ""
    paper_count: int = 0
    richness: int = 0
    outline: Outline = ()  # see keys(): a record read from the cache decodes it when asked
    warnings: tuple[str, ...] = ()
    blob: bytes | None = None
    file_id: int | None = None
    # Entries rows to store (set when freshly parsed; None for records read from the cache).
    entries: list[PaperRow] | None = field(default=None, repr=False)
    # The parsed digest when it is at hand (freshly parsed in this process), to skip a decode.
    digest: Digest | None = field(default=None, repr=False, compare=False)
    # Reads `blob` from the cache when it is not kept in memory (tui.cache.blobs.BlobAt).
    fetch: Callable[[], bytes | None] | None = field(default=None, repr=False, compare=False)
    # The outline as the cache stores it (JSON), until keys() decodes it: a warm open of 960
    # files decoded every outline (50 ms) before it could show the newest day.
    outline_json: str = field(default="", repr=False, compare=False)
    # Reads outline_json from the cache file when keys() first needs it (blobs.OutlineAt).
    outline_at: Callable[[], str | None] | None = field(default=None, repr=False, compare=False)

    def keys(self) -> Outline:
        """The outline (category names and paper keys), read and decoded on first use; a
        damaged or vanished one is made again from the digest (empty if that fails too)."""
        if self.outline_json or self.outline_at is not None:
            text = self.outline_json or (self.outline_at() if self.outline_at else None)
            self.outline_json, self.outline_at = "", None
            outline = decode_outline(text) if text else None
            if outline is None:
                try:
                    outline = outline_of(self.load_digest())
                except CorruptEntry:
                    outline = ()
            self.outline = outline
        return self.outline

    def load_digest(self) -> Digest:
        """The file's Digest: the parsed one if at hand, else decoded from the cached JSON."""
        if self.digest is not None:
            return self.digest
        blob = self.blob if self.blob is not None or self.fetch is None else self.fetch()
        if blob is None:
            raise CorruptEntry(f"{self.path}: no cached digest")
        return decode_digest(blob, self.path)


def record_from_digest(
    path: str, stat: FileStat, sha1: str, digest: Digest, *, keep_digest: bool = True
) -> FileRecord:
    """Everything the cache stores about a freshly parsed file."""
    return FileRecord(
        path=path,
        size=stat.size,
        mtime_ns=stat.mtime_ns,
        sha1=sha1,
        kind=KIND_DIGEST,
        date=digest.date,
        format=digest.format,
        paper_count=digest.paper_count,
        richness=richness_of(digest),
        outline=outline_of(digest),
        warnings=tuple(digest.warnings),
        blob=encode_digest(digest),
        entries=entries_of(digest),
        digest=digest if keep_digest else None,
    )


def record_failure(path: str, stat: FileStat, sha1: str, kind: str, message: str) -> FileRecord:
    return FileRecord(
        path=path, size=stat.size, mtime_ns=stat.mtime_ns, sha1=sha1, kind=kind, message=message
    )


def sha1_of(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()
