"""User settings: a small TOML file, paths.config_dir()/"config.toml".

Known keys (all optional):

    library = "/home/me/digests"   # folder opened when `arxiv-digest` gets no PATH
    clipboard = "auto"             # auto: system clipboard and terminal (OSC 52);
                                   # system: system clipboard only; terminal: OSC 52 only
    fetch_abstracts = "auto"       # auto: fetch missing abstracts from arXiv; off (or false): never
    arxiv_api = "https://export.arxiv.org/api/query"   # the API's query endpoint (a mirror)

    [[watch]]                      # a watch: a saved search whose papers are marked and gathered
    name = "splatting"
    query = "title:splatting"
    [[hide]]                       # a hide rule: its papers leave every list (is:hidden shows)
    name = "surveys"
    query = "title:survey"

The file is read with tomllib. When the app changes a setting (`--set-library`) it rewrites the file
with the small writer below, atomically (tui.files); values and unknown keys are kept, comments
are not.
A damaged file never stops the app: load_config() returns defaults and a warning saying why.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui import paths
from tui.files import write_atomic
from tui.triage.records import Rule
from tui.triage.rules import configured_rules

CONFIG_NAME = "config.toml"
CLIPBOARD_MODES = ("auto", "system", "terminal")
FETCH_MODES = ("auto", "off")
DEFAULT_ARXIV_API = "https://export.arxiv.org/api/query"
_HEADER = "# arxiv-digest-tui settings (TOML). Rewritten by the app when a setting changes.\n"
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


@dataclass
class Config:
    """The settings as read, plus what was wrong with the file (warning) if anything."""

    values: dict[str, Any] = field(default_factory=dict)
    warning: str | None = None
    damaged: bool = False  # the file exists but could not be parsed

    @property
    def library(self) -> Path | None:
        value = self.values.get("library")
        return Path(value).expanduser() if isinstance(value, str) and value else None

    @property
    def clipboard(self) -> str:
        value = self.values.get("clipboard")
        return value if value in CLIPBOARD_MODES else "auto"

    @property
    def fetch_abstracts(self) -> str:
        value = self.values.get("fetch_abstracts")
        if isinstance(value, bool):  # fetch_abstracts = false reads as meant
            return "auto" if value else "off"
        return value if value in FETCH_MODES else "auto"

    @property
    def rules(self) -> list[Rule]:
        """The [[watch]] and [[hide]] rules written here (the bad ones left out: see warning)."""
        return configured_rules(self.values)[0]

    @property
    def arxiv_api(self) -> str:
        value = self.values.get("arxiv_api")
        return value if isinstance(value, str) and _is_http_url(value) else DEFAULT_ARXIV_API


def config_path() -> Path:
    return paths.config_dir() / CONFIG_NAME


def load_config(path: Path | None = None) -> Config:
    """Read the settings; a missing file gives defaults, a bad one defaults and a warning."""
    path = path or config_path()
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        warning = f"Settings file {path} is damaged ({exc}); using defaults"
        return Config(warning=warning, damaged=True)
    except OSError as exc:
        return Config(
            warning=f"Settings file {path} can't be read ({exc.strerror}); using defaults"
        )
    return Config(values=values, warning=_check(values, path))


def _check(values: Mapping[str, Any], path: Path) -> str | None:
    problems = []
    if "library" in values and not isinstance(values["library"], str):
        problems.append('library should be a folder path in quotes, e.g. library = "~/digests"')
    if "clipboard" in values and values["clipboard"] not in CLIPBOARD_MODES:
        problems.append(f"clipboard should be one of {', '.join(CLIPBOARD_MODES)}; using auto")
    fetch = values.get("fetch_abstracts", "auto")
    if not isinstance(fetch, bool) and fetch not in FETCH_MODES:
        problems.append(f"fetch_abstracts should be one of {', '.join(FETCH_MODES)}; using auto")
    if "arxiv_api" in values and not _is_http_url(values["arxiv_api"]):
        problems.append(
            f'arxiv_api should be an http(s) URL in quotes, e.g. arxiv_api = "{DEFAULT_ARXIV_API}";'
            " using that"
        )
    problems += configured_rules(values)[1]
    return f"Settings file {path}: " + "; ".join(problems) if problems else None


def _is_http_url(value: object) -> bool:
    """An http(s) URL with a host and no spaces or control characters."""
    if not isinstance(value, str) or not value.isprintable() or " " in value:
        return False
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def save_config(config: Config, path: Path | None = None) -> Path | None:
    """Write the settings atomically. A damaged file is first moved aside, never overwritten.

    Returns where the damaged file went, or None.
    """
    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    moved = None
    if config.damaged and path.exists():
        moved = path.with_name(f"{path.name}.broken-{dt.datetime.now():%Y%m%d-%H%M%S}")
        os.replace(path, moved)
    write_atomic(path, dumps(config.values))
    return moved


def get_library() -> Path | None:
    """The default library folder, or None when none was set."""
    return load_config().library


def set_library(folder: Path) -> Path | None:
    """Remember folder (made absolute) as the default library; returns save_config()'s result."""
    config = load_config()
    config.values["library"] = os.path.abspath(Path(folder).expanduser())
    return save_config(config)


def dumps(values: Mapping[str, Any]) -> str:
    """TOML text for values: top-level keys, then one [table] per dict; deeper dicts inline."""
    lines = [_HEADER]
    tables = [(key, value) for key, value in values.items() if isinstance(value, dict)]
    arrays = [(key, value) for key, value in values.items() if _is_array_of_tables(value)]
    plain = {
        k: v for k, v in values.items() if not isinstance(v, dict) and not _is_array_of_tables(v)
    }
    lines += [f"{_key(k)} = {_value(v)}\n" for k, v in plain.items()]
    for name, table in tables:
        lines.append(f"\n[{_key(name)}]\n")
        lines += [f"{_key(k)} = {_value(v)}\n" for k, v in table.items()]
    for name, array in arrays:  # [[watch]] blocks, as a person writes them
        for table in array:
            lines.append(f"\n[[{_key(name)}]]\n")
            lines += [f"{_key(k)} = {_value(v)}\n" for k, v in table.items()]
    return "".join(lines)


def _is_array_of_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _value(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)  # repr gives TOML-valid 1e+100, inf, nan
    if isinstance(value, str):
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
            raise ValueError(f"{value!r} is not valid text (undecodable file name?)")
        # A JSON string is a TOML basic string, except that TOML also forbids a raw DEL.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"can't write {type(value).__name__} to the settings file")
