"""Write-behind for read marks, stars and preferences: the reader never waits long for the disk.

A commit can wait on another program's lock (a backup tool, `sqlite3` holding BEGIN EXCLUSIVE) or
fail (disk full, read-only folder). On the UI thread the first froze the keys for the busy timeout
and the second lost marks without a word. Here a change is applied to memory at once and queued;
one thread owns the state connection and lands the queue, one transaction per batch, retrying
until it lands. Only the last change of each (kind, key) is kept: that is the order that matters.

A setter waits up to SAVE_WAIT_S for its change to land, so in the normal case a mark is on disk
before the key press returns (as before); when it is not, status() says how many changes wait and
why, and the reader says so at once and again when they land. close() waits a bounded time for
the rest and returns what could not be saved; the command prints that on stderr.

No journal file for what is still pending at quit: what outlasts the wait (a full disk, a
read-only folder) also stops a journal beside the state file from being written, and replaying old
changes at a later start could undo what another instance did since. The ids are printed instead.

Opening reads the file without writing or waiting on a lock (tui.state.read_saved), so a locked
state file no longer delays the first frame; the writer thread opens it for writing in the
background and keeps trying.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tui import paths
from tui.state import STATE_NAME, StateStore, Unwritable, can_write, normalize_id, read_saved
from tui.triage.records import Rule, RuleKind, Seen, rule_key, split_rule_key
from tui.triage.tables import Triage, TriageChanges

Kind = Literal["read", "star", "pref", "dismiss", "tags", "note", "rule", "seen"]
Value = bool | str | frozenset[str] | Seen | None
# Sightings ("seen … as v1") are written along when they can be; nothing waits for them, and one
# that could not be saved is neither reported nor listed at quit (they are found again).
_BEST_EFFORT: tuple[Kind, ...] = ("seen",)
SAVE_WAIT_S = 0.1  # a setter waits this long for its change to land (one fsync is a few ms)
WRITER_BUSY_S = 0.5  # the writer's busy timeout per attempt: a lock is reported within it
RETRY_MIN_S, RETRY_MAX_S = 0.25, 2.0  # between failed attempts, doubling


@dataclass(frozen=True)
class Status:
    """What the reader tells the user about saving."""

    pending_marks: int  # read marks and stars not on disk yet
    pending: int  # every change not on disk yet (preferences too)
    error: str | None  # why the last attempt failed; None once an attempt succeeded
    notice: str | None  # said once when the file was opened (a damaged file moved aside)


def describe(exc: BaseException, folder: Path | None = None) -> str:
    """A short, human cause for a failed write (folder: where the file is, to check for room)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    code = exc.errno if isinstance(exc, OSError) else None
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return "the state file is locked by another program"
    if name.startswith("SQLITE_FULL") or code == errno.ENOSPC or _no_room(folder):
        return "the disk is full"
    if name.startswith("SQLITE_READONLY") or code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "the data folder can't be written"
    if isinstance(exc, Unwritable):
        known = describe(exc.__cause__, folder) if exc.__cause__ is not None else None
        return known if known and known != str(exc.__cause__) else exc.reason
    return str(exc) or type(exc).__name__


def _no_room(folder: Path | None) -> bool:
    """SQLite reports a full disk as an I/O error when the WAL or -shm file can't grow."""
    if folder is None:
        return False
    try:
        return os.statvfs(folder).f_bavail == 0
    except OSError:
        return False


class StateWriter:
    """The reader's state store: reads from memory, writes queued to one writer thread."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        open_store: Callable[[Path], StateStore] | None = None,
    ) -> None:
        """open_store(path) opens the file for writing or raises (default: a StateStore without
        memory fallback, WRITER_BUSY_S busy timeout); tests pass one that limits its size."""
        self.path = path if path is not None else paths.data_dir() / STATE_NAME
        self._open_store = open_store or _open_for_writing
        saved = read_saved(self.path)
        self._read, self._stars, self._prefs = saved.read, saved.stars, saved.prefs
        self._triage = saved.triage
        self.warning: str | None = (
            f"Read marks saved before are not shown: {saved.problem}" if saved.problem else None
        )
        self._pending: dict[tuple[Kind, str], tuple[int, Value]] = {}
        self._seq = 0
        self._error: str | None = None
        self._notice: str | None = None
        self._closing = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="state-writer", daemon=True)
        self._thread.start()

    # --- what the screen reads (memory: the file plus every change, landed or not) ------------

    def read_ids(self) -> set[str]:
        with self._cond:
            return set(self._read)

    def starred_ids(self) -> set[str]:
        with self._cond:
            return set(self._stars)

    def get_pref(self, key: str, default: str | None = None) -> str | None:
        with self._cond:
            return self._prefs.get(key, default)

    def triage(self) -> Triage:
        """A copy of every triage record (the reader keeps its own from then on)."""
        with self._cond:
            t = self._triage
            return Triage(
                set(t.dismissed), dict(t.tags), dict(t.notes), dict(t.rules), dict(t.seen)
            )

    def notes(self) -> dict[str, str]:
        with self._cond:
            return dict(self._triage.notes)

    def seen(self) -> dict[str, Seen]:
        with self._cond:
            return dict(self._triage.seen)

    # --- what the screen changes --------------------------------------------------------------

    def set_read(self, arxiv_id: str, read: bool = True) -> None:
        self.set_read_many([arxiv_id], read)

    def set_read_many(self, arxiv_ids: Iterable[str], read: bool = True) -> None:
        self._change("read", arxiv_ids, read)

    def set_starred(self, arxiv_id: str, starred: bool = True) -> None:
        self._change("star", [arxiv_id], starred)

    def set_pref(self, key: str, value: str) -> None:
        # Not waited for: a preference (the language, the place) is not a mark, and `t` while
        # a cold open keeps the disk busy waited up to SAVE_WAIT_S for it.
        self._change("pref", [key], str(value), wait=False)

    def set_dismissed(self, arxiv_ids: Iterable[str], dismissed: bool = True) -> None:
        self._change("dismiss", arxiv_ids, dismissed)

    def set_tags(self, arxiv_id: str, tags: frozenset[str]) -> None:
        """The paper's whole set of tags (empty: none)."""
        self._change("tags", [arxiv_id], frozenset(tags))

    def set_note(self, arxiv_id: str, text: str) -> None:
        """The paper's note (blank: none). Called per keystroke: the last text wins."""
        self._change("note", [arxiv_id], text)

    def save_rule(self, rule: Rule) -> None:
        self._change("rule", [rule_key(rule.kind, rule.name)], rule.query)

    def delete_rule(self, kind: RuleKind, name: str) -> None:
        self._change("rule", [rule_key(kind, name)], None)

    def record_seen(self, sightings: dict[str, Seen]) -> None:
        """Papers shown on a day (id -> that day and version); kept without waiting."""
        with self._cond:
            known = self._triage.seen
            new = {}
            for raw, seen in sightings.items():
                key = normalize_id(raw)
                merged = known[key].merged(seen) if key in known else seen
                if key and known.get(key) != merged:
                    new[key] = merged
        for key, seen in new.items():
            self._change("seen", [key], seen, wait=False)

    def status(self) -> Status:
        with self._cond:
            wanted = [kind for kind, _ in self._pending if kind not in _BEST_EFFORT]
            marks = sum(1 for kind in wanted if kind != "pref")
            return Status(marks, len(wanted), self._error, self._notice)

    def wait_saved(self, timeout: float) -> bool:
        """Wait until nothing is pending (True) or timeout passes (False)."""
        with self._cond:
            return self._cond.wait_for(
                lambda: all(kind in _BEST_EFFORT for kind, _ in self._pending), timeout
            )

    def close(self, timeout: float = 3.0) -> list[str]:
        """Stop the writer after a bounded wait; returns what could not be saved, one line each."""
        self.wait_saved(timeout)
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join(WRITER_BUSY_S + 1.0)
        with self._cond:
            return [
                _line(kind, key, value)
                for (kind, key), (_, value) in self._pending.items()
                if kind not in _BEST_EFFORT
            ]

    # --- internals ----------------------------------------------------------------------------

    def _change(self, kind: Kind, keys: Iterable[str], value: Value, *, wait: bool = True) -> None:
        with self._cond:
            self._seq += 1
            seq = self._seq
            for raw in keys:
                key = raw if kind in ("pref", "rule") else normalize_id(raw)
                if not key:
                    continue
                self._remember(kind, key, value)
                self._pending[(kind, key)] = (seq, value)
            self._cond.notify_all()
            # Normally the change lands in a few ms: wait for it, so it is on disk when the key
            # press returns. A lock or a failing disk costs this bounded wait once, and not at
            # all while the last attempt failed (the user has been told).
            if wait and self._error is None:
                self._cond.wait_for(
                    lambda: all(s != seq for s, _ in self._pending.values()), SAVE_WAIT_S
                )

    def _remember(self, kind: Kind, key: str, value: Value) -> None:
        """Apply one change to memory (what the reader reads), under the lock."""
        triage = self._triage
        if kind == "pref":
            self._prefs[key] = str(value)
        elif kind in ("read", "star", "dismiss"):
            marks = {"read": self._read, "star": self._stars}.get(kind, triage.dismissed)
            (marks.add if value else marks.discard)(key)
        elif kind == "tags" and isinstance(value, frozenset):
            if value:
                triage.tags[key] = value
            else:
                triage.tags.pop(key, None)
        elif kind == "note" and isinstance(value, str):
            if value.strip():
                triage.notes[key] = value
            else:
                triage.notes.pop(key, None)
        elif kind == "rule":
            rule = split_rule_key(key)
            if isinstance(value, str):
                triage.rules[rule] = value
            else:
                triage.rules.pop(rule, None)
        elif kind == "seen" and isinstance(value, Seen):
            triage.seen[key] = value

    def _run(self) -> None:
        store: StateStore | None = None
        delay = RETRY_MIN_S
        try:
            while True:
                with self._cond:
                    if store is not None:
                        self._cond.wait_for(lambda: self._closing or bool(self._pending))
                    if self._closing:
                        return
                    batch = dict(self._pending)
                if store is None:
                    store = self._try_open()
                    if store is None:
                        self._pause(delay, need_pending=True)
                        delay = min(delay * 2, RETRY_MAX_S)
                        continue
                if not batch:
                    continue
                try:
                    store.write_changes(
                        reads={k: bool(v) for (kind, k), (_, v) in batch.items() if kind == "read"},
                        stars={k: bool(v) for (kind, k), (_, v) in batch.items() if kind == "star"},
                        prefs={k: str(v) for (kind, k), (_, v) in batch.items() if kind == "pref"},
                        triage=_triage_changes(batch),
                    )
                except (sqlite3.Error, OSError) as exc:
                    self._failed(describe(exc, self.path.parent))
                    store.close()
                    store = None  # open again: a moved or replaced file is found again
                    self._pause(delay)
                    delay = min(delay * 2, RETRY_MAX_S)
                    continue
                delay = RETRY_MIN_S
                with self._cond:
                    for key, (seq, _) in batch.items():
                        if self._pending.get(key, (None,))[0] == seq:
                            del self._pending[key]
                    self._error = None
                    self._cond.notify_all()
        finally:
            if store is not None:
                store.close()

    def _try_open(self) -> StateStore | None:
        try:
            store = self._open_store(self.path)
        except (Unwritable, sqlite3.Error, OSError) as exc:
            writable = can_write(self.path)
            reason = describe(exc, self.path.parent)
            self._failed(reason if writable else f"{self.path.parent} can't be written")
            return None
        with self._cond:
            if store.warning:
                self._notice = store.warning
            self._cond.notify_all()
        return store

    def _failed(self, reason: str) -> None:
        with self._cond:
            self._error = reason
            self._cond.notify_all()

    def _pause(self, seconds: float, need_pending: bool = False) -> None:
        """Wait before trying again; with need_pending, also until there is something to save."""
        with self._cond:
            self._cond.wait(seconds)
            if need_pending:
                self._cond.wait_for(lambda: self._closing or bool(self._pending))


def _triage_changes(batch: dict[tuple[Kind, str], tuple[int, Value]]) -> TriageChanges:
    dismissed: dict[str, bool] = {}
    tags: dict[str, frozenset[str]] = {}
    notes: dict[str, str] = {}
    rules: dict[tuple[RuleKind, str], str | None] = {}
    seen: dict[str, Seen] = {}
    for (kind, key), (_, value) in batch.items():
        if kind == "dismiss":
            dismissed[key] = bool(value)
        elif kind == "tags" and isinstance(value, frozenset):
            tags[key] = value
        elif kind == "note" and isinstance(value, str):
            notes[key] = value
        elif kind == "rule":
            rules[split_rule_key(key)] = value if isinstance(value, str) else None
        elif kind == "seen" and isinstance(value, Seen):
            seen[key] = value
    return TriageChanges(dismissed, tags, notes, rules, seen)


def _open_for_writing(path: Path) -> StateStore:
    return StateStore(path, WRITER_BUSY_S, memory_fallback=False)


def _line(kind: Kind, key: str, value: Value) -> str:
    """One change not saved, said so the user can redo it (a note's whole text)."""
    if kind == "pref":
        return f"setting {key} = {value}"
    if kind == "dismiss":
        return f"{key} {'dismissed' if value else 'taken back (not dismissed)'}"
    if kind == "tags" and isinstance(value, frozenset):
        return f"{key} tags: {', '.join(sorted(value)) or '(none)'}"
    if kind == "note":
        return f"{key} note: {value}"
    if kind == "rule":
        rule_kind, name = split_rule_key(key)
        return f"{rule_kind} {name!r}: {value if value is not None else '(deleted)'}"
    what = {"read": ("read", "unread"), "star": ("starred", "unstarred")}[kind]
    return f"{key} {what[0] if value else what[1]}"


class SavingNotices:
    """The few messages the reader shows about saving, from the queue's status (polled).

    Trouble is said at once, again when its reason changes or more marks wait (at most every
    REPEAT_S), and the all-clear once everything that waited has landed.
    """

    REPEAT_S = 2.0

    def __init__(
        self,
        writer: StateWriter,
        say: Callable[[str, bool], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """say(message, trouble) shows a message; trouble is a warning, else good news."""
        self._writer = writer
        self._say = say
        self._clock = clock
        self._notice_said = False
        self._troubled = False
        self._said: tuple[str, int] | None = None
        self._said_at = 0.0

    def check(self) -> None:
        status = self._writer.status()
        if status.notice and not self._notice_said:
            self._notice_said = True
            self._say(status.notice, True)
        if status.error and status.pending_marks:
            said = (status.error, status.pending_marks)
            news = self._said is None or self._said[0] != status.error or not self._said[1]
            if said != self._said and (news or self._clock() - self._said_at >= self.REPEAT_S):
                n = status.pending_marks
                self._say(
                    f"{n} mark{'s' if n != 1 else ''} not saved yet: {status.error}; retrying", True
                )
                self._said, self._said_at, self._troubled = said, self._clock(), True
        elif status.error and not status.pending and not self._troubled:
            self._say(
                f"Read marks can't be saved yet: {status.error}; new marks are kept for this"
                " session and saved as soon as that is possible",
                True,
            )
            self._troubled = True
            self._said = (status.error, 0)
        elif not status.pending and not status.error and self._troubled:
            self._say("All marks saved", False)
            self._troubled, self._said = False, None
