"""Stand-ins for the indexing child (tui.library.indexer), run in real spawned processes."""

from __future__ import annotations

import time
from multiprocessing.connection import Connection


def reports_then_hangs(pipe: Connection) -> None:
    """Says how far it got, then works on forever (a long index the reader quits during)."""
    pipe.send(("total", 100, []))
    pipe.send(("progress", 20, []))
    time.sleep(600)


def dies_silently(pipe: Connection) -> None:
    """Ends without an answer (killed, or crashed before it could say)."""
    pipe.send(("total", 100, []))
