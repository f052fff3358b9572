"""The `arxiv-digest` command line: list, export, stats, --where, --set-library, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui import config
from tui.cli import main
from tui.state import StateStore

FORMATS = Path(__file__).parents[1] / "fixtures" / "formats"
JSONL_FIELDS = {
    "file", "date", "category", "arxiv_id", "version", "title", "title_cn", "authors",
    "abstract", "abstract_cn", "abstract_source", "pdf_url", "abs_url", "code_url", "extras",
    "read", "starred", "tags", "note",
}  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_list_defaults_to_the_bundled_sample(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == 39
    assert lines[0].startswith("2024-02-16  2402.10896v1")
    assert "PaLM2-VAdapter" in lines[0]


def test_list_jsonl_has_every_field(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", str(FORMATS / "h2-2025-03-20.md"), "--format", "jsonl")
    records = jsonl(out)
    assert code == 0
    assert [set(r) for r in records] == [JSONL_FIELDS] * 4
    first = records[0]
    assert first["date"] == "2025-03-20"
    assert first["arxiv_id"] == "2211.14312" and first["version"] == 4
    assert first["authors"] == ["Zahra Shamsi", "Isaac Reid"]
    assert first["extras"]["status"] == "📝 更新"
    assert first["file"].endswith("h2-2025-03-20.md")
    assert records[1]["code_url"] == "https://github.com/Clausy9/BMTNet"
    assert first["read"] is False and first["starred"] is False


def test_list_reports_state_from_the_reader(capsys: pytest.CaptureFixture[str]) -> None:
    with StateStore() as store:
        store.set_read("2503.16134")
        store.set_starred("2211.14312")
    _, out, _ = run(capsys, "list", str(FORMATS / "h2-2025-03-20.md"), "--format", "jsonl")
    flags = {r["arxiv_id"]: (r["read"], r["starred"]) for r in jsonl(out)}
    assert flags["2503.16134"] == (True, False)
    assert flags["2211.14312"] == (False, True)


def test_folders_skip_non_digests_and_bad_paths_give_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "lib"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "2024-01-01.md").write_bytes((FORMATS / "t1-2024-01-01.md").read_bytes())
    (folder / "README.md").write_text("# My digests\n\nNothing to see.\n")
    (folder / "broken.md").write_bytes(b"\x00\x01binary")
    code, out, err = run(capsys, "list", str(folder), str(tmp_path / "missing"))
    assert code == 1
    assert len(out.splitlines()) == 2  # the good file is still printed
    assert "missing: no such file or folder" in err
    assert "broken.md: binary file" in err
    assert "skipped 1 Markdown file(s) that are not digests" in err


def test_a_named_non_digest_file_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", str(FORMATS / "readme.md"))
    assert (code, out) == (1, "")
    assert "readme.md: not an arXiv digest" in err


def test_damaged_entries_warn_on_stderr_but_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", str(FORMATS / "damaged-2024-03-01.md"))
    assert code == 0
    assert len(out.splitlines()) == 3
    assert "damaged-2024-03-01.md:8: table row has 5 cells" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "list", "--format", "xml")[0] == 2
    assert run(capsys, "export")[0] == 2  # --format is required
    assert run(capsys, "--no-such-flag")[0] == 2


def test_export_writes_a_file_atomically(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "papers.bib"
    code, out, err = run(capsys, "export", "--format", "bibtex", "-o", str(target))
    assert code == 0 and out == ""
    assert "wrote 39 paper(s)" in err
    text = target.read_text(encoding="utf-8")
    assert text.count("@misc{") == 39
    assert [p.name for p in out_dir.iterdir()] == ["papers.bib"]  # no temporary file left


def test_export_to_stdout_json_matches_list_records(capsys: pytest.CaptureFixture[str]) -> None:
    fixture = str(FORMATS / "t2-2024-02-01.md")
    _, exported, _ = run(capsys, "export", fixture, "--format", "json")
    _, listed, _ = run(capsys, "list", fixture, "--format", "jsonl")
    assert json.loads(exported) == jsonl(listed)


def test_stats_json(capsys: pytest.CaptureFixture[str]) -> None:
    with StateStore() as store:
        store.set_read("2402.00868")
    code, out, _ = run(capsys, "stats", str(FORMATS / "t2-2024-02-01.md"), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert json.dumps(data, ensure_ascii=False).count("2024-02-01") >= 1
    assert data["totals"]["papers"] == 3
    assert data["totals"]["read"] == 1


def test_where_and_set_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--where")
    assert code == 0
    assert str(tmp_path / "xdg-config") in out and "none set" in out
    library = tmp_path / "digests"
    library.mkdir()
    code, out, _ = run(capsys, "--set-library", str(library))
    assert code == 0 and str(library) in out
    assert config.get_library() == library
    _, out, _ = run(capsys, "--where")
    assert f"library:      {library}" in out
    code, _, err = run(capsys, "--set-library", str(tmp_path / "nope"))
    assert code == 2 and "is not a folder" in err


def test_python_dash_m_runs_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui", "list", str(FORMATS / "t1-2024-01-01.md")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("2024-01-01  2401.01388v1")


def test_search_filters_and_a_malformed_query_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "list", "--search", "扩散 cat:多模态")
    assert code == 0
    assert [line.split()[1] for line in out.splitlines()] == ["2402.10855v1"]
    _, out, _ = run(capsys, "list", "--search", "author:xiao diff", "--format", "jsonl")
    assert [r["arxiv_id"] for r in jsonl(out)] == ["2402.10739", "2402.10491"]  # Xiaoqing, Xiaodong
    code, out, err = run(capsys, "list", "--search", "foo:bar")
    assert (code, out) == (2, "")
    assert 'unknown field "foo:"' in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.startswith("arxiv-digest ") and out.strip() != "arxiv-digest"
