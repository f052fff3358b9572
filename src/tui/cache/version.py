"""What must match for a cache file to be reused: the schema version and the code's fingerprint."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

# Bump when the tables or the JSON layout change. Together with the fingerprint of the parser's
# source (see fingerprint()) it decides whether a cache file was written by this program.


SCHEMA_VERSION = 1


# ---------------------------------------------------------------------------------------------
# Versions


def fingerprint() -> str:
    """What must match for cached parse results to be reused: schema, parser version and source.

    Hashing the parser's own source files means that any change to how files are parsed (even one
    that forgot to bump PARSER_VERSION) invalidates old caches. It costs well under a millisecond.
    """
    import tui.parser as parser

    digest = hashlib.sha1(f"schema {SCHEMA_VERSION}\n".encode())
    digest.update(f"parser {getattr(parser, 'PARSER_VERSION', 0)}\n".encode())
    package = Path(__file__).parent
    sources = sorted(Path(parser.__file__).parent.glob("*.py"))
    sources += [package / "model.py", package / "text.py", Path(__file__)]
    for source in sources:
        with contextlib.suppress(OSError):
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()
