"""The detail pane: everything the digest says about one paper, in the chosen language.

Digest text enters only as `Content(text)` pieces glued by `Content.assemble`; the only markup here
is constant (the "open"/"copy" links, whose actions are ours), so no title or abstract can style
the pane or trigger an action.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

from tui.arxiv.merge import EXTRA_ABSTRACT_SOURCE, EXTRA_COMMENT, EXTRA_DOI, EXTRA_JOURNAL
from tui.model import (
    EXTRA_AUTHORS_CUT,
    EXTRA_CONTRIBUTION,
    EXTRA_DATE,
    EXTRA_STATUS,
    EXTRA_TRANSLATION,
    STATUS_SHOWN,
    Paper,
)
from tui.names import display_name
from tui.reader.language import Language
from tui.reader.views import PaperNotes
from tui.text import one_line, sanitize
from tui.widgets.wrapped_text import KinsokuText, WrappedStatic

# Both texts side by side from this pane width on; stacked below it.
SIDE_BY_SIDE_WIDTH = 90
SHOWN_EXTRAS = {
    EXTRA_AUTHORS_CUT,
    EXTRA_CONTRIBUTION,
    EXTRA_DATE,
    EXTRA_STATUS,
    EXTRA_TRANSLATION,
    EXTRA_ABSTRACT_SOURCE,
}
# Labels of the extras arXiv adds (others are labelled with their own name).
EXTRA_LABELS = {EXTRA_COMMENT: "Comment", EXTRA_JOURNAL: "Journal", EXTRA_DOI: "DOI"}

# Constant markup (our own actions), never mixed with digest text.
_OPEN_COPY = {
    "pdf": Content.from_markup(
        "  [@click=screen.link('pdf','open')]open[/] · [@click=screen.link('pdf','copy')]copy[/]"
    ),
    "abs": Content.from_markup("  [@click=screen.link('abs','open')]open[/]"),
    "code": Content.from_markup("  [@click=screen.link('code','copy')]copy[/]"),
}


# The contribution (贡献) of later formats is a summary in Chinese whatever the language mode.
CONTRIBUTION_HEADING = "贡献 · Contribution (summary in Chinese)"

# Search matches in the pane (theme variables, so every theme works).
HIGHLIGHT = "bold $text-warning on $warning-muted"
STAR = "★"
ALSO_ON_SHOWN = 6


def _label(name: str) -> Content:
    return Content.styled(f"{name:<8}", "dim")


def _heading(text: str) -> Content:
    return Content.styled(text, "bold")


def _missing(what: str, paper: Paper, why: str | None = None) -> Content:
    """Say that the digest lacks `what` (and `why` it is not here yet) and offer the abs page
    instead of a blank."""
    page = paper.abs_page
    note = Content.styled(f"This digest has no {what} for this paper.", "italic")
    parts: list[Content | str] = [note]
    if why:
        parts += ["\n", Content.styled(why, "dim")]
    if page:
        parts += [
            "\nRead it on the abs page: ",
            Content(page),
            Content.styled("  (O opens it)", "dim"),
        ]
    return Content.assemble(*parts)


def _also_on(places: tuple[tuple[dt.date, str], ...], language: str) -> Content:
    """ "2024-02-14 · 多模态, 2024-02-13 · 3D/CG … and 3 more" (digest text as literal Content)."""
    shown = [
        Content.assemble(date.isoformat(), " · ", display_name(category, language))
        for date, category in places[:ALSO_ON_SHOWN]
    ]
    content = Content(", ").join(shown)
    if len(places) > ALSO_ON_SHOWN:
        content += Content.styled(f" … and {len(places) - ALSO_ON_SHOWN} more", "dim")
    return content


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
        self._notes = PaperNotes()
        self._empty = Content("")

    def compose(self) -> ComposeResult:
        yield WrappedStatic(id="detail-title", markup=False)
        yield Static(id="detail-meta", markup=False)
        yield WrappedStatic(id="detail-note", markup=False)
        with Horizontal(id="detail-texts"):
            yield WrappedStatic(id="detail-original", markup=False)
            yield WrappedStatic(id="detail-translation", markup=False)
        yield WrappedStatic(id="detail-contribution", markup=False)
        yield Static(id="detail-extras", markup=False)

    @property
    def paper(self) -> Paper | None:
        return self._paper

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width >= SIDE_BY_SIDE_WIDTH, "-side-by-side")

    def set_language(self, language: Language) -> None:
        self._language = language
        self._render_paper()

    @property
    def notes(self) -> PaperNotes:
        return self._notes

    def show_paper(
        self,
        paper: Paper | None,
        empty: str = "No paper selected.",
        notes: PaperNotes | None = None,
    ) -> None:
        """Show `paper` (or the `empty` message) from the top of the pane."""
        self._paper = paper
        self._notes = notes or PaperNotes()
        self._empty = Content(empty)
        self._render_paper()
        self.scroll_home(animate=False, immediate=True)

    def refresh_paper(self, paper: Paper, notes: PaperNotes) -> None:
        """The same paper with more to show (arXiv metadata): redraw, keeping the scroll."""
        if paper != self._paper or notes != self._notes:
            self._paper, self._notes = paper, notes
            self._render_paper()

    def update_notes(self, notes: PaperNotes) -> None:
        """Marks changed (read, star, selection): redraw in place, keeping the scroll position."""
        if notes != self._notes:
            self._notes = notes
            self._render_paper()

    def _marked(self, text: str, field: str | None) -> Content:
        """`text` with the search's matches highlighted (spans over the text as shown)."""
        content = Content(text)
        query = self._notes.query
        if query is None or not text:
            return content
        from tui.highlight import highlight_spans

        for start, end in highlight_spans(text, query, field):
            content = content.stylize(HIGHLIGHT, start, end)
        return content

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
            for name in ("meta", "note", "original", "translation", "contribution", "extras"):
                self._set(f"#detail-{name}", Content(""))
            return
        self._set("#detail-title", self._titles(paper), wrap=True)
        self._set("#detail-meta", self._meta(paper))
        note = sanitize(self._notes.note).strip()
        self._set(
            "#detail-note",
            Content.assemble(_heading("Your note"), "\n", note) if note else Content(""),
            wrap=True,
        )
        self.query_one("#detail-note").display = bool(note)
        self._set("#detail-original", self._original(paper), wrap=True)
        self._set("#detail-translation", self._translation(paper), wrap=True)
        contribution = sanitize(paper.contribution).strip()
        self._set(
            "#detail-contribution",
            Content.assemble(_heading(CONTRIBUTION_HEADING), "\n", self._marked(contribution, None))
            if contribution
            else Content(""),
            wrap=True,
        )
        self.query_one("#detail-contribution").display = bool(contribution)
        extras = self._extras(paper)
        self._set("#detail-extras", extras)
        self.query_one("#detail-extras").display = bool(extras)

    def _set(self, selector: str, content: Content, *, wrap: bool = False) -> None:
        """Show `content`; `wrap`: with Chinese line breaking (tui.wrap), for running text."""
        self.query_one(selector, Static).update(KinsokuText(content) if wrap else content)

    def _titles(self, paper: Paper) -> Content:
        original, translated = one_line(paper.title), one_line(paper.title_cn)
        failed = paper.extra(EXTRA_TRANSLATION) == "failed"
        lines: list[Content] = []
        shown_original = (
            self._marked(original, "title").stylize_before("bold")
            if original
            else Content.styled("(no title)", "bold")
        )
        if self._language in (Language.ORIGINAL, Language.BOTH):
            lines.append(shown_original)
        if self._language in (Language.TRANSLATION, Language.BOTH):
            if translated:
                lines.append(self._marked(translated, "title").stylize_before("bold"))
            else:
                note = "translation failed" if failed else "no translated title in this digest"
                if self._language is Language.TRANSLATION:
                    lines.append(shown_original)
                lines.append(Content.styled(f"({note})", "italic dim"))
        if (status := paper.status) and lines:
            lines[0] = Content.assemble(f"{STATUS_SHOWN[status][0]} ", lines[0])
        if self._notes.starred and lines:
            lines[0] = Content.assemble(Content.styled(f"{STAR} ", "bold $text-warning"), lines[0])
        return Content("\n").join(lines)

    def _meta(self, paper: Paper) -> Content:
        authors = ", ".join(one_line(name) for name in paper.authors)
        shown_authors = self._marked(authors, "author") if authors else Content("(not listed)")
        if paper.extra(EXTRA_AUTHORS_CUT):
            shown_authors += Content.styled(
                f" … (list cut short by the digest after {len(paper.authors)})", "dim"
            )
        rows: list[Content] = [Content.assemble(_label("Authors"), shown_authors)]
        versioned = one_line(paper.versioned_id)
        rows.append(
            Content.assemble(
                _label("arXiv"), self._marked(versioned, "id") if versioned else "(none)"
            )
        )
        notes = self._notes
        if notes.date is not None:
            rows.append(
                Content.assemble(
                    _label("Listed"),
                    notes.date.isoformat(),
                    " · ",
                    self._marked(display_name(notes.category, self._language), "category"),
                )
            )
        if notes.also:
            rows.append(Content.assemble(_label("Also on"), _also_on(notes.also, self._language)))
        state = ["read" if notes.read else "unread"]
        if notes.starred:
            state.append(f"{STAR} starred")
        if notes.selected:
            state.append("selected for export")
        if notes.dismissed:
            state.append("dismissed (not interested)")
        if paper.arxiv_id:
            rows.append(Content.assemble(_label("Marks"), " · ".join(state)))
        if notes.seen:
            rows.append(
                Content.assemble(_label("Seen"), Content.styled(notes.seen, "$text-accent"))
            )
        if notes.watches:
            watches = ", ".join(one_line(name) for name in notes.watches)
            rows.append(
                Content.assemble(_label("Watches"), Content.styled(watches, "$text-warning"))
            )
        if notes.tags:
            rows.append(
                Content.assemble(_label("Tags"), ", ".join(one_line(t) for t in notes.tags))
            )
        if date := one_line(paper.extra(EXTRA_DATE)):
            rows.append(Content.assemble(_label("Date"), date))
        if status := paper.status:
            mark, english, chinese = STATUS_SHOWN[status]
            shown = {Language.ORIGINAL: english, Language.TRANSLATION: chinese}
            word = shown.get(self._language, f"{english} · {chinese}")
            rows.append(Content.assemble(_label("Status"), f"{mark} {word}"))
        elif status_text := one_line(paper.extra(EXTRA_STATUS)):
            rows.append(Content.assemble(_label("Status"), status_text))
        for name, url, label in (
            ("pdf", paper.pdf_link, "PDF"),
            ("abs", paper.abs_page, "Abs"),
            ("code", paper.code_url, "Code"),
        ):
            if url:
                rows.append(Content.assemble(_label(label), one_line(url), _OPEN_COPY[name]))
            else:
                rows.append(Content.assemble(_label(label), Content.styled("—", "dim")))
        return Content("\n").join(rows)

    def _original(self, paper: Paper) -> Content:
        text = sanitize(paper.abstract).strip()
        why = self._notes.abstract_note
        body = self._marked(text, "abstract") if text else _missing("abstract", paper, why)
        heading = _heading("Abstract")
        if paper.extra(EXTRA_ABSTRACT_SOURCE) == "arxiv":
            heading += Content.styled("  · from arXiv", "dim")
        return Content.assemble(heading, "\n", body)

    def _translation(self, paper: Paper) -> Content:
        text = sanitize(paper.abstract_cn).strip()
        if text:
            body = self._marked(text, "abstract")
        elif not sanitize(paper.abstract).strip():
            body = _missing("abstract (original or translated)", paper, self._notes.abstract_note)
        elif paper.extra(EXTRA_ABSTRACT_SOURCE) == "arxiv":
            note = (
                "The digest has no translation of this abstract: it came from arXiv, "
                "in the original only (t shows it)."
            )
            body = Content.styled(note, "italic")
        else:
            body = _missing("Chinese translation of the abstract", paper)
        return Content.assemble(_heading("摘要 · Translation"), "\n", body)

    def _extras(self, paper: Paper) -> Content:
        rows = [
            Content.assemble(_label(EXTRA_LABELS.get(name, one_line(name)[:7])), one_line(value))
            for name, value in paper.extras
            if name not in SHOWN_EXTRAS and value
        ]
        if paper.extra(EXTRA_TRANSLATION) == "failed":
            rows.append(Content.styled("The digest's translation of this title failed.", "dim"))
        return Content("\n").join(rows)
