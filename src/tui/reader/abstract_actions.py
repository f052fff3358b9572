"""The reader session's decisions about abstracts from arXiv (the state is tui.reader.abstracts):
a report arrived, a fetch failed, `A` asks to try again. A layer of ReaderSession."""

from __future__ import annotations

from tui.arxiv.fetcher import NOTICE
from tui.reader.changes import Change
from tui.reader.events import AbstractsArrived, AbstractsFailed, ReaderEvent
from tui.reader.session_state import SessionState


class AbstractActions(SessionState):
    """What the session does with the fetcher's reports and the `A` key."""

    def abstracts_event(self, event: ReaderEvent) -> Change:
        """A report of the fetcher: the header's progress, and the pane if it shows a paper
        the report is about (filled in place, without moving the scroll). Other events: NONE."""
        if not isinstance(event, AbstractsArrived | AbstractsFailed):
            return Change.NONE
        changed = self.abstracts.apply(event)
        change = Change.HEADER
        while self.abstracts.notices:  # the store was damaged (rebuilt) or works in memory
            notice = self.abstracts.notices.pop(0)
            change |= self._notice(notice, title="arXiv", severity="warning", timeout=10)
        paper = self.current_paper
        if isinstance(event, AbstractsFailed):
            change |= self._notice(NOTICE, title="arXiv", severity="warning", timeout=8)
            if paper is not None and not paper.abstract.strip():
                change |= Change.PAPER  # the pane says why
        elif paper is not None and paper.arxiv_id in changed:
            change |= Change.PAPER
        return change

    def retry_abstracts(self) -> Change:
        """`A`: fetch again now (or say why not: off, offline, nothing waiting)."""
        message = self.abstracts.retry()
        return self._notice(message, title="arXiv", timeout=4) | Change.PAPER | Change.HEADER
