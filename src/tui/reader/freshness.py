"""How current the library is, and the `U` key's sync of the subscriptions.

The reader knows whether the library has subscriptions and when they were last synced; `U` asks
for a sync job, and its outcomes say what to tell the user and whether to read the library again
(new days then appear without a restart).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tui.reader.changes import Notice
from tui.reader.events import ReaderEvent, Synced
from tui.reader.jobs import Job


def ago(then: dt.datetime, now: dt.datetime) -> str:
    """ "just now", "12 min ago", "2 h ago", "3 days ago"."""
    seconds = max(0.0, (now - then).total_seconds())
    if seconds < 90:
        return "just now"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} min ago"
    if seconds < 36 * 3600:
        return f"{round(seconds / 3600)} h ago"
    return f"{round(seconds / 86400)} days ago"


@dataclass
class Freshness:
    subscribed: bool = False  # the library includes subscriptions (`U` can sync them)
    last_sync: dt.datetime | None = None  # the least recently synced one's time
    syncing: bool = False
    notices: list[Notice] = field(default_factory=list)

    @classmethod
    def of_registry(cls) -> Freshness:
        """Read from the subscriptions' registry (a small file; any trouble: no subscriptions)."""
        from tui.subscriptions.syncing import last_synced

        try:
            synced = last_synced()
        except (OSError, ValueError):
            return cls()
        return cls(subscribed=synced is not None, last_sync=synced)

    def label(self, newest: dt.date | None, now: dt.datetime | None = None) -> str | None:
        """ "newest 2026-08-13 · synced 2 h ago" for a library with subscriptions."""
        if not self.subscribed:
            return None
        shown = f"newest {newest.isoformat()}" if newest else "no day yet"
        if self.syncing:
            return f"{shown} · syncing…"
        if self.last_sync is None or self.last_sync == dt.datetime.min:
            return f"{shown} · never synced"
        return f"{shown} · synced {ago(self.last_sync, now or dt.datetime.now())}"

    def begin(self) -> Job | None:
        """`U`: a sync job, or None (and a notice) when there is nothing to sync or one runs."""
        if not self.subscribed:
            self.notices.append(Notice("No subscriptions: arxiv-digest subscribe OWNER/NAME."))
            return None
        if self.syncing:
            self.notices.append(Notice("The subscriptions are being synced already.", timeout=3))
            return None
        self.syncing = True

        def run(cancelled: object) -> ReaderEvent | None:
            from tui.subscriptions.syncing import sync_all

            return Synced(tuple(sync_all()))

        return Job("sync", run)

    def finished(self, event: Synced) -> bool:
        """The sync's outcomes: notices said; True when the library should be read again."""
        self.syncing = False
        problems = [o for o in event.outcomes if o.problem]
        changed = [o.name for o in event.outcomes if o.changed]
        if not problems:
            self.last_sync = dt.datetime.now()
        if changed:
            self.notices.append(Notice(f"New digests in {', '.join(changed)}: reading them…"))
        elif not problems:
            self.notices.append(Notice("The subscriptions are current.", timeout=3))
        for outcome in problems:
            self.notices.append(
                Notice(f"{outcome.name}: {outcome.problem}", title="Sync", severity="warning")
            )
        return bool(changed)
