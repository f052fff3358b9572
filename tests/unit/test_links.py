"""links: only safe http(s) URLs pass; code links lose the punctuation a generator glued on."""

from __future__ import annotations

import pytest

from tui.links import MAX_URL_LENGTH, check_url, clean_code_url

SAFE = [
    "https://arxiv.org/pdf/2401.03312v1",
    "http://arxiv.org/abs/2401.03312",
    "https://github.com/ErinWang2023/S3-Mamba",
    "https://github.com/user/repo/",
    "HTTPS://EXAMPLE.COM/Path?q=1&r=%20#frag",
    "https://example.com:8443/x",
    "https://[2001:db8::1]/x",
    "https://例子.测试/路径",
    "https://en.wikipedia.org/wiki/Mamba_(software)",
]


@pytest.mark.parametrize("url", SAFE)
def test_safe_urls_pass(url: str) -> None:
    assert check_url(url) is None


@pytest.mark.parametrize(
    ("url", "reason_part"),
    [
        ("", "empty"),
        ("javascript:alert(1)", "javascript:"),
        ("JavaScript:alert(1)", "javascript:"),
        ("file:///etc/passwd", "file:"),
        ("data:text/html;base64,PHNjcmlwdD4=", "data:"),
        ("ftp://example.com/x", "ftp:"),
        ("mailto:a@b.org", "mailto:"),
        ("vbscript:msgbox", "vbscript:"),
        ("github.com/user/repo", "no http"),
        ("//example.com/x", "no http"),
        ("https://user:pass@evil.example/x", "user@host"),
        ("https://arxiv.org@evil.example/", "user@host"),
        ("https:///path-only", "no host"),
        ("https:example.com", "no host"),
        ("https://example.com/a b", "spaces"),
        ("https://example.com/\x1b]52;c;aGk=\x07", "control"),
        ("https://example.com/\u202eevil", "invisible"),
        ("https://exa\u200bmple.com/", "invisible"),
        ("https://example.com/\n", "spaces"),
        ("https://example.com\\@evil.example/", "cannot have"),
        ('https://example.com/"onmouseover', "cannot have"),
        ("https://example.com:99999/", "malformed"),
        ("https://example.com:0/", "bad port"),
        ("https://[::1/", "malformed"),
        ("https://example.com/" + "a" * MAX_URL_LENGTH, "too long"),
    ],
)
def test_unsafe_urls_are_refused_with_a_reason(url: str, reason_part: str) -> None:
    reason = check_url(url)
    assert reason is not None
    assert reason_part in reason


def test_reason_does_not_echo_a_long_scheme() -> None:
    reason = check_url("x" * 200 + ":payload")
    assert reason is not None
    assert len(reason) < 80


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("https://github.com/ErinWang2023/S3-Mamba.", "https://github.com/ErinWang2023/S3-Mamba"),
        ("https://github.com/a/b,", "https://github.com/a/b"),
        ("https://github.com/a/b;", "https://github.com/a/b"),
        ("https://github.com/a/b).", "https://github.com/a/b"),
        ("https://github.com/a/b]", "https://github.com/a/b"),
        ("https://github.com/a/b>", "https://github.com/a/b"),
        ("https://github.com/a/b。", "https://github.com/a/b"),
        ("https://github.com/a/b）", "https://github.com/a/b"),
        ("  https://github.com/a/b  ", "https://github.com/a/b"),
        ("https://github.com/a/b/", "https://github.com/a/b/"),
        ("https://github.com/a/b/.", "https://github.com/a/b/"),
        ("https://en.wikipedia.org/wiki/X_(y)", "https://en.wikipedia.org/wiki/X_(y)"),
        ("https://en.wikipedia.org/wiki/X_(y)).", "https://en.wikipedia.org/wiki/X_(y)"),
        ("https://github.com/a/b.git", "https://github.com/a/b.git"),
        ("https://x.org/?q=a", "https://x.org/?q=a"),
        ("", ""),
        ("...", ""),
    ],
)
def test_clean_code_url(raw: str, clean: str) -> None:
    assert clean_code_url(raw) == clean


def test_cleaned_generator_url_is_safe() -> None:
    assert check_url(clean_code_url("https://github.com/ErinWang2023/S3-Mamba.")) is None


def test_clean_code_url_keeps_a_trailing_underscore() -> None:
    assert clean_code_url("https://github.com/a/repo_") == "https://github.com/a/repo_"
