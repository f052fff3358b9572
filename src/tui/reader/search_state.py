"""The `/` search's lifecycle: the text typed, the answer shown, and which answer is current.

Each key press starts a query with a new generation number; an answer carrying an older number is
stale and dropped, so typing never waits and the list shows the latest query's results.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.reader.views import SearchHint

if TYPE_CHECKING:
    from tui.model import Paper
    from tui.reader.search_source import Found, SearchSource


@dataclass
class SearchState:
    text: str | None = None  # None: browsing
    found: Found | None = None
    source: SearchSource | None = None  # None until the index is ready
    problem: str | None = None  # why search is unavailable
    before: str | None = None  # the paper browsed when the search began
    generation: int = 0

    def next_generation(self) -> int:
        self.generation += 1
        return self.generation

    def is_current(self, generation: int) -> bool:
        """Called from the query's thread too: a plain int read."""
        return generation == self.generation

    def remember(self, paper: Paper | None) -> None:
        self.before = paper.arxiv_id if paper else None

    def stop(self) -> None:
        """No search any more: answers still on their way are stale."""
        self.text = None
        self.found = None
        self.generation += 1

    def hint(self) -> SearchHint:
        if self.text is None:
            return SearchHint()
        if self.source is None:
            return SearchHint(
                problem=self.problem,
                waiting=None if self.problem else "Preparing the search index… results follow.",
            )
        if self.found is None:
            return SearchHint()
        return SearchHint(count=len(self.found.entries), problem=self.found.hint)

    def close(self) -> None:
        """The reader is closing: stop any running query and close the connection."""
        if self.source is not None:
            self.source.close()
