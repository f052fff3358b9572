"""The reader session's triage decisions: dismiss (`-`), tags (`T`), notes (`N`), watches and
hide rules (`w`, `W`), the rules' matches arriving, and the For-you order (`f`). A layer of
ReaderSession; the records are tui.reader.triage_marks, the lists tui.reader.triage_lists. The
query language and the rules' machinery are imported when first used, not at start-up."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from tui.model import Paper
from tui.reader import for_you
from tui.reader.changes import Change
from tui.reader.day_view import DayView
from tui.reader.events import ForYouRanked, RulesMatched
from tui.reader.session_state import SessionState
from tui.reader.triage_lists import TriageLists, is_extra
from tui.reader.triage_views import NoteQuestion, RuleQuestion, TagsQuestion
from tui.text import one_line
from tui.triage.records import Rule, RuleKind, Seen

# What a search in the reader leaves out unless the query names it.
LEFT_OUT = ("hidden", "dismissed")


class TriageActions(SessionState):
    """What `-`, `T`, `N`, `w`, `W` and `f` decide, and what the rules' matches change."""

    if TYPE_CHECKING:  # ReaderSession's and MarkActions'

        def _list(self, *, paper: str | None = None, keep: bool = False) -> Change: ...
        def _run_search(self) -> Change: ...
        def _paper_with_id(self, what: str) -> Paper | None: ...

    # -- what changed ----------------------------------------------------------------------------

    def refresh_lists(self) -> None:
        """The Watches and Tags groups over the current view (the day, or every day)."""
        every = self.all_days_rows()
        view = every if self.all_days else self.view.lists[0]
        self.lists = TriageLists(self.triage, view, every or self.view.lists[0])

    def _triage_changed(self, problem: str | None = None, *, keep_row: bool = False) -> Change:
        """What is hidden, watched or tagged changed: every list, count and marker again."""
        self._all_days_rows = None
        self._all_days_counts = None
        extra = self.lists.title(self.category) if is_extra(self.category) else None
        if self.day is not None:
            self.view = DayView.of(self.day, self.triage.hidden_keys())
        self.refresh_lists()
        if extra is not None:  # the same watch or tag, if it is still there
            found = self.lists.index_of(extra.partition(": ")[2], extra.startswith("Watch"))
            self.category = found if found is not None else 0
        change = Change.SIDEBAR | Change.COUNTS | Change.HEADER | Change.MARKS | Change.DETAIL
        if self.search.text is not None:
            change |= self._run_search()
        else:
            row = self.cursor
            change |= self._list(keep=True)
            if keep_row and self.rows:
                self.cursor = min(row, len(self.rows) - 1)  # the next paper slides in
        if problem:
            change |= self._notice(problem, title="Triage", severity="error", timeout=10)
        return change

    def record_sightings(self) -> None:
        """The open day's papers were shown with these versions (for "seen … as v1")."""
        day = self.day
        if day is None:
            return
        date = day.date.isoformat()
        sightings = {}
        for entry in self.view.lists[0]:
            paper = entry.paper
            if paper.arxiv_id and paper.version:
                version = f"v{paper.version}"
                sightings[paper.arxiv_id] = Seen(date, version, date, version)
        self.triage.record_seen(sightings)

    # -- dismiss ---------------------------------------------------------------------------------

    def dismiss(self) -> Change:
        """`-`: not interested: read, out of every list, against its kind in For you. On a
        dismissed paper (is:dismissed), takes it back."""
        paper = self._paper_with_id("dismissed")
        if paper is None:
            return Change.NOTICES if self.notices else Change.NONE
        aid, title = paper.arxiv_id, one_line(paper.title)[:60]
        if self.triage.is_dismissed(aid):
            problem = self.triage.set_dismissed([aid], False)
            change = self._triage_changed(problem, keep_row=True)
            return change | self._refit() | self._notice(f"Taken back: {title}", timeout=3)
        problem = self.marks.set([aid], True) or self.triage.set_dismissed([aid], True)
        change = self._triage_changed(problem, keep_row=True) | self._refit()
        return change | self._notice(
            f"Dismissed: {title} (is:dismissed lists it; - there takes it back)", timeout=4
        )

    # -- tags ------------------------------------------------------------------------------------

    def tags_question(self) -> TagsQuestion | Change:
        """`T`: the selection's tags (those every selected paper has), else the paper's."""
        if self.selection:
            ids = tuple(dict.fromkeys(e.paper.arxiv_id for e in self.selection.values()))
            ids = tuple(aid for aid in ids if aid)
            title = f"Tags of the {len(ids)} selected papers"
        else:
            paper = self._paper_with_id("tagged")
            if paper is None:
                return Change.NOTICES if self.notices else Change.NONE
            ids, title = (paper.arxiv_id,), f"Tags of {one_line(paper.title)}"
        if not ids:
            return self._notice("None of the selected papers has an arXiv id to tag.")
        common = set.intersection(*(set(self.triage.tags_of(aid)) for aid in ids))
        shown = tuple(t for t in self.triage.all_tags() if t in common)
        return TagsQuestion(title, ids, shown, tuple(self.triage.all_tags()))

    def set_tags(self, question: TagsQuestion, typed: tuple[str, ...]) -> Change:
        from tui.reader.proposals import edit_tags, tag_edits

        added, removed = tag_edits(question.shown, typed)
        if not added and not removed:
            return Change.NONE
        problem = None
        for aid in question.ids:
            tags = edit_tags(self.triage.tags_of(aid), added, removed)
            problem = problem or self.triage.set_tags(aid, tags)
        said = [f"+{t}" for t in added] + [f"-{t}" for t in removed]
        count = len(question.ids)
        change = self._triage_changed(problem) | self._refit()
        papers = f"{count} paper{'s' if count != 1 else ''}"
        return change | self._notice(f"Tags {' '.join(said)} on {papers}", timeout=3)

    # -- notes -----------------------------------------------------------------------------------

    def note_question(self) -> NoteQuestion | Change:
        paper = self._paper_with_id("noted")
        if paper is None:
            return Change.NOTICES if self.notices else Change.NONE
        aid = paper.arxiv_id
        title = f"Note on {aid}: {one_line(paper.title)}"
        return NoteQuestion(title, aid, self.triage.note_of(aid))

    def save_note(self, arxiv_id: str, text: str) -> Change:
        """Each keystroke of the note: saved at once; For you refits when a note starts or ends."""
        had = bool(self.triage.note_of(arxiv_id))
        problem = self.triage.set_note(arxiv_id, text)
        change = Change.MARKS
        if had != bool(text.strip()):
            change |= self._refit()
        if problem:
            change |= self._notice(problem, title="Note", severity="error", timeout=10)
        return change

    # -- watches and hide rules ------------------------------------------------------------------

    def propose_watch(self) -> RuleQuestion | Change:
        """`w`: a watch made from the paper (its first author, else words of its title)."""
        paper = self.current_paper
        from tui.reader.proposals import watch_proposals

        proposals = watch_proposals(paper) if paper is not None else []
        if not proposals:
            return self._notice("This paper has no author or title words to watch.")
        first = proposals[0]
        return RuleQuestion("watch", first.name, first.query)

    def rule_question(self, rule: Rule | None, kind: RuleKind = "watch") -> RuleQuestion:
        """A saved rule to edit, or a new one of `kind`."""
        if rule is None:
            return RuleQuestion(kind, "", "")
        why = "it is written in config.toml: edit it there" if rule.source == "config" else None
        return RuleQuestion(rule.kind, rule.name, rule.query, editing=True, read_only=why)

    def rules(self) -> list[Rule]:
        return self.triage.rules()

    def save_rule(
        self, kind: RuleKind, name: str, query: str, replaces: tuple[RuleKind, str] | None
    ) -> Change:
        """Save a rule; `replaces`: the rule it was when edited (renamed or turned into the
        other kind, that one goes)."""
        name, query = name.strip(), query.strip()
        from tui.triage.rules import problem as rule_problem

        if problem := rule_problem(name, query):
            return self._notice(problem, title="Rule not saved", severity="warning")
        said = self.triage.save_rule(Rule(kind, name, query), replaces)
        what = "Watch" if kind == "watch" else "Hide rule"
        change = self._notice(f"{what} “{name}” saved: {query}", timeout=3)
        if said:
            change |= self._notice(said, title="Triage", severity="error", timeout=10)
        return change | self._match_rules()

    def delete_rule(self, rule: Rule) -> Change:
        if rule.source == "config":
            return self._notice("That rule is written in config.toml: remove it there.")
        problem = self.triage.delete_rule(rule)
        change = self._triage_changed(problem) | self._match_rules()
        return change | self._notice(f"Rule “{rule.name}” deleted.", timeout=3)

    def count_matches(self, text: str) -> str:
        """How many papers a query matches over every day (called in a dialog's worker)."""
        source = self.search.source
        if source is None:
            return "The count follows when the search index is ready."
        found = source.run(text, sets=self._sets(text))
        if found.hint:
            return found.hint
        n = len(found.entries)
        verb = "matches" if n == 1 else "match"
        return f"{n} paper{'s' if n != 1 else ''} {verb}, over every day"

    def _sets(self, text: str, leave_out: Collection[str] = ()) -> dict[str, set[str]]:
        from tui.query import parse
        from tui.triage.sets import state_sets, wanted

        names = wanted([parse(text)]) | set(leave_out)
        return state_sets(names, self.triage.records, self.triage.matches)

    def _match_rules(self) -> Change:
        """Find each rule's papers again, in the background: over the library once the search
        is ready, else over the open day."""
        from tui.reader import jobs

        rules = self.triage.rules()
        generation = self.triage.generation
        if not rules:
            self.triage.matches, self.triage.matched = {}, True
            return self._triage_changed()
        source = self.search.source
        if source is None and self.day is None:
            return Change.NONE
        from tui.triage.sets import for_rules

        sets = for_rules(rules, self.triage.records)
        day = self.view.lists[0]
        return self._job(jobs.match_rules(rules, generation, sets, self.marks.ids(), source, day))

    def rules_matched(self, event: RulesMatched) -> Change:
        if event.generation != self.triage.generation:
            return Change.NONE  # the rules changed since: a newer answer follows
        if event.complete:
            self.triage.matches, self.triage.matched = dict(event.matches), True
        elif not self.triage.matched:
            for key, found in event.matches.items():
                self.triage.matches[key] = self.triage.matches.get(key, frozenset()) | found
        else:
            return Change.NONE
        return self._triage_changed(keep_row=True)

    # -- For you ---------------------------------------------------------------------------------

    def toggle_for_you(self) -> Change:
        """`f`: the list in For-you order (closest to what you kept first), or back."""
        self.for_you.on = not self.for_you.on
        change = self._list(keep=True)
        if self.for_you.on and self.for_you.problem:
            change |= self._notice(self.for_you.problem, title="For you", timeout=6)
        state = "on: closest to what you star, tag and note first" if self.for_you.on else "off"
        return change | self._notice(f"For you: {state}", timeout=3)

    def _refit(self) -> Change:
        """What the reader keeps changed: the model learns again (when the order is on)."""
        if not self.for_you.on:
            self.for_you.scores = {}  # stale: scored anew when the order is turned on
            return Change.NONE
        return self._rank()

    def _rank(self) -> Change:
        every = self.all_days_rows() or self.view.lists[0]
        kept = self.stars.ids() | self.triage.kept_ids()
        job = for_you.rank_job(
            self.for_you.next_generation(),
            self.rows,  # rows by reference stay so: the worker decodes what it scores
            every,
            kept,
            frozenset(self.triage.records.dismissed),
        )
        return self._job(job)

    def for_you_ranked(self, event: ForYouRanked) -> Change:
        if event.generation != self.for_you.generation or not self.for_you.on:
            return Change.NONE
        self.for_you.pending = False
        self.for_you.problem = event.problem
        self.for_you.scores.update(event.scores)
        change = self._list(keep=True)
        if event.problem:
            change |= self._notice(event.problem, title="For you", timeout=6)
        return change
