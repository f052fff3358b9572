"""A small library of several days, written into a test's folder from files that ship with the repo.

Days (newest first):
* 2024-02-16: the bundled sample as it is (39 papers, 7 categories);
* 2024-02-15: a few sample papers under two categories; the first paper of 多模态 is listed in both
  (one paper, two listings, one read state) and also appears on 2024-02-16 and 2024-02-14;
* 2024-02-14: two sample papers, one of them the paper above;
* 2024-02-01: the table-format fixture tests/fixtures/formats/t2-2024-02-01.md.

Built from text (the sample's own entry blocks under a new date line), so the files are real digests
read by the real parser and loader; nothing here depends on the shared corpus, so nothing skips.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ui_helpers import SAMPLE

FORMATS = Path(__file__).parents[1] / "fixtures" / "formats"
_CATEGORY = re.compile(r"^>## \*\*(.+)\*\*$", re.MULTILINE)
_ENTRY = re.compile(r"^>>\*\*index:\*\*", re.MULTILINE)

DATES = (
    dt.date(2024, 2, 16),
    dt.date(2024, 2, 15),
    dt.date(2024, 2, 14),
    dt.date(2024, 2, 1),
)


def sample_blocks() -> dict[str, list[str]]:
    """The sample's entries as raw text, by category, in file order."""
    text = SAMPLE.read_text(encoding="utf-8")
    heads = list(_CATEGORY.finditer(text))
    blocks: dict[str, list[str]] = {}
    for at, head in enumerate(heads):
        end = heads[at + 1].start() if at + 1 < len(heads) else len(text)
        body = text[head.end() : end]
        starts = [m.start() for m in _ENTRY.finditer(body)]
        blocks[head[1]] = [
            body[start : starts[i + 1] if i + 1 < len(starts) else len(body)].rstrip() + "\n"
            for i, start in enumerate(starts)
        ]
    return blocks


def digest_text(date: dt.date, categories: list[tuple[str, list[str]]]) -> str:
    """A detailed (D3) digest: the date line, then each category with its entry blocks."""
    parts = [f"## [UPDATED!] **{date.isoformat()}** (Publish Time)\n"]
    for name, entries in categories:
        parts.append(f"\n>## **{name}**\n>---\n")
        parts.extend(entries)
    return "".join(parts)


@dataclass(frozen=True)
class FixtureLibrary:
    folder: Path
    shared_title: str  # the paper listed on three days (and twice on 2024-02-15)
    shared_id: str


def write_library(folder: Path) -> FixtureLibrary:
    """Write the four days into `folder` (created) and say which paper is shared."""
    folder.mkdir(parents=True, exist_ok=True)
    blocks = sample_blocks()
    multimodal, transformer, other = blocks["多模态"], blocks["Transformer"], blocks["其他"]
    shutil.copyfile(SAMPLE, folder / "2024-02-16.md")
    (folder / "2024-02-15.md").write_text(
        digest_text(
            DATES[1],
            [
                ("多模态", [multimodal[0], multimodal[3]]),
                ("Transformer", [*transformer, multimodal[0]]),
            ],
        ),
        encoding="utf-8",
    )
    (folder / "2024-02-14.md").write_text(
        digest_text(DATES[2], [("其他", [other[0]]), ("多模态", [multimodal[0]])]),
        encoding="utf-8",
    )
    shutil.copyfile(FORMATS / "t2-2024-02-01.md", folder / "2024-02-01.md")
    title = re.search(r"\*\*Title:\*\* \*\*(.+?)\*\*", multimodal[0])
    pdf = re.search(r"pdf/(\d{4}\.\d{4,5})", multimodal[0])
    assert title and pdf
    return FixtureLibrary(folder, title[1], pdf[1])
