"""What a session call changed, so the screen redraws exactly that; and the notices it raised."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal


class Change(enum.Flag):
    """Parts of the screen a session call made stale (the screen's `apply` redraws each)."""

    NONE = 0
    SIDEBAR = enum.auto()  # the category rows were replaced (a new day, All ↔ All days)
    COUNTS = enum.auto()  # unread/total counts (sidebar, header, day picker)
    ROWS = enum.auto()  # the list was replaced: rows, title, cursor
    CURSOR = enum.auto()  # the cursor moved within the same rows
    MARKS = enum.auto()  # read / star / selection markers of the rows
    HEADER = enum.auto()
    DETAIL = enum.auto()  # the paper in the detail pane (or its notes)
    LANGUAGE = enum.auto()
    SEARCH_BOX = enum.auto()  # the search box opened or closed
    HINT = enum.auto()  # the line under the search box
    PICKER = enum.auto()  # the days of an open day picker
    NOTICES = enum.auto()  # session.notices has messages to show
    JOBS = enum.auto()  # session.jobs has background work to start
    PLACE = enum.auto()  # where the reader is moved: worth saving soon
    RELOAD = enum.auto()  # the library's files changed (a sync): read them again
    PAPER = enum.auto()  # the shown paper gained data (arXiv metadata): redraw the pane in place


Severity = Literal["information", "warning", "error"]


@dataclass(frozen=True, slots=True)
class Notice:
    """One message for the user (plain text: the screen never reads it as markup)."""

    message: str
    title: str = ""
    severity: Severity = "information"
    timeout: float = 5.0
