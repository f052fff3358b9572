"""Fetched metadata everywhere else: enriched papers, list/export/stats from the store (never
fetching), and fetched abstracts in the full-text index."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest

from arxiv_digests import write_day
from tui import cli, search
from tui.arxiv.merge import abstract_source, enrich, fill_index
from tui.arxiv.record import Record
from tui.arxiv.store import Store
from tui.cache import Cache
from tui.library import open_library
from tui.model import EXTRA_AUTHORS_CUT, Paper

FETCHED = Record(
    arxiv_id="2412.00001",
    version=2,
    title="Paper 2412.00001 title",
    authors=("Ann Author", "Bob Writer", "Cy Third"),
    abstract="We study zygomorphic flowers with $\\alpha$-blending.",
    comment="Accepted at CVPR 2025",
    journal_ref="",
    doi="10.1109/CVPR.2025.00042",
)
JOURNAL = Record(
    arxiv_id="2412.00002",
    version=1,
    title="Paper 2412.00002 title",
    authors=("Ann Author",),
    abstract="Second abstract.",
    comment="12 pages",
    journal_ref="Pattern Recognit. 150 (2025) 110",
    doi="",
)


def test_enrich_fills_what_the_digest_lacks_and_keeps_what_it_has() -> None:
    bare = Paper("2412.00001", "T", authors=("Ann Author", "Bob Writer"),
                 extras=((EXTRA_AUTHORS_CUT, "yes"),))  # fmt: skip
    rich = enrich(bare, FETCHED)
    assert rich.abstract == FETCHED.abstract
    assert rich.authors == FETCHED.authors
    assert rich.extra(EXTRA_AUTHORS_CUT) == ""
    assert (rich.extra("comment"), rich.extra("doi")) == (FETCHED.comment, FETCHED.doi)
    assert abstract_source(rich) == "arxiv"
    own = Paper("2412.00001", "T", abstract="The digest's own.", authors=("A", "B", "C", "D"))
    kept = enrich(own, FETCHED)
    assert kept.abstract == "The digest's own." and abstract_source(kept) == "digest"
    assert kept.authors == ("A", "B", "C", "D")  # not shorter, not cut: the digest's
    assert abstract_source(Paper("2412.00003", "T")) is None
    assert enrich(own, None) is own


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "d"
    write_day(folder, "2024-12-19", ["2412.00001", "2412.00002", "2412.00003"])
    with Store() as store:
        store.put([FETCHED, JOURNAL])
    return folder


def test_list_carries_fetched_abstracts_marked(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["list", str(library), "--format", "jsonl"]) == 0
    rows = {r["arxiv_id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows["2412.00001"]["abstract"] == FETCHED.abstract
    assert rows["2412.00001"]["abstract_source"] == "arxiv"
    assert rows["2412.00001"]["authors"] == list(FETCHED.authors)
    assert rows["2412.00001"]["extras"]["doi"] == FETCHED.doi
    assert "abstract_source" not in rows["2412.00001"]["extras"]
    assert rows["2412.00003"]["abstract"] == "" and rows["2412.00003"]["abstract_source"] is None


def test_list_search_finds_words_of_fetched_abstracts(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["list", str(library), "--search", "zygomorphic"]) == 0
    out = capsys.readouterr().out
    assert "2412.00001" in out and "2412.00002" not in out
    assert cli.main(["list", str(library), "--search", "abs:second"]) == 0
    assert capsys.readouterr().out.count("\n") == 1


def test_bibtex_gains_doi_journal_and_comment(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["export", str(library), "--format", "bibtex"]) == 0
    entries = {e["eprint"]: e for e in bibtexparser.loads(capsys.readouterr().out).entries}
    assert entries["2412.00001"]["doi"] == "10.1109/CVPR.2025.00042"
    assert entries["2412.00001"]["note"] == "Accepted at CVPR 2025"
    assert "journal" not in entries["2412.00001"]
    assert entries["2412.00002"]["journal"] == "Pattern Recognit. 150 (2025) 110"
    assert "note" not in entries["2412.00002"]  # the journal says more than "12 pages"
    assert "doi" not in entries["2412.00003"]


def test_csv_and_json_exports_carry_the_source(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["export", str(library), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["abstract_source"] for r in records] == ["arxiv", "arxiv", None]
    assert cli.main(["export", str(library), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0].count("abstract_source") == 1


def test_stats_count_papers_with_and_without_an_abstract(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["stats", str(library), "--format", "json"]) == 0
    totals = json.loads(capsys.readouterr().out)["totals"]
    assert (totals["with_abstract"], totals["abstract_from_arxiv"]) == (2, 2)
    assert totals["without_abstract"] == 1
    assert cli.main(["stats", str(library)]) == 0
    assert "Abstracts: 2 papers have one (2 fetched from arXiv), 1 have none" in (
        capsys.readouterr().out
    )


def test_without_a_store_nothing_is_created(tmp_path: Path) -> None:
    from tui.arxiv.store import default_path

    write_day(tmp_path / "d", "2024-12-19", ["2412.00001"])
    assert cli.main(["list", str(tmp_path / "d")]) == 0
    assert not default_path().exists()


def test_fetched_abstracts_join_the_full_text_index(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    write_day(folder, "2024-12-19", ["2412.00001", "2412.00002"])
    with Cache(tmp_path / "cache.sqlite3") as cache:
        open_library([folder], cache=cache, workers=0)
        conn = cache.connection
        assert list(search.run(conn, "zygomorphic").entry_ids) == []
        search.register_functions(conn)
        assert fill_index(conn, [FETCHED]) == 1
        found = search.run(conn, "zygomorphic").entry_ids
        assert len(found) == 1
        aid = conn.execute("SELECT arxiv_id FROM entries WHERE id = ?", (found[0],)).fetchone()[0]
        assert aid == "2412.00001"
        assert list(search.run(conn, "abs:zygo").entry_ids) == list(found)
        assert fill_index(conn, [FETCHED]) == 0  # already there: nothing changes
