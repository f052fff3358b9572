"""Atomic writes (tui.files): the old file or the whole new one, never half, even when the write
fails for real (bad encoding, missing folder, a directory in the way, a file size limit)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tui.files import WriteError, write_atomic


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_atomic_writes_exact_text_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_atomic(target, 'a,b\r\n中文,"x"\r\n')
    assert target.read_bytes() == 'a,b\r\n中文,"x"\r\n'.encode()
    write_atomic(str(target), "\ufeffnew\n")
    assert target.read_bytes() == b"\xef\xbb\xbfnew\n"
    assert leftovers(tmp_path) == []


def test_write_atomic_unencodable_text_leaves_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.bib"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(WriteError, match=r"cannot write .*out\.bib: text not encodable"):
        write_atomic(target, "half \ud800 surrogate")
    assert target.read_text(encoding="utf-8") == "old"
    with pytest.raises(WriteError):
        write_atomic(target, "中文", encoding="ascii")
    assert target.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


def test_write_atomic_missing_folder(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    gone.rmdir()  # the folder vanished before the write
    with pytest.raises(WriteError, match=r"cannot write .*gone/out\.md: No such file"):
        write_atomic(gone / "out.md", "text")
    assert not gone.exists()


def test_write_atomic_onto_a_directory_keeps_it_and_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "folder.json"
    target.mkdir()
    (target / "inside").write_text("keep", encoding="utf-8")
    with pytest.raises(WriteError, match=r"folder\.json"):
        write_atomic(target, "[]")
    assert (target / "inside").read_text(encoding="utf-8") == "keep"
    assert leftovers(tmp_path) == []


def test_write_atomic_file_size_limit_never_leaves_partial_file(tmp_path: Path) -> None:
    """A real short write: RLIMIT_FSIZE makes write() fail with EFBIG half way."""
    pytest.importorskip("resource")
    target = tmp_path / "big.json"
    target.write_text("old complete file", encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        from tui.files import WriteError, write_atomic
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        try:
            write_atomic({str(target)!r}, "x" * 100_000)
        except WriteError as exc:
            print("ERROR", exc)
            sys.exit(3)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 3, done.stderr
    assert "cannot write" in done.stdout and "big.json" in done.stdout
    assert target.read_text(encoding="utf-8") == "old complete file"
    assert leftovers(tmp_path) == []


def test_write_atomic_keeps_mode_and_follows_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_write_atomic_new_file_gets_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.bib", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.bib").stat().st_mode) == 0o644


def test_write_atomic_refuses_a_socket_and_keeps_it(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "out.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        with pytest.raises(WriteError, match="it is a socket"):
            write_atomic(path, "[]")
        assert stat.S_ISSOCK(os.stat(path).st_mode)
    finally:
        server.close()
    assert leftovers(tmp_path) == []
