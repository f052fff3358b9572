"""What `e` and `b` export: the current list or the selection, with the marks as they are now."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from tui.reader.views import ExportScope, file_stem
from tui.text import one_line

if TYPE_CHECKING:
    from tui.export import ExportItem
    from tui.library import LibraryEntry
    from tui.reader.session import ReaderSession

ItemMaker = Callable[[Sequence["LibraryEntry"]], list["ExportItem"]]


def item_maker(session: ReaderSession) -> ItemMaker:
    """Entries -> export items with the marks as they are now (the maker runs in a worker)."""
    from tui.export import items_of

    read_ids, starred_ids = session.marks.ids(), session.stars.ids()
    files = {day.date: str(day.sources[0]) for day in session.shelf.days if day.sources}
    records = session.triage.records
    return partial(
        items_of,
        read_ids=read_ids,
        starred_ids=starred_ids,
        files=files,
        tags=dict(records.tags),
        notes=dict(records.notes),
    )


def view_scope(session: ReaderSession) -> ExportScope:
    """The list as it is shown now (search, category, day or every day, filters applied)."""
    filters = [
        n for n, on in (("unread", session.unread_only), ("starred", session.starred_only)) if on
    ]
    date = session.day.date.isoformat() if session.day else ""
    text = session.search.text
    if text is not None:
        label, stem = f"This search: {text.strip()}", file_stem("search", text)
    elif session.category == 0 and session.all_days:
        label, stem = "Every day of the library", file_stem("all-days")
    else:
        title = session.shown_title()
        label, stem = f"{title} · {date}", file_stem(date, title if session.category else "")
    if filters:
        label += f" · {' and '.join(filters)} only"
        stem = file_stem(stem.removeprefix("arxiv-"), *filters)
    return ExportScope(one_line(label), list(session.rows), stem)


def scopes(session: ReaderSession) -> list[ExportScope]:
    """The export dialog's choices: the selection first (when there is one), then this view."""
    found = [view_scope(session)]
    if session.selection:
        selected = list(session.selection.values())
        found.insert(0, ExportScope("Selected with space", selected, file_stem("selection")))
    return found


def bibtex_of_current(session: ReaderSession) -> str:
    """`b`: the current paper's BibTeX entry ("" when the list is empty)."""
    from tui.export import to_bibtex

    entry = session.current_entry
    return to_bibtex(item_maker(session)([entry])) if entry is not None else ""
