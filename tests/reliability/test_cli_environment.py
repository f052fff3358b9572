"""The command in a hostile environment: a locale that cannot hold the text, file names made of
escape sequences, empty arguments, a damaged config.toml. Each runs the real command in a
subprocess (or the reader in a pseudo-terminal) with this test's isolated folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pty_app import ESCAPES, PAPERS, SAMPLE, PtyApp, wait_until

from tui import config

HOSTILE_NAME = "x\x1b]0;pwned\x07\x1b[2J\x1b[7m\nz-2024-02-16.md"
FORBIDDEN = (b"\x1b", b"\x07", b"pwned\n", b"\nz-2024")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        env=env if env is not None else dict(os.environ),
        timeout=120,
    )


def c_locale() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LANG")}
    return {**env, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}


@pytest.mark.parametrize(
    "args",
    [["list"], ["stats"], ["export", "--format", "markdown"], ["list", "--search", "扩散"]],
    ids=["list", "stats", "export-markdown", "search-chinese"],
)
def test_a_c_locale_does_not_end_in_a_traceback(args: list[str]) -> None:
    """Before: UnicodeEncodeError tracebacks for list, stats and export --format markdown."""
    done = run(*args, str(SAMPLE), env=c_locale())
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"Traceback" not in done.stderr
    assert done.stdout


def test_data_formats_stay_utf8_in_a_c_locale(tmp_path: Path) -> None:
    """JSON and exports are UTF-8 whatever the locale: nothing is replaced by '?'."""
    done = run("list", "--format", "jsonl", str(SAMPLE), env=c_locale())
    assert done.returncode == 0
    titles = [json.loads(line)["title_cn"] for line in done.stdout.decode("utf-8").splitlines()]
    assert any("语言" in (title or "") for title in titles)
    target = tmp_path / "out.md"
    done = run("export", "--format", "markdown", "-o", str(target), str(SAMPLE), env=c_locale())
    assert done.returncode == 0
    assert "逐步对齐" in target.read_text(encoding="utf-8")
    table = run("list", str(SAMPLE), env=c_locale())
    assert b"?" in table.stdout  # the table, for people, shows what it can't as '?'


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / HOSTILE_NAME)
    damaged = SAMPLE.read_text(encoding="utf-8").replace("**Authors:**", "**Authors", 1)
    (folder / f"d{HOSTILE_NAME}").write_text(damaged, encoding="utf-8")
    (folder / f"n{HOSTILE_NAME}").write_text("not a digest at all\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "args", [["list"], ["stats"], ["export", "--format", "bibtex"]], ids=["list", "stats", "export"]
)
def test_file_names_never_reach_the_terminal_raw(hostile_folder: Path, args: list[str]) -> None:
    """Before: a file name with OSC 0, ESC[2J and a newline went to stderr as it was."""
    named = [str(path) for path in sorted(hostile_folder.iterdir())]
    missing = str(hostile_folder / "gone\x1b[2J\n.md")
    done = run(*args, *named, missing)
    assert done.returncode == 1  # the missing one
    assert b"no such file" in done.stderr and b"not an arXiv digest" in done.stderr
    for stream in (done.stdout, done.stderr):
        for sequence in FORBIDDEN:
            assert sequence not in stream, (sequence, stream[-500:])


@pytest.mark.parametrize(
    "args",
    [["list", ""], ["stats", " "], ["export", "--format", "csv", ""], ["--set-library", ""], [""]],
    ids=["list", "stats", "export", "set-library", "reader"],
)
def test_an_empty_path_is_a_usage_error(args: list[str], isolated_dirs) -> None:
    """Before: `list ""` listed the current folder and `--set-library ""` saved it."""
    done = run(*args)
    assert done.returncode == 2
    assert b"an empty path is not allowed" in done.stderr
    assert not config.config_path().exists()


def test_search_for_a_leading_minus_says_how() -> None:
    done = run("list", "--search", "-diffusion", str(SAMPLE))
    assert done.returncode == 2
    assert b"--search=-word" in done.stderr
    everything = run("list", str(SAMPLE)).stdout.splitlines()
    without = run("list", "--search=-diffusion", str(SAMPLE))
    assert without.returncode == 0
    assert 0 < len(without.stdout.splitlines()) < len(everything)
    assert b"iffusion" not in without.stdout


def test_where_shows_config_problems_and_where_the_library_comes_from(tmp_path: Path) -> None:
    path = config.config_path()
    path.parent.mkdir(parents=True)
    path.write_text('library = "/nonexistent/digests"\nclipboard = "bogus"\n', encoding="utf-8")
    out = run("--where").stdout.decode()
    assert "/nonexistent/digests (from config.toml; it no longer exists)" in out
    assert "clipboard should be one of auto, system, terminal" in out
    done = run()
    assert done.returncode == 1
    assert b"the default library, set in" in done.stderr and b"config.toml" in done.stderr
    path.write_text("library = = [\n", encoding="utf-8")
    assert "is damaged" in run("--where").stdout.decode()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("library = = [\n", ("damaged", "defaults")),  # single words: a notice wraps
        ("library = 5\n", ("library", "should", "folder")),
        ('clipboard = "bogus"\n', ("clipboard", "should", "auto")),
    ],
    ids=["garbage", "library-5", "clipboard-bogus"],
)
def test_config_problems_are_shown_in_the_reader(digest: Path, text: str, words) -> None:
    """Before: printed before the full-screen UI started, so seen only after quitting."""
    path = config.config_path()
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    app = PtyApp([str(digest)], dict(os.environ))
    try:
        app.wait_for_text(f"{PAPERS} papers")

        def in_the_reader() -> bool:  # drawn in the full-screen UI, not only printed before it
            output = app.output
            shown = output[output.find(b"\x1b[?1049h") :].decode(errors="replace")
            plain = ESCAPES.sub("", shown)
            return all(word in plain for word in ("Settings", *words))

        wait_until(in_the_reader, f"{words} in the reader")
        assert app.quit() == 0, app.tail()
    finally:
        app.kill()
