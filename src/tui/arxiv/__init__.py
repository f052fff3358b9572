"""Abstracts and full metadata from the arXiv API, for the papers a digest lacks them for.

Pure (no Textual): `atom` parses the API's Atom feed, `pacer` keeps every instance of the program
on the machine to one request every few seconds, `client` speaks HTTP, `store` keeps what came in
the cache folder, `fetcher` works through wanted ids in a thread, `command` is `arxiv-digest fetch`.
"""

from __future__ import annotations

DEFAULT_API = "https://export.arxiv.org/api/query"
DEFAULT_INTERVAL = 3.0  # seconds between requests: the API's terms of use
MAX_BATCH = 100  # ids per request
