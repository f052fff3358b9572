"""The background fetcher: priority, batches, progress, one notice per failure streak, stop."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from arxiv_api import Answer, FakeArxiv, Paper, serve
from tui.arxiv.client import Client
from tui.arxiv.fetcher import Fetcher, Progress
from tui.arxiv.store import Store


def aid(n: int) -> str:
    return f"2403.{n:05d}"


@pytest.fixture
def fake() -> Iterator[FakeArxiv]:
    with serve() as server:
        server.add(*(Paper(aid(n), summary=f"Abstract {n}.") for n in range(1, 301)))
        yield server


class Recorder:
    def __init__(self) -> None:
        self.reports: list[Progress] = []
        self.failures: list[str] = []
        self.lock = threading.Lock()

    def batch(self, progress: Progress) -> None:
        with self.lock:
            self.reports.append(progress)

    def failure(self, reason: str) -> None:
        self.failures.append(reason)


def make(fake: FakeArxiv, rec: Recorder, **options: object) -> Fetcher:
    client = Client(fake.url, interval=0.05, max_retries=0, timeout=2.0)
    return Fetcher(client, Store(), on_batch=rec.batch, on_failure=rec.failure, **options)  # type: ignore[arg-type]


def test_batches_of_a_hundred_the_selected_paper_first_with_progress(fake: FakeArxiv) -> None:
    rec = Recorder()
    fetcher = make(fake, rec)
    fetcher.want([aid(n) for n in range(1, 251)], first=[aid(180)])
    assert fetcher.wait_idle(20)
    fetcher.stop()
    assert [len(s.ids) for s in fake.seen] == [100, 100, 50]
    assert fake.seen[0].ids[0] == aid(180)
    assert sorted(i for s in fake.seen for i in s.ids) == sorted(aid(n) for n in range(1, 251))
    assert [(r.done, r.total) for r in rec.reports] == [(100, 250), (200, 250), (250, 250)]
    assert rec.reports[0].records[aid(180)].abstract == "Abstract 180."
    assert rec.failures == []


def test_nothing_already_stored_is_asked_again_and_it_is_handed_over(fake: FakeArxiv) -> None:
    first = Recorder()
    fetcher = make(fake, first)
    fetcher.want([aid(1), aid(2), "2403.99999"])
    assert fetcher.wait_idle(10)
    fetcher.stop()
    assert first.reports[-1].absent == {"2403.99999": "unknown"}
    again = Recorder()
    fetcher = make(fake, again)
    fetcher.want([aid(2), aid(1), "2403.99999", aid(3)])
    assert fetcher.wait_idle(10)
    fetcher.stop()
    assert [s.ids for s in fake.seen] == [[aid(1), aid(2), "2403.99999"], [aid(3)]]
    assert sorted(again.reports[0].records) == [aid(1), aid(2)]  # from the store, no request
    assert again.reports[0].absent == {"2403.99999": "unknown"}
    assert (again.reports[-1].done, again.reports[-1].total) == (1, 1)


def test_a_failure_streak_gives_one_notice_and_fetching_resumes_by_itself(
    fake: FakeArxiv,
) -> None:
    fake.script = [Answer(503), Answer(cut=200), Answer(429), Answer(delay=3.0)]
    rec = Recorder()
    fetcher = make(fake, rec, retry_delay=0.1)
    fetcher.want([aid(1), aid(2)])
    deadline = time.monotonic() + 20
    while not rec.reports and time.monotonic() < deadline:
        time.sleep(0.05)
    fetcher.stop()
    assert len(rec.failures) == 1, rec.failures
    assert len(fake.seen) == 5
    assert sorted(rec.reports[-1].records) == [aid(1), aid(2)]
    assert fetcher.failure is None


def test_retry_now_tries_at_once_and_may_notify_again(fake: FakeArxiv) -> None:
    fake.script = [Answer(503), Answer(503)]
    rec = Recorder()
    fetcher = make(fake, rec, retry_delay=60.0)
    fetcher.want([aid(1)])
    deadline = time.monotonic() + 10
    while not rec.failures and time.monotonic() < deadline:
        time.sleep(0.02)
    assert fetcher.failure is not None and "503" in fetcher.failure
    fetcher.retry_now()
    while len(rec.failures) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(rec.failures) == 2
    fetcher.retry_now()
    assert fetcher.wait_idle(10)
    fetcher.stop()
    assert len(fake.seen) == 3 and aid(1) in rec.reports[-1].records


def test_stop_ends_a_waiting_worker_at_once(fake: FakeArxiv) -> None:
    fake.script = [Answer(503)]
    rec = Recorder()
    fetcher = make(fake, rec, retry_delay=600.0)
    fetcher.want([aid(1)])
    deadline = time.monotonic() + 10
    while not rec.failures and time.monotonic() < deadline:
        time.sleep(0.02)
    started = time.monotonic()
    fetcher.stop()
    assert time.monotonic() - started < 1.0
    assert fetcher._thread is not None and not fetcher._thread.is_alive()


def test_without_a_retry_delay_it_gives_up_after_the_first_failure(fake: FakeArxiv) -> None:
    fake.script = [Answer(503)]
    rec = Recorder()
    fetcher = make(fake, rec, retry_delay=None)
    fetcher.want([aid(n) for n in range(1, 201)])
    assert fetcher.wait_idle(10)
    assert fetcher.gave_up and len(fake.seen) == 1 and len(rec.failures) == 1


def test_a_callback_that_raises_does_not_stop_fetching(fake: FakeArxiv) -> None:
    seen: list[int] = []

    def bad(progress: Progress) -> None:
        seen.append(progress.done)
        raise RuntimeError("the caller's bug")

    client = Client(fake.url, interval=0.05)
    fetcher = Fetcher(client, Store(), on_batch=bad)
    fetcher.want([aid(n) for n in range(1, 151)])
    assert fetcher.wait_idle(10)
    fetcher.stop()
    assert seen == [100, 150]
