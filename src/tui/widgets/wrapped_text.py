"""Content wrapped by the kinsoku rule (tui.wrap) at whatever width the widget gets.

A Visual, so that Textual asks it for its height and its lines at the real width (a pane that
resizes rewraps): the lines are cut where tui.wrap says, keeping every style span (search
highlights), and Textual then has nothing left to fold. `WrappedStatic` shows one and maps a
mouse selection on the wrapped lines back to the text, so copying gives the text unbroken.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.geometry import Offset
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Static

from tui.wrap import break_offsets

# For each shown line: (line of the text, offset in that line where the shown line starts).
Origins = list[tuple[int, int]]


def kinsoku_lines(content: Content, width: int) -> tuple[Content, Origins]:
    """`content` with line breaks where tui.wrap puts them at `width` cells, and where each
    shown line starts in `content`."""
    lines: list[Content] = []
    origins: Origins = []
    for number, line in enumerate(content.split("\n", allow_blank=True)):
        offsets = break_offsets(line.plain, width)
        if not offsets:
            lines.append(line)
            origins.append((number, 0))
            continue
        pieces = line.divide(offsets)
        lines.extend(piece.rstrip(" ") for piece in pieces)
        origins.extend((number, start) for start in (0, *offsets))
    return Content("\n").join(lines), origins


class KinsokuText(Visual):
    """Wraps its Content with tui.wrap instead of Textual's fold (Chinese punctuation stays
    at the end of the line it closes)."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._wrapped: tuple[int, Content, Origins] | None = None

    def _at(self, width: int) -> Content:
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, *kinsoku_lines(self.content, width))
        return self._wrapped[1]

    @staticmethod
    def _room(rules: RulesMap, width: int) -> int:
        return max(1, width - int(rules.get("line_pad", 0)) * 2)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        room = self._room(options.rules, width)
        return self._at(room).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._at(self._room(rules, width)).get_height(rules, width)

    def extract(self, selection: Selection) -> str:
        """The text under a selection made on the shown (wrapped) lines."""
        origins = self._wrapped[2] if self._wrapped is not None else []

        def back(offset: Offset | None) -> Offset | None:
            if offset is None or not origins:
                return offset
            line, start = origins[min(offset.y, len(origins) - 1)]
            return Offset(start + offset.x, line)

        return Selection(back(selection.start), back(selection.end)).extract(self.content.plain)

    @property
    def plain(self) -> str:
        """The text as given (what tests and callers read back, as from a Content)."""
        return self.content.plain

    @property
    def spans(self) -> Sequence[Span]:
        """The style spans over `plain` (search highlights)."""
        return self.content.spans


class WrappedStatic(Static):
    """A Static whose KinsokuText can be selected and copied with the mouse."""

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        visual = self._render()
        if isinstance(visual, KinsokuText):
            return visual.extract(selection), "\n"
        return super().get_selection(selection)
