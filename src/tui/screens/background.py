"""The Textual side of the reader's background work: messages that bring the feed's events and
the jobs' results back to the UI thread, and the worker that runs a job."""

from __future__ import annotations

from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from tui.reader.events import ReaderEvent
from tui.reader.jobs import Job


class FeedWaiting(Message):
    """The library feed has events queued (posted from the loader thread)."""


class JobDone(Message):
    """A background job's event, for the session."""

    def __init__(self, event: ReaderEvent) -> None:
        super().__init__()
        self.event = event


def start(screen: Screen[None], job: Job) -> None:
    """Run `job` in a worker thread of the screen; its event comes back as JobDone."""

    def work() -> None:
        event = job.run(lambda: get_current_worker().is_cancelled)
        if event is not None:
            screen.post_message(JobDone(event))

    screen.run_worker(work, thread=True, group=job.group, exit_on_error=False)
