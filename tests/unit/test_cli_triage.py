"""`list`, `export` and `stats` with the reader's triage: the state file's rules, tags and notes
and config.toml's rules apply as in the reader; hidden papers are listed unless the query says
-is:hidden. Expected answers come from the bundled sample read by the parser."""

from __future__ import annotations

import json

import pytest

from tui import config
from tui.cli import main
from tui.library import bundled_sample
from tui.parser import load
from tui.state import StateStore
from tui.triage.records import Rule

SAMPLE = load(bundled_sample())
DISTINCT = list(dict.fromkeys(p.arxiv_id for p in SAMPLE.papers))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def ids(out: str) -> list[str]:
    return [json.loads(line)["arxiv_id"] for line in out.splitlines()]


@pytest.fixture
def triage(isolated_dirs: object) -> None:
    """A watch in the state file, a hide rule in config.toml, a tag and a note on paper 1."""
    with StateStore() as store:
        store.save_rule(Rule("watch", "diffusion", "title:diffusion"))
        store.set_tags(DISTINCT[0], frozenset({"to read"}))
        store.set_note(DISTINCT[0], "Check the adapter")
    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[[hide]]\nname = "videos"\nquery = "title:video"\n', encoding="utf-8")


def test_list_search_understands_the_triage_words(capsys, triage: None) -> None:
    diffusion = [p.arxiv_id for p in SAMPLE.papers if "diffusion" in p.title.lower()]
    videos = [p.arxiv_id for p in SAMPLE.papers if "video" in p.title.lower()]
    assert diffusion and videos  # the sample has both
    code, out, _ = run(capsys, "list", "--format", "jsonl", "--search", "is:watched")
    assert code == 0 and ids(out) == diffusion
    code, out, _ = run(capsys, "list", "--format", "jsonl", "--search", "watch:Diffusion")
    assert ids(out) == diffusion
    code, out, _ = run(capsys, "list", "--format", "jsonl", "--search", "is:hidden")
    assert ids(out) == videos
    code, out, _ = run(capsys, "list", "--format", "jsonl", "--search", 'tag:"TO READ"')
    assert ids(out) == [DISTINCT[0]]
    code, out, _ = run(capsys, "list", "--format", "jsonl", "--search", "note:adapter")
    assert ids(out) == [DISTINCT[0]]


def test_list_prints_hidden_papers_unless_the_query_leaves_them_out(capsys, triage: None) -> None:
    videos = {p.arxiv_id for p in SAMPLE.papers if "video" in p.title.lower()}
    code, out, _ = run(capsys, "list", "--format", "jsonl")
    assert code == 0
    assert len(out.splitlines()) == len(SAMPLE.papers)  # what the files hold
    _, out, _ = run(capsys, "list", "--format", "jsonl", "--search=-is:hidden")
    listed = ids(out)
    assert len(listed) == len(SAMPLE.papers) - sum(p.arxiv_id in videos for p in SAMPLE.papers)
    assert not videos & set(listed)


def test_exports_carry_tags_and_notes(capsys, triage: None) -> None:
    code, out, _ = run(capsys, "export", "--format", "bibtex", "--search", f"id:{DISTINCT[0]}")
    assert code == 0
    assert "keywords = {to read}" in out and "annote = {Check the adapter}" in out
    code, out, _ = run(capsys, "export", "--format", "json", "--search", f"id:{DISTINCT[0]}")
    record = json.loads(out)[0]
    assert record["tags"] == ["to read"] and record["note"] == "Check the adapter"


def test_stats_counts_each_watch_and_tag(capsys, triage: None) -> None:
    diffusion = {p.arxiv_id for p in SAMPLE.papers if "diffusion" in p.title.lower()}
    with StateStore() as store:
        store.set_read(sorted(diffusion)[0])
    code, out, _ = run(capsys, "stats", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["watches"] == [
        {"name": "diffusion", "papers": len(diffusion), "unread": len(diffusion) - 1}
    ]
    assert data["tags"] == [{"name": "to read", "papers": 1, "unread": 1}]
    _, out, _ = run(capsys, "stats")
    assert "Watch" in out and "diffusion" in out and "to read" in out
