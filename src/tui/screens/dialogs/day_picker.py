"""The `d` dialog: every day of the library with its unread/total counts; enter opens one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen

from tui.widgets.day_list import DayCounter, DayList
from tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from tui.library import Day


class DayPickerScreen(ModalScreen[dt.date | None]):
    """Dismisses with the chosen date, or None (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,d,q", "cancel", "Close"),
    ]

    def __init__(
        self, days: Sequence[Day], current: dt.date | None, counts: DayCounter, loading: bool
    ) -> None:
        super().__init__()
        self._days = days
        self._current = current
        self._counts = counts
        self._loading = loading

    def compose(self) -> ComposeResult:
        with Vertical(id="day-picker"):
            yield DayList(self._counts, id="day-list")
        yield KeyFooter()

    @property
    def day_list(self) -> DayList:
        return self.query_one(DayList)

    def on_mount(self) -> None:
        self.day_list.border_title = "Days"
        self.update_days(self._days, self._loading)
        self.set_focus(self.day_list)

    def update_days(self, days: Sequence[Day], loading: bool) -> None:
        """More days arrived while the picker is open (the loader is still at work)."""
        self._days, self._loading = days, loading
        self.day_list.show_days(days, self._current)
        count = f"{len(days)} day{'s' if len(days) != 1 else ''}"
        more = " · still reading…" if loading else ""
        self.day_list.border_subtitle = f"{count}{more} · enter opens"

    def counts_changed(self) -> None:
        self.day_list.rows_updated()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(DayList.DayChosen)
    def _chosen(self, event: DayList.DayChosen) -> None:
        self.dismiss(event.date)
