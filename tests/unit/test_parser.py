"""The parser on one small fixture per dialect of FORMAT.md, plus encodings and bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tui.model import Paper
from tui.parser import DigestError, load, parse

FORMATS = Path(__file__).parents[1] / "fixtures" / "formats"
SAMPLE = Path(__file__).parents[2] / "src" / "tui" / "data" / "2024-02-16.md"


def papers(name: str) -> list[Paper]:
    return load(FORMATS / name).papers


def by_id(name: str) -> dict[str, Paper]:
    return {paper.arxiv_id: paper for paper in papers(name)}


def counts(name: str) -> dict[str, int]:
    return {c.name: len(c.papers) for c in load(FORMATS / name).categories}


def test_d1_no_translation_abs_links_and_stray_bold_after_autolink() -> None:
    digest = load(FORMATS / "d1-2024-01-04.md")
    assert digest.date == dt.date(2024, 1, 4)
    assert digest.format == "detailed"
    first, second = digest.papers
    assert first.title == (
        "Directional Antenna Systems for Long-Range Through-Wall Human Activity Recognition"
    )
    assert first.title_cn == ""
    assert first.authors == ("Julian Strohmayer", "Martin Kampel")
    assert (first.arxiv_id, first.version) == ("2401.01388", 1)
    assert first.pdf_url == "https://arxiv.org/pdf/2401.01388v1"
    assert first.abs_url == "https://arxiv.org/abs/2401.01388v1"
    assert first.code_url == "https://github.com/jiayou-chao/multi-domain-ocr"
    assert second.arxiv_id == "2401.01970"
    assert second.code_url == "https://github.com/example/fmgs"


def test_header_only_file_is_an_empty_digest() -> None:
    digest = load(FORMATS / "d0-2024-01-05.md")
    assert digest.date == dt.date(2024, 1, 5)
    assert digest.categories == ()
    assert digest.format == "empty"


def test_d3_abstracts_keep_pseudo_tags_latex_and_lose_zero_width_spaces() -> None:
    paper = by_id("d3-2024-01-11.md")["2401.03312"]
    assert paper.title_cn == "利用数据层次结构作为对比学习的新模式"
    assert paper.abstract == (
        r"We detect <human, object, action> triplets with ***BiRefNet*** and "
        r"$\mathcal{O}(n)$ cost, 5\% better."
    )
    assert paper.abstract_cn == r"我们检测<人, 物体, 动作>三元组，成本为$\mathcal{O}(n)$。"
    assert "\u200b" not in paper.abstract_cn
    assert paper.code_url == ""


def test_d3_llm_debris_title_cn_and_odd_author_tokens_survive() -> None:
    paper = by_id("d3-2024-01-11.md")["2401.05555"]
    assert paper.title_cn.startswith("_every Component Counts")
    assert paper.authors == ("Steven", "Lin", "Mark Watson")
    assert paper.version == 2


def test_d4_creative_pseudo_tag_stays_and_non_github_code_host() -> None:
    digest = load(FORMATS / "d4-2024-06-01.md")
    assert [c.name for c in digest.categories] == ["分类/检测/识别/分割/..."]
    paper = by_id("d4-2024-06-01.md")["2410.12345"]
    assert paper.title == "Creative <Creative> Models"
    assert paper.code_url == "https://gitlab.com/example/creative"


def test_t1_five_columns_outer_pipes_and_row_date() -> None:
    first, second = papers("t1-2024-01-01.md")
    assert first.title_cn == ""
    assert first.extra("date") == "2024-01-01"
    assert second.extra("date") == "2024-01-03"
    assert second.arxiv_id == "2401.01970"
    assert second.authors == ("Xingxing Zuo", "Pouya Samangouei")


def test_t2_rows_without_outer_pipes_and_latex_titles() -> None:
    assert counts("t2-2024-02-01.md") == {"分类/检测/识别/分割": 2, "Transformer": 1}
    table = by_id("t2-2024-02-01.md")
    first = table["2402.00868"]
    assert first.title.startswith("We're Not Using Videos Effectively")
    assert first.code_url == "https://github.com/simarkareer/unifiedvideoda"
    odd = table["2402.00703"]
    assert odd.title == r"MOT\_FCG++ and H\&E with {S$^3$-Mamba}"
    assert odd.title_cn == "ALPI：仅使用2D标签"  # leading full-width colon and spaces trimmed
    assert odd.authors == ("Laurent Colbois", "Sébastien Marcel")


def test_t4_chinese_headers_none_and_trailing_dot_in_code_url() -> None:
    table = by_id("t4-2024-12-19.md")
    assert table["2404.16571"].code_url == ""
    assert table["2404.16571"].version == 4
    mamba = table["2412.14546"]
    assert mamba.title.startswith("{S$^3$-Mamba}:")
    assert mamba.code_url == "https://github.com/ErinWang2023/S3-Mamba"


def test_h1_status_column_and_cut_author_list() -> None:
    first, second = papers("h1-2025-01-05.md")
    assert first.extra("status") == "🆕 发布"
    assert second.extra("status") == "📝 更新"
    assert first.extra("authors_truncated") == "yes"
    assert first.authors[-1] == "Bo Xu"
    assert len(first.authors) == 8
    assert second.code_url == "https://github.com/SCZwangxiao/video-ReTaKe"


def test_h2_two_level_headings_keep_same_child_names_apart() -> None:
    assert counts("h2-2025-03-20.md") == {
        "视觉表征与基础模型 (Visual Representation & Foundation Models) / "
        "视觉Transformer (Vision Transformers)": 2,
        "视觉表征与基础模型 (Visual Representation & Foundation Models) / 其他 (Others)": 1,
        "生成模型 (Generative Models) / 其他 (Others)": 1,
    }


def test_h2_contribution_bullets_and_double_bracket_code_link() -> None:
    table = by_id("h2-2025-03-20.md")
    karyotype = table["2211.14312"]
    assert karyotype.code_url == ""
    assert karyotype.contribution.splitlines() == [
        "- 问题：染色体异常检测，手动分析，数据稀缺",
        "- 方法：Vision Transformers，预训练微调，零样本检测",
        "- 效果：高精度，快速诊断，改善患者预后",
    ]
    bmt = table["2503.16134"]
    assert bmt.code_url == "https://github.com/Clausy9/BMTNet"
    assert bmt.contribution == "- 问题：Quad Bayer，HybridEVS，去马赛克，复杂度高"
    assert table["2503.10001"].code_url == "" and table["2503.10001"].contribution == ""


def test_h3_cut_contributions_with_and_without_code_link() -> None:
    table = by_id("h3-2025-04-20.md")
    assert table["2504.14348"].code_url == ""
    assert table["2504.14348"].contribution == (
        "问题：跨模态攻击，安全漏洞，多...; 方法：CrossInject，..."
    )
    fusion = table["2504.09925"]
    assert fusion.code_url == "https://github.com/starriver030515/FUSION"
    assert fusion.contribution == (
        "问题：跨模态理解，视觉-语言整...; 方法：文本引导视觉编码，上下文..."
    )


def test_h5_pdf_links_entities_escaped_backslash_and_failed_translation() -> None:
    rows = papers("h5-2026-05-20.md")
    egg = rows[0]
    assert egg.arxiv_id == "2605.07642"
    assert egg.pdf_url == "https://arxiv.org/pdf/2605.07642v1"
    assert egg.code_url == "https://jyoun9.github.io/EggHand"
    assert egg.contribution == "提出EggHand，预测手部姿态..."
    bus = rows[1]
    assert bus.title == (
        r"$\left|\,\circlearrowright\,\boxed{\text{BUS}}\,\right|$: A Large Benchmark"
    )
    assert bus.title_cn == ""
    assert bus.extra("translation") == "failed"
    assert bus.authors == ("Ab Cd", "Sathyanarayanan N. Aakur")  # `\\|` did not merge cells
    assert bus.arxiv_id == "2511.00001"
    assert rows[2].title == "[De|Re]constructing VLMs' Reasoning"
    # A digest may list the same paper twice: both entries are kept, as the file has them.
    assert [p.arxiv_id for p in rows].count("2510.22222") == 2


def test_a1_detailed_without_blockquote_and_multiline_contribution() -> None:
    digest = load(FORMATS / "a1-2026-01-02.md")
    assert digest.format == "detailed"
    first, second = digest.papers
    assert first.title.startswith("DVGBench: Implicit-to-Explicit")  # not bold in A1
    assert first.extra("date") == "2026-01-02"
    assert first.code_url == "https://github.com/zytx121/DVGBench"
    assert first.contribution.startswith("介绍DVGBench")
    assert "[代码]" not in first.contribution
    assert second.code_url == ""
    assert second.contribution == "只有贡献，没有代码。"


def test_a2_english_first_parent_heading() -> None:
    assert counts("a2-2026-01-10.md") == {
        "Visual Generation (视觉生成) / 扩散模型 (Diffusion Models)": 1
    }


def test_updated_on_header_with_dots_and_et_al_authors() -> None:
    digest = load(FORMATS / "updated-on-2024-01-05.md")
    assert digest.date == dt.date(2024, 1, 5)
    (paper,) = digest.papers
    assert paper.authors == ("Ayush Jain",)
    assert paper.extra("authors_truncated") == "yes"


def test_damaged_entries_are_reported_with_line_numbers_and_the_rest_is_read() -> None:
    digest = load(FORMATS / "damaged-2024-03-01.md")
    assert [p.arxiv_id for p in digest.papers] == ["2403.00001", "2403.00003", "2403.00004"]
    assert len(digest.warnings) == 2
    assert digest.warnings[0].endswith(":8: table row has 5 cells, the header has 6; skipped")
    assert ":13: entry 'Cut Off Mid-Way' has no arXiv id" in digest.warnings[1]


def test_columns_are_mapped_by_name_not_position() -> None:
    text = (
        "## [UPDATED!] **2025-02-02** (Update Time)\n\n## Cat\n\n"
        "|PDF链接|作者|新列|英文标题|状态|\n|---|---|---|---|---|\n"
        "|<http://arxiv.org/pdf/2502.00001v3>|A. B, C. D|值|Moved Columns|🆕 发布|\n"
    )
    (paper,) = parse(text).papers
    assert paper.title == "Moved Columns"
    assert paper.authors == ("A. B", "C. D")
    assert paper.version == 3
    assert paper.extras == (("新列", "值"), ("status", "🆕 发布"))


def test_markup_and_control_characters_are_kept_literal_or_removed() -> None:
    text = (
        "## !UPDATED  -- 2024-01-01\n\n## C\n\n|Title|PDF|\n|---|---|\n"
        "|[@click=app.quit]x[/] \x1b[31mred\x1b[0m \u202eevil|<http://arxiv.org/abs/2401.00001v1>|\n"
    )
    (paper,) = parse(text).papers
    assert paper.title == "[@click=app.quit]x[/] [31mred[0m evil"


def test_entity_decoded_control_characters_are_removed() -> None:
    text = (
        "## !UPDATED  -- 2024-01-01\n\n## C\n\n|Title|PDF|\n|---|---|\n"
        "|a&#27;b&#x202E;c|2401.00001|\n"
    )
    assert parse(text).papers[0].title == "abc"


@pytest.mark.parametrize(
    ("encode", "encoding", "warned"),
    [
        (lambda t: t.encode("utf-8"), "utf-8", False),
        (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-sig", False),
        (lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8", False),
        (lambda t: t.encode("gb18030"), "gb18030", True),
        (lambda t: t.encode("gbk"), "gb18030", True),
        (lambda t: t.encode("utf-16"), "utf-16", True),
    ],
)
def test_encodings_and_line_ends(tmp_path: Path, encode, encoding: str, warned: bool) -> None:
    source = (FORMATS / "t2-2024-02-01.md").read_text(encoding="utf-8")
    path = tmp_path / "2024-02-01.md"
    path.write_bytes(encode(source))
    digest = load(path)
    assert digest.encoding == encoding
    assert digest.papers == load(FORMATS / "t2-2024-02-01.md").papers
    assert any("not UTF-8" in w for w in digest.warnings) is warned


def test_errors_name_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.md"
    blank.write_text("\n  \n")
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    cases = {
        empty: "empty file",
        blank: "empty file",
        binary: "binary file",
        FORMATS / "readme.md": "not an arXiv digest",
        tmp_path: "is a directory",
        tmp_path / "missing.md": "no such file",
    }
    for path, reason in cases.items():
        with pytest.raises(DigestError) as caught:
            load(path)
        assert str(path) in str(caught.value)
        assert reason in str(caught.value)


def test_invalid_utf8_that_is_not_gb18030_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(b"## !UPDATED  -- 2024-01-01\n\xff\xfe\xfd\x80\x80")
    with pytest.raises(DigestError, match="neither UTF-8"):
        load(path)


def test_date_falls_back_to_the_file_name() -> None:
    text = "## Cat\n\n|Title|PDF|\n|---|---|\n|T|<http://arxiv.org/abs/2401.00001>|\n"
    digest = parse(text, source="digests/2024-03-09.md")
    assert digest.date == dt.date(2024, 3, 9)
    assert digest.papers[0].version is None
    assert digest.papers[0].pdf_url == "https://arxiv.org/pdf/2401.00001"


def test_bundled_sample_parses() -> None:
    digest = load(SAMPLE)
    assert digest.date == dt.date(2024, 2, 16)
    assert digest.paper_count == 39
    assert len(digest.categories) == 7
    assert all(p.abstract and p.abstract_cn for p in digest.papers)


def test_a_category_named_updated_is_not_taken_for_the_date_line() -> None:
    text = (
        "## [UPDATED!] **2025-02-02** (Update Time)\n\n## Updated Methods\n\n### UPDATED 2\n\n"
        "|英文标题|PDF链接|\n|---|---|\n|T|<http://arxiv.org/pdf/2502.00001v1>|\n"
    )
    digest = parse(text)
    assert digest.date == dt.date(2025, 2, 2)
    assert [c.name for c in digest.categories] == ["Updated Methods / UPDATED 2"]


def test_warnings_are_capped_per_file() -> None:
    rows = "".join(f"|only one cell {n}|\n" for n in range(250))
    text = f"## !UPDATED  -- 2024-01-01\n\n## C\n\n|Title|PDF|\n|---|---|\n{rows}"
    warnings = parse(text, source="x.md").warnings
    assert len(warnings) == 101
    assert warnings[-1] == "x.md: … and 150 more damaged entries"


@pytest.mark.parametrize("fast", [True, False])
def test_the_last_entry_counts_without_a_final_line_break(fast: bool) -> None:
    entry = (
        ">>**index:** {n}<br />\n**Title:** **T{n}**<br />\n**Authors:** A<br />\n"
        "**PDF:** <http://arxiv.org/pdf/2401.0000{n}v1><br />\n**Code:** null<br />"
    )
    text = "## [UPDATED!] **2024-06-01**\n\n>## C\n" + entry.format(n=1) + "\n" + entry.format(n=2)
    assert [p.title for p in parse(text, fast=fast).papers] == ["T1", "T2"]
    table = "## C\n\n|Title|PDF|\n|---|---|\n|T1|<http://arxiv.org/pdf/2401.00001v1>|"
    assert [p.title for p in parse(table, fast=fast).papers] == ["T1"]


def test_papers_are_immutable() -> None:
    paper = parse(SAMPLE.read_text(encoding="utf-8")).papers[0]
    with pytest.raises(AttributeError):
        paper.title = "changed"  # type: ignore[misc]
    assert paper._replace(title="changed").title == "changed" != paper.title
