"""The library: files and folders → days newest first, through the parsed cache, merged per date.

Real files in tmp folders and real cache files (XDG_CACHE_HOME points into tmp_path, see conftest).
The corpus tests read ../shared/corpus in place and skip when it is absent.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from tui import search
from tui.cache import Cache
from tui.days import Day, merge_digests
from tui.library import (
    DayLoaded,
    Discovered,
    Finished,
    Library,
    Notice,
    Problem,
    SearchIndexed,
    bundled_sample,
    discover,
    iter_library,
    open_library,
)
from tui.model import Category, Digest, Paper
from tui.reader.library_index import build_index

CORPUS = Path(__file__).parents[1].parent.parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(
    not (CORPUS / "expected.jsonl").exists(), reason=f"the shared corpus is not at {CORPUS}"
)

# ---------------------------------------------------------------------------------------------
# Hand-made digests in the two main dialects (FORMAT.md §5 detailed D3, §6 table T4)


def detailed(date: str, categories: dict[str, list[dict[str, str]]]) -> str:
    lines = [f"## [UPDATED!] **{date}** (Publish Time)", ""]
    for name, papers in categories.items():
        lines += [f">## **{name}**", ">---"]
        for index, paper in enumerate(papers, 1):
            lines.append(f">>**index:** {index}<br />")
            lines.append(f"**Title:** **{paper['title']}**<br />")
            if paper.get("title_cn"):
                lines.append(f"**Title_cn:** {paper['title_cn']}<br />")
            lines.append(f"**Authors:** {paper.get('authors', 'Ann Author, Bob Writer')}<br />")
            if paper.get("abstract"):
                lines.append(
                    f"**Abstract:** <details><summary>原文: </summary>{paper['abstract']}</details>"
                )
            lines.append(f"**PDF:** <http://arxiv.org/pdf/{paper['id']}v1><br />")
            lines.append(f"**Code:** {paper.get('code') or 'null'}<br />")
        lines.append("")
    return "\n".join(lines) + "\n"


def table(date: str, categories: dict[str, list[dict[str, str]]]) -> str:
    lines = [f"## [UPDATED!] **{date}** (Update Time)", ""]
    for name, papers in categories.items():
        lines += ["", f"## {name}", "", "|发布日期|英文标题|中文标题|作者|PDF链接|代码链接|"]
        lines.append("|---|---|---|---|---|---|")
        for paper in papers:
            code = f"<{paper['code']}>" if paper.get("code") else "None"
            lines.append(
                f"|{date}|{paper['title']}|{paper.get('title_cn', '')}|"
                f"{paper.get('authors', 'Ann Author, Bob Writer')}|"
                f"<http://arxiv.org/pdf/{paper['id']}v1>|{code}|"
            )
    return "\n".join(lines) + "\n"


def p(arxiv_id: str, title: str, **fields: str) -> dict[str, str]:
    return {"id": arxiv_id, "title": title, **fields}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A small library: two dated folders, a README, a hidden folder, a broken file."""
    root = tmp_path / "digests"
    write(
        root / "local" / "2024-03-01.md",
        detailed(
            "2024-03-01",
            {
                "多模态": [
                    p("2403.00001", "Alpha", title_cn="阿尔法", abstract="About alpha."),
                    p("2403.00002", "Beta", title_cn="贝塔", abstract="About beta."),
                ],
                "Other": [p("2403.00001", "Alpha", title_cn="阿尔法")],
            },
        ),
    )
    write(
        root / "data" / "2024-03-01.md",
        table(
            "2024-03-01",
            {
                "多模态": [
                    p("2403.00001", "Alpha", title_cn="阿尔法", code="https://github.com/a/alpha"),
                    p("2403.00002", "Beta"),
                ],
                "3DGS": [p("2403.00003", "Gamma", title_cn="伽马")],
            },
        ),
    )
    write(
        root / "data" / "2024-02-29.md",
        table("2024-02-29", {"生成模型": [p("2402.00009", "Older", title_cn="旧")]}),
    )
    write(
        root / "data" / "2024-03-02.md",
        table("2024-03-02", {"多模态": [p("2403.00001", "Alpha again")]}),
    )
    write(root / "README.md", "# My digests\n\nJust notes, no papers.\n")
    write(root / ".git" / "2024-03-03.md", table("2024-03-03", {"X": [p("2403.09999", "Hid")]}))
    (root / "data" / "2024-03-04.md").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    return root


def load_events(paths: list[Path], **options: object) -> list[object]:
    return list(iter_library(paths, **options))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Finding files


def test_discover_walks_folders_and_takes_named_files(folder: Path, tmp_path: Path) -> None:
    named = write(tmp_path / "notes.txt", "a named file is taken whatever its suffix")
    files, problems = discover([folder, named, tmp_path / "missing"])
    names = sorted(str(f.relative_to(tmp_path)) for f in files)
    assert names == [
        "digests/README.md",
        "digests/data/2024-02-29.md",
        "digests/data/2024-03-01.md",
        "digests/data/2024-03-02.md",
        "digests/data/2024-03-04.md",
        "digests/local/2024-03-01.md",
        "notes.txt",
    ]
    assert problems == [f"{tmp_path / 'missing'}: no such file or folder"]


def test_discover_lists_a_file_reached_twice_once(folder: Path) -> None:
    link = folder / "again.md"
    link.symlink_to(folder / "data" / "2024-02-29.md")
    files, _ = discover([folder, folder / "data"])
    resolved = [f.resolve() for f in files]
    assert len(resolved) == len(set(resolved))


def test_the_loader_reads_the_files_discover_lists(folder: Path, tmp_path: Path) -> None:
    outside = write(tmp_path / "elsewhere" / "2024-01-09.md", table("2024-01-09", {}))
    (folder / "linked.md").symlink_to(outside)
    (folder / "linked-folder").symlink_to(tmp_path / "elsewhere")  # not entered, like os.walk
    (folder / "dangling.md").symlink_to(tmp_path / "nothing-here.md")
    files, _ = discover([folder])
    events = load_events([folder])
    library = next(e.library for e in events if isinstance(e, Finished))
    real = {f.resolve() for f in files}
    assert events[0] == Discovered(len(real)) and library.stats.files == len(real)
    assert outside.resolve() in {Path(r.path) for r in library.files}
    assert any("nothing-here.md" in problem for problem in library.problems)


def test_bundled_sample_is_a_file() -> None:
    assert bundled_sample().is_file()
    library = open_library([bundled_sample()])
    assert [day.date for day in library.days] == [dt.date(2024, 2, 16)]
    assert library.problems == []


# ---------------------------------------------------------------------------------------------
# Opening


def test_a_folder_opens_as_days_newest_first(folder: Path) -> None:
    library = open_library([folder])
    assert library.dates == [dt.date(2024, 3, 2), dt.date(2024, 3, 1), dt.date(2024, 2, 29)]
    assert library.skipped == 1  # the README
    assert len(library.problems) == 1
    assert "2024-03-04.md" in library.problems[0] and "binary" in library.problems[0]
    assert library.stats.parsed == 6 and library.stats.cached == 0
    with Cache() as cache:
        assert library.cache_path == cache.path


def test_a_named_file_that_is_not_a_digest_is_a_problem(folder: Path) -> None:
    library = open_library([folder / "README.md", folder / "data" / "2024-02-29.md"])
    assert library.skipped == 0
    assert len(library.problems) == 1 and "README.md" in library.problems[0]
    assert library.dates == [dt.date(2024, 2, 29)]


def test_a_missing_path_is_a_problem_and_the_rest_opens(folder: Path, tmp_path: Path) -> None:
    library = open_library([tmp_path / "nope", folder / "data" / "2024-02-29.md"])
    assert library.problems == [f"{tmp_path / 'nope'}: no such file or folder"]
    assert len(library.days) == 1


def test_events_come_newest_day_first_then_finished(folder: Path) -> None:
    events = load_events([folder])
    assert isinstance(events[0], Discovered) and events[0].total == 6
    days = [e.day.date for e in events if isinstance(e, DayLoaded)]
    assert days == [dt.date(2024, 3, 2), dt.date(2024, 3, 1), dt.date(2024, 2, 29)]
    done = [e.done for e in events if isinstance(e, DayLoaded)]
    assert done == sorted(done) and done[-1] <= 6
    problems = [e.message for e in events if isinstance(e, Problem)]
    assert len(problems) == 1
    finished = [i for i, e in enumerate(events) if isinstance(e, Finished)]
    assert len(finished) == 1
    assert isinstance(events[-1], SearchIndexed | Notice)
    library = events[finished[0]].library  # type: ignore[attr-defined]
    assert library.problems == problems


def test_progress_reports_files_done(folder: Path) -> None:
    seen: list[tuple[int, int]] = []
    open_library([folder], progress=lambda done, total: seen.append((done, total)))
    assert seen and all(total == 6 for _, total in seen)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


# ---------------------------------------------------------------------------------------------
# The cache at work


def test_reopening_an_unchanged_library_parses_nothing(folder: Path) -> None:
    first = open_library([folder])
    again = open_library([folder])
    assert again.stats.parsed == 0 and again.stats.rehashed == 0
    assert again.stats.cached == 6  # the README and the broken file are remembered too
    assert again.skipped == 1 and again.problems == first.problems
    assert again.dates == first.dates
    for old, new in zip(first.days, again.days, strict=True):
        assert not new.is_loaded  # counts come from the cache without decoding papers
        assert new.paper_count == old.paper_count
        assert new.categories == old.categories


def test_a_changed_file_is_parsed_alone(folder: Path) -> None:
    open_library([folder])
    path = folder / "data" / "2024-02-29.md"
    write(
        path, table("2024-02-29", {"生成模型": [p("2402.00009", "Older"), p("2402.00010", "New")]})
    )
    library = open_library([folder])
    assert library.stats.parsed == 1
    day = library.day(dt.date(2024, 2, 29))
    assert day is not None and [x.title for x in day.papers] == ["Older", "New"]


def test_a_touched_file_is_hashed_not_parsed(folder: Path) -> None:
    open_library([folder])
    path = folder / "data" / "2024-02-29.md"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    library = open_library([folder])
    assert (library.stats.parsed, library.stats.rehashed) == (0, 1)
    assert open_library([folder]).stats.rehashed == 0  # the new mtime was remembered


def test_a_removed_file_drops_out_of_library_and_cache(folder: Path) -> None:
    open_library([folder])
    (folder / "data" / "2024-02-29.md").unlink()
    library = open_library([folder])
    assert dt.date(2024, 2, 29) not in library.dates
    assert library.stats.removed == 1
    with Cache() as cache:
        assert not any(path.endswith("2024-02-29.md") for path in cache.records())


def test_opening_another_folder_keeps_the_first_ones_cache(folder: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    write(other / "2023-12-31.md", table("2023-12-31", {"X": [p("2312.00001", "Year end")]}))
    open_library([folder])
    open_library([other])
    assert open_library([folder]).stats.parsed == 0


def test_a_damaged_cached_digest_is_parsed_again(folder: Path) -> None:
    open_library([folder])
    with Cache() as cache:
        cache.connection.execute("UPDATE files SET digest = x'00ff' WHERE path LIKE '%02-29.md'")
    library = open_library([folder])
    day = library.day(dt.date(2024, 2, 29))
    assert day is not None and [x.title for x in day.papers] == ["Older"]


def test_a_cache_of_another_version_is_rebuilt_with_a_notice(folder: Path) -> None:
    open_library([folder])
    with Cache() as cache:
        cache.connection.execute("UPDATE meta SET value = 'an older program' WHERE key='version'")
    events = load_events([folder])
    notices = [e.message for e in events if isinstance(e, Notice)]
    assert len(notices) == 1 and "another version" in notices[0]
    library = next(e.library for e in events if isinstance(e, Finished))
    assert library.stats.parsed == 6
    assert library.notices == notices


def test_a_garbage_cache_file_is_rebuilt(folder: Path) -> None:
    open_library([folder])
    with Cache() as cache:
        path = cache.path
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(os.urandom(50_000))
    library = open_library([folder])
    assert len(library.notices) == 1 and "damaged" in library.notices[0]
    assert len(library.days) == 3
    assert open_library([folder]).stats.parsed == 0  # and the new cache works


def test_an_unusable_cache_folder_still_opens_the_library(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    library = open_library([folder], cache=blocker / "cache.sqlite3")
    assert len(library.days) == 3
    assert len(library.notices) == 1 and "working without it" in library.notices[0]
    assert library.cache_path is None


def test_full_text_search_covers_the_library_after_loading(folder: Path) -> None:
    open_library([folder])
    with Cache() as cache:
        result = search.run(cache.connection, "gamma")
        found = [
            cache.connection.execute(
                "SELECT arxiv_id, category FROM entries WHERE id = ?", (entry_id,)
            ).fetchone()
            for entry_id in result.entry_ids
        ]
    assert found == [("2403.00003", "3DGS")]


# ---------------------------------------------------------------------------------------------
# Days: merging files of one date, appearances, navigation


def test_two_files_of_a_day_show_once_merged(folder: Path) -> None:
    library = open_library([folder])
    day = library.day(dt.date(2024, 3, 1))
    assert day is not None
    assert [Path(s).parent.name for s in day.sources] == ["local", "data"]  # richer first
    names = [c.name for c in day.categories]
    assert names == ["多模态", "Other", "3DGS"]  # base order, then the table's own category
    alpha = day.categories[0].papers[0]
    assert alpha.abstract == "About alpha."  # from the detailed file
    assert alpha.code_url == "https://github.com/a/alpha"  # filled from the table
    assert [x.arxiv_id for x in day.categories[2].papers] == ["2403.00003"]  # only the table
    assert day.paper_count == 4 == len(day.papers)
    assert {key for _, keys in day.outline for key in keys} == {
        "2403.00001",
        "2403.00002",
        "2403.00003",
    }
    assert [(name, len(keys)) for name, keys in day.outline] == [
        ("多模态", 2),
        ("Other", 1),
        ("3DGS", 1),
    ]


def test_merged_counts_from_the_cache_match_the_papers(folder: Path) -> None:
    open_library([folder])
    warm = open_library([folder])
    for day in warm.days:
        counts = tuple((name, len(keys)) for name, keys in day.outline)  # before loading
        assert not day.is_loaded
        assert tuple((c.name, len(c.papers)) for c in day.categories) == counts


def test_a_damaged_outline_in_the_cache_is_made_again_from_the_digest(
    folder: Path, tmp_path: Path
) -> None:
    """Outlines are decoded when their day is made (not all up front): a damaged one then comes
    from the cached digest, so the counts still match the papers."""
    cache = tmp_path / "outline.sqlite3"
    first = open_library([folder], cache=cache)
    with sqlite3.connect(cache) as conn:
        assert conn.execute("UPDATE files SET outline = '[[\"x\"' WHERE kind = 'digest'").rowcount
    warm = open_library([folder], cache=cache)
    assert warm.stats.cached == first.stats.files - first.stats.removed  # nothing parsed again
    assert [day.outline for day in warm.days] == [day.outline for day in first.days]
    for day in warm.days:
        counts = tuple((name, len(keys)) for name, keys in day.outline)
        assert tuple((c.name, len(c.papers)) for c in day.categories) == counts


def test_a_warm_open_reads_each_outline_when_its_day_is_made(folder: Path, tmp_path: Path) -> None:
    """The file list comes without outlines (4.4 MB for 960 files, 15 ms before the first day);
    each is read from the cache file when asked, and equals the parsed file's."""
    from tui.cache.codec import outline_of
    from tui.parser import load

    cache_path = tmp_path / "lazy.sqlite3"
    open_library([folder], cache=cache_path)
    cache = Cache(cache_path)
    try:
        records = [r for r in cache.records().values() if r.kind == "digest"]
    finally:
        cache.close()
    assert records
    assert all(r.outline == () and not r.outline_json for r in records)  # nothing read yet
    for record in records:
        assert record.keys() == outline_of(load(record.path))


def test_the_same_paper_in_two_categories_appears_in_each(folder: Path) -> None:
    index = build_index(open_library([folder]))
    assert index.appearances("2403.00001") == [
        (dt.date(2024, 3, 2), "多模态"),
        (dt.date(2024, 3, 1), "多模态"),
        (dt.date(2024, 3, 1), "Other"),
    ]
    assert index.appearances("0000.00000") == []


def test_merge_is_deterministic_whatever_the_file_order() -> None:
    rich = Digest(
        date=dt.date(2024, 1, 1),
        source="local.md",
        categories=(Category("A", (Paper("1", "One", abstract="x"), Paper("2", "Two"))),),
        format="detailed",
    )
    thin = Digest(
        date=dt.date(2024, 1, 1),
        source="data.md",
        categories=(
            Category("B", (Paper("3", "Three"), Paper("1", "One", code_url="https://c"))),
            Category("A", (Paper("4", "Four"),)),
        ),
        format="table",
    )
    merged = merge_digests([rich, thin])
    assert [(c.name, [x.arxiv_id for x in c.papers]) for c in merged] == [
        ("A", ["1", "2", "4"]),
        ("B", ["3"]),
    ]
    assert merged[0].papers[0].code_url == "https://c"
    assert merged[0].papers[0].abstract == "x"


def test_navigation_between_days(folder: Path) -> None:
    library = open_library([folder])
    mar1, mar2, feb29 = dt.date(2024, 3, 1), dt.date(2024, 3, 2), dt.date(2024, 2, 29)
    assert library.older(mar1).date == feb29  # type: ignore[union-attr]
    assert library.newer(mar1).date == mar2  # type: ignore[union-attr]
    assert library.older(feb29) is None and library.newer(mar2) is None
    assert library.index(mar1) == 1
    assert library.nearest(dt.date(2024, 3, 10)).date == mar2  # type: ignore[union-attr]
    assert library.nearest(dt.date(2024, 3, 1)).date == mar1  # type: ignore[union-attr]
    assert library.nearest(dt.date(2023, 1, 1)).date == feb29  # type: ignore[union-attr]
    assert library.nearest(None).date == mar2  # type: ignore[union-attr]
    assert Library(days=[]).nearest(mar1) is None


def test_entries_span_every_day(folder: Path) -> None:
    library = open_library([folder])
    entries = library.entries()
    assert len(entries) == library.paper_count == 6
    assert entries[0].date == dt.date(2024, 3, 2)
    assert Counter(e.date for e in entries)[dt.date(2024, 3, 1)] == 4


def test_a_day_built_by_hand_behaves_like_a_loaded_one() -> None:
    paper = Paper("2402.1", "T")
    day = Day(date=dt.date(2024, 2, 16), categories=(Category("C", (paper,)),), sources=())
    assert day.is_loaded and day.papers == [paper] and day.paper_count == 1
    assert day.outline == (("C", ("2402.1",)),)
    library = Library(days=[day])
    assert library.day(dt.date(2024, 2, 16)) is day
    assert build_index(library).appearances("2402.1") == [(dt.date(2024, 2, 16), "C")]


def test_each_file_keeps_its_own_digest_for_listing(folder: Path) -> None:
    library = open_library([folder])
    files = {Path(r.path).parent.name + "/" + Path(r.path).name: r for r in library.files}
    assert set(files) == {
        "local/2024-03-01.md",
        "data/2024-03-01.md",
        "data/2024-02-29.md",
        "data/2024-03-02.md",
    }
    table_digest = library.digest(files["data/2024-03-01.md"].path)
    assert table_digest is not None
    assert [c.name for c in table_digest.categories] == ["多模态", "3DGS"]


# ---------------------------------------------------------------------------------------------
# Worker processes and two instances at once


def many_days(root: Path, count: int) -> None:
    start = dt.date(2024, 1, 1)
    for n in range(count):
        date = (start + dt.timedelta(days=n)).isoformat()
        papers = [p(f"2401.{n:03d}{k:02d}", f"Paper {n} {k}", title_cn="论文") for k in range(5)]
        write(root / f"{date}.md", table(date, {"Cat A": papers[:3], "Cat B": papers[3:]}))


def test_worker_processes_give_the_same_library(tmp_path: Path) -> None:
    many_days(tmp_path / "lib", 70)
    parallel = open_library([tmp_path / "lib"], cache=tmp_path / "a.sqlite3", workers=1)
    serial = open_library([tmp_path / "lib"], cache=tmp_path / "b.sqlite3", workers=0)
    assert parallel.stats.parsed == serial.stats.parsed == 70
    assert parallel.dates == serial.dates
    assert [d.categories for d in parallel.days] == [d.categories for d in serial.days]
    assert open_library([tmp_path / "lib"], cache=tmp_path / "a.sqlite3").stats.parsed == 0
    with Cache(tmp_path / "a.sqlite3") as cache:  # the workers stored their files' entries
        rows = cache.connection.execute("SELECT count(*), count(DISTINCT file_id) FROM entries")
        assert rows.fetchone() == (350, 70)


_OPENER = textwrap.dedent(
    """
    import json, sys
    from tui.library import open_library
    if __name__ == "__main__":
        library = open_library([sys.argv[1]], cache=sys.argv[2], workers=int(sys.argv[3]))
        print(json.dumps([len(library.days), library.paper_count, library.notices]))
    """
)


def test_two_instances_at_once_neither_corrupt_nor_fail(tmp_path: Path) -> None:
    many_days(tmp_path / "lib", 60)
    cache_path = tmp_path / "shared.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _OPENER, str(tmp_path / "lib"), str(cache_path), workers],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for workers in ("2", "0")  # one with parser processes, one without
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        days, papers, notices = json.loads(out)
        assert (days, papers) == (60, 300)
        assert notices == []
    conn = sqlite3.connect(cache_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM files").fetchone() == (60,)
        assert conn.execute("SELECT count(*) FROM entries").fetchone() == (300,)
    finally:
        conn.close()
    assert open_library([tmp_path / "lib"], cache=cache_path).stats.parsed == 0


# ---------------------------------------------------------------------------------------------
# The real corpus


@pytest.fixture(scope="module")
def corpus_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    if not (CORPUS / "expected.jsonl").exists():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    cache = tmp_path_factory.mktemp("corpus-cache") / "cache.sqlite3"
    return open_library([CORPUS / "local", CORPUS / "data"], cache=cache, search=False)


@needs_corpus
def test_corpus_every_file_reads_as_expected(corpus_library: Library) -> None:
    expected = {}
    for line in (CORPUS / "expected.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        expected[str((CORPUS / row["file"]).resolve())] = row["papers"]
    counts = {record.path: record.paper_count for record in corpus_library.files}
    assert counts == expected
    assert corpus_library.problems == [] and corpus_library.skipped == 0
    assert len(corpus_library.days) == 354


@needs_corpus
def test_corpus_day_with_an_empty_detailed_file(corpus_library: Library) -> None:
    day = corpus_library.day(dt.date(2024, 1, 5))  # local 0 papers / data 44
    assert day is not None
    assert day.paper_count == 44
    assert Path(day.sources[0]).parts[-3] == "data"  # the file with papers is the base


@needs_corpus
@pytest.mark.parametrize("date", ["2024-11-26", "2024-11-27", "2024-02-16", "2024-06-01"])
def test_corpus_merged_day_loses_no_paper(corpus_library: Library, date: str) -> None:
    day = corpus_library.day(dt.date.fromisoformat(date))
    assert day is not None and len(day.sources) == 2
    digests = [corpus_library.digest(source) for source in day.sources]
    assert all(d is not None for d in digests)
    base, other = digests  # type: ignore[misc]
    ids = {x.arxiv_id for x in day.papers}
    assert ids == {x.arxiv_id for x in base.papers} | {x.arxiv_id for x in other.papers}
    # The base keeps its categories, in order, with its papers first.
    merged = {c.name: [x.arxiv_id for x in c.papers] for c in day.categories}
    assert [c.name for c in day.categories][: len(base.categories)] == [
        c.name for c in base.categories
    ]
    for category in base.categories:
        assert merged[category.name][: len(category.papers)] == [
            x.arxiv_id for x in category.papers
        ]
    # Code links only the table file has reach the merged papers.
    coded = {x.arxiv_id for x in other.papers if x.code_url}
    merged_coded = {x.arxiv_id for x in day.papers if x.code_url}
    assert coded <= merged_coded


@needs_corpus
def test_corpus_appearances_and_entries(corpus_library: Library) -> None:
    entries = corpus_library.entries()
    assert len(entries) == corpus_library.paper_count
    ids = Counter(e.paper.arxiv_id for e in entries)
    repeated = next(aid for aid, n in ids.most_common() if n > 1)
    index = build_index(corpus_library)
    seen = index.appearances(repeated)
    assert len(seen) == ids[repeated]
    assert seen == sorted(seen, key=lambda item: item[0], reverse=True)
    # Every paper's listings, and the papers listed on several days, as the entries say.
    places: dict[str, list[tuple[dt.date, str]]] = {}
    for entry in entries:
        places.setdefault(entry.paper.arxiv_id, []).append((entry.date, entry.category))
    assert all(index.appearances(aid) == found for aid, found in places.items() if aid)
    on_days = {aid: {date for date, _ in found} for aid, found in places.items() if aid}
    assert set(index.repeated()) == {aid for aid, days in on_days.items() if len(days) > 1}


@needs_corpus
def test_corpus_copy_reopens_from_cache_and_reparses_one_change(tmp_path: Path) -> None:
    library_dir = tmp_path / "lib"
    shutil.copytree(CORPUS / "data" / "2024-03", library_dir / "2024-03")
    first = open_library([library_dir], workers=0)
    assert first.stats.parsed == len(first.files) > 20
    target = library_dir / "2024-03" / "2024-03-15.md"
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = open_library([library_dir])
    assert (again.stats.parsed, again.stats.cached) == (1, len(first.files) - 1)


def test_a_bulk_load_stopped_early_leaves_the_cache_usable(tmp_path: Path) -> None:
    many_days(tmp_path / "lib", 40)
    with Cache(tmp_path / "c.sqlite3") as cache:
        library = open_library([tmp_path / "lib"], cache=cache, workers=0, search=False)
        assert library.stats.parsed == 40
        assert cache.connection.execute("PRAGMA wal_autocheckpoint").fetchone() == (1000,)
    # The index was not built (search=False): the next load brings it up to date.
    again = open_library([tmp_path / "lib"], cache=tmp_path / "c.sqlite3")
    assert again.stats.parsed == 0
    with Cache(tmp_path / "c.sqlite3") as cache:
        assert search.run(cache.connection, "paper", dedupe=False).total == 200


def test_a_file_joins_the_day_its_header_names(folder: Path) -> None:
    """Named 2024-03-09 but dated 2024-03-01 inside: it joins 03-01, which is announced again."""
    write(
        folder / "misnamed-2024-03-09.md",
        table("2024-03-01", {"Late": [p("2403.00077", "Late arrival")]}),
    )
    events = load_events([folder])
    announced = [e.day for e in events if isinstance(e, DayLoaded)]
    assert [d.date for d in announced].count(dt.date(2024, 3, 1)) == 2
    final = [d for d in announced if d.date == dt.date(2024, 3, 1)][-1]
    library = next(e.library for e in events if isinstance(e, Finished))
    day = library.day(dt.date(2024, 3, 1))
    assert day is final
    assert dt.date(2024, 3, 9) not in library.dates
    assert ("Late", ("2403.00077",)) in day.outline and len(day.sources) == 3


_UNDER_A_TUI = """
import sys, threading
from multiprocessing import resource_tracker
from tui.library import open_library

class Captured:  # what a TUI puts in place of sys.stderr: no file descriptor behind it
    def write(self, text): return len(text)
    def flush(self): pass
    def fileno(self): return -1

if __name__ == "__main__":
    sys.stderr = Captured()
    out = {}
    worker = threading.Thread(target=lambda: out.update(lib=open_library([sys.argv[1]],
        cache=sys.argv[2], workers=1, search=False)))
    worker.start(); worker.join()
    sys.stdout.write(f"{len(out['lib'].days)} {resource_tracker._resource_tracker._fd is not None}")
"""


def test_worker_processes_start_when_a_tui_has_replaced_stderr(tmp_path: Path) -> None:
    """The reader's case: Textual's sys.stderr has no descriptor, which spawn cannot pass on."""
    many_days(tmp_path / "lib", 60)
    done = subprocess.run(
        [sys.executable, "-c", _UNDER_A_TUI, str(tmp_path / "lib"), str(tmp_path / "c.sqlite3")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "60 True"  # every day, and the pool (with its tracker) really ran
