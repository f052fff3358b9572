"""Export a selection of papers as BibTeX, Markdown, CSV or JSON, and write files atomically.

Pure functions over `ExportItem`s: the CLI and the app decide what is selected, this module only
turns it into text. Every string comes from a digest and is untrusted, so each writer escapes for
its own format (LaTeX, CommonMark, spreadsheet formulas). Nothing here imports Textual.

The package: `items` (what is exported), `records` (JSON and CSV), `markup` (Markdown and
BibTeX) and `formats` (the formats by name). Files are written with tui.files.write_atomic.
"""

from __future__ import annotations

from tui.export.formats import FORMATS, Renderer, export_text
from tui.export.items import ExportItem, Listing, digest_listings, items_of
from tui.export.markup import bibtex_key, latex_escape, to_bibtex, to_markdown
from tui.export.records import CSV_COLUMNS, paper_record, to_csv, to_json
from tui.files import WriteError as ExportError
from tui.files import write_atomic

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "ExportError",
    "ExportItem",
    "Listing",
    "Renderer",
    "bibtex_key",
    "digest_listings",
    "export_text",
    "items_of",
    "latex_escape",
    "paper_record",
    "to_bibtex",
    "to_csv",
    "to_json",
    "to_markdown",
    "write_atomic",
]
