"""A big library for bench_scale.py: the shared corpus replicated, in today's (2025–2026) format.

Why: issue 15 measures the reader on a repository of 2024–2026 (about 960 daily files, 265,000
entries and growing); no such checkout may be shipped, so one is made from the real corpus. Every
corpus paper (distinct by arXiv id, in sorted file order) is a template; entry k of the library is
template k mod T under a new arXiv id made from its day (YYMM.NNNNN, counted per month), so every
entry is a distinct paper. Days run from 2024-01-01, one file a day, as
`data/YYYY-MM/YYYY-MM-DD.md` in the later-era table format (FORMAT.md §7.3–7.4): `##` topic and
`###` subtopic headings, `|状态|英文标题|中文标题|作者|PDF链接|代码/贡献|` rows, `<https://…>` PDF
links until 2025-08 and `[PDF](https://…)` after, a cut contribution (`…...`) made from the Chinese
abstract, `无` where there is nothing. Deterministic: the same arguments give the same bytes.

The folder is written once (a `.complete` stamp names the arguments) and reused when it exists.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
FIRST_DAY = dt.date(2024, 1, 1)
HEADER = "|状态|英文标题|中文标题|作者|PDF链接|代码/贡献|\n|---|---|---|---|---|---|"
TOPICS = (
    "视频理解 (Video Understanding)",
    "生成建模 (Generative Modeling)",
    "三维视觉 (3D Vision)",
    "多模态学习 (Multimodal Learning)",
    "图像理解 (Image Understanding)",
    "模型效率 (Model Efficiency)",
    "具身智能 (Embodied AI)",
    "医学影像 (Medical Imaging)",
)
STAMP = ".complete"
_AMP = re.compile(r"&(?=[A-Za-z#])")


@dataclass(frozen=True)
class Template:
    category: str
    title: str
    title_cn: str
    authors: tuple[str, ...]
    code_url: str
    contribution: str


@dataclass(frozen=True)
class Built:
    """What the screen will show for this library, known without the reader."""

    folder: Path
    days: int
    entries: int
    newest_titles: tuple[str, ...]  # the newest day's titles, in file order


def templates(corpus: Path) -> list[Template]:
    """Every distinct corpus paper (by arXiv id, in order of first appearance, local/ then data/),
    each field taken from the first of its entries that has it (local/ and data/ list the same
    days, one with the abstracts and the other with the Chinese titles)."""
    from tui.parser import load

    merged: dict[str, Template] = {}
    for path in [*sorted(corpus.glob("local/*/*.md")), *sorted(corpus.glob("data/*/*.md"))]:
        for category in load(path).categories:
            for paper in category.papers:
                if not paper.title:
                    continue
                text = paper.contribution or paper.abstract_cn
                cut = " ".join(text.split())[:40]
                new = Template(
                    category.name.split(" / ")[-1],
                    paper.title,
                    paper.title_cn,
                    paper.authors,
                    paper.code_url,
                    cut + "..." if cut else "",
                )
                key = paper.arxiv_id or paper.title
                old = merged.get(key)
                if old is None:
                    merged[key] = new
                    continue
                merged[key] = Template(
                    old.category,
                    old.title,
                    old.title_cn or new.title_cn,
                    old.authors or new.authors,
                    old.code_url or new.code_url,
                    old.contribution or new.contribution,
                )
    return list(merged.values())


def _cell(text: str) -> str:
    """One table cell: on one line, `|` as the entity the later-era files use, no trailing `\\`."""
    text = _AMP.sub("&amp;", " ".join(text.split())).replace("|", "&#124;")
    return text.rstrip("\\") or "无"


def _row(t: Template, day: dt.date, serial: int) -> str:
    identifier = f"{day:%y%m}.{serial:05d}"
    updated = serial % 3 == 0
    version = 2 if updated else 1
    url = f"https://arxiv.org/pdf/{identifier}v{version}"
    pdf = f"<{url}>" if day < dt.date(2025, 9, 1) else f"[PDF]({url})"
    authors = ", ".join(t.authors[:8]) + (" .etc." if len(t.authors) > 8 else "")
    code = f"[代码]({t.code_url})" if t.code_url else ""
    extra = "; ".join(part for part in (code, t.contribution) if part)
    status = "📝 更新" if updated else "🆕 发布"
    cells = (status, t.title, t.title_cn, authors, pdf, extra)
    return "|" + "|".join(_cell(c) for c in cells) + "|"


def _digest(day: dt.date, rows: list[tuple[Template, str]]) -> tuple[str, list[str]]:
    """The day's Markdown, and its titles in file order (grouped by topic and subtopic)."""
    groups: dict[str, dict[str, list[tuple[Template, str]]]] = {}
    for template, row in rows:
        topic = TOPICS[zlib.crc32(template.category.encode()) % len(TOPICS)]
        groups.setdefault(topic, {}).setdefault(template.category, []).append((template, row))
    out = [f"## [UPDATED!] **{day.isoformat()}** (Update Time)", ""]
    titles: list[str] = []
    for topic, subtopics in groups.items():
        out += ["", f"## {topic}", ""]
        for name, members in subtopics.items():
            out += ["", f"### {_cell(name)}", "", HEADER]
            out += [row for _, row in members]
            titles += [t.title for t, _ in members]
    return "\n".join(out) + "\n", titles


def build(root: Path, entries: int, days: int, corpus: Path = CORPUS) -> Built:
    """The library under root (made once; reused when its stamp matches); see the module doc."""
    folder = root / f"library-{entries}-{days}"
    stamp = folder / STAMP
    params = {"entries": entries, "days": days, "version": 1}
    if stamp.is_file():
        saved = json.loads(stamp.read_text())
        if saved.get("params") == params:
            return Built(folder, days, entries, tuple(saved["newest_titles"]))
    pool = templates(corpus)
    serial_in_month: dict[str, int] = {}
    k = 0
    titles: list[str] = []
    for index in range(days):
        day = FIRST_DAY + dt.timedelta(days=index)
        count = entries * (index + 1) // days - entries * index // days
        rows = []
        for _ in range(count):
            month = f"{day:%y%m}"
            serial = serial_in_month.get(month, 0) + 1
            serial_in_month[month] = serial
            if serial > 99_999:
                raise SystemExit(f"more than 99,999 entries in month {month}: use more days")
            template = pool[k % len(pool)]
            rows.append((template, _row(template, day, serial)))
            k += 1
        text, titles = _digest(day, rows)
        path = folder / "data" / f"{day:%Y-%m}" / f"{day.isoformat()}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    stamp.write_text(json.dumps({"params": params, "newest_titles": titles}, ensure_ascii=False))
    return Built(folder, days, entries, tuple(titles))
