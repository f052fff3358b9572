"""The footer: the keys of the focused widget and its screen, drawn on one line by one widget.

It shows what Textual's compact Footer shows (bindings with show=True, a binding group's keys
together before its label, the command palette's key on the right; a click presses the key).
Textual's Footer mounts a widget per key and mounted them all again on every focus change: at
300,000 entries that was 40-50 ms of `/` and of Escape. Here a focus change that leaves the keys
as they were costs nothing, and one that changes them costs one line.
"""

from __future__ import annotations

from itertools import groupby
from typing import ClassVar, NamedTuple

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget


class FooterItem(NamedTuple):
    keys: tuple[str, ...]  # as shown (app.get_key_display)
    label: str
    enabled: bool
    press: str  # the key a click presses
    grouped: bool = False  # a binding group: set apart by one more space, as Textual does


class KeyFooter(Widget, can_focus=False):
    """One line of keys; follows the screen's bindings_updated signal."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--bar",
    }

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._items: tuple[FooterItem, ...] = ()
        self._palette: FooterItem | None = None
        self._spans: list[tuple[int, int, FooterItem]] = []  # columns a click finds keys by

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        items, palette = self._shown(screen)
        if (items, palette) != (self._items, self._palette):
            self._items, self._palette = items, palette
            self.refresh()

    def _shown(self, screen: Screen) -> tuple[tuple[FooterItem, ...], FooterItem | None]:
        app = self.app

        def item(binding: Binding, enabled: bool) -> FooterItem:
            return FooterItem(
                (app.get_key_display(binding),), binding.description, enabled, binding.key
            )

        first: dict[str, tuple[Binding, bool]] = {}  # an action's first shown binding
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            if binding.show:
                first.setdefault(binding.action, (binding, enabled))
        items: list[FooterItem] = []
        for group, runs in groupby(first.values(), lambda shown: shown[0].group):
            shown = list(runs)
            if group is not None and len(shown) > 1:
                keys = tuple(app.get_key_display(binding) for binding, _ in shown)
                enabled = all(on for _, on in shown)
                items.append(FooterItem(keys, group.description, enabled, shown[0][0].key, True))
            else:
                items += [item(binding, on) for binding, on in shown]
        found = screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        palette = item(found[1], found[2]) if app.ENABLE_COMMAND_PALETTE and found else None
        return tuple(items), palette

    def render(self) -> Content:
        if not self._items and self._palette is None:  # before the first signal
            self._items, self._palette = self._shown(self.screen)
        key = self.get_visual_style("key-footer--key", partial=True)
        description = self.get_visual_style("key-footer--description", partial=True)
        parts: list[Content] = []
        spans: list[tuple[int, int, FooterItem]] = []
        column = 0

        def add(item: FooterItem, *, gap: str) -> None:
            nonlocal column
            if item.grouped:
                parts.append(Content(" "))
                column += 1
            shown = Content.assemble(
                Content.styled("".join(item.keys), key),
                Content.styled(f" {item.label}" if item.label else "", description),
            )
            if not item.enabled:
                shown = shown.stylize("dim")
            parts.append(shown + gap)
            spans.append((column, column + shown.cell_length, item))
            column += shown.cell_length + len(gap)

        for item in self._items:
            add(item, gap=" ")
        if self._palette is not None:
            right = len("".join(self._palette.keys)) + len(self._palette.label) + 3
            room = self.size.width - column - right
            if room >= 0:
                parts.append(Content(" " * room))
                column += room
                parts.append(Content.styled("▏", self.get_visual_style("key-footer--bar")))
                column += 1
                add(self._palette, gap=" ")
        self._spans = spans
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        for start, end, item in self._spans:
            if start <= event.x < end:
                if item.enabled:
                    self.app.simulate_key(item.press)
                else:
                    self.app.bell()
                return
