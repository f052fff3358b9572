"""Files and folders a hostile machine hands the reader (issue 16, items 7, 11, 13 and 14).

A file name that is not UTF-8, file names carrying terminal escapes, a file cut inside a
character, an unreadable folder, a path longer than the system allows, an empty folder. The real
command runs in a subprocess (the CLI, the reader's loader, the reader on a pty); counts are
checked against the corpus's expected.jsonl, which was counted line by line independently.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from library_cases import (
    CORPUS,
    corpus_days,
    expected_papers,
    load_report,
    needs_corpus,
    run_cli,
)
from pty_app import SAMPLE, PtyApp, wait_until

# ---------------------------------------------------------------------------------------------
# 7. A file name that is not UTF-8

BAD_NAME = b"2024-02-05-\xff.md"  # Latin-1 "ÿ": a valid Linux name that is not UTF-8


@pytest.fixture
def odd_named(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """Ten corpus days, one of them renamed to a name that is not UTF-8."""
    folder = tmp_path / "library"
    days = corpus_days(folder, 10)
    os.rename(os.fsencode(folder / "2024-02-05.md"), os.fsencode(folder) + b"/" + BAD_NAME)
    return folder, days


def test_cli_lists_every_file_of_a_library_with_a_non_utf8_name(odd_named) -> None:
    folder, days = odd_named
    done = run_cli(["list", str(folder), "--format", "jsonl"])
    stderr = done.stderr.decode(errors="replace")
    assert done.returncode == 0, stderr[-1500:]
    assert "Traceback" not in stderr
    records = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(records) == sum(days.values())  # every entry of every file
    odd = [r for r in records if r["file"].endswith("2024-02-05-\ufffd.md")]
    assert len(odd) == days["2024-02-05.md"]  # the odd name is shown with U+FFFD


def test_loader_reads_every_day_past_a_non_utf8_name_and_again_from_the_cache(odd_named) -> None:
    folder, days = odd_named
    first = load_report(folder)
    assert len(first["days"]) == len(days), first["problems"]
    assert first["problems"] == [] and first["notices"] == []
    again = load_report(folder)  # the cache kept the real path: nothing is read again
    assert len(again["days"]) == len(days) and again["cached"] == len(days), again


def test_reader_loads_every_day_past_a_non_utf8_name(odd_named) -> None:
    folder, days = odd_named
    app = PtyApp([str(folder)], dict(os.environ))
    try:
        every_day = re.compile(rf"day \d+/{len(days)}\b")  # in the header: every day is there
        wait_until(lambda: every_day.search(app.text()) or not app.alive(), "every day")
        assert every_day.search(app.text()), app.tail()
        assert "stopped" not in app.text(), app.tail()
        assert app.quit() == 0
    finally:
        app.kill()


# ---------------------------------------------------------------------------------------------
# 11 (notices). File names with terminal escapes, in the reader's notifications

TITLE_ESCAPE = "\x1b]0;PWNED-TITLE\x07"  # OSC 0: sets the terminal's title
HOSTILE_NAMES = (
    f"2024-02-17{TITLE_ESCAPE}\x1b[7m.md",  # a digest with a damaged entry: a warning names it
    "2024-02-18\x1b[2J\nPWNED-LINE.md",  # binary junk: a problem names it
)


@pytest.fixture
def hostile_names(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    text = SAMPLE.read_text(encoding="utf-8").replace("2024-02-16", "2024-02-17")
    lines = text.splitlines()
    lines.insert(1, "**PDF:** <http://arxiv.org/pdf/1>")  # outside an entry: a warning
    (folder / HOSTILE_NAMES[0]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / HOSTILE_NAMES[1]).write_bytes(b"\x00\x01binary\x00" * 100)
    return folder


def test_loader_messages_name_hostile_files_without_control_characters(hostile_names) -> None:
    report = load_report(hostile_names)
    messages = [*report["problems"], *report["warnings"], *report["notices"]]
    assert any("PWNED-TITLE" in m for m in messages) and any("PWNED-LINE" in m for m in messages)
    for message in messages:
        assert message.isprintable(), repr(message)  # no ESC, BEL, newline...


def test_reader_notices_do_not_pass_escapes_from_file_names(hostile_names) -> None:
    app = PtyApp([str(hostile_names)], dict(os.environ))
    try:
        app.wait_for_text("PWNED-TITLE")  # the warning naming the file is on screen
        app.wait_for_text("PWNED-LINE")  # and the problem
        output = app.output
        assert TITLE_ESCAPE.encode() not in output and b"\x1b]0;PWNED" not in output
        assert b"\x1b[2J\nPWNED" not in output
        assert app.quit() == 0
    finally:
        app.kill()


# ---------------------------------------------------------------------------------------------
# 13. A file cut inside a UTF-8 character


def test_a_file_cut_inside_a_character_is_read_up_to_the_cut(tmp_path: Path) -> None:
    needs_corpus()
    source = CORPUS / "data" / "2024-02" / "2024-02-16.md"  # a table: one row a line
    data = source.read_bytes()
    last_lead = max(i for i, byte in enumerate(data) if byte >= 0xE0)  # a 3-byte character
    cut = tmp_path / "2024-02-16.md"
    cut.write_bytes(data[: last_lead + 1])  # an interrupted download: one byte of it arrived
    done = run_cli(["list", str(cut), "--format", "jsonl"])
    stderr = done.stderr.decode()
    assert "not a text file" not in stderr
    assert "ends in the middle of a character" in stderr, stderr
    listed = done.stdout.decode().splitlines()
    # The cut falls in the file's last table row, which is left out as damaged; every row
    # before it is read.
    assert len(listed) == expected_papers()["data/2024-02/2024-02-16.md"] - 1
    assert done.returncode == 0


# ---------------------------------------------------------------------------------------------
# 14. What is skipped is said; nothing read is an error


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder the `nobody` user can reach (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="arxiv-digest-test-"))
    path.chmod(0o777)
    try:
        yield path
    finally:
        for root, dirs, _ in os.walk(path):
            for name in dirs:
                os.chmod(os.path.join(root, name), 0o755)
        shutil.rmtree(path, ignore_errors=True)


AS_NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]


def as_nobody_works() -> bool:
    """Root reads a chmod 000 folder anyway; an unprivileged user does not."""
    if shutil.which("setpriv") is None:
        return False
    try:
        done = subprocess.run([*AS_NOBODY, "true"], capture_output=True, timeout=10)
    except OSError:
        return False
    return done.returncode == 0


def test_an_unreadable_subfolder_is_reported(shared_tmp: Path) -> None:
    if not as_nobody_works():
        pytest.skip("cannot run as an unprivileged user here (setpriv): root reads any folder")
    library = shared_tmp / "library"
    (library / "locked").mkdir(parents=True)
    shutil.copy(SAMPLE, library / SAMPLE.name)
    shutil.copy(SAMPLE, library / "locked" / "2024-02-17.md")
    (library / "locked").chmod(0o000)
    library.chmod(0o755)
    env = {f"XDG_{kind}_HOME": str(shared_tmp / kind) for kind in ("CACHE", "DATA", "CONFIG")}
    env["HOME"] = str(shared_tmp)
    done = run_cli(["list", str(library)], env=env, prefix=AS_NOBODY)
    stderr = done.stderr.decode()
    assert re.search(r"locked.*(cannot be read|Permission denied)", stderr), stderr
    assert "PaLM2-VAdapter" in done.stdout.decode()  # the readable digest is still listed
    assert done.returncode == 1
    report = load_report(library, prefix=AS_NOBODY)  # the reader's loader says it too
    assert any("locked" in problem for problem in report["problems"]), report


def deep_folder(root: Path, length: int = 5000) -> bytes:
    """A chain of folders whose path is longer than PATH_MAX (4096), made relative to a
    descriptor (a path that long cannot be named at once); returns the path as bytes."""
    fd = os.open(root, os.O_RDONLY)
    path = os.fsencode(root)
    try:
        while len(path) < length:
            name = b"d" * 200
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
            path += b"/" + name
        digest = os.open("2024-02-17.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(digest, SAMPLE.read_bytes())
        os.close(digest)
    finally:
        os.close(fd)
    return path


def test_a_path_longer_than_the_system_allows_is_reported(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    shutil.copy(SAMPLE, library / SAMPLE.name)
    deep_folder(library)
    done = run_cli(["list", str(library)])
    stderr = done.stderr.decode()
    assert "too long" in stderr.lower() and "skipped" in stderr, stderr
    assert "PaLM2-VAdapter" in done.stdout.decode()
    assert done.returncode == 1
    report = load_report(library)
    assert any("too long" in p.lower() for p in report["problems"]), report


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a digest")
    for command in (["list", str(empty)], ["stats", str(empty)]):
        done = run_cli(command)
        assert done.returncode == 1, (command, done.stderr)
        assert "no digest" in done.stderr.decode(), done.stderr
    report = load_report(empty)
    assert any("no digest" in p for p in report["problems"]), report
