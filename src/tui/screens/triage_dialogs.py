"""The main screen's triage dialogs: each asks the session what to show, opens the dialog and
hands the answer back to the session (T tags, N note, w a proposed watch, W every rule)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.reader.triage_views import NoteQuestion, RuleQuestion, TagsQuestion
from tui.screens.dialogs.note_dialog import NoteScreen
from tui.screens.dialogs.rule_dialog import RuleDraft, RuleScreen
from tui.screens.dialogs.rules_dialog import RulesChoice, RulesScreen
from tui.screens.dialogs.tags_dialog import TagsScreen

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


def open_tags(screen: MainScreen) -> None:
    asked = screen.synced.tags_question()
    if not isinstance(asked, TagsQuestion):
        screen.apply(asked)
        return

    def answered(typed: tuple[str, ...] | None) -> None:
        if typed is not None:
            screen.apply(screen.session.set_tags(asked, typed))

    screen.app.push_screen(TagsScreen(asked.title, asked.shown, asked.known), answered)


def open_note(screen: MainScreen) -> None:
    asked = screen.synced.note_question()
    if not isinstance(asked, NoteQuestion):
        screen.apply(asked)
        return

    def save(text: str) -> None:
        screen.apply(screen.session.save_note(asked.arxiv_id, text))

    screen.app.push_screen(NoteScreen(asked.title, asked.text, save))


def open_rule(screen: MainScreen, asked: RuleQuestion) -> None:
    """A watch or hide rule in the editor; saved (or renamed) when the user says so."""
    if asked.read_only:
        screen.notify(f"“{asked.name}”: {asked.read_only}.", markup=False)
        return

    def answered(draft: RuleDraft | None) -> None:
        if draft is not None:
            session = screen.session
            screen.apply(session.save_rule(draft.kind, draft.name, draft.query, draft.replaces))

    dialog = RuleScreen(
        asked.kind, asked.name, asked.query, screen.session.count_matches, editing=asked.editing
    )
    screen.app.push_screen(dialog, answered)


def propose_watch(screen: MainScreen) -> None:
    asked = screen.synced.propose_watch()
    if isinstance(asked, RuleQuestion):
        open_rule(screen, asked)
    else:
        screen.apply(asked)


def open_rules(screen: MainScreen) -> None:
    session = screen.session

    def chosen(choice: RulesChoice | None) -> None:
        if choice is None:
            return
        if choice.action == "delete" and choice.rule is not None:
            screen.apply(session.delete_rule(choice.rule))
        else:
            open_rule(screen, session.rule_question(choice.rule, choice.kind))

    screen.app.push_screen(RulesScreen(session.rules()), chosen)
