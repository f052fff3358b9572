"""The "For you" ranking: what a paper is about (features), and a model of what the reader keeps.

Pure Python (no Textual, nothing outside the standard library), imported only by the worker that
ranks (tui.reader.for_you): nothing here loads at startup.
"""

from tui.foryou.features import PaperText, features, paper_text
from tui.foryou.model import Model, Scored, fit, rank

__all__ = ["Model", "PaperText", "Scored", "features", "fit", "paper_text", "rank"]
