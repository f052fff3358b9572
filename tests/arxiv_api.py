"""A local stand-in for the arXiv API's `query` endpoint, on 127.0.0.1, for the tests.

It answers as the API's user manual documents (info.arxiv.org/help/api/user-manual): an Atom feed
in the Atom namespace with `arxiv:` and `opensearch:` extension elements; entries for the ids of
`id_list` it knows (newest version, ids without version), in an order of its own (reversed here,
so clients must match by id); ids it does not know are left out; `max_results` cuts the list (its
default is 10); a malformed id gets HTTP 400 with a single error entry. GET and POST (form) both
work. Every request is recorded (arrival time, method, ids, max_results, headers), and `script`
plays scripted answers first: 429/503 with Retry-After, a slow answer, cut-off XML, and so on.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape, quoteattr

# YYMM.NNNNN with a real month (the manual's malformed example 1234.12345 has month 34).
ID_SHAPE = re.compile(
    r"^(?:[0-9]{2}(?:0[1-9]|1[0-2])\.[0-9]{4,5}|[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7})(?:v[0-9]+)?$"
)


@dataclass
class Paper:
    """One paper the fake arXiv knows; texts are written into the feed as given (escaped)."""

    arxiv_id: str
    title: str = "A title"
    summary: str = "An abstract."
    authors: tuple[str, ...] = ("Ada Lovelace",)
    version: int = 1
    comment: str = ""
    journal_ref: str = ""
    doi: str = ""
    primary: str = "cs.CV"
    categories: tuple[str, ...] = ("cs.CV",)
    published: str = "2024-03-06T18:59:59Z"
    updated: str = "2024-03-07T10:00:00Z"


@dataclass
class Seen:
    at: float  # time.time() when the request arrived
    method: str
    ids: list[str]
    max_results: int | None
    headers: dict[str, str]
    done_at: float = 0.0  # when the answer was sent


@dataclass
class Answer:
    """A scripted answer: status, headers, body (bytes) or None for the normal feed; delay."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    delay: float = 0.0
    cut: int | None = None  # send only the first `cut` bytes of the normal feed


class FakeArxiv:
    def __init__(self) -> None:
        self.papers: dict[str, Paper] = {}
        self.seen: list[Seen] = []
        self.script: list[Answer] = []
        self.prefixed = False  # write the Atom elements with an `atom:` prefix
        self.lock = threading.Lock()
        self.url = ""

    def add(self, *papers: Paper) -> None:
        for paper in papers:
            self.papers[paper.arxiv_id] = paper

    # -- the feed ---------------------------------------------------------------------------

    def feed(self, ids: list[str], max_results: int) -> bytes:
        found = [self.papers[i.split("v")[0]] for i in ids if i.split("v")[0] in self.papers]
        found = list(reversed(found))[:max_results]
        a = "atom:" if self.prefixed else ""
        xmlns = (
            'xmlns:atom="http://www.w3.org/2005/Atom"'
            if a
            else 'xmlns="http://www.w3.org/2005/Atom"'
        )
        head = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<{a}feed {xmlns}>\n'
            f'  <{a}link href="http://arxiv.org/api/query?id_list={escape(",".join(ids))}" '
            f'rel="self" type="application/atom+xml"/>\n'
            f'  <{a}title type="html">ArXiv Query: id_list={escape(",".join(ids))}</{a}title>\n'
            f"  <{a}id>http://arxiv.org/api/fake</{a}id>\n"
            f"  <{a}updated>2024-03-07T00:00:00-05:00</{a}updated>\n"
            '  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
            f"{len(found)}</opensearch:totalResults>\n"
        )
        return (head + "".join(self.entry(p, a) for p in found) + f"</{a}feed>\n").encode()

    @staticmethod
    def entry(p: Paper, a: str = "") -> str:
        ns = 'xmlns:arxiv="http://arxiv.org/schemas/atom"'
        vid = f"{p.arxiv_id}v{p.version}"
        parts = [
            f"  <{a}entry>\n    <{a}id>http://arxiv.org/abs/{vid}</{a}id>\n",
            f"    <{a}updated>{p.updated}</{a}updated>\n",
            f"    <{a}published>{p.published}</{a}published>\n",
            f"    <{a}title>{escape(p.title)}</{a}title>\n",
            f"    <{a}summary>{escape(p.summary)}</{a}summary>\n",
            *(
                f"    <{a}author>\n      <{a}name>{escape(n)}</{a}name>\n    </{a}author>\n"
                for n in p.authors
            ),
        ]
        if p.doi:
            parts.append(f"    <arxiv:doi {ns}>{escape(p.doi)}</arxiv:doi>\n")
            href = f"http://dx.doi.org/{escape(p.doi)}"
            parts.append(f'    <{a}link title="doi" href="{href}" rel="related"/>\n')
        if p.comment:
            parts.append(f"    <arxiv:comment {ns}>{escape(p.comment)}</arxiv:comment>\n")
        if p.journal_ref:
            parts.append(
                f"    <arxiv:journal_ref {ns}>{escape(p.journal_ref)}</arxiv:journal_ref>\n"
            )
        parts.append(
            f'    <{a}link href="http://arxiv.org/abs/{vid}" rel="alternate" type="text/html"/>\n'
        )
        parts.append(
            f"    <arxiv:primary_category {ns} term={quoteattr(p.primary)} "
            'scheme="http://arxiv.org/schemas/atom"/>\n'
        )
        parts += [
            f'    <{a}category term={quoteattr(c)} scheme="http://arxiv.org/schemas/atom"/>\n'
            for c in p.categories
        ]
        parts.append(f"  </{a}entry>\n")
        return "".join(parts)

    @staticmethod
    def error_feed(bad: str) -> bytes:
        """The manual's example of the answer to a malformed id (HTTP 400)."""
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom" '
            'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">\n'
            f"  <title>ArXiv Query: search_query=&amp;id_list={escape(bad)}</title>\n"
            "  <opensearch:totalResults>1</opensearch:totalResults>\n"
            "  <entry>\n"
            f"    <id>http://arxiv.org/api/errors#incorrect_id_format_for_{escape(bad)}</id>\n"
            "    <title>Error</title>\n"
            f"    <summary>incorrect id format for {escape(bad)}</summary>\n"
            "    <updated>2007-10-12T00:00:00-04:00</updated>\n"
            f'    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_{escape(bad)}"'
            ' rel="alternate" type="text/html"/>\n'
            "    <author><name>arXiv api core</name></author>\n"
            "  </entry>\n</feed>\n"
        ).encode()

    # -- serving ----------------------------------------------------------------------------

    def answer(self, method: str, query: str, headers: dict[str, str]) -> tuple[Answer, bytes]:
        params = urllib.parse.parse_qs(query)
        ids = [i for i in params.get("id_list", [""])[0].split(",") if i]
        raw_max = params.get("max_results", ["10"])[0]
        max_results = int(raw_max) if raw_max.isdigit() else 10
        with self.lock:
            seen = Seen(
                time.time(), method, ids, int(raw_max) if raw_max.isdigit() else None, headers
            )
            self.seen.append(seen)
            scripted = self.script.pop(0) if self.script else None
        if scripted is not None and (scripted.body is not None or scripted.status != 200):
            return scripted, scripted.body or b""
        answer = scripted or Answer()
        bad = next((i for i in ids if not ID_SHAPE.match(i)), None)
        if bad is not None:
            return Answer(400, {}, None, answer.delay), self.error_feed(bad)
        body = self.feed(ids, max_results)
        if answer.cut is not None:
            body = body[: answer.cut]
        return answer, body


def _handler(fake: FakeArxiv) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            self._serve("GET", urllib.parse.urlsplit(self.path).query)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self._serve("POST", self.rfile.read(length).decode("ascii", "replace"))

        def _serve(self, method: str, query: str) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            answer, body = fake.answer(method, query, headers)
            if answer.delay:
                time.sleep(answer.delay)
            try:
                self.send_response(answer.status)
                ctype = "application/atom+xml; charset=UTF-8"
                self.send_header("Content-Type", ctype)
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up (a timeout test)
            with fake.lock:
                fake.seen[-1].done_at = time.time()

    return Handler


@contextmanager
def serve(fake: FakeArxiv | None = None, port: int = 0) -> Iterator[FakeArxiv]:
    """Run a FakeArxiv on 127.0.0.1 (`port`, default a free one) for the duration of the block."""
    fake = fake or FakeArxiv()
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(fake))
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/api/query"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
