"""`arxiv-digest list` names two-level bilingual categories in the reader's language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import main
from tui.state import StateStore

H2 = Path(__file__).parents[1] / "fixtures" / "formats" / "h2-2025-03-20.md"


def table(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    assert main(["list", *argv, str(H2)]) == 0
    return capsys.readouterr().out.splitlines()


def test_the_table_names_categories_in_the_chosen_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = table(capsys, "--language", "original")[0]
    assert (
        "  Visual Representation & Foundation Models / Vision Transformers  |  Karyotype" in first
    )
    first = table(capsys, "--language", "translation")[0]
    assert "  视觉表征与基础模型 / 视觉Transformer  |  Karyotype" in first
    first = table(capsys, "--language", "both")[0]
    assert (
        "  视觉表征与基础模型 (Visual Representation & Foundation Models)"
        " / 视觉Transformer (Vision Transformers)  |  " in first
    )


def test_without_the_option_the_readers_language_is_used(
    capsys: pytest.CaptureFixture[str], isolated_dirs: object
) -> None:
    assert "  Generative Models / Others  |  " in table(capsys)[-1]  # no state yet: original
    with StateStore() as store:
        store.set_pref("language", "translation")
    assert "  生成模型 / 其他  |  " in table(capsys)[-1]


def test_jsonl_keeps_the_name_as_the_digest_writes_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--format", "jsonl", "--language", "original", str(H2)]) == 0
    record = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert record["category"] == "生成模型 (Generative Models) / 其他 (Others)"


def test_markdown_export_names_categories_in_the_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export", "--format", "markdown", "--language", "translation", str(H2)]) == 0
    out = capsys.readouterr().out
    assert "### 视觉表征与基础模型 / 视觉Transformer (2)" in out
    assert "### 生成模型 / 其他 (1)" in out
    assert "Visual Representation" not in out
    assert main(["export", "--format", "markdown", "--language", "original", str(H2)]) == 0
    assert "### Generative Models / Others (1)" in capsys.readouterr().out


def test_data_formats_keep_the_name_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "csv", "--language", "original", str(H2)]) == 0
    assert "生成模型 (Generative Models) / 其他 (Others)" in capsys.readouterr().out
