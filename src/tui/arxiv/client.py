"""HTTP for the arXiv API's `query` endpoint: batches of ids, paced, with bounded retries.

One request asks for at most MAX_BATCH ids with max_results set to their number (the API's default
is 10). Short lists go by GET, long ones by POST (form-encoded), as the API allows both. Every
request waits for its slot in the shared Pacer. 429 and 503 are retried at most `max_retries`
times after the pause the server asks for (Retry-After in seconds or as an HTTP date), else after
a doubling backoff; a pause longer than `max_wait` is not waited for here: RateLimited says when
to come back, and the pause is recorded so that every instance keeps it. Failures are FetchErrors
with a short reason for the user; nothing else escapes (but Cancelled, when asked to stop).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Protocol

from tui.arxiv import DEFAULT_API, DEFAULT_INTERVAL, MAX_BATCH
from tui.arxiv.atom import Feed, FeedError, parse_feed, well_formed
from tui.arxiv.pacer import Pacer, TooLong
from tui.arxiv.record import Record

GET_MAX_URL = 1000  # longer query strings go by POST
MAX_BODY = 32 * 1024 * 1024  # 100 entries are ~0.5 MB; more is not an answer to our question
MAX_BAD_ROUNDS = 5  # requests re-sent without ids the server called malformed
PROJECT_URL = "https://pypi.org/project/arxiv-digest-tui/"


class FetchError(Exception):
    """A request that gave no usable answer. `reason` is short, for a notice."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after  # seconds the server asked us to wait, if it did


class Unreachable(FetchError):
    """Offline, DNS failure, refused connection, timeout."""


class RateLimited(FetchError):
    """429 or 503 after the allowed retries, or a pause too long to wait for now."""


class BadAnswer(FetchError):
    """An answer that is not a usable feed: cut off, not XML, too large, an unexpected status."""


@dataclass
class BatchResult:
    """What one batch of ids gave: records, ids arXiv does not know, ids it calls malformed."""

    records: dict[str, Record] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    requests: int = 0


def user_agent() -> str:
    import tui

    return f"arxiv-digest-tui/{tui.__version__} (+{PROJECT_URL})"


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date; None when absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


class Client:
    """Requests to one API endpoint, paced through the cache folder's shared schedule."""

    def __init__(
        self,
        api_url: str = DEFAULT_API,
        *,
        folder: Path | None = None,
        interval: float = DEFAULT_INTERVAL,
        timeout: float = 30.0,
        max_retries: int = 2,
        max_wait: float = 60.0,
        stop: threading.Event | None = None,
    ) -> None:
        if urllib.parse.urlsplit(api_url).scheme not in ("http", "https"):
            raise ValueError(f"the arXiv API address must be an http(s) URL, not {api_url!r}")
        if folder is None:
            from tui import paths

            folder = paths.cache_dir()
        self.api_url = api_url
        self.timeout = timeout
        self.interval = interval
        self.max_retries = max_retries
        self.max_wait = max_wait
        self.stop = stop or threading.Event()
        self.pacer = Pacer(folder, interval)
        self._agent = ""  # asked for at the first request (the version costs a metadata read)

    def fetch(self, ids: Sequence[str]) -> BatchResult:
        """Ask for up to MAX_BATCH ids (without version). Raises FetchError or pacer.Cancelled."""
        if len(ids) > MAX_BATCH:
            raise ValueError(f"at most {MAX_BATCH} ids a request, not {len(ids)}")
        result = BatchResult(bad=[i for i in ids if not well_formed(i)])
        pending = list(dict.fromkeys(i for i in ids if well_formed(i)))
        throttled = bad_rounds = 0
        while pending:
            status, headers, body = self._paced(pending, throttled)
            result.requests += 1
            if status in (429, 503) or body.lstrip().startswith(b"Rate exceeded"):
                throttled += 1
                if throttled > self.max_retries:
                    raise RateLimited(
                        f"HTTP {status}: arXiv asks to slow down",
                        self._pause(headers, throttled),
                    )
                continue
            feed = self._feed(status, body)
            named = [i for i in dict.fromkeys(feed.bad_ids) if i in pending]
            if named:
                bad_rounds += 1
                if bad_rounds > MAX_BAD_ROUNDS:
                    raise BadAnswer("arXiv rejected too many ids of one batch")
                result.bad += named
                pending = [i for i in pending if i not in named]
                continue
            if status != 200 or feed.errors:
                detail = feed.errors[0] if feed.errors else f"HTTP {status}"
                raise BadAnswer(f"arXiv answered with an error: {detail}"[:200])
            result.records = {i: feed.records[i] for i in pending if i in feed.records}
            result.unknown = [i for i in pending if i not in feed.records]
            break
        return result

    # -- one request -------------------------------------------------------------------------

    def _paced(self, ids: list[str], throttled: int) -> tuple[int, Mapping[str, str], bytes]:
        try:
            with self.pacer.slot(self.stop, self.max_wait) as slot:
                status, headers, body = self._request(ids)
                if status in (429, 503) or body.lstrip().startswith(b"Rate exceeded"):
                    slot.defer(self._pause(headers, throttled + 1))
                return status, headers, body
        except TooLong as wait:
            raise RateLimited("arXiv asked for a pause", wait.wait) from None

    def _pause(self, headers: Mapping[str, str], attempt: int) -> float:
        asked = retry_after(headers.get("retry-after"))
        return asked if asked is not None else self.interval * 2**attempt

    def _request(self, ids: list[str]) -> tuple[int, Mapping[str, str], bytes]:
        params = {"id_list": ",".join(ids), "start": "0", "max_results": str(len(ids))}
        query = urllib.parse.urlencode(params, safe=",")
        self._agent = self._agent or user_agent()
        headers = {"User-Agent": self._agent, "Accept": "application/atom+xml"}
        if len(self.api_url) + len(query) + 1 <= GET_MAX_URL:
            request = urllib.request.Request(f"{self.api_url}?{query}", headers=headers)
        else:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            request = urllib.request.Request(
                self.api_url, data=query.encode("ascii"), headers=headers, method="POST"
            )
        try:
            return self._exchange(request, time.monotonic() + self.timeout)
        except TimeoutError:
            raise Unreachable(f"no answer within {self.timeout:g} s") from None
        except urllib.error.URLError as error:
            reason = error.reason
            text = getattr(reason, "strerror", None) or str(reason)
            raise Unreachable(f"cannot reach {_host(self.api_url)} ({text})") from None
        except (http.client.HTTPException, ConnectionError) as error:
            raise Unreachable(f"the connection broke ({type(error).__name__})") from None
        except OSError as error:
            raise Unreachable(f"network error ({error.strerror or error})") from None

    def _exchange(
        self, request: urllib.request.Request, deadline: float
    ) -> tuple[int, Mapping[str, str], bytes]:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status = int(response.status)
                return status, _headers(response.headers), self._read(response, deadline)
        except urllib.error.HTTPError as error:
            with error:
                body = self._read(error, deadline) if error.code == 400 else b""
                return error.code, _headers(error.headers), body

    def _read(self, response: _Readable, deadline: float) -> bytes:
        """The body, in chunks, within the timeout in total and at most MAX_BODY bytes."""
        read = response.read
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() > deadline:
                raise Unreachable(f"the answer took longer than {self.timeout:g} s")
            chunk = read(65536)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > MAX_BODY:
                raise BadAnswer(f"the answer is larger than {MAX_BODY // 2**20} MB")
            chunks.append(chunk)

    @staticmethod
    def _feed(status: int, body: bytes) -> Feed:
        if status not in (200, 400):
            raise BadAnswer(f"arXiv answered HTTP {status}")
        try:
            return parse_feed(body)
        except FeedError as error:
            if status == 400:
                raise BadAnswer("arXiv answered HTTP 400") from None
            raise BadAnswer(str(error)) from None


class _Readable(Protocol):
    def read(self, amt: int, /) -> bytes: ...


def _headers(message: Message | None) -> dict[str, str]:
    return {k.lower(): str(v) for k, v in message.items()} if message is not None else {}


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).hostname or url
