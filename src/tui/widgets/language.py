"""The language mode, for the widgets: defined in tui.language (pure, the CLI uses it too)."""

from __future__ import annotations

from tui.language import Language

__all__ = ["Language"]
