"""The reader session's decisions about marks: read, star, the export selection, `R` (the
whole list read) and `M` (everything above read). A layer of ReaderSession."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.model import Paper, paper_key
from tui.reader.changes import Change
from tui.reader.session_state import SessionState
from tui.reader.views import Question
from tui.text import one_line


class MarkActions(SessionState):
    """Marks and stars are kept by arXiv id (tui.reader.marks); each change redraws the markers
    and every count."""

    if TYPE_CHECKING:  # ReaderSession's

        def _list(self, *, paper: str | None = None, keep: bool = False) -> Change: ...
        def _refit(self) -> Change: ...  # TriageActions': For you learns from stars too

    def _marks_changed(self, problem: str | None = None) -> Change:
        self.view.marks_changed()
        self._all_days_counts = None
        change = Change.MARKS | Change.COUNTS | Change.HEADER
        if problem:
            change |= self._notice(problem, title="Marks", severity="error", timeout=10)
        return change

    def _paper_with_id(self, what: str) -> Paper | None:
        """The current paper if it has an arXiv id (marks and stars are kept by id); else say so."""
        paper = self.current_paper
        if paper is not None and not paper.arxiv_id:
            self._notice(f"This entry has no arXiv id, so it cannot be {what}.", severity="warning")
            return None
        return paper

    def toggle_read(self) -> Change:
        paper = self._paper_with_id("marked")
        if paper is None:
            return Change.NOTICES if self.notices else Change.NONE
        read = not self.marks.is_read(paper.arxiv_id)
        return self._marks_changed(self.marks.set([paper.arxiv_id], read))

    def toggle_star(self) -> Change:
        paper = self._paper_with_id("starred")
        if paper is None:
            return Change.NOTICES if self.notices else Change.NONE
        starred = not self.stars.is_starred(paper.arxiv_id)
        return self._marks_changed(self.stars.set([paper.arxiv_id], starred)) | self._refit()

    def question_mark_list_read(self) -> Question | Change:
        """`R`: the question to ask before marking the whole list read (or a notice: nothing to)."""
        ids = tuple(
            dict.fromkeys(
                e.paper.arxiv_id
                for e in self.rows
                if e.paper.arxiv_id and not self.marks.is_read(e.paper.arxiv_id)
            )
        )
        name = one_line(self.shown_title())
        if not ids:
            return self._notice(f"Every paper in {name} is already read.")
        return Question(len(ids), name, ids)

    def mark_read(self, question: Question) -> Change:
        """The user said yes to `question`."""
        change = self._marks_changed(self.marks.set(question.ids, True))
        return change | self._notice(f"Marked {question.count} papers read.")

    def toggle_selected(self) -> Change:
        """space: select or unselect the current paper for export, then move down."""
        entry = self.current_entry
        if entry is None:
            return Change.NONE
        key = paper_key(entry.paper)
        if self.selection.pop(key, None) is None:
            self.selection[key] = entry
        if self.cursor + 1 < len(self.rows):
            self.cursor += 1
        return self._marks_changed() | Change.CURSOR

    def clear_selection(self) -> Change:
        if not self.selection:
            return self._notice("Nothing is selected (space selects a paper).", timeout=3)
        count = len(self.selection)
        self.selection.clear()
        return self._marks_changed() | self._notice(
            f"Unselected {count} paper{'s' if count != 1 else ''}."
        )

    def mark_above_read(self) -> Change:
        """`M`: every paper above the cursor in this list is read (triage from the top down:
        what the reader scrolled past without starring is done with)."""
        ids = tuple(
            dict.fromkeys(
                aid
                for entry in self.rows[: self.cursor]
                if (aid := entry.paper.arxiv_id) and not self.marks.is_read(aid)
            )
        )
        if not ids:
            above = "above this one " if self.cursor else ""
            return self._notice(f"No unread paper {above}in this list.", timeout=3)
        change = self._marks_changed(self.marks.set(ids, True))
        plural = "s" if len(ids) != 1 else ""
        return change | self._notice(f"Marked {len(ids)} paper{plural} above read.", timeout=3)
