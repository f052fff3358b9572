"""The arXiv settings in config.toml: fetch_abstracts and arxiv_api, checked like the others."""

from __future__ import annotations

import pytest

from tui import config


def write(text: str) -> None:
    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_defaults() -> None:
    loaded = config.load_config()
    assert loaded.fetch_abstracts == "auto"
    assert loaded.arxiv_api == "https://export.arxiv.org/api/query"


def test_good_values_are_taken() -> None:
    write('fetch_abstracts = "off"\narxiv_api = "http://127.0.0.1:8080/api/query"\n')
    loaded = config.load_config()
    assert loaded.warning is None
    assert loaded.fetch_abstracts == "off"
    assert loaded.arxiv_api == "http://127.0.0.1:8080/api/query"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('fetch_abstracts = "sometimes"\n', "fetch_abstracts should be one of auto, off"),
        ("fetch_abstracts = 0\n", "fetch_abstracts should be one of auto, off"),
        ('arxiv_api = "file:///etc/passwd"\n', "arxiv_api should be an http(s) URL"),
        ('arxiv_api = "export.arxiv.org/api/query"\n', "arxiv_api should be an http(s) URL"),
        ('arxiv_api = "https://"\n', "arxiv_api should be an http(s) URL"),
        ('arxiv_api = "https://a.org/\\u001b[2J"\n', "arxiv_api should be an http(s) URL"),
        ("arxiv_api = 3\n", "arxiv_api should be an http(s) URL"),
    ],
)
def test_bad_values_warn_and_fall_back(content: str, problem: str) -> None:
    write(content)
    loaded = config.load_config()
    assert loaded.warning is not None and problem in loaded.warning
    assert loaded.fetch_abstracts == "auto"
    assert loaded.arxiv_api == "https://export.arxiv.org/api/query"


@pytest.mark.parametrize(("value", "mode"), [("false", "off"), ("true", "auto")])
def test_a_boolean_reads_as_meant(value: str, mode: str) -> None:
    write(f"fetch_abstracts = {value}\n")
    loaded = config.load_config()
    assert loaded.warning is None and loaded.fetch_abstracts == mode
