"""Copy and open the selected paper's links (c C o O): the main screen's link keys, apart.

Every URL is checked by tui.links before it reaches the clipboard or the browser; a refusal or a
missing link is said in a notification (plain text), never silently ignored.
"""

from __future__ import annotations

import webbrowser

from textual.screen import Screen

from tui import links
from tui.model import Paper
from tui.text import one_line
from tui.widgets.paper_detail import abs_page, pdf_link


class LinkActions(Screen[None]):
    """Mixed into the main screen, which provides `current_paper`."""

    @property
    def current_paper(self) -> Paper | None:
        raise NotImplementedError

    def _link(self, what: str) -> tuple[str, str] | None:
        """(url, label) for the current paper, or None after saying why there is none."""
        paper = self.current_paper
        if paper is None:
            return None
        url, label = {
            "pdf": (pdf_link(paper), "PDF link"),
            "abs": (abs_page(paper), "abs page"),
            "code": (paper.code_url, "code link"),
        }[what]
        if not url:
            self.notify(
                f"This paper has no {label} in the digest.", severity="warning", markup=False
            )
            return None
        if (reason := links.check_url(url)) is not None:
            self.notify(
                f"Refused the {label}: {reason}.\n{one_line(url)[:200]}",
                title="Unsafe link",
                severity="error",
                markup=False,
            )
            return None
        return url, label

    def copy_text(self, text: str, what: str, shown: str) -> None:
        """Copy `text` the way the configuration says and report how it went (shown: a preview)."""
        from tui import clipboard  # pyperclip: loaded on the first copy, not at start

        mode = getattr(self.app, "clipboard_mode", "auto")
        result = clipboard.copy(text, self.app.copy_to_clipboard, what=what, mode=mode)
        self.notify(
            f"{result.message}\n{shown}",
            title="Copied" if result.ok else "Not copied",
            severity="information" if result.ok else "error",
            markup=False,
        )

    def _copy(self, what: str) -> None:
        if (found := self._link(what)) is None:
            return
        url, label = found
        self.copy_text(url, f"the {label}", url)

    def _open(self, what: str) -> None:
        if (found := self._link(what)) is None:
            return
        url, label = found
        self.run_worker(
            lambda: self._open_in_browser(url, label),
            thread=True,
            group="browser",
            exit_on_error=False,
        )

    def _open_in_browser(self, url: str, label: str) -> None:
        """Runs in a thread: some browsers block until they exit."""
        try:
            opened = webbrowser.open(url)
        except (webbrowser.Error, OSError) as error:
            opened, problem = False, str(error)
        else:
            problem = "no browser could be started"
        if opened:
            message, severity = f"Opened the {label} in the browser.\n{url}", "information"
        else:
            message, severity = f"Could not open the {label}: {problem}.\n{url}", "error"
        self.app.call_from_thread(self.notify, message, severity=severity, markup=False)

    def action_copy_pdf(self) -> None:
        self._copy("pdf")

    def action_copy_code(self) -> None:
        self._copy("code")

    def action_open_pdf(self) -> None:
        self._open("pdf")

    def action_open_abs(self) -> None:
        self._open("abs")
