"""tui.reader.abstracts without a network: what the pane and header say in each state."""

from __future__ import annotations

from tui.arxiv.fetcher import Progress
from tui.arxiv.record import Record
from tui.model import Paper
from tui.reader.abstracts import OFF_NOTE, OFFLINE_NOTE, Abstracts
from tui.reader.events import AbstractsArrived, AbstractsFailed

BARE = Paper("2412.00001", "T")
OWN = Paper("2412.00002", "T", abstract="The digest's own.")
RECORD = Record("2412.00001", 3, "T", ("A", "B"), "From arXiv.")


def test_off_and_offline_say_why_and_never_start_a_fetcher() -> None:
    for mode, note in (("off", OFF_NOTE), ("offline", OFFLINE_NOTE)):
        abstracts = Abstracts(mode)  # type: ignore[arg-type]
        abstracts.shown(BARE, ["2412.00001", "2412.00003"])
        assert abstracts._fetcher is None
        assert abstracts.note(BARE) == note
        assert abstracts.note(OWN) is None
        assert abstracts.retry() == note
        assert abstracts.progress is None


def test_unconfigured_says_nothing_new() -> None:
    abstracts = Abstracts()
    abstracts.shown(BARE, [])
    assert abstracts._fetcher is None and abstracts.note(BARE) is None


def test_reports_fill_records_progress_and_notes() -> None:
    abstracts = Abstracts("auto")
    assert abstracts.note(BARE) == "Fetching the abstract from arXiv…"
    changed = abstracts.apply(AbstractsFailed("no answer within 30 s"))
    assert changed == set()
    assert abstracts.note(BARE) == (
        "arXiv unreachable: abstracts not fetched; A tries again (no answer within 30 s)."
    )
    changed = abstracts.apply(
        AbstractsArrived(
            Progress({"2412.00001": RECORD}, {"2412.00009": "unknown"}, 100, 153, requested=1)
        )
    )
    assert changed == {"2412.00001", "2412.00009"}
    assert abstracts.progress == "abstracts 100/153"
    assert abstracts.failure is None
    enriched = abstracts.enrich(BARE)
    assert enriched.abstract == "From arXiv." and abstracts.note(enriched) is None
    assert abstracts.note(Paper("2412.00009", "T")).startswith("arXiv does not know this id")
    abstracts.apply(AbstractsArrived(Progress({}, {}, 153, 153, requested=1)))
    assert abstracts.progress is None
