"""The export formats by name, and rendering a selection in one of them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tui.export.items import ExportItem
from tui.export.markup import to_bibtex, to_markdown
from tui.export.records import to_csv, to_json

# --------------------------------------------------------------------------- formats and files

Renderer = Callable[[Sequence[ExportItem]], str]

FORMATS: dict[str, tuple[Renderer, str]] = {
    "bibtex": (to_bibtex, ".bib"),
    "markdown": (to_markdown, ".md"),
    "csv": (to_csv, ".csv"),
    "json": (to_json, ".json"),
}


def export_text(
    items: Sequence[ExportItem],
    fmt: str,
    *,
    for_file: bool,
    with_state: bool = True,
    language: str = "both",
) -> str:
    """Render `items` in format `fmt` (a FORMATS key); CSV gets a BOM only when `for_file`.

    `language` names the categories of the Markdown list (the data formats keep them as
    written)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "csv":
        return to_csv(items, bom=for_file, with_state=with_state)
    if fmt == "json":
        return to_json(items, with_state=with_state)
    if fmt == "markdown":
        return to_markdown(items, language)
    return FORMATS[fmt][0](items)
