"""`python -m tui` does what the `arxiv-digest` command does."""

from tui.cli import main

raise SystemExit(main())
