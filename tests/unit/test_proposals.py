"""Watch proposals and tag editing (the rules are the docstrings'; answers worked out by hand)."""

from __future__ import annotations

from tui.model import Paper
from tui.query import parse_strict
from tui.reader.proposals import (
    Proposal,
    edit_tags,
    parse_tags,
    tag_edits,
    title_phrase,
    watch_proposals,
)


def test_a_paper_proposes_its_first_and_last_author_then_title_words() -> None:
    paper = Paper(
        "2401.00001",
        "A Novel Framework for Gaussian Splatting in Dynamic Scenes",
        authors=("Ann Lee", "Bo Chen", "Carl Smith"),
    )
    assert watch_proposals(paper) == [
        Proposal("Ann Lee", 'author:"Ann Lee"'),
        Proposal("Carl Smith", 'author:"Carl Smith"'),
        Proposal("Gaussian Splatting", 'title:"Gaussian Splatting"'),
        Proposal("Gaussian", 'title:"Gaussian"'),
    ]
    for proposal in watch_proposals(paper):
        assert parse_strict(proposal.query).ok  # every proposal is a valid saved search


def test_proposals_of_a_bare_or_hostile_paper() -> None:
    assert watch_proposals(Paper("", "")) == []
    one = watch_proposals(Paper("x", 'The "Model"\x1b[31m', authors=('Dr "X"\n',)))
    assert one[0] == Proposal('Dr "X"', 'author:"Dr X"')
    assert all(parse_strict(p.query).ok for p in one)
    assert title_phrase("On the Study of Models") == ""  # nothing distinctive in it


def test_tags_are_typed_with_commas_and_kept_once() -> None:
    assert parse_tags(" to read, Diffusion models ,to READ,, \x07x ") == (
        "to read",
        "Diffusion models",
        "x",
    )
    assert parse_tags("") == ()


def test_tag_edits_of_a_selection_keep_what_the_dialog_did_not_show() -> None:
    added, removed = tag_edits(["shared", "old"], ["shared", "new"])
    assert (added, removed) == (("new",), ("old",))
    # A paper of the selection with a tag of its own keeps it.
    assert edit_tags({"old", "mine", "shared"}, added, removed) == {"mine", "shared", "new"}
    assert edit_tags({"Old"}, (), ("old",)) == frozenset()
