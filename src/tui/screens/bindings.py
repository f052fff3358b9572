"""The main screen's keys, in groups: the footer, the `?` screen and the palette read them."""

from __future__ import annotations

from textual.binding import Binding, BindingType


def decision(
    key: str,
    method: str,
    description: str,
    *args: object,
    show: bool = True,
    tooltip: str = "",
    group: Binding.Group | None = None,
    id: str | None = None,  # noqa: A002 (Binding's own name)
) -> Binding:
    """A key that is one ReaderSession decision: the action `session('method', *args)`, the
    binding's id the method's name (what a keymap names)."""
    action = f"session({', '.join(repr(a) for a in (method, *args))})"
    return Binding(
        key, action, description, show=show, tooltip=tooltip, group=group, id=id or method
    )


SEARCH_BINDINGS: list[BindingType] = [
    # A priority binding runs before the key is handed to any widget, so the focus is in the
    # box before the next key is routed: "/diffusion" typed in one burst lands whole.
    Binding(
        "slash",
        "search",
        "Search",
        priority=True,
        tooltip="Search every day (author: title: cat: code:yes is:unread date:…)",
        id="search",
    ),
    decision(
        "u", "toggle_unread_only", "Unread only", show=False, tooltip="Show only unread papers"
    ),
    decision(
        "S", "toggle_starred_only", "Starred only", show=False, tooltip="Show only starred papers"
    ),
]
READ_BINDINGS: list[BindingType] = [
    decision("r", "toggle_read", "Read", tooltip="Mark the selected paper read / unread"),
    decision("s", "toggle_star", "Star", tooltip="Star or unstar the selected paper"),
    decision("n", "next_unread", "Next", tooltip="Jump to the next unread paper"),
    Binding(
        "R",
        "mark_category_read",
        "All read",
        show=False,
        tooltip="Mark every paper of the current list read (asks first)",
        id="mark_list_read",
    ),
    decision(
        "M",
        "mark_above_read",
        "Read above",
        show=False,
        tooltip="Mark every paper above the cursor in this list read",
    ),
    decision("t", "cycle_language", "Lang", tooltip="Language: original → translation → both"),
    decision(
        "A",
        "retry_abstracts",
        "Fetch abstracts",
        show=False,
        tooltip="Fetch the missing abstracts from arXiv again now",
    ),
]
_DAY = Binding.Group("Day", compact=True)
DAY_BINDINGS: list[BindingType] = [
    decision(
        "left_square_bracket",
        "step_day",
        "Older",
        True,
        id="older_day",
        group=_DAY,
        tooltip="Previous (older) day",
    ),
    decision(
        "right_square_bracket",
        "step_day",
        "Newer",
        False,
        id="newer_day",
        group=_DAY,
        tooltip="Next (newer) day",
    ),
    Binding(
        "d", "pick_day", "Days", show=False, tooltip="Pick a day (unread/total of each)", id="days"
    ),
    decision(
        "U",
        "sync_subscriptions",
        "Sync",
        show=False,
        tooltip="Sync the subscribed repositories (new days appear)",
    ),
    decision(
        "a",
        "toggle_all_days",
        "All days",
        show=False,
        tooltip='Switch "All" between this day and every day of the library',
    ),
]
LINK_BINDINGS: list[BindingType] = [
    Binding(
        "c",
        "link('pdf', 'copy')",
        "Copy PDF",
        show=False,
        tooltip="Copy the PDF link",
        id="copy_pdf",
    ),
    Binding(
        "o",
        "link('pdf', 'open')",
        "Open PDF",
        show=False,
        tooltip="Open the PDF in the browser",
        id="open_pdf",
    ),
    Binding(
        "C",
        "link('code', 'copy')",
        "Copy code",
        show=False,
        tooltip="Copy the code link",
        id="copy_code",
    ),
    Binding(
        "O",
        "link('abs', 'open')",
        "Open abs",
        show=False,
        tooltip="Open the abs page",
        id="open_abs",
    ),
]
EXPORT_BINDINGS: list[BindingType] = [
    decision(
        "space",
        "toggle_selected",
        "Select",
        show=False,
        tooltip="Select or unselect the paper for export (and move down)",
    ),
    decision("x", "clear_selection", "Unselect all", show=False, tooltip="Clear the selection"),
    Binding(
        "e",
        "export",
        "Export",
        tooltip="Export this view or the selection (BibTeX, Markdown, CSV, JSON)",
        id="export",
    ),
    Binding(
        "b",
        "copy_bibtex",
        "Copy BibTeX",
        show=False,
        tooltip="Copy the selected paper's BibTeX entry",
        id="copy_bibtex",
    ),
]
TRIAGE_BINDINGS: list[BindingType] = [
    decision(
        "minus",
        "dismiss",
        "Not interested",
        show=False,
        tooltip="Dismiss the paper: read, out of every list, against its kind in For you"
        " (on a dismissed one: take it back)",
    ),
    decision(
        "f",
        "toggle_for_you",
        "For you",
        show=False,
        tooltip="Order the list by what you star, tag and note",
    ),
    Binding(
        "T",
        "triage('tags')",
        "Tags",
        show=False,
        tooltip="Tag the paper (or the selection), completing from the tags in use",
        id="tags",
    ),
    Binding(
        "N",
        "triage('note')",
        "Note",
        show=False,
        tooltip="Write a note on the paper (saved as you type)",
        id="note",
    ),
    Binding(
        "w",
        "triage('watch')",
        "Watch",
        show=False,
        tooltip="Watch papers like this one: a saved search from its author or title",
        id="watch",
    ),
    Binding(
        "W",
        "triage('rules')",
        "Rules",
        show=False,
        tooltip="Every watch and hide rule: edit, delete, add",
        id="rules",
    ),
]
PANE_BINDINGS: list[BindingType] = [
    Binding(
        "escape",
        "focus_papers",
        "Paper list",
        show=False,
        tooltip="Back to the paper list",
        id="back",
    ),
    Binding(
        "backslash",
        "toggle_sidebar",
        "Sidebar",
        show=False,
        tooltip="Hide or show the category sidebar",
        id="sidebar",
    ),
]

# The order of the screen's BINDINGS (the footer shows them in this order) ...
MAIN_BINDINGS: list[BindingType] = [
    *SEARCH_BINDINGS[:1],
    *READ_BINDINGS,
    *SEARCH_BINDINGS[1:],
    *DAY_BINDINGS,
    *TRIAGE_BINDINGS,
    *EXPORT_BINDINGS,
    *LINK_BINDINGS,
    *PANE_BINDINGS,
]
# ... and the sections of the help screen: (title, bindings).
SECTIONS: list[tuple[str, list[BindingType]]] = [
    ("Read", READ_BINDINGS),
    ("Search and filter", SEARCH_BINDINGS),
    ("Days", DAY_BINDINGS),
    ("Triage", TRIAGE_BINDINGS),
    ("Select and export", EXPORT_BINDINGS),
    ("Links", LINK_BINDINGS),
    ("Panes", PANE_BINDINGS),
]
