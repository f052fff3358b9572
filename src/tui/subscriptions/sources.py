"""What a user may subscribe to: a GitHub `owner/name`, an https URL, any git URL, or a path."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

_GITHUB_SHORT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9-]{0,38})/([A-Za-z0-9._-]{1,100})$")
_SCP_LIKE = re.compile(r"^[\w.-]+@[\w.-]+:")  # git@github.com:owner/name.git
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
GIT_SCHEMES = ("https", "http", "git", "ssh", "file")


class SourceError(ValueError):
    """The source or the name cannot be used (the message says why)."""


@dataclass(frozen=True, slots=True)
class Source:
    text: str  # as the user wrote it
    url: str  # what git clones
    github: tuple[str, str] | None = None  # (owner, repo) when it is a GitHub repository


def parse_source(text: str) -> Source:
    """Read SOURCE; a local path must exist (it is cloned through file://, which keeps --depth)."""
    text = text.strip()
    if not text or any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise SourceError("the source is empty or has control characters")
    if (match := _GITHUB_SHORT.match(text)) and not Path(text).exists():
        owner, repo = match[1], match[2].removesuffix(".git")
        return Source(text, f"https://github.com/{owner}/{repo}.git", (owner, repo))
    parts = urlsplit(text)
    if parts.scheme in GIT_SCHEMES:
        github = None
        if parts.hostname == "github.com":
            pieces = parts.path.strip("/").removesuffix(".git").split("/")
            github = (pieces[0], pieces[1]) if len(pieces) == 2 and all(pieces) else None
        return Source(text, text, github)
    if _SCP_LIKE.match(text):
        return Source(text, text)
    path = Path(text).expanduser()
    if not path.exists():
        raise SourceError(f"{text}: not a GitHub owner/name, a git URL or an existing folder")
    return Source(text, path.resolve().as_uri())


def default_name(source: Source) -> str:
    """The name of the checkout: the repository's last path component, made safe."""
    if source.github:
        stem = source.github[1]
    else:
        stem = re.split(r"[/:]", source.url.rstrip("/"))[-1].removesuffix(".git")
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_") or "digests"
    return check_name(name[:64])


def check_name(name: str) -> str:
    """A NAME is one folder name: letters, digits, `.`, `_`, `-`; no path, no `..`."""
    if not _NAME.match(name) or ".." in name:
        raise SourceError(
            f"{name!r} cannot be a subscription name (letters, digits, . _ - only; "
            "it starts with a letter or digit)"
        )
    return name
