"""Which links the app may open or copy, and cleaning of code links that generators mangled.

Every URL comes from an untrusted digest. Before a browser is asked to open one, check_url() must
return None: only plain http(s) links to a host, with nothing hidden in them, pass.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2048  # what browsers and servers reliably accept
_FORBIDDEN = set('\\"<>`')  # never in a well-formed URL; some openers pass URLs through scripts
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<", "）": "（", "】": "【", "」": "「", "』": "『"}
_SENTENCE_END = set(".,;:!?'\"*。，；：！？、")


def check_url(url: str) -> str | None:
    """None if url is a safe http(s) link, else a short reason to show instead of opening it."""
    if not url:
        return "empty link"
    if len(url) > MAX_URL_LENGTH:
        return f"link is too long ({len(url)} characters)"
    if any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in url):
        return "link contains spaces, control or invisible characters"
    if any(ch in _FORBIDDEN for ch in url):
        return 'link contains characters a web address cannot have (\\ " < > `)'
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a bad port
    except ValueError:
        return "link is malformed"
    scheme = parts.scheme.lower()
    if not scheme:
        return "not a web link (no http:// or https://)"
    if scheme not in ("http", "https"):
        return f"only http and https links are opened, not {scheme[:20]}:"
    if "@" in parts.netloc:
        return "link hides a user name or password before the host (user@host)"
    if not parts.hostname:
        return "link has no host"
    if port == 0:
        return "link has a bad port"
    return None


def clean_code_url(url: str) -> str:
    """Strip what a generator copied from the surrounding sentence: "https://x.org/a." -> ".../a".

    Removes trailing sentence punctuation and closing brackets that have no opening partner in the
    URL, repeatedly; balanced brackets ("..._(software)") and trailing slashes stay. Linear: the
    bracket counts are kept as characters are dropped, and the URL is sliced once.
    """
    url = url.strip()
    end = len(url)
    counts: dict[str, int] = {}
    while end:
        last = url[end - 1]
        if last in _CLOSERS:
            if last not in counts:
                counts[last] = url.count(last, 0, end)
                counts[_CLOSERS[last]] = url.count(_CLOSERS[last], 0, end)
            if counts[last] <= counts[_CLOSERS[last]]:
                break
            counts[last] -= 1
        elif last not in _SENTENCE_END:
            break
        end -= 1
    return url[:end]
