"""A GitHub repository kept current over HTTPS, for a machine without the `git` program.

GitHub's REST API lists the repository's tree (`GET /repos/{owner}/{repo}/git/trees/{branch}
?recursive=1`, each file with its git blob SHA-1); only the Markdown files whose blob differs from
the local copy are downloaded, from the raw host, checked against that SHA-1 and written
atomically. Both base URLs come from config.toml (`github_api`, `github_raw`) so tests point them
at a local server.
"""

from __future__ import annotations

import hashlib
import json
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import tui

API = "https://api.github.com"
RAW = "https://raw.githubusercontent.com"
TIMEOUT_S = 30.0
USER_AGENT = f"arxiv-digest-tui/{tui.__version__} (+https://pypi.org/project/arxiv-digest-tui/)"


class HttpsError(RuntimeError):
    """The repository could not be listed or a file not fetched (the message says why)."""


@dataclass(frozen=True, slots=True)
class Hosts:
    api: str = API
    raw: str = RAW

    @classmethod
    def of(cls, values: Mapping[str, object]) -> Hosts:
        """From config.toml's `github_api` / `github_raw` (http(s) URLs), else GitHub's own."""

        def url(key: str, default: str) -> str:
            value = values.get(key)
            ok = isinstance(value, str) and value.startswith(("https://", "http://"))
            return str(value).rstrip("/") if ok else default

        return cls(url("github_api", API), url("github_raw", RAW))


def blob_sha(data: bytes) -> str:
    """The git blob id of `data` (what the tree API lists for each file)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _get(url: str) -> bytes:
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "application/vnd.github+json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            data: bytes = response.read()
            return data
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise HttpsError("repository or file not found (HTTP 404)") from error
        if error.code in (403, 429) and error.headers.get("X-RateLimit-Remaining") == "0":
            raise HttpsError("GitHub's rate limit is used up; try again in an hour") from error
        raise HttpsError(f"HTTP {error.code} from {url}") from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise HttpsError(f"cannot reach {url.split('/')[2]}: {reason}") from error


def _json(url: str) -> dict[str, object]:
    try:
        value = json.loads(_get(url))
    except ValueError as error:
        raise HttpsError(f"not JSON from {url}") from error
    if not isinstance(value, dict):
        raise HttpsError(f"unexpected answer from {url}")
    return value


def sync(
    owner: str, repo: str, target: Path, hosts: Hosts, progress: Callable[[str], None] | None = None
) -> int:
    """Bring `target` to the repository's default branch; returns the files written."""
    base = f"{hosts.api}/repos/{quote(owner)}/{quote(repo)}"
    branch = str(_json(base).get("default_branch") or "main")
    tree = _json(f"{base}/git/trees/{quote(branch)}?recursive=1")
    wanted: dict[str, str] = {}
    items = tree.get("tree")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        path, sha = item.get("path"), item.get("sha")
        if item.get("type") == "blob" and isinstance(path, str) and path.endswith(".md"):
            parts = PurePosixPath(path).parts
            if isinstance(sha, str) and not path.startswith("/") and ".." not in parts:
                wanted[path] = sha
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    for number, (path, sha) in enumerate(sorted(wanted.items()), 1):
        local = target / path
        if local.is_file() and blob_sha(local.read_bytes()) == sha:
            continue
        data = _get(f"{hosts.raw}/{quote(owner)}/{quote(repo)}/{quote(branch)}/{quote(path)}")
        if blob_sha(data) != sha:
            raise HttpsError(f"{path}: the download does not match the tree (changed meanwhile?)")
        local.parent.mkdir(parents=True, exist_ok=True)
        partial = local.with_name(f".{local.name}.partial")
        partial.write_bytes(data)
        os.replace(partial, local)
        written += 1
        if progress is not None:
            progress(f"{number}/{len(wanted)} files checked, {written} downloaded")
    for old in target.rglob("*.md"):  # digests the repository no longer has
        if old.relative_to(target).as_posix() not in wanted:
            old.unlink()
            written += 1
    return written
