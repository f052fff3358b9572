"""The detail pane: everything the digest says about one paper, in the chosen language.

Digest text enters only as `Content(text)` pieces glued by `Content.assemble`; the only markup here
is constant (the "open"/"copy" links, whose actions are ours), so no title or abstract can style
the pane or trigger an action.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

from tui.model import (
    EXTRA_AUTHORS_CUT,
    EXTRA_CONTRIBUTION,
    EXTRA_DATE,
    EXTRA_STATUS,
    EXTRA_TRANSLATION,
    Paper,
)
from tui.text import one_line, sanitize
from tui.widgets.language import Language

# Both texts side by side from this pane width on; stacked below it.
SIDE_BY_SIDE_WIDTH = 90
SHOWN_EXTRAS = {EXTRA_AUTHORS_CUT, EXTRA_CONTRIBUTION, EXTRA_DATE, EXTRA_STATUS, EXTRA_TRANSLATION}

# Constant markup (our own actions), never mixed with digest text.
_OPEN_COPY = {
    "pdf": Content.from_markup(
        "  [@click=screen.open_pdf]open[/] · [@click=screen.copy_pdf]copy[/]"
    ),
    "abs": Content.from_markup("  [@click=screen.open_abs]open[/]"),
    "code": Content.from_markup("  [@click=screen.copy_code]copy[/]"),
}


def abs_page(paper: Paper) -> str:
    """The paper's abs page: the digest's link, else one made from the arXiv id."""
    if paper.abs_url:
        return paper.abs_url
    return f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else ""


def pdf_link(paper: Paper) -> str:
    """The paper's PDF link: the digest's link, else one made from the arXiv id."""
    if paper.pdf_url:
        return paper.pdf_url
    return f"https://arxiv.org/pdf/{paper.versioned_id}" if paper.arxiv_id else ""


def _label(name: str) -> Content:
    return Content.styled(f"{name:<8}", "dim")


def _heading(text: str) -> Content:
    return Content.styled(text, "bold")


def _missing(what: str, paper: Paper) -> Content:
    """Say that the digest lacks `what` and offer the abs page instead of a blank."""
    page = abs_page(paper)
    note = Content.styled(f"This digest has no {what} for this paper.", "italic")
    parts: list[Content | str] = [note]
    if page:
        parts += [
            "\nRead it on the abs page: ",
            Content(page),
            Content.styled("  (O opens it)", "dim"),
        ]
    return Content.assemble(*parts)


class PaperDetail(VerticalScroll, can_focus=True):
    """Title(s), authors, ids, links, abstract(s), contribution and extras of one paper."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
    ]

    def __init__(self, *, language: Language = Language.ORIGINAL, id: str | None = None) -> None:  # noqa: A002
        # Start with the classes the first paper will need: no restyle before the first paint.
        super().__init__(id=id, classes=f"-{language.value}")
        self._language = language
        self._paper: Paper | None = None
        self._empty = Content("")

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title", markup=False)
        yield Static(id="detail-meta", markup=False)
        with Horizontal(id="detail-texts"):
            yield Static(id="detail-original", markup=False)
            yield Static(id="detail-translation", markup=False)
        yield Static(id="detail-contribution", markup=False)
        yield Static(id="detail-extras", markup=False)

    @property
    def paper(self) -> Paper | None:
        return self._paper

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width >= SIDE_BY_SIDE_WIDTH, "-side-by-side")

    def set_language(self, language: Language) -> None:
        self._language = language
        self._render_paper()

    def show_paper(self, paper: Paper | None, empty: str = "No paper selected.") -> None:
        """Show `paper` (or the `empty` message) from the top of the pane."""
        self._paper = paper
        self._empty = Content(empty)
        self._render_paper()
        self.scroll_home(animate=False, immediate=True)

    # -- building the pieces -------------------------------------------------------------------

    def _render_paper(self) -> None:
        if not self.is_mounted:
            return
        paper, language = self._paper, self._language
        self.set_class(paper is None, "-empty")
        self.set_class(language is Language.ORIGINAL, "-original")
        self.set_class(language is Language.TRANSLATION, "-translation")
        self.set_class(language is Language.BOTH, "-both")
        if paper is None:
            self._set("#detail-title", self._empty)
            for name in ("meta", "original", "translation", "contribution", "extras"):
                self._set(f"#detail-{name}", Content(""))
            return
        self._set("#detail-title", self._titles(paper))
        self._set("#detail-meta", self._meta(paper))
        self._set("#detail-original", self._original(paper))
        self._set("#detail-translation", self._translation(paper))
        contribution = sanitize(paper.contribution).strip()
        self._set(
            "#detail-contribution",
            Content.assemble(_heading("Contribution · 贡献"), "\n", contribution)
            if contribution
            else Content(""),
        )
        self.query_one("#detail-contribution").display = bool(contribution)
        extras = self._extras(paper)
        self._set("#detail-extras", extras)
        self.query_one("#detail-extras").display = bool(extras)

    def _set(self, selector: str, content: Content) -> None:
        self.query_one(selector, Static).update(content)

    def _titles(self, paper: Paper) -> Content:
        original, translated = one_line(paper.title), one_line(paper.title_cn)
        failed = paper.extra(EXTRA_TRANSLATION) == "failed"
        lines: list[Content] = []
        if self._language in (Language.ORIGINAL, Language.BOTH):
            lines.append(Content.styled(original or "(no title)", "bold"))
        if self._language in (Language.TRANSLATION, Language.BOTH):
            if translated:
                lines.append(Content.styled(translated, "bold"))
            else:
                note = "translation failed" if failed else "no translated title in this digest"
                if self._language is Language.TRANSLATION:
                    lines.append(Content.styled(original or "(no title)", "bold"))
                lines.append(Content.styled(f"({note})", "italic dim"))
        return Content("\n").join(lines)

    def _meta(self, paper: Paper) -> Content:
        authors = ", ".join(one_line(name) for name in paper.authors) or "(not listed)"
        if paper.extra(EXTRA_AUTHORS_CUT):
            authors += " … (list cut short by the digest)"
        rows: list[Content] = [Content.assemble(_label("Authors"), authors)]
        rows.append(Content.assemble(_label("arXiv"), one_line(paper.versioned_id) or "(none)"))
        if date := one_line(paper.extra(EXTRA_DATE)):
            rows.append(Content.assemble(_label("Date"), date))
        if status := one_line(paper.extra(EXTRA_STATUS)):
            rows.append(Content.assemble(_label("Status"), status))
        for name, url, label in (
            ("pdf", pdf_link(paper), "PDF"),
            ("abs", abs_page(paper), "Abs"),
            ("code", paper.code_url, "Code"),
        ):
            if url:
                rows.append(Content.assemble(_label(label), one_line(url), _OPEN_COPY[name]))
            else:
                rows.append(Content.assemble(_label(label), Content.styled("—", "dim")))
        return Content("\n").join(rows)

    def _original(self, paper: Paper) -> Content:
        text = sanitize(paper.abstract).strip()
        body = Content(text) if text else _missing("abstract", paper)
        return Content.assemble(_heading("Abstract"), "\n", body)

    def _translation(self, paper: Paper) -> Content:
        text = sanitize(paper.abstract_cn).strip()
        if text:
            body = Content(text)
        elif not sanitize(paper.abstract).strip():
            body = _missing("abstract (original or translated)", paper)
        else:
            body = _missing("Chinese translation of the abstract", paper)
        return Content.assemble(_heading("摘要 · Translation"), "\n", body)

    def _extras(self, paper: Paper) -> Content:
        rows = [
            Content.assemble(_label(one_line(name)[:7]), one_line(value))
            for name, value in paper.extras
            if name not in SHOWN_EXTRAS and value
        ]
        if paper.extra(EXTRA_TRANSLATION) == "failed":
            rows.append(Content.styled("The digest's translation of this title failed.", "dim"))
        return Content("\n").join(rows)
