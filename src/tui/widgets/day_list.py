"""The day picker's list: one line per day, newest first, with its unread and total counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.content import Content
from textual.message import Message

from tui.widgets.cursor_list import CursorList

if TYPE_CHECKING:
    from tui.library import Day

# (unread, total) of a day, from the live read marks.
DayCounter = Callable[["Day"], tuple[int, int]]


class DayList(CursorList):
    """Days newest first; enter (or a double click) picks one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = CursorList.COMPONENT_CLASSES | {
        "day-list--weekday",
        "day-list--unread",
        "day-list--done",
        "day-list--current",
        "day-list--gap",
    }

    class DayChosen(Message):
        """The user picked the day of `date`."""

        def __init__(self, day_list: DayList, date: dt.date) -> None:
            super().__init__()
            self.day_list = day_list
            self.date = date

        @property
        def control(self) -> DayList:
            return self.day_list

    def __init__(self, counts: DayCounter, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._counts = counts
        self._days: Sequence[Day] = ()
        self._current: dt.date | None = None

    @property
    def days(self) -> Sequence[Day]:
        return self._days

    @property
    def row_count(self) -> int:
        return len(self._days)

    @property
    def current_date(self) -> dt.date | None:
        return self._days[self.cursor].date if self._days else None

    def show_days(self, days: Sequence[Day], current: dt.date | None) -> None:
        """Replace the rows, keeping the cursor on the day it was on (else on `current`)."""
        keep = self.current_date if self._days else current
        self._days = days
        self._current = current
        self.rows_changed()
        index = next((i for i, day in enumerate(days) if day.date == keep), 0)
        self.move_cursor(index, notify=False)

    def row_chosen(self, index: int) -> None:
        self.post_message(self.DayChosen(self, self._days[index].date))

    def render_row(self, index: int, width: int) -> Content:
        day = self._days[index]
        unread, total = self._counts(day)
        style = self.get_visual_style
        current = day.date == self._current
        date = Content.styled(day.date.isoformat(), "bold" if current else "")
        weekday = Content.styled(f" {day.date:%a}", style("day-list--weekday", partial=True))
        counts = Content.assemble(
            f"  {total:>4} papers  ",
            Content.styled(
                f"{unread:>4} unread" if unread else "  all read",
                style("day-list--unread" if unread else "day-list--done", partial=True),
            ),
        )
        mark = Content.styled(
            "  ◀ open" if current else "", style("day-list--current", partial=True)
        )
        return Content.assemble(date, weekday, counts, mark, self._gap(index)).truncate(
            width, pad=True
        )

    def _gap(self, index: int) -> Content:
        """ "  ↓ 2 days missing" when the next (older) day is not the day before this one."""
        if index + 1 >= len(self._days):
            return Content("")
        missing = (self._days[index].date - self._days[index + 1].date).days - 1
        if missing <= 0:
            return Content("")
        text = f"  ↓ {missing} day{'s' if missing != 1 else ''} missing"
        return Content.styled(text, style=self.get_visual_style("day-list--gap", partial=True))
