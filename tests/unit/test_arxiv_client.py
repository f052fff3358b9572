"""The arXiv client against a local server that answers as the API's manual says."""

from __future__ import annotations

import itertools
import re
import socket
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path

import pytest

from arxiv_api import Answer, FakeArxiv, Paper, serve
from tui.arxiv.client import BadAnswer, Client, RateLimited, Unreachable, retry_after
from tui.arxiv.pacer import Cancelled

INTERVAL = 0.2  # the program's default is 3.0 s; tests shorten it


@pytest.fixture
def fake() -> Iterator[FakeArxiv]:
    with serve() as server:
        server.add(*(Paper(f"2403.{n:05d}", title=f"Paper {n}") for n in range(1, 251)))
        yield server


def client(fake: FakeArxiv, folder: Path, **options: object) -> Client:
    options.setdefault("interval", INTERVAL)
    return Client(fake.url, folder=folder, **options)  # type: ignore[arg-type]


def ids(*numbers: int) -> list[str]:
    return [f"2403.{n:05d}" for n in numbers]


def test_a_short_list_goes_by_get_with_max_results_and_our_user_agent(
    fake: FakeArxiv, tmp_path: Path
) -> None:
    result = client(fake, tmp_path).fetch([*ids(3, 1, 2), "2403.99999"])
    assert [s.method for s in fake.seen] == ["GET"]
    assert fake.seen[0].ids == [*ids(3, 1, 2), "2403.99999"]
    assert fake.seen[0].max_results == 4
    agent = fake.seen[0].headers["user-agent"]
    assert re.fullmatch(
        r"arxiv-digest-tui/\S+ \(\+https://pypi\.org/project/arxiv-digest-tui/\)", agent
    )
    assert {k: r.title for k, r in result.records.items()} == {
        "2403.00001": "Paper 1",
        "2403.00002": "Paper 2",
        "2403.00003": "Paper 3",
    }
    assert result.unknown == ["2403.99999"]
    assert result.bad == []


def test_a_hundred_ids_go_by_post_in_one_request_and_all_come_back(
    fake: FakeArxiv, tmp_path: Path
) -> None:
    result = client(fake, tmp_path).fetch(ids(*range(1, 101)))
    assert [(s.method, len(s.ids), s.max_results) for s in fake.seen] == [("POST", 100, 100)]
    assert len(result.records) == 100  # the server cuts at max_results (default 10)
    with pytest.raises(ValueError):
        client(fake, tmp_path).fetch(ids(*range(1, 102)))


def test_requests_are_spaced_by_the_interval(fake: FakeArxiv, tmp_path: Path) -> None:
    api = client(fake, tmp_path, interval=0.3)
    for n in range(1, 5):
        api.fetch(ids(n))
    gaps = [b.at - a.done_at for a, b in itertools.pairwise(fake.seen)]
    assert len(gaps) == 3
    assert min(gaps) >= 0.3 - 0.01, gaps


def test_a_malformed_id_is_reported_and_the_rest_fetched(fake: FakeArxiv, tmp_path: Path) -> None:
    # 2413.00001 has the shape of an id but month 13: the server answers 400 with an error entry.
    result = client(fake, tmp_path).fetch([*ids(1), "2413.00001", *ids(2)])
    assert [len(s.ids) for s in fake.seen] == [3, 2]
    assert fake.seen[1].ids == ids(1, 2)
    assert result.bad == ["2413.00001"]
    assert sorted(result.records) == ids(1, 2)


def test_ids_of_no_arxiv_shape_are_never_sent(fake: FakeArxiv, tmp_path: Path) -> None:
    result = client(fake, tmp_path).fetch(["not-an-id", *ids(1)])
    assert fake.seen[0].ids == ids(1)
    assert result.bad == ["not-an-id"]


def test_429_is_retried_after_retry_after_seconds(fake: FakeArxiv, tmp_path: Path) -> None:
    fake.script = [Answer(429, {"Retry-After": "1"})]
    result = client(fake, tmp_path).fetch(ids(1))
    assert sorted(result.records) == ids(1)
    assert len(fake.seen) == 2
    assert fake.seen[1].at - fake.seen[0].done_at >= 1.0 - 0.01


def test_retry_after_as_an_http_date_is_honoured(fake: FakeArxiv, tmp_path: Path) -> None:
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after("120") == 120.0
    assert retry_after("soon") is None
    fake.script = [Answer(503, {"Retry-After": formatdate(time.time() + 2, usegmt=True)})]
    client(fake, tmp_path).fetch(ids(1))
    assert len(fake.seen) == 2
    assert fake.seen[1].at - fake.seen[0].done_at >= 0.9  # a date has whole seconds


def test_503_without_retry_after_backs_off(fake: FakeArxiv, tmp_path: Path) -> None:
    fake.script = [Answer(503), Answer(503)]
    client(fake, tmp_path).fetch(ids(1))
    gaps = [b.at - a.done_at for a, b in itertools.pairwise(fake.seen)]
    assert len(gaps) == 2
    assert gaps[0] >= 2 * INTERVAL - 0.01 and gaps[1] >= 4 * INTERVAL - 0.01, gaps


def test_rate_limits_are_retried_a_bounded_number_of_times(fake: FakeArxiv, tmp_path: Path) -> None:
    fake.script = [Answer(429, {"Retry-After": "0"})] * 10
    with pytest.raises(RateLimited):
        client(fake, tmp_path, max_retries=2).fetch(ids(1))
    assert len(fake.seen) == 3  # one try and two retries: no storm


def test_a_long_pause_is_not_waited_for_but_kept_by_every_instance(
    fake: FakeArxiv, tmp_path: Path
) -> None:
    fake.script = [Answer(429, {"Retry-After": "3600"})]
    started = time.monotonic()
    with pytest.raises(RateLimited) as caught:
        client(fake, tmp_path).fetch(ids(1))
    assert time.monotonic() - started < 2
    assert caught.value.retry_after is not None and caught.value.retry_after > 3500
    with pytest.raises(RateLimited):  # another instance sharing the cache folder
        client(fake, tmp_path).fetch(ids(1))
    assert len(fake.seen) == 1


def test_rate_exceeded_text_counts_as_a_rate_limit(fake: FakeArxiv, tmp_path: Path) -> None:
    fake.script = [Answer(200, {}, b"Rate exceeded.")]
    result = client(fake, tmp_path).fetch(ids(1))
    assert sorted(result.records) == ids(1) and len(fake.seen) == 2


def test_a_slow_answer_times_out(fake: FakeArxiv, tmp_path: Path) -> None:
    fake.script = [Answer(delay=3.0)]
    started = time.monotonic()
    with pytest.raises(Unreachable):
        client(fake, tmp_path, timeout=0.5).fetch(ids(1))
    assert time.monotonic() - started < 2.0


def test_cut_off_xml_is_a_bad_answer(fake: FakeArxiv, tmp_path: Path) -> None:
    fake.script = [Answer(cut=400)]
    with pytest.raises(BadAnswer):
        client(fake, tmp_path).fetch(ids(1, 2))


def test_a_huge_answer_is_refused_and_a_large_real_one_read(
    fake: FakeArxiv, tmp_path: Path
) -> None:
    fake.script = [Answer(200, {}, b"<feed>" + b" " * (40 * 2**20))]
    with pytest.raises(BadAnswer, match="larger than"):
        client(fake, tmp_path).fetch(ids(1))
    long = "word " * 4000  # 20 kB abstracts, 100 of them: a 2 MB feed
    fake.add(*(Paper(f"2404.{n:05d}", summary=long + str(n)) for n in range(1, 101)))
    result = client(fake, tmp_path).fetch([f"2404.{n:05d}" for n in range(1, 101)])
    assert len(result.records) == 100
    assert result.records["2404.00042"].abstract == ("word " * 4000).strip() + " 42"


def test_a_closed_port_is_unreachable(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(Unreachable):
        Client(f"http://127.0.0.1:{port}/api/query", folder=tmp_path, interval=0.01).fetch(ids(1))


def test_stop_ends_the_wait_for_the_interval(fake: FakeArxiv, tmp_path: Path) -> None:
    stop = threading.Event()
    api = client(fake, tmp_path, interval=30.0, stop=stop)
    api.fetch(ids(1))
    threading.Timer(0.2, stop.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        api.fetch(ids(2))
    assert time.monotonic() - started < 1.0
    assert len(fake.seen) == 1


def test_only_http_urls_are_accepted(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        Client("file:///etc/passwd", folder=tmp_path)
