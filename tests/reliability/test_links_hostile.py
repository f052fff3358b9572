"""Links: only plain http(s) URLs pass tui.links.check_url, for any string at all.

tests/unit/test_links.py has one example per rule; this adds the issue's hostile variants
(javascript:, file:, credentials, control characters, each disguised) and a property over
arbitrary and URL-shaped strings.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import TOKENS

from tui.links import check_url, clean_code_url
from tui.text import sanitize


@pytest.mark.parametrize(
    "url",
    [
        " javascript:alert(1)",
        "\tjavascript:alert(1)",
        "jav\x00ascript:alert(1)",
        "java\nscript:alert(1)",
        "javascript://example.com/%0aalert(1)",
        "JAVASCRIPT:alert(document.cookie)",
        "javascript:https://arxiv.org/abs/2401.00001",
        "FILE:///etc/passwd",
        "file://localhost/etc/passwd",
        "file:C:/Windows/win.ini",
        "https://user@evil.example/",
        "https://:secret@evil.example/",
        "HTTPS://USER:PW@EVIL.EXAMPLE/",
        "https://arxiv.org%2F@evil.example/",
        "https://evil.example\x00.arxiv.org/",
        "https://arxiv.org/\x7f",
        "https://arxiv.org/\x9b31m",
        "https://arxiv.org/\u2028",
        "https://ar\u00adxiv.org/",
        "https://arxiv.org/\u2066x\u2069",
        "https://arxiv.org/\x1b]52;c;aGVsbG8=\x07",
        "https://arxiv.org/\x1b[2J",
    ],
)
def test_disguised_unsafe_links_are_refused(url: str) -> None:
    reason = check_url(url)
    assert reason is not None
    assert sanitize(reason) == reason  # the message never carries the URL's control characters


URL_SCHEMES = ["http", "https", "HTTPS", "javascript", "file", "data", "ftp", "java\tscript", ""]
url_like = st.builds(
    lambda scheme, userinfo, host, rest: f"{scheme}://{userinfo}{host}{rest}",
    st.sampled_from(URL_SCHEMES),
    st.sampled_from(["", "user@", "u:p@", ":p@", "a@b@"]),
    st.sampled_from(["arxiv.org", "github.com", "[::1]", "例子.测试", "", "x.org:8080"]),
    st.lists(st.sampled_from(TOKENS) | st.text(max_size=5), max_size=6).map("".join),
)


def _hidden(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")


@settings(max_examples=500, deadline=None)
@given(st.text() | url_like)
def test_only_plain_http_links_pass(url: str) -> None:
    reason = check_url(url)
    if reason is not None:
        assert reason and sanitize(reason) == reason and len(reason) < 120
        return
    parts = urlsplit(url)
    assert parts.scheme.lower() in ("http", "https")
    assert parts.hostname
    assert "@" not in parts.netloc
    assert not any(_hidden(ch) for ch in url)


@settings(max_examples=300, deadline=None)
@given(st.text() | url_like)
def test_cleaning_a_code_link_never_makes_an_unsafe_one_pass(url: str) -> None:
    cleaned = clean_code_url(url)
    assert url.strip().startswith(cleaned)
    if check_url(cleaned) is None:
        assert urlsplit(cleaned).scheme.lower() in ("http", "https")
        assert "@" not in urlsplit(cleaned).netloc
