"""The `arxiv-digest` command: open the reader, or list / export / summarise digests.

Subcommands read every file as that file has it (no merging of days: that is the reader's view).
Exit codes: 0 when every path was read, 1 when some could not be (the rest is still printed),
2 for usage errors. Textual is imported only when the reader opens.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import tui
from tui import cli_state, paths
from tui.library import bundled_sample, discover
from tui.library.discovery import nothing_read
from tui.model import Digest
from tui.text import one_line

if TYPE_CHECKING:
    from tui.export import ExportItem
    from tui.query import Query
    from tui.state import Saved

PROG = "arxiv-digest"
MAX_FPS = 240  # the reader's frame rate cap (TEXTUAL_FPS), see _read
SWITCH_INTERVAL = 0.001  # seconds; see _read
EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


@dataclass
class Loaded:
    """Digests read from the command line's paths, and what went wrong on the way."""

    digests: list[Digest] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # unreadable paths and files: exit 1
    skipped: list[str] = field(default_factory=list)  # non-digest Markdown inside folders
    warnings: list[str] = field(default_factory=list)  # damaged entries, odd encodings

    def report(self) -> int:
        for message in [*self.warnings, *self.problems]:
            say(message)
        if self.skipped:
            say(f"skipped {len(self.skipped)} Markdown file(s) that are not digests")
        return EXIT_PARTIAL if self.problems else EXIT_OK


def say(message: str) -> None:
    """One line on stderr. File names in it are untrusted: no escape sequence or line break of
    theirs reaches the terminal."""
    print(f"{PROG}: {one_line(message)}", file=sys.stderr)


def _tolerant_output() -> None:
    """A locale that cannot hold the text (LC_ALL=C without UTF-8 mode) gets "?" for what it
    cannot show, instead of a UnicodeEncodeError traceback. Data formats go out as UTF-8
    (_data_output)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def _data_output() -> None:
    """JSON, BibTeX, CSV and Markdown on stdout are UTF-8 whatever the locale (as in a file)."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("_", "-")
    if encoding not in ("utf-8", "utf8") and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", errors="strict")


def default_paths() -> list[Path]:
    """What opens with no PATH, for the reader and every subcommand alike: the subscriptions
    with the configured library folder, else the bundled sample."""
    from tui import config
    from tui.subscriptions import default_library

    return default_library(config.load_config().library) or [bundled_sample()]


def read_paths(raw_paths: Sequence[str]) -> Loaded:
    """Parse the given files and folders; default: the bundled sample digest."""
    from tui.parser import DigestError, load  # the reader parses in its loader, if at all

    given = [Path(p) for p in raw_paths] or default_paths()
    files, missing = discover(given)
    loaded = Loaded(problems=list(missing))
    named = {path.resolve() for path in given if not path.is_dir()}
    for path in files:
        try:
            digest = load(path)
        except DigestError as error:
            if error.not_a_digest and path.resolve() not in named:
                loaded.skipped.append(str(path))
            else:
                loaded.problems.append(str(error))
            continue
        loaded.digests.append(digest)
        loaded.warnings.extend(digest.warnings)
    if not loaded.digests:  # an empty folder, or nothing readable
        loaded.problems.append(nothing_read(given))
    return loaded


def _items(loaded: Loaded, saved: Saved | None) -> list[ExportItem]:
    """Every listing of every file read, each with its own file and the reader's marks, tags
    and notes from `saved` (None: the state is unknown)."""
    from tui.arxiv.merge import enrich_items  # abstracts fetched earlier (never fetches)
    from tui.export import digest_listings, items_of

    read, starred = (saved.read, saved.stars) if saved else (set(), set())
    tags, notes = (saved.triage.tags, saved.triage.notes) if saved else ({}, {})
    items = [
        item
        for digest in loaded.digests
        for item in items_of(
            digest_listings(digest), read, starred, digest.source, tags=tags, notes=notes
        )
    ]
    return enrich_items(items)


class UsageError(Exception):
    """A command-line mistake the user can fix (exit code 2)."""


def _query(text: str | None) -> Query | None:
    """Parse --search first: a malformed query is a usage error, not a silent full listing."""
    if not text:
        return None
    from tui.query import QueryError, parse_strict

    # Under a locale that is not UTF-8 (LC_ALL=C) Python decodes argv as ASCII with escapes for
    # the other bytes: typed in UTF-8, the query is UTF-8.
    with contextlib.suppress(UnicodeError):
        text = os.fsencode(text).decode("utf-8")

    try:
        return parse_strict(text)
    except QueryError as error:
        raise UsageError(f"--search: {error.message} (column {error.start + 1})") from None


def _selected(args: argparse.Namespace) -> tuple[Loaded, list[ExportItem]]:
    """The papers of the command's paths that match its --search query (hidden ones included,
    unless the query says -is:hidden: the files' contents, as they are)."""
    query = _query(args.search)
    loaded = read_paths(args.paths)
    saved = cli_state.saved_state(say)
    items = _items(loaded, saved)
    if query is not None:
        from tui.search import filter_items

        triage = saved.triage if saved else None
        items = filter_items(items, query, triage=triage, rules=cli_state.rules(saved))[0]
    return loaded, items


def cmd_list(args: argparse.Namespace) -> int:
    import json

    from tui.export import paper_record

    loaded, items = _selected(args)
    if args.format == "jsonl":
        _data_output()
    out = sys.stdout
    if args.format == "jsonl":
        for item in items:
            out.write(json.dumps(paper_record(item), ensure_ascii=False) + "\n")
    else:
        from tui.names import display_name

        language = cli_state.language(args.language)
        for item in items:
            paper = item.paper
            day = item.day.isoformat() if item.day else "----------"
            code = " [code]" if paper.code_url else ""
            category = display_name(item.category, language)
            out.write(f"{day}  {paper.versioned_id:<14}  {category}  |  {paper.title}{code}\n")
    return loaded.report()


def cmd_export(args: argparse.Namespace) -> int:
    from tui.export import ExportError, export_text, write_atomic

    loaded, items = _selected(args)
    status = loaded.report()
    if not items:
        say("nothing to export: no paper matched; nothing was written")
        return status
    text = export_text(
        items,
        args.format,
        for_file=args.output is not None,
        language=cli_state.language(args.language),
    )
    if args.output is None:
        _data_output()
        sys.stdout.write(text)
        return status
    try:
        write_atomic(args.output, text)
    except ExportError as error:
        say(str(error))
        return EXIT_PARTIAL
    say(f"wrote {len(items)} paper(s) to {args.output}")
    return status


def cmd_stats(args: argparse.Namespace) -> int:
    from tui.stats import compute, render_text, to_json

    loaded = read_paths(args.paths)
    saved = cli_state.saved_state(say)
    items = _items(loaded, saved)
    read, starred = (saved.read, saved.stars) if saved else (set(), set())
    watches = cli_state.watch_matches(items, saved)
    summary = compute(items, read_ids=read, starred_ids=starred, watches=watches)
    if args.format == "json":
        _data_output()
    sys.stdout.write(to_json(summary) if args.format == "json" else render_text(summary))
    return loaded.report()


class _Parser(argparse.ArgumentParser):
    """argparse with two hints: `--search -word` (a value that looks like an option) needs
    `--search=-word`, and an empty PATH is refused rather than read as the current folder."""

    def error(self, message: str) -> NoReturn:
        if "--search" in message and "expected one argument" in message:
            message += (
                "; to search for a query that starts with '-' (leave out papers that match),"
                " write it with '=': --search=-word"
            )
        super().error(message)


def _path(value: str) -> str:
    """An argparse type: a PATH that is not empty (an empty one would mean the current folder)."""
    if not value.strip():
        raise argparse.ArgumentTypeError(
            "an empty path is not allowed (write . for the current folder)"
        )
    return value


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        type=_path,
        help="digest files or folders (default: the subscriptions and the library, else the "
        "sample)",
    )
    parser.add_argument(
        "--search", metavar="QUERY", help="keep papers matching QUERY (same syntax as `/`)"
    )


def _subcommands() -> dict[str, tuple[argparse.ArgumentParser, Callable[..., int]]]:
    listing = _Parser(
        prog=f"{PROG} list", description="Print the papers of digests, as each file lists them."
    )
    _add_common(listing)
    listing.add_argument("--format", choices=("table", "jsonl"), default="table")
    listing.add_argument(
        "--language",
        choices=("original", "translation", "both"),
        help="category names in the table: English, Chinese or both halves of a bilingual name "
        "(default: the reader's language, `t`)",
    )

    from tui.export import FORMATS

    export = _Parser(
        prog=f"{PROG} export", description="Export papers as BibTeX, Markdown, CSV or JSON."
    )
    _add_common(export)
    export.add_argument("--format", choices=tuple(FORMATS), required=True)
    export.add_argument(
        "--language",
        choices=("original", "translation", "both"),
        help="category names in Markdown (default: the reader's language, `t`)",
    )
    export.add_argument(
        "-o", "--output", type=Path, help="write to FILE atomically (default: stdout)"
    )

    stats = _Parser(
        prog=f"{PROG} stats",
        description="Papers per day and category, read and starred counts, days with unread.",
    )
    stats.add_argument("paths", nargs="*", metavar="PATH", type=_path)
    stats.add_argument("--format", choices=("text", "json"), default="text")

    from tui.arxiv.command import cmd_fetch, fetch_parser

    return {
        "list": (listing, cmd_list),
        "export": (export, cmd_export),
        "stats": (stats, cmd_stats),
        "fetch": (fetch_parser(PROG), cmd_fetch),
    }


SUBCOMMANDS = (
    "list",
    "export",
    "stats",
    "fetch",
    "subscribe",
    "sync",
    "subscriptions",
    "unsubscribe",
)


def _all_subcommands() -> dict[str, tuple[argparse.ArgumentParser, Callable[..., int]]]:
    from tui.subscriptions import commands

    return {**_subcommands(), **commands.parsers(_Parser)}


class _Version(argparse.Action):
    """Like action="version", but reads the version only when asked (it costs start-up time)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"{PROG} {tui.__version__}")
        parser.exit()


def _reader_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Read daily arXiv digests in the terminal. "
        "Subcommands: list, export, stats, fetch, subscribe, sync, subscriptions, unsubscribe "
        "(see `arxiv-digest list --help`).",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        type=_path,
        help="digest files or folders (default: the subscriptions and the library set with "
        "--set-library, else the bundled sample)",
    )
    parser.add_argument(
        "--set-library",
        metavar="DIR",
        type=lambda value: Path(_path(value)),
        help="remember DIR as the default library",
    )
    parser.add_argument("--where", action="store_true", help="show the files this program uses")
    parser.add_argument(
        "--offline", action="store_true", help="fetch no abstract from arXiv in this run"
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    return parser


def cmd_where() -> int:
    from tui import config
    from tui.arxiv.store import STORE_NAME
    from tui.state import STATE_NAME

    settings = config.load_config()
    library = settings.library
    if library is None:
        shown = "(none set: the bundled sample opens)"
    elif library.exists():
        shown = f"{library} (from config.toml)"
    else:
        shown = f"{library} (from config.toml; it no longer exists)"
    rows = [
        ("config file", config.config_path()),
        ("read marks", paths.data_dir() / STATE_NAME),
        ("cache folder", paths.cache_dir()),
        ("arXiv store", paths.cache_dir() / STORE_NAME),
        ("abstracts", f"fetch_abstracts = {settings.fetch_abstracts}, {settings.arxiv_api}"),
        ("library", shown),
    ]
    if settings.warning:
        rows.append(("problem", settings.warning))
    for name, value in rows:  # paths come from the environment: no escape sequence of theirs
        print(f"{name + ':':<13} {one_line(str(value))}")
    return EXIT_OK


def cmd_set_library(folder: Path) -> int:
    from tui import config

    if not folder.is_dir():
        say(f"--set-library: {folder} is not a folder")
        return EXIT_USAGE
    try:
        moved = config.set_library(folder)
    except (OSError, ValueError) as error:
        say(f"--set-library: could not save the setting: {error}")
        return EXIT_PARTIAL
    if moved:
        say(f"the damaged settings file was kept as {moved}")
    library, saved_in = one_line(str(config.get_library())), one_line(str(config.config_path()))
    print(f"default library: {library} (saved in {saved_in})")
    return EXIT_OK


def cmd_read(args: argparse.Namespace) -> int:
    """The reader, with garbage collection paused until its first frame (first_frame_shown):
    the start allocates objects that live as long as the reader, and collecting among them
    cost 25 ms of a 0.3 s first paint."""
    import gc

    gc.disable()
    try:
        return _read(args)
    finally:
        gc.enable()  # also when no frame came


def _read(args: argparse.Namespace) -> int:
    from tui import config

    # A key's answer often takes two frames (the list, then the pane after its message), and
    # Textual's update timer starts the second one to two periods after the first: 20-35 ms
    # at its default 60 fps, 5-10 ms at this. Read when Textual is imported; the user's wins.
    os.environ.setdefault("TEXTUAL_FPS", str(MAX_FPS))
    # The loader's thread holds the interpreter lock for up to this long before the UI gets it
    # back (Python's default: 5 ms, paid at each of a key's event-loop turns while it loads).
    sys.setswitchinterval(SWITCH_INTERVAL)
    from tui.app import run_app

    settings = config.load_config()
    notices = [settings.warning] if settings.warning else []
    for notice in notices:  # and in the reader: this is hidden while it runs
        say(notice)
    given = [Path(p) for p in args.paths]
    default = not given
    from_config = default and settings.library is not None
    given = given or default_paths()
    missing = [str(path) for path in given if not path.exists()]
    if missing and len(missing) == len(given):
        for path in missing:
            where = f" (the default library, set in {config.config_path()})" if from_config else ""
            say(f"{path}: no such file or folder{where}")
        return EXIT_PARTIAL
    from tui.reader.abstracts import Abstracts

    mode = "offline" if args.offline else settings.fetch_abstracts
    abstracts = Abstracts(mode, api=settings.arxiv_api)  # type: ignore[arg-type]
    from tui.reader.freshness import Freshness

    freshness = Freshness.of_registry() if default else None  # `U` syncs the default library
    # The reader loads in a worker; abstracts come from arXiv in another.
    return run_app(
        given,
        clipboard_mode=settings.clipboard,
        notices=notices,
        abstracts=abstracts,
        freshness=freshness,
        rules=settings.rules,
        keys=settings.values.get("keys"),
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _tolerant_output()
    try:
        commands = _all_subcommands() if argv and argv[0] in SUBCOMMANDS else {}
        if commands:
            parser, run = commands[argv[0]]
            return run(parser.parse_args(argv[1:]))
        args = _reader_parser().parse_args(argv)
        if args.where:
            return cmd_where()
        if args.set_library is not None:
            return cmd_set_library(args.set_library)
        return cmd_read(args)
    except UsageError as error:
        say(str(error))
        return EXIT_USAGE
    except SystemExit as exit_:  # argparse: --help is 0, a usage error is 2
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    except BrokenPipeError:  # `arxiv-digest list | head`
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
