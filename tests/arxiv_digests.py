"""Digest files without abstracts (the table format of FORMAT.md §6, T4), for the arXiv tests."""

from __future__ import annotations

from pathlib import Path


def write_day(folder: Path, day: str, ids: list[str], category: str = "3D感知") -> Path:
    """A T4-style table digest for `day` listing `ids` (no abstracts, as every digest since
    2024-03-06)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        f"|{day}|Paper {aid} title|论文 {aid}|Ann Author, Bob Writer|"
        f"<http://arxiv.org/pdf/{aid}v1>|None|"
        for aid in ids
    ]
    text = (
        f"## [UPDATED!] **{day}** (Update Time)\n\n\n## {category}\n\n"
        "|发布日期|英文标题|中文标题|作者|PDF链接|代码链接|\n|---|---|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n"
    )
    path = folder / f"{day}.md"
    path.write_text(text, encoding="utf-8")
    return path
