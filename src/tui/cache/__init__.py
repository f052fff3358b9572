"""The parsed cache: parsed digests kept in SQLite, so that reopening a library parses nothing.

It is only a cache. Read marks live elsewhere (tui.state), so deleting, rebuilding or ignoring this
file loses nothing. Hence the policy: any doubt about the file (another program version, garbage,
truncation, a read-only folder) ends in a rebuild or an in-memory cache, with one notice line,
never in an error the user has to deal with.

One row per file in `files` (keyed by resolved path, checked by size + mtime_ns, then by SHA-1),
holding the whole Digest as compact JSON (no pickle: the file could be replaced by anyone who can
write the cache folder, and JSON cannot run code). One row per paper entry in `entries`, the table
tui.search indexes (its layout is tui.entries). Two app instances may share the file: WAL mode,
a busy timeout and one short transaction per file write. Nothing here imports Textual.

The package: `version` (schema version and code fingerprint), `codec` (digests to and from JSON),
`records` (what is known about one file), `store` (the SQLite file and the Cache class).
"""

from __future__ import annotations

from tui.cache.codec import (
    CorruptEntry,
    Outline,
    decode_digest,
    encode_digest,
    outline_of,
    richness_of,
)
from tui.cache.records import (
    KIND_DIGEST,
    KIND_PROBLEM,
    KIND_SKIPPED,
    FileRecord,
    FileStat,
    record_failure,
    record_from_digest,
    sha1_of,
)
from tui.cache.store import BUSY_TIMEOUT_MS, CACHE_FILE, Cache, default_path
from tui.cache.version import SCHEMA_VERSION, fingerprint
from tui.model import paper_key  # the screens' old import path

__all__ = [
    "BUSY_TIMEOUT_MS",
    "CACHE_FILE",
    "KIND_DIGEST",
    "KIND_PROBLEM",
    "KIND_SKIPPED",
    "SCHEMA_VERSION",
    "Cache",
    "CorruptEntry",
    "FileRecord",
    "FileStat",
    "Outline",
    "decode_digest",
    "default_path",
    "encode_digest",
    "fingerprint",
    "outline_of",
    "paper_key",
    "record_failure",
    "record_from_digest",
    "richness_of",
    "sha1_of",
]
