"""Every real digest of the shared corpus parses to exactly the expected counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.parser import load

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"

pytestmark = pytest.mark.skipif(
    not (CORPUS / "expected.jsonl").is_file(),
    reason=f"the shared corpus is not at {CORPUS} (it lives beside the repository, not in it)",
)


def test_every_corpus_file_has_the_expected_papers_per_category() -> None:
    mismatches, missing = [], []
    files = 0
    for line in (CORPUS / "expected.jsonl").read_text(encoding="utf-8").splitlines():
        expected = json.loads(line)
        digest = load(CORPUS / expected["file"])
        files += 1
        got = {category.name: len(category.papers) for category in digest.categories}
        if got != expected["categories"] or digest.paper_count != expected["papers"]:
            mismatches.append((expected["file"], got, expected["categories"]))
        if digest.warnings:
            mismatches.append((expected["file"], "warnings", digest.warnings[:3]))
        missing += [
            (expected["file"], paper.line)
            for paper in digest.papers
            if not (paper.title and paper.arxiv_id and paper.authors and paper.pdf_url)
        ]
    assert files == 676
    assert mismatches == []
    assert missing == []
