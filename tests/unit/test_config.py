"""config: TOML settings; damaged files warn and never crash; writes are atomic."""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui import config, paths


def write_config(text: str | bytes) -> Path:
    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_config_file_lives_in_config_dir() -> None:
    assert config.config_path() == paths.config_dir() / "config.toml"


def test_missing_file_gives_defaults_without_warning() -> None:
    loaded = config.load_config()
    assert loaded.values == {}
    assert loaded.warning is None
    assert loaded.library is None
    assert loaded.clipboard == "auto"
    assert config.get_library() is None


def test_set_library_round_trips_and_is_absolute(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert config.set_library(Path("digests")) is None
    assert config.get_library() == tmp_path / "digests"
    assert tomllib.loads(config.config_path().read_text())["library"] == str(tmp_path / "digests")


def test_tilde_in_a_hand_written_file_means_home(isolated_dirs) -> None:
    write_config('library = "~/digests"\n')
    assert config.get_library() == isolated_dirs.home / "digests"


def test_set_library_keeps_other_settings(tmp_path: Path) -> None:
    write_config('clipboard = "terminal"\nfuture_key = [1, 2]\n\n[ui]\ntheme = "nord"\n')
    config.set_library(tmp_path / "lib")
    loaded = config.load_config()
    assert loaded.values == {
        "clipboard": "terminal",
        "future_key": [1, 2],
        "ui": {"theme": "nord"},
        "library": str(tmp_path / "lib"),
    }
    assert loaded.clipboard == "terminal"
    assert loaded.warning is None


@pytest.mark.parametrize(
    "content",
    [
        'library = "/unterminated\n',
        "library = \n",
        "[[[\n",
        b"library = '\xff\xfe broken bytes'\n",
        b"\x00\x01\x02 SQLite format 3\x00",
    ],
)
def test_damaged_file_gives_defaults_and_a_clear_warning(content: str | bytes) -> None:
    path = write_config(content)
    loaded = config.load_config()
    assert loaded.values == {}
    assert loaded.damaged
    assert loaded.warning is not None
    assert str(path) in loaded.warning
    assert "damaged" in loaded.warning
    assert config.get_library() is None


def test_unreadable_file_gives_defaults_and_a_warning() -> None:
    config.config_path().mkdir(parents=True)  # a folder where the file should be
    loaded = config.load_config()
    assert loaded.values == {}
    assert loaded.warning is not None
    assert "can't be read" in loaded.warning


def test_set_library_moves_a_damaged_file_aside(tmp_path: Path) -> None:
    path = write_config("library = [oops\n")
    moved = config.set_library(tmp_path / "lib")
    assert moved is not None
    assert moved.parent == path.parent
    assert moved.name.startswith("config.toml.broken-")
    assert moved.read_text() == "library = [oops\n"
    assert config.get_library() == tmp_path / "lib"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("library = 3\n", "library should be a folder path"),
        ('clipboard = "carrier-pigeon"\n', "clipboard should be one of"),
    ],
)
def test_bad_values_warn_and_fall_back(content: str, problem: str) -> None:
    write_config(content)
    loaded = config.load_config()
    assert loaded.warning is not None
    assert problem in loaded.warning
    assert loaded.library is None
    assert loaded.clipboard == "auto"


@pytest.mark.parametrize("mode", ["auto", "system", "terminal"])
def test_clipboard_modes(mode: str) -> None:
    write_config(f'clipboard = "{mode}"\n')
    assert config.load_config().clipboard == mode


def test_undecodable_file_name_is_refused_before_writing() -> None:
    with pytest.raises(ValueError, match="not valid text"):
        config.set_library(Path("/tmp/\udcff"))
    assert not config.config_path().exists()


def test_dumps_writes_special_strings_and_types() -> None:
    values = {
        "quote": 'a "b" \\ c',
        "controls": "tab\tnl\ndel\x7fesc\x1b",
        "unicode": "论文 📄",
        "odd key": 1,
        "flag": False,
        "big": 1e100,
        "inf": math.inf,
        "when": dt.datetime(2024, 2, 16, 8, 30),
        "day": dt.date(2024, 2, 16),
        "nested": {"inner": {"deep": [1, "x"]}, "list": [[1], []]},
    }
    assert tomllib.loads(config.dumps(values)) == values


# Lone surrogates are refused by design (tested above), so the strategies leave them out.
_text = st.text(st.characters(exclude_categories=("Cs",)))
_scalars = (
    _text
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False)
)
_keys = st.text(st.characters(exclude_categories=("Cs",)), max_size=10)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=3),
    max_leaves=8,
)


@given(st.dictionaries(_keys, _values, max_size=5))
def test_dumps_round_trips_through_tomllib(values: dict) -> None:
    assert tomllib.loads(config.dumps(values)) == values


def test_watch_and_hide_tables_are_read_checked_and_kept_when_the_file_is_rewritten(
    tmp_path,
) -> None:
    from tui.config import load_config, save_config
    from tui.triage.records import Rule

    path = tmp_path / "config.toml"
    path.write_text(
        'clipboard = "system"\n'
        '[[watch]]\nname = "splatting"\nquery = "title:splatting"\n'
        '[[watch]]\nname = "broken"\nquery = "foo:bar"\n'
        '[[hide]]\nname = "surveys"\nquery = "title:survey"\n'
        '[[hide]]\nquery = "no name"\n'
        '[keys]\ndismiss = "minus"\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.rules == [
        Rule("watch", "splatting", "title:splatting", "config"),
        Rule("hide", "surveys", "title:survey", "config"),
    ]
    assert config.warning is not None
    assert "[[watch]] 'broken': The query has a problem" in config.warning
    assert "[[hide]] number 2 needs name and query" in config.warning
    config.values["library"] = "/somewhere"  # the app changes a setting: the file is rewritten
    save_config(config, path)
    again = load_config(path)
    assert again.values == config.values  # every table kept: [[watch]], [[hide]], [keys]
    assert "[[watch]]" in path.read_text(encoding="utf-8")
