"""Subscriptions with the real `git` against local repositories, and the HTTPS path against a
local server that answers like GitHub's tree API and raw files. The CLI runs as a real process
with the test's XDG folders (tests/conftest.py); nothing reaches the internet.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from git_repos import FIXTURE, Remote, digest, git
from tui.subscriptions import default_library
from tui.subscriptions.https import blob_sha
from tui.subscriptions.registry import checkout_path, load_registry
from tui.subscriptions.sources import SourceError, check_name, default_name, parse_source

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="the git program is missing")


def cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def remote(tmp_path: Path) -> Remote:
    return Remote(tmp_path / "origin")


def test_sources_and_names() -> None:
    github = parse_source("Owner/cv-arxiv-daily")
    assert github.url == "https://github.com/Owner/cv-arxiv-daily.git"
    assert github.github == ("Owner", "cv-arxiv-daily")
    assert default_name(github) == "cv-arxiv-daily"
    assert parse_source("https://github.com/a/b.git").github == ("a", "b")
    assert (
        parse_source("git@example.org:team/digests.git").url == "git@example.org:team/digests.git"
    )
    assert default_name(parse_source("ssh://host/srv/My Digests.git")) == "My-Digests"
    for bad in ("", "a\x1bb", "/no/such/folder/at/all"):
        with pytest.raises(SourceError):
            parse_source(bad)
    for bad in ("../up", "a/b", ".hidden", "x" * 65, "tab\there"):
        with pytest.raises(SourceError):
            check_name(bad)


@needs_git
def test_subscribe_clones_only_the_digests_and_lists_them_by_default(
    remote: Remote, isolated_dirs: object
) -> None:
    done = cli("subscribe", remote.url, "--name", "cv")
    assert done.returncode == 0, done.stderr
    checkout = checkout_path("cv")
    assert (checkout / "data" / "2026-05" / "2026-05-20.md").is_file()
    assert not (checkout / "assets" / "figure.png").exists()  # sparse: Markdown only
    figure = git("rev-parse", "HEAD:assets/figure.png", cwd=checkout).strip()
    packed = "".join(
        git("verify-pack", "-v", str(index), cwd=checkout)
        for index in (checkout / ".git" / "objects" / "pack").glob("*.idx")
    )
    assert figure not in packed  # nor fetched: the clone is blob-less
    assert git("rev-list", "--count", "HEAD", cwd=checkout).strip() == "1"  # one commit
    assert [s.name for s in load_registry()] == ["cv"]
    listed = cli("list", "--format", "jsonl")  # no PATH: the subscriptions, not the sample
    ids = {json.loads(line)["arxiv_id"] for line in listed.stdout.splitlines()}
    expected = cli("list", "--format", "jsonl", str(FIXTURE))
    assert ids == {json.loads(line)["arxiv_id"] for line in expected.stdout.splitlines()}


@needs_git
def test_sync_brings_new_days_and_subscriptions_tells_the_gaps(
    remote: Remote, isolated_dirs: object
) -> None:
    assert cli("subscribe", remote.url, "--name", "cv").returncode == 0
    assert "already current" in cli("sync").stdout
    remote.add_day("2026-05-23")
    done = cli("sync")
    assert done.returncode == 0 and "updated, 2 days, newest 2026-05-23" in done.stdout
    row = next(line for line in cli("subscriptions").stdout.splitlines() if line.startswith("cv"))
    # 2026-05-21 and 05-22 are missing from the sequence.
    assert row.split()[1:4] == ["2026-05-23", "2", "2"]
    assert load_registry()[0].last_sync


@needs_git
def test_local_changes_are_never_discarded(remote: Remote, isolated_dirs: object) -> None:
    assert cli("subscribe", remote.url, "--name", "cv").returncode == 0
    edited = checkout_path("cv") / "data" / "2026-05" / "2026-05-20.md"
    edited.write_text("my own notes\n")
    remote.add_day("2026-05-21")
    done = cli("sync")
    assert done.returncode == 1 and "local changes" in done.stderr
    assert edited.read_text() == "my own notes\n"
    assert load_registry()[0].last_error


@needs_git
def test_a_missing_repository_fails_cleanly(tmp_path: Path, isolated_dirs: object) -> None:
    done = cli("subscribe", (tmp_path / "nothing.git").as_uri(), "--name", "gone")
    assert done.returncode == 1 and "not subscribed" in done.stderr
    assert "Traceback" not in done.stderr
    assert load_registry() == [] and not checkout_path("gone").exists()
    assert not list(checkout_path("gone").parent.glob(".gone*"))  # no half clone left


class _AskForPassword(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # git's smart HTTP: every request wants credentials
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="private"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    """A local HTTP server; the test sets its handler class."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _AskForPassword)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@needs_git
def test_a_repository_that_asks_for_a_password_fails_at_once(
    server: ThreadingHTTPServer, isolated_dirs: object
) -> None:
    url = f"http://127.0.0.1:{server.server_address[1]}/private/digests.git"
    start = time.monotonic()
    done = cli("subscribe", url, timeout=30)
    assert done.returncode == 1
    assert time.monotonic() - start < 15  # never waits for a password
    assert "not subscribed" in done.stderr


@needs_git
def test_a_killed_sync_is_recovered_and_two_syncs_do_not_collide(
    remote: Remote, isolated_dirs: object
) -> None:
    # A clone killed mid-way leaves a partial folder: the next subscribe starts afresh.
    partial = checkout_path("cv").with_name(".cv.partial")
    partial.mkdir(parents=True)
    (partial / "junk").write_text("x")
    assert cli("subscribe", remote.url, "--name", "cv").returncode == 0
    assert not partial.exists()
    # A sync killed while git held the index lock: the next sync goes on.
    (checkout_path("cv") / ".git" / "index.lock").write_text("")
    remote.add_day("2026-05-21")
    done = cli("sync")
    assert done.returncode == 0 and "updated" in done.stdout, done.stderr
    # Another instance syncing right now (it holds the lock): this one skips, nothing breaks.
    remote.add_day("2026-05-22")
    lock = checkout_path("cv") / ".git" / "arxiv-digest-sync.lock"
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        busy = cli("sync")
    assert busy.returncode == 0 and "syncing it right now" in busy.stderr
    assert "updated" in cli("sync").stdout  # the lock is free again


DAEMON = ["git", "daemon", "--export-all", "--reuseaddr", "--listen=127.0.0.1"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@needs_git
def test_the_git_protocol_through_git_daemon(remote: Remote, isolated_dirs: object) -> None:
    port = _free_port()
    daemon = subprocess.Popen(
        [*DAEMON, f"--port={port}", f"--base-path={remote.bare.parent}", str(remote.bare.parent)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):  # until it listens
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if daemon.poll() is not None:
                pytest.skip(f"git daemon did not start: {daemon.stderr.read()!r}")  # type: ignore[union-attr]
            time.sleep(0.05)
        done = cli("subscribe", f"git://127.0.0.1:{port}/remote.git", "--name", "net")
        assert done.returncode == 0, done.stderr
        remote.add_day("2026-05-24")
        assert "newest 2026-05-24" in cli("sync").stdout
    finally:
        daemon.terminate()
        daemon.wait(10)


@needs_git
def test_unsubscribe_removes_the_checkout_and_keeps_the_marks(
    remote: Remote, isolated_dirs: object
) -> None:
    from tui.state import StateStore

    assert cli("subscribe", remote.url, "--name", "cv").returncode == 0
    with StateStore() as store:
        store.set_read("2605.00001")
    done = cli("unsubscribe", "cv")
    assert done.returncode == 0 and not checkout_path("cv").exists() and load_registry() == []
    with StateStore() as store:
        assert store.read_ids() == {"2605.00001"}
    assert cli("unsubscribe", "cv").returncode == 2


def test_the_default_library_is_the_subscriptions_with_the_configured_folder(
    tmp_path: Path, isolated_dirs: object
) -> None:
    assert default_library(None) == []  # the caller opens the sample
    assert default_library(tmp_path) == [tmp_path]
    from tui.subscriptions.registry import Subscription, save_registry

    save_registry([Subscription("cv", "a/b", "https://github.com/a/b.git")])
    checkout_path("cv").mkdir(parents=True)
    assert default_library(tmp_path) == [checkout_path("cv"), tmp_path]


# -- the HTTPS path: GitHub's tree API and raw files, answered by a local server ---------------


class GitHub:
    """What the local server serves: one repository of Markdown files, and a request log."""

    def __init__(self) -> None:
        self.files = {
            "README.md": b"# digests\n",
            "data/2026-05/2026-05-20.md": digest("2026-05-20").encode(),
            "assets/figure.png": b"\x89PNG",
        }
        self.requests: list[str] = []
        self.rate_limited = False

    def handler(self) -> type[BaseHTTPRequestHandler]:
        github = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                github.requests.append(self.path)
                if github.rate_limited:
                    return self.reply(403, b"{}", {"X-RateLimit-Remaining": "0"})
                if self.path == "/api/repos/o/r":
                    return self.reply(200, json.dumps({"default_branch": "main"}).encode())
                if self.path == "/api/repos/o/r/git/trees/main?recursive=1":
                    tree = [
                        {"path": p, "type": "blob", "sha": blob_sha(d)}
                        for p, d in github.files.items()
                    ]
                    return self.reply(200, json.dumps({"tree": tree, "truncated": False}).encode())
                prefix = "/raw/o/r/main/"
                if self.path.startswith(prefix) and self.path[len(prefix) :] in github.files:
                    return self.reply(200, github.files[self.path[len(prefix) :]])
                return self.reply(404, b'{"message": "Not Found"}')

            def reply(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
                self.send_response(code)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def test_without_git_a_github_source_is_fetched_over_https(
    server: ThreadingHTTPServer, isolated_dirs: object
) -> None:
    github = GitHub()
    server.RequestHandlerClass = github.handler()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    config = isolated_dirs.config / "arxiv-digest-tui" / "config.toml"  # type: ignore[attr-defined]
    config.parent.mkdir(parents=True)
    config.write_text(
        f'sync_backend = "https"\ngithub_api = "{base}/api"\ngithub_raw = "{base}/raw"\n'
    )
    done = cli("subscribe", "o/r")
    assert done.returncode == 0, done.stderr
    day = checkout_path("r") / "data" / "2026-05" / "2026-05-20.md"
    assert day.read_bytes() == github.files["data/2026-05/2026-05-20.md"]
    assert not (checkout_path("r") / "assets" / "figure.png").exists()
    assert load_registry()[0].backend == "https"
    # Nothing changed: nothing is downloaded again (only the repository and its tree).
    github.requests.clear()
    assert cli("sync").returncode == 0
    assert github.requests == ["/api/repos/o/r", "/api/repos/o/r/git/trees/main?recursive=1"]
    # A new day: that file alone.
    github.files["data/2026-05/2026-05-21.md"] = digest("2026-05-21").encode()
    github.requests.clear()
    assert "newest 2026-05-21" in cli("sync").stdout
    assert [r for r in github.requests if r.startswith("/raw/")] == [
        "/raw/o/r/main/data/2026-05/2026-05-21.md"
    ]
    # GitHub's rate limit: said plainly, exit 1, the checkout untouched.
    github.rate_limited = True
    done = cli("sync")
    assert done.returncode == 1 and "rate limit" in done.stderr
    assert day.is_file()


def test_a_github_repository_that_does_not_exist(
    server: ThreadingHTTPServer, isolated_dirs: object
) -> None:
    server.RequestHandlerClass = GitHub().handler()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    config = isolated_dirs.config / "arxiv-digest-tui" / "config.toml"  # type: ignore[attr-defined]
    config.parent.mkdir(parents=True)
    config.write_text(f'sync_backend = "https"\ngithub_api = "{base}/api"\n')
    done = cli("subscribe", "o/missing")
    assert done.returncode == 1 and "not found" in done.stderr
    assert load_registry() == [] and not checkout_path("missing").exists()


def test_blob_sha_is_gits() -> None:
    data = b"hello\n"
    assert blob_sha(data) == hashlib.sha1(b"blob 6\x00hello\n").hexdigest()
    assert blob_sha(data) == "ce013625030ba8dba906f756967f9e9ca394464a"  # `git hash-object`
