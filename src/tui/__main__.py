"""`python -m tui` does what the `arxiv-digest` command does."""

from tui.cli import main

# Guarded: the library's parser processes (spawn) import this module again as __mp_main__.
if __name__ == "__main__":
    raise SystemExit(main())
