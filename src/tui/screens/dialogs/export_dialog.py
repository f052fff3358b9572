"""The `e` dialog: export the current view or the selected papers as BibTeX, Markdown, CSV or JSON,
to a file or the clipboard, with the count shown before anything is written.

Rendering and writing run in a worker thread (30,000 papers take a moment); a file is written with
tui.export.write_atomic (the old file or the whole new one, never half). Every failure is said in
the dialog, which stays open; an existing file is replaced only after a second press of Export.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from tui import clipboard
from tui.export import FORMATS, ExportError, ExportItem, export_text, write_atomic
from tui.reader.views import ExportScope
from tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from tui.library import LibraryEntry

FORMAT_NAMES = {"bibtex": "BibTeX", "markdown": "Markdown", "csv": "CSV", "json": "JSON"}
TARGETS = ("file", "clipboard")


def default_folder() -> Path:
    """The user's downloads folder when it exists, else the current directory."""
    try:
        import platformdirs

        downloads = platformdirs.user_downloads_path()
    except Exception:
        downloads = None
    if downloads is not None and downloads.is_dir():
        return downloads
    return Path.cwd()


class ExportDialog(ModalScreen[str | None]):
    """Dismisses with a message saying what was written (or copied), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "export", "Export", show=True),
    ]

    def __init__(
        self,
        scopes: Sequence[ExportScope],
        make_items: Callable[[Sequence[LibraryEntry]], list[ExportItem]],
        *,
        folder: Path | None = None,
        clipboard_mode: str = "auto",
        language: str = "both",
    ) -> None:
        super().__init__()
        self.language = language  # how the Markdown list names categories
        self.scopes = list(scopes)
        self.make_items = make_items
        self.folder = folder if folder is not None else default_folder()
        self.clipboard_mode = clipboard_mode
        self.scope = 0
        self.format = "bibtex"
        self.target = "file"
        self._confirmed: Path | None = None  # the existing file a second Export replaces
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            with Horizontal(classes="export-row"):
                yield Label("Papers", classes="export-label")
                with RadioSet(id="export-scope", compact=True):
                    for index, scope in enumerate(self.scopes):
                        count = len(scope.entries)
                        label = Content.assemble(
                            scope.label, Content.styled(f"  ({count} paper{_s(count)})", "dim")
                        )
                        yield RadioButton(label, value=index == 0)
            with Horizontal(classes="export-row"):
                yield Label("Format", classes="export-label")
                with RadioSet(id="export-format", compact=True):
                    for key in FORMATS:
                        yield RadioButton(FORMAT_NAMES.get(key, key), value=key == self.format)
            with Horizontal(classes="export-row"):
                yield Label("To", classes="export-label")
                with RadioSet(id="export-target", compact=True):
                    yield RadioButton("a file", value=True)
                    yield RadioButton("the clipboard")
            with Horizontal(classes="export-row", id="export-file-row"):
                yield Label("File", classes="export-label")
                yield Input(
                    self._default_path(), id="export-path", select_on_focus=False, compact=True
                )
            yield Static(id="export-status", markup=False)
            with Horizontal(id="export-buttons"):
                yield Button("Export (ctrl+s)", id="export-go", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="export-cancel", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        dialog = self.query_one("#export-dialog")
        dialog.border_title = "Export"
        dialog.border_subtitle = "tab moves · arrows choose · ctrl+s exports"
        self.set_focus(self.query_one("#export-scope", RadioSet))
        self._show_count()

    # -- choices -------------------------------------------------------------------------------

    @property
    def path_input(self) -> Input:
        return self.query_one("#export-path", Input)

    def _default_path(self) -> str:
        """The suggested file, with ~ for the home folder (shorter, and what people type)."""
        path = self.folder / (self.scopes[self.scope].stem + FORMATS[self.format][1])
        try:
            return str(Path("~") / path.relative_to(Path.home()))
        except (ValueError, RuntimeError):
            return str(path)

    @on(RadioSet.Changed, "#export-scope")
    def _scope_changed(self, event: RadioSet.Changed) -> None:
        old_default = self._default_path()
        self.scope = event.index
        if self.path_input.value == old_default:  # not edited by hand: follow the choice
            self.path_input.value = self._default_path()
        self._show_count()

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self.format = list(FORMATS)[event.index]
        value = self.path_input.value
        root, suffix = os.path.splitext(value)
        if suffix in {extension for _, extension in FORMATS.values()}:
            self.path_input.value = root + FORMATS[self.format][1]
        self._show_count()

    @on(RadioSet.Changed, "#export-target")
    def _target_changed(self, event: RadioSet.Changed) -> None:
        self.target = TARGETS[event.index]
        self.query_one("#export-file-row").display = self.target == "file"
        self._show_count()

    @on(Input.Changed, "#export-path")
    def _path_changed(self) -> None:
        self._confirmed = None

    def _show_count(self) -> None:
        count = len(self.scopes[self.scope].entries)
        where = "to the file below" if self.target == "file" else "to the clipboard"
        self._status(
            Content.assemble(
                Content.styled(f"{count} paper{_s(count)}", "bold"),
                f" as {FORMAT_NAMES[self.format]}, {where}.",
            )
        )

    def _status(self, content: Content, *, problem: bool = False) -> None:
        status = self.query_one("#export-status", Static)
        status.update(content)
        status.set_class(problem, "-problem")

    # -- exporting -----------------------------------------------------------------------------

    @on(Input.Submitted, "#export-path")
    def _submitted(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-go")
    def _go(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        if self._busy:
            return
        entries = self.scopes[self.scope].entries
        if not entries:
            self._status(Content("Nothing to export: this choice has no papers."), problem=True)
            return
        fmt, name = self.format, FORMAT_NAMES[self.format]
        if self.target == "clipboard":
            self._start(lambda: self._to_clipboard(entries, fmt, name))
            return
        path = self._checked_path()
        if path is not None:
            self._start(lambda: self._to_file(entries, fmt, name, path))

    def _checked_path(self) -> Path | None:
        """The file to write, or None after saying what is wrong (or asking to confirm)."""
        text = self.path_input.value.strip()
        if not text:
            self._status(Content("Type a file name to write."), problem=True)
            return None
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.folder / path
        if path.is_dir():
            self._status(Content(f"{path} is a folder: add a file name."), problem=True)
            return None
        if not path.parent.is_dir():
            self._status(Content(f"The folder {path.parent} does not exist."), problem=True)
            return None
        if path.exists() and self._confirmed != path:
            self._confirmed = path
            self._status(
                Content.assemble(
                    Content.styled(f"{path.name} exists.", "bold"),
                    " Export again to replace it, or change the name.",
                ),
                problem=True,
            )
            return None
        return path

    def _start(self, work: Callable[[], str]) -> None:
        self._busy = True
        self._status(Content("Exporting…"))

        def run() -> None:
            try:
                message: str | None = work()
                problem = None
            except (ExportError, OSError, ValueError) as error:
                message, problem = None, str(error)
            self.app.call_from_thread(self._finished, message, problem)

        self.run_worker(run, thread=True, group="export", exit_on_error=False)

    def _finished(self, message: str | None, problem: str | None) -> None:
        self._busy = False
        if problem is not None:
            self._status(Content(problem), problem=True)
        else:
            self.dismiss(message)

    def _to_file(self, entries: Sequence[LibraryEntry], fmt: str, name: str, path: Path) -> str:
        """In the worker thread."""
        items = self.make_items(entries)
        write_atomic(path, export_text(items, fmt, for_file=True, language=self.language))
        return f"Wrote {len(items)} paper{_s(len(items))} as {name} to {path}"

    def _to_clipboard(self, entries: Sequence[LibraryEntry], fmt: str, name: str) -> str:
        """In the worker thread; the terminal copy (OSC 52) goes through the UI thread."""
        items = self.make_items(entries)
        text = export_text(items, fmt, for_file=False, language=self.language)

        def terminal_copy(value: str) -> None:
            self.app.call_from_thread(self.app.copy_to_clipboard, value)

        what = f"{len(items)} paper{_s(len(items))} as {name}"
        result = clipboard.copy(text, terminal_copy, what=what, mode=self.clipboard_mode)
        if not result.ok:
            raise ExportError(result.message)
        return result.message


def _s(count: int) -> str:
    return "" if count == 1 else "s"
