"""Five instances opening one cold library at once (issue 16, item 17).

Each is a real process: it opens the library through the loader the reader uses (iter_library,
parser processes, the shared cache file, the search index built in committed chunks), then asks
the search layer for every paper. The right answer is known without the cache or the index: the
parser over the files, counting distinct arXiv ids. Every instance must end with that count; an
answer given while the index is incomplete must say it is partial.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from library_cases import CORPUS, needs_corpus

INSTANCES = 5
RUN_S = 240.0  # a guard: five cold opens on two shared CPUs take 10-30 s

INSTANCE = """
import json, sys, time
from tui import search
from tui.cache import Cache
from tui.library import iter_library, Finished, SearchIndexed

folder, go = sys.argv[1], float(sys.argv[2])
while time.time() < go:  # every instance starts the same instant
    time.sleep(0.005)
cache = Cache()
answers = []
def ask(when):
    result = search.run(cache.connection, "")
    answers.append({"when": when, "total": result.total, "partial": result.partial,
                    "hint": result.hint, "failed": result.failed})
for event in iter_library([folder], cache=cache):
    if isinstance(event, Finished):
        ask("finished")
    elif isinstance(event, SearchIndexed):
        ask("indexed")
# Later, when every instance is done (the parent creates this file): the index is complete.
import os
marks = sys.argv[3]
open(os.path.join(marks, f"indexed-{os.getpid()}"), "w").close()
deadline = time.time() + 200
while not os.path.exists(os.path.join(marks, "all-done")) and time.time() < deadline:
    time.sleep(0.05)
ask("later")
print(json.dumps({"notices": cache.notices, "persistent": cache.persistent, "answers": answers}))
"""


def distinct_papers(folder: Path) -> int:
    """The independent count: distinct arXiv ids (titles for entries without one) over the
    files, read by the parser alone (no cache, no index)."""
    from tui.parser import load

    keys: set[str] = set()
    for path in sorted(folder.rglob("*.md")):
        for paper in load(path).papers:
            keys.add(paper.arxiv_id or "title:" + " ".join(paper.title.casefold().split()))
    return len(keys)


def test_five_cold_instances_end_with_the_whole_index(tmp_path: Path) -> None:
    needs_corpus()
    folder = CORPUS / "data"  # 338 days, 2024
    expected = distinct_papers(folder)
    marks = tmp_path / "marks"
    marks.mkdir()
    done_flag = marks / "all-done"
    go = time.time() + 2.0
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", INSTANCE, str(folder), str(go), str(marks)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(os.environ),  # one XDG_CACHE_HOME: the cache file is shared
        )
        for _ in range(INSTANCES)
    ]
    # Each instance reports "later" only after this flag: wait until all have indexed.
    deadline = time.monotonic() + RUN_S
    reports = []
    try:
        while time.monotonic() < deadline and not done_flag.exists():
            ended = sum(p.poll() is not None for p in processes)
            if len(list(marks.glob("indexed-*"))) + ended >= INSTANCES:
                done_flag.touch()
            time.sleep(0.2)
        for process in processes:
            out, err = process.communicate(timeout=max(1.0, deadline - time.monotonic()))
            assert process.returncode == 0, err.decode(errors="replace")[-2000:]
            reports.append(json.loads(out.decode().strip().splitlines()[-1]))
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
    for report in reports:
        assert report["persistent"], report["notices"]  # no fallback to a cache in memory
        for answer in report["answers"]:
            if answer["total"] != expected:  # an incomplete (or not yet created) index says so
                assert answer["partial"], (answer, expected)
            if answer["partial"] and not answer["failed"]:  # in the hint the reader shows
                assert "partial results" in answer["hint"], answer
        later = report["answers"][-1]
        assert later["total"] == expected and not later["partial"], (later, expected)
        indexed = next(a for a in report["answers"] if a["when"] == "indexed")
        assert indexed["total"] == expected and not indexed["partial"], (indexed, expected)


if sys.platform != "linux":  # pragma: no cover
    pytest.skip("real processes sharing a SQLite file: Linux only here", allow_module_level=True)
