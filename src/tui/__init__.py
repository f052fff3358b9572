"""arxiv-digest-tui: a terminal reader for daily arXiv digest Markdown files."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Looked up on demand: importlib.metadata costs tens of milliseconds at start-up.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("arxiv-digest-tui")
        except PackageNotFoundError:  # a source tree without an install
            return "0.0.0"
    raise AttributeError(f"module 'tui' has no attribute {name!r}")
