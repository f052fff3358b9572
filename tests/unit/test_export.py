"""Export writers: real output parsed back with real parsers (bibtexparser, csv, json,
markdown-it). Writing the files atomically is tested in test_files.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import bibtexparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.export import (
    CSV_COLUMNS,
    FORMATS,
    ExportItem,
    bibtex_key,
    digest_listings,
    export_text,
    items_of,
    latex_escape,
    paper_record,
    to_bibtex,
    to_csv,
    to_json,
    to_markdown,
)
from tui.library import LibraryEntry
from tui.model import Category, Digest, Paper
from tui.parser import DigestError, load

DAY = dt.date(2024, 2, 16)
RECORD_FIELDS = [
    "file",
    "date",
    "category",
    "arxiv_id",
    "version",
    "title",
    "title_cn",
    "authors",
    "abstract",
    "abstract_cn",
    "abstract_source",
    "pdf_url",
    "abs_url",
    "code_url",
    "extras",
    "read",
    "starred",
    "tags",
    "note",
]


def make_paper(
    arxiv_id: str = "2402.10080",
    title: str = "Directional Sparse Filtering",
    authors: tuple[str, ...] = ("Christoph Strohmayer",),
    **kwargs: object,
) -> Paper:
    defaults: dict[str, object] = {
        "version": 1,
        "title_cn": "定向稀疏滤波",
        "abs_url": f"https://arxiv.org/abs/{arxiv_id}v1" if arxiv_id else "",
        "pdf_url": f"https://arxiv.org/pdf/{arxiv_id}v1" if arxiv_id else "",
    }
    defaults.update(kwargs)
    return Paper(arxiv_id=arxiv_id, title=title, authors=authors, **defaults)  # type: ignore[arg-type]


def item(
    paper: Paper, category: str = "多模态", day: dt.date | None = DAY, **kw: object
) -> ExportItem:
    return ExportItem(day=day, category=category, paper=paper, **kw)  # type: ignore[arg-type]


def brace_depths_ok(text: str) -> bool:
    """BibTeX's view: raw braces, backslashes ignored, never below zero, zero at the end."""
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def split_entries(bib: str) -> list[str]:
    return [chunk for chunk in bib.split("\n@") if chunk.strip()]


# --------------------------------------------------------------------------- BibTeX

NASTY = [
    # (title as in the digest, title field as written inside the outer protecting braces)
    (r"Bounds on $\left|x\right|$ for Norms", r"Bounds on $\left|x\right|$ for Norms"),
    (r"Stain Transfer for H\&E Images", r"Stain Transfer for H\&E Images"),
    (r"MOT\_FCG++: Fast Tracking", r"MOT\_FCG++: Fast Tracking"),
    (r"{S$^3$-Mamba}: Small-Size-Sensitive Mamba", r"{S$^3$-Mamba}: Small-Size-Sensitive Mamba"),
    ("<Creative> Agents Draw", r"\textless{}Creative\textgreater{} Agents Draw"),
    ("Only 50% & #1_x Matters", r"Only 50\% \& \#1\_x Matters"),
    ("Unbalanced {Brace Title", r"Unbalanced \textbraceleft{}Brace Title"),
    ("Closing} First {and} Open{", r"Closing\textbraceright{} First {and} Open\textbraceleft{}"),
    (r"Escaped \{ Alone", r"Escaped \textbraceleft{} Alone"),
    ("30~70% Fewer ^ Params", r"30\textasciitilde{}70\% Fewer \textasciicircum{} Params"),
    ("Costs $5 Only", r"Costs \$5 Only"),
    ("Math $50%$ Inside", r"Math $50\%$ Inside"),
    ("Back\\ Slash", r"Back\ Slash"),
    (r"Label\-Efficient Diagnosis", r"Label\-Efficient Diagnosis"),
    ("Trailing Backslash \\", r"Trailing Backslash \textbackslash{}"),
    (r"Caf\'e and \"Uber", r"Caf\'e and \"Uber"),
    ("$C^{3}$-NeRF: Multiple\nScenes", "$C^{3}$-NeRF: Multiple Scenes"),
    ("@misc{evil, title={x}}", "@misc{evil, title={x}}"),
    ("Math brace $x^{2$ open", r"Math brace $x^\lbrace{}2$ open"),
]


@pytest.mark.parametrize(("title", "expected"), NASTY)
def test_bibtex_nasty_titles_parse_back_field_by_field(title: str, expected: str) -> None:
    paper = make_paper(
        title=title,
        authors=("Sébastien Marcel", "张伟", "Anne-Marie O'Neil"),
        code_url="https://github.com/org/my_repo",
    )
    bib = to_bibtex([item(paper)])
    assert brace_depths_ok(bib), bib
    entries = bibtexparser.loads(bib).entries
    assert len(entries) == 1, bib
    entry = entries[0]
    assert entry["ENTRYTYPE"] == "misc"
    assert entry["title"] == "{" + expected + "}"  # the inner braces protect capitalisation
    assert entry["author"] == "Sébastien Marcel and 张伟 and Anne-Marie O'Neil"
    assert entry["year"] == "2024"
    assert entry["eprint"] == "2402.10080"
    assert entry["archiveprefix"] == "arXiv"
    assert entry["url"] == "https://arxiv.org/abs/2402.10080v1"
    assert entry["note"] == r"Code: https://github.com/org/my\_repo"
    assert entry["ID"].startswith("marcel2024")
    assert set(entry) == {
        "ENTRYTYPE",
        "ID",
        "title",
        "author",
        "year",
        "eprint",
        "archiveprefix",
        "url",
        "note",
    }


def test_bibtex_keys_surname_year_first_word_and_suffixes() -> None:
    a = make_paper("2402.00001", "The Directional Filter")
    b = make_paper("2402.00002", "On Directional Things")  # same key after stopwords
    c = make_paper("2402.00003", "A directional view")
    d = make_paper("2312.00004", "Directional", authors=("Jürgen Strohmayer Jr.",))
    items = [item(a), item(b), item(c), item(d)]
    ids = [e["ID"] for e in bibtexparser.loads(to_bibtex(items)).entries]
    assert ids == [
        "strohmayer2024directional",
        "strohmayer2024directionala",
        "strohmayer2024directionalb",
        "strohmayer2023directional",
    ]


def test_bibtex_key_folds_accents_and_survives_missing_parts() -> None:
    accented = make_paper(title="Élan: Ørsted's Model", authors=("Sébastien Sørensen",))
    assert bibtex_key(item(accented)) == "sorensen2024elan"
    chinese = make_paper("", "视觉模型", authors=("张伟",), version=None)
    assert bibtex_key(item(chinese, day=dt.date(2023, 5, 1))) == "anon2023untitled"
    undated = make_paper("", "$C^{3}$-NeRF: Scenes", authors=(), version=None)
    assert bibtex_key(item(undated, day=None)) == "anonc3nerf"
    old_style = make_paper("hep-th/9901001", "Strings", authors=("Ed Witten",))
    assert bibtex_key(item(old_style)) == "witten1999strings"
    latex = make_paper(title=r"$\textit{X}^2$-DFD: Deepfakes", authors=(r"Kurt G\"odel",))
    assert bibtex_key(item(latex)) == "godel2024x2dfd"


def test_bibtex_same_paper_in_two_categories_is_exported_once() -> None:
    paper = make_paper()
    other = make_paper("2402.99999", "Another Paper")
    bib = to_bibtex([item(paper, "多模态"), item(other), item(paper, "其他")])
    entries = bibtexparser.loads(bib).entries
    assert [e["eprint"] for e in entries] == ["2402.10080", "2402.99999"]
    assert bib.count("@misc{") == 2


def test_bibtex_author_edge_cases() -> None:
    paper = make_paper(
        authors=("Smith, Jr.", "Research and Development Team", "Ana_Lee %"),
        extras=(("authors_truncated", "yes"),),
    )
    entry = bibtexparser.loads(to_bibtex([item(paper)])).entries[0]
    assert entry["author"] == (
        r"{Smith, Jr.} and {Research and Development Team} and Ana\_Lee \% and others"
    )


def test_bibtex_without_id_year_from_day_and_no_eprint() -> None:
    paper = make_paper("", "Untracked Work", version=None, abs_url="", pdf_url="")
    entry = bibtexparser.loads(to_bibtex([item(paper, day=dt.date(2023, 3, 1))])).entries[0]
    assert entry["year"] == "2023"
    assert "eprint" not in entry and "archiveprefix" not in entry and "url" not in entry


def test_bibtex_url_built_from_id_and_unsafe_links_dropped() -> None:
    paper = make_paper(abs_url="javascript:alert(1)", code_url="file:///etc/passwd")
    entry = bibtexparser.loads(to_bibtex([item(paper)])).entries[0]
    assert entry["url"] == "https://arxiv.org/abs/2402.10080"
    assert "note" not in entry


def test_latex_escape_keeps_math_and_commands() -> None:
    assert latex_escape(r"$\textit{X}^2$-DFD: e${X}$plainable") == (
        r"$\textit{X}^2$-DFD: e${X}$plainable"
    )
    assert latex_escape("x_1 $x_1$") == r"x\_1 $x_1$"
    assert latex_escape(r"\emph{Bold} claims") == r"\emph{Bold} claims"


@settings(max_examples=100, deadline=None)
@given(
    title=st.text(alphabet=st.sampled_from(list("ab Z{}$\\&%#_^~<>@,=\"'é中")), max_size=40),
    author=st.text(alphabet=st.sampled_from(list("ab Z{}\\&%_, é")), max_size=15),
)
def test_bibtex_any_title_keeps_entry_parseable_and_balanced(title: str, author: str) -> None:
    paper = make_paper(title=title or "x", authors=(author,) if author.strip() else ())
    bib = to_bibtex([item(paper), item(make_paper("2402.00002", "Next"))])
    for chunk in split_entries(bib):
        assert brace_depths_ok(chunk), chunk
    entries = bibtexparser.loads(bib).entries
    assert [e["eprint"] for e in entries] == ["2402.10080", "2402.00002"]
    assert entries[1]["title"] == "{Next}"


# --------------------------------------------------------------------------- Markdown


def test_markdown_groups_by_day_and_category_with_links() -> None:
    a = make_paper(code_url="https://github.com/org/repo")
    b = make_paper("2402.20000", "Second Paper", ("Li Wei", "Zhang San"), title_cn="第二篇")
    c = make_paper("2402.30000", "Older Paper", ("Ann Bo",))
    items = [item(a), item(b, "其他"), item(a, "其他"), item(c, day=dt.date(2024, 2, 15))]
    text = to_markdown(items)
    assert text.startswith("# Exported papers\n\n3 papers from 2 days.\n")
    assert (
        text.index("## 2024-02-16")
        < text.index("### 多模态 (1)")
        < text.index("### 其他 (2)")
        < text.index("## 2024-02-15")
    )
    assert (
        "- **Directional Sparse Filtering** · 2402.10080v1\n"
        "  - 定向稀疏滤波\n"
        "  - Christoph Strohmayer\n"
        "  - [PDF](https://arxiv.org/pdf/2402.10080v1) · [abs](https://arxiv.org/abs/2402.10080v1)"
        " · [code](https://github.com/org/repo)\n"
    ) in text
    assert "  - Li Wei, Zhang San\n" in text


def test_markdown_shows_untrusted_text_literally_on_github() -> None:
    md = pytest.importorskip("markdown_it").MarkdownIt("gfm-like")
    paper = make_paper(
        title="<script>alert(1)</script> *bold* [x](javascript:y) `c` | $m$ ~~s~~ &amp;",
        title_cn="# 标题 <b>粗</b>",
        authors=("1. Ann", "- Bob_"),
        code_url="javascript:alert(1)",
        pdf_url="https://arxiv.org/pdf/a(b)c",
    )
    html = md.render(to_markdown([item(paper, "## Cat #1 <i>")]))
    for tag in ("<script", "<b>", "<em>", "<i>", "<code>", "<del>", "<ol", "<h1>标题"):
        assert tag not in html, html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *bold* [x](javascript:y) `c` | $m$ ~~s~~" in html
    assert "&amp;amp;" in html  # the entity text shows as typed, not as "&"
    assert "# 标题 &lt;b&gt;粗&lt;/b&gt;" in html
    assert "1. Ann, - Bob_" in html
    assert "<h3>## Cat #1 &lt;i&gt; (1)</h3>" in html
    assert '<a href="https://arxiv.org/pdf/a%28b%29c">PDF</a>' in html
    assert ">code<" not in html


def test_markdown_empty_selection() -> None:
    assert to_markdown([]) == "# Exported papers\n\n0 papers from 0 days.\n"


# --------------------------------------------------------------------------- CSV and JSON


def nasty_csv_item() -> ExportItem:
    paper = make_paper(
        title='Quotes "inside", commas, and\nnewlines',
        title_cn="中文标题，带逗号",
        authors=("张伟", "Sébastien Marcel"),
        abstract="Line one\r\nline two",
        abstract_cn="摘要",
        code_url="https://github.com/org/repo",
        extras=(("status", "🆕 发布"), ("date", "2024-02-15")),
    )
    return item(paper, file="data/2024-02-16.md", read=True)


def test_csv_round_trips_through_csv_reader_with_chinese_intact() -> None:
    text = to_csv([nasty_csv_item(), item(make_paper("2402.2", "Plain", ()))])
    assert not text.startswith("\ufeff")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(CSV_COLUMNS) == RECORD_FIELDS
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row == {
        "file": "data/2024-02-16.md",
        "date": "2024-02-16",
        "category": "多模态",
        "arxiv_id": "2402.10080",
        "version": "1",
        "title": 'Quotes "inside", commas, and\nnewlines',
        "title_cn": "中文标题，带逗号",
        "authors": "张伟; Sébastien Marcel",
        "abstract": "Line one\r\nline two",
        "abstract_cn": "摘要",
        "abstract_source": "digest",
        "pdf_url": "https://arxiv.org/pdf/2402.10080v1",
        "abs_url": "https://arxiv.org/abs/2402.10080v1",
        "code_url": "https://github.com/org/repo",
        "extras": '{"status": "🆕 发布", "date": "2024-02-15"}',
        "read": "yes",
        "starred": "no",
        "tags": "",
        "note": "",
    }
    assert rows[2][CSV_COLUMNS.index("authors")] == ""
    assert len(rows) == 3


def test_csv_bom_for_files_only_and_utf8_sig_decodes() -> None:
    items = [nasty_csv_item()]
    for_file = export_text(items, "csv", for_file=True)
    assert for_file.startswith("\ufeff")
    assert export_text(items, "csv", for_file=False) == for_file[1:]
    raw = for_file.encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[1][CSV_COLUMNS.index("title_cn")] == "中文标题，带逗号"


def test_csv_neutralizes_formulas_and_can_leave_state_out() -> None:
    paper = make_paper(title='=HYPERLINK("http://x")', title_cn="+1", authors=("@me",))
    rows = list(csv.reader(io.StringIO(to_csv([item(paper)], with_state=False), newline="")))
    assert rows[0] == RECORD_FIELDS[:-4]  # read, starred, tags, note: the state file's
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["title"] == '\'=HYPERLINK("http://x")'
    assert row["title_cn"] == "'+1"
    assert row["authors"] == "'@me"
    raw = to_csv([item(paper)], neutralize_formulas=False)
    assert list(csv.reader(io.StringIO(raw, newline="")))[1][5] == '=HYPERLINK("http://x")'


def test_paper_record_fields_and_json_array() -> None:
    it = nasty_csv_item()
    record = paper_record(it)
    assert list(record) == RECORD_FIELDS
    assert record["authors"] == ["张伟", "Sébastien Marcel"]
    assert list(record["extras"].items()) == [("status", "🆕 发布"), ("date", "2024-02-15")]
    assert paper_record(it, file="other.md")["file"] == "other.md"
    assert "read" not in paper_record(it, with_state=False)
    undated = paper_record(item(make_paper(version=None), day=None))
    assert undated["date"] is None and undated["version"] is None

    text = to_json([it, item(make_paper("2402.2", "Two"))])
    assert "张伟" in text  # readable, not \u escapes
    data = json.loads(text)
    assert data == [record, paper_record(item(make_paper("2402.2", "Two")))]
    assert json.loads(to_json([])) == []
    assert "starred" not in json.loads(to_json([it], with_state=False))[0]


def test_items_of_keeps_order_marks_and_each_days_file() -> None:
    a, b, bare = make_paper("2402.1", "A"), make_paper("2402.2", "B"), make_paper("", "No id")
    first = Digest(DAY, "d.md", (Category("多模态", (a, b)), Category("其他", (a, bare))))
    second = Digest(dt.date(2024, 2, 15), "", (Category("X", (b,)),))
    listings = [*digest_listings(first), *digest_listings(second)]
    listings.append(LibraryEntry(DAY, "3DGS", b))  # the reader's rows are listings too
    items = items_of(
        listings,
        read_ids={"2402.1", ""},  # "" never marks a paper without an id
        starred_ids=frozenset({"2402.2", "9999"}),
        files={DAY: "data/2024-02-16.md"},
    )
    assert [(i.day, i.category, i.paper.arxiv_id, i.read, i.starred, i.file) for i in items] == [
        (DAY, "多模态", "2402.1", True, False, "data/2024-02-16.md"),
        (DAY, "多模态", "2402.2", False, True, "data/2024-02-16.md"),
        (DAY, "其他", "2402.1", True, False, "data/2024-02-16.md"),
        (DAY, "其他", "", False, False, "data/2024-02-16.md"),
        (dt.date(2024, 2, 15), "X", "2402.2", False, True, ""),
        (DAY, "3DGS", "2402.2", False, True, "data/2024-02-16.md"),
    ]
    assert items_of(digest_listings(second))[0] == ExportItem(second.date, "X", b)
    undated = Digest(None, "u.md", (Category("Y", (a,)),))
    assert [i.file for i in items_of(digest_listings(undated), files="u.md")] == ["u.md"]
    assert [i.file for i in items_of(digest_listings(undated), files={DAY: "d.md"})] == [""]


def test_formats_table_and_unknown_format() -> None:
    assert {name: ext for name, (_, ext) in FORMATS.items()} == {
        "bibtex": ".bib",
        "markdown": ".md",
        "csv": ".csv",
        "json": ".json",
    }
    items = [nasty_csv_item()]
    assert export_text(items, "bibtex", for_file=True) == to_bibtex(items)
    assert export_text(items, "markdown", for_file=False) == to_markdown(items)
    assert "read" not in json.loads(export_text(items, "json", for_file=True, with_state=False))[0]
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        export_text(items, "xml", for_file=False)


def test_bundled_sample_exports_in_every_format() -> None:
    sample = Path(__file__).parents[2] / "src" / "tui" / "data" / "2024-02-16.md"
    digest = load(sample)
    items = [
        ExportItem(digest.date, category.name, paper, file=str(sample))
        for category in digest.categories
        for paper in category.papers
    ]
    assert items, "the sample digest has papers"
    distinct = {it.paper.arxiv_id for it in items}
    entries = bibtexparser.loads(to_bibtex(items)).entries
    assert len(entries) == len(distinct)
    assert all(brace_depths_ok(chunk) for chunk in split_entries(to_bibtex(items)))
    rows = list(csv.reader(io.StringIO(to_csv(items), newline="")))
    assert len(rows) == len(items) + 1
    assert [r[CSV_COLUMNS.index("title_cn")] for r in rows[1:]] == [
        it.paper.title_cn for it in items
    ]
    assert len(json.loads(to_json(items))) == len(items)
    assert to_markdown(items).count("\n- **") == len(items)


CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus"


def test_real_corpus_titles_with_latex_survive_bibtex_and_csv() -> None:
    """Every corpus paper whose title or authors hold a LaTeX-special character."""
    if not CORPUS.is_dir():
        pytest.skip(f"real digest corpus not found at {CORPUS}")
    special = set("\\{}$&%#_~^<>")
    items = []
    for path in sorted(CORPUS.rglob("*.md")):
        try:
            digest = load(path)
        except DigestError:
            continue
        items += [
            ExportItem(digest.date, category.name, paper, file=str(path))
            for category in digest.categories
            for paper in category.papers
            if special & set(paper.title + "".join(paper.authors))
        ]
    assert len(items) > 100, "the corpus has many such titles"
    bib = to_bibtex(items)
    chunks = split_entries(bib)
    assert all(brace_depths_ok(chunk) for chunk in chunks)
    entries = bibtexparser.loads(bib).entries
    distinct = {it.paper.arxiv_id or it.paper.title for it in items}
    assert len(entries) == len(chunks) == len(distinct)
    assert len({e["ID"] for e in entries}) == len(entries)
    assert all(e["title"].startswith("{") and e["title"].endswith("}") for e in entries)
    rows = list(csv.reader(io.StringIO(to_csv(items), newline="")))
    assert [r[CSV_COLUMNS.index("title")] for r in rows[1:]] == [
        ("'" + it.paper.title)
        if it.paper.title.startswith(("=", "+", "-", "@"))
        else it.paper.title
        for it in items
    ]


def test_tags_and_note_reach_every_format() -> None:
    from tui.export import items_of
    from tui.export.records import to_csv, to_json

    listing = [(DAY, "多模态", make_paper())]
    [item] = items_of(
        [LibraryEntry(d, c, p) for d, c, p in listing],
        tags={"2402.10080": {"to read", "Diffusion"}},
        notes={"2402.10080": "Compare with {NeRF};\nsee §3 & the appendix"},
    )
    assert item.tags == ("Diffusion", "to read")
    bib = to_bibtex([item])
    assert "  keywords = {Diffusion, to read}" in bib
    # latex_escape's rules: balanced braces kept, & escaped, UTF-8 kept (biber reads it).
    assert r"  annote = {Compare with {NeRF}; see §3 \& the appendix}" in bib
    rows = list(csv.reader(io.StringIO(to_csv([item]))))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["tags"] == "Diffusion; to read"
    assert record["note"] == "Compare with {NeRF};\nsee §3 & the appendix"
    assert json.loads(to_json([item]))[0]["tags"] == ["Diffusion", "to read"]
    markdown = to_markdown([item])
    assert "  - Tags: Diffusion, to read" in markdown
    assert "  - Note: Compare with {NeRF};\n    see §3 & the appendix" in markdown
