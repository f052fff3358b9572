"""arxiv-digest-tui: a terminal reader for daily arXiv digest Markdown files."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("arxiv-digest-tui")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"
