"""Content wrapped by the kinsoku rule (tui.wrap) at whatever width the widget gets.

A Visual, so that Textual asks it for its height and its lines at the real width (a pane that
resizes rewraps): the lines are cut where tui.wrap says, keeping every style span (search
highlights), and Textual then has nothing left to fold.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from tui.wrap import break_offsets


def kinsoku_lines(content: Content, width: int) -> Content:
    """`content` with line breaks where tui.wrap puts them at `width` cells."""
    lines: list[Content] = []
    for line in content.split("\n", allow_blank=True):
        offsets = break_offsets(line.plain, width)
        if not offsets:
            lines.append(line)
            continue
        lines.extend(piece.rstrip(" ") for piece in line.divide(offsets))
    return Content("\n").join(lines)


class KinsokuText(Visual):
    """Wraps its Content with tui.wrap instead of Textual's fold (Chinese punctuation stays
    at the end of the line it closes)."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._wrapped: tuple[int, Content] | None = None

    def _at(self, width: int) -> Content:
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, kinsoku_lines(self.content, width))
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

    @property
    def plain(self) -> str:
        """The text as given (what tests and callers read back, as from a Content)."""
        return self.content.plain

    @property
    def spans(self) -> Sequence[Span]:
        """The style spans over `plain` (search highlights)."""
        return self.content.spans
