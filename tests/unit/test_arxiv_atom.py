"""Parsing the arXiv API's Atom feed: by namespace, by id, defensively."""

# ruff: noqa: E501  (the manual's example XML, lines as long as it has them)

from __future__ import annotations

import pytest

from arxiv_api import FakeArxiv, Paper
from tui.arxiv.atom import FeedError, parse_feed, split_version, well_formed

# The manual's own example entry (section 3.3.2), as arXiv writes it: wrapped lines, indentation.
MANUAL_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">ArXiv Query: search_query=&amp;id_list=cond-mat/0702661v2</title>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/hep-ex/0307015v1</id>
    <published>2007-02-27T16:02:02-05:00</published>
    <updated>2007-06-25T17:09:59-04:00</updated>
    <title>Multi-Electron Production at High Transverse Momenta in ep Collisions at
  HERA</title>
    <summary>  Multi-electron production is studied at high electron transverse momentum
in positron- and electron-proton collisions using the H1 detector at HERA.
Standard Model expectations of 0.30 \\pm 0.04 and 0.23 \\pm 0.04,
respectively.
</summary>
    <author><name>H1 Collaboration</name></author>
    <author>
       <name>G. G. Kacprzak</name>
       <arxiv:affiliation xmlns:arxiv="http://arxiv.org/schemas/atom">NMSU</arxiv:affiliation>
    </author>
    <arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">10.1529/biophysj.104.047340</arxiv:doi>
    <link title="doi" href="http://dx.doi.org/10.1529/biophysj.104.047340" rel="related"/>
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">23 pages, 8 figures and 4 tables</arxiv:comment>
    <arxiv:journal_ref xmlns:arxiv="http://arxiv.org/schemas/atom">Eur.Phys.J. C31 (2003) 17-29</arxiv:journal_ref>
    <link href="http://arxiv.org/abs/hep-ex/0307015v1" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/hep-ex/0307015v1" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="hep-ex" scheme="http://arxiv.org/schemas/atom"/>
    <category term="hep-ex" scheme="http://arxiv.org/schemas/atom"/>
    <category term="I.2.6" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
</feed>
"""


def test_the_manuals_entry_gives_every_field() -> None:
    record = parse_feed(MANUAL_FEED).records["hep-ex/0307015"]
    assert record.version == 1
    assert record.title == (
        "Multi-Electron Production at High Transverse Momenta in ep Collisions at HERA"
    )
    assert record.abstract == (
        "Multi-electron production is studied at high electron transverse momentum in positron-"
        " and electron-proton collisions using the H1 detector at HERA. Standard Model"
        " expectations of 0.30 \\pm 0.04 and 0.23 \\pm 0.04, respectively."
    )
    assert record.authors == ("H1 Collaboration", "G. G. Kacprzak")
    assert record.doi == "10.1529/biophysj.104.047340"
    assert record.comment == "23 pages, 8 figures and 4 tables"
    assert record.journal_ref == "Eur.Phys.J. C31 (2003) 17-29"
    assert record.primary_category == "hep-ex"
    assert record.categories == ("hep-ex", "I.2.6")
    assert record.published == "2007-02-27T16:02:02-05:00"
    assert record.updated == "2007-06-25T17:09:59-04:00"


def test_entries_in_any_order_are_matched_by_id_and_prefixes_do_not_matter() -> None:
    fake = FakeArxiv()
    fake.prefixed = True  # <atom:entry> etc.: only the namespace counts
    fake.add(Paper("2403.00001", title="First", version=3), Paper("2403.00002", title="Second"))
    feed = parse_feed(fake.feed(["2403.00001", "2403.00002"], 10))
    assert {k: (r.title, r.version) for k, r in feed.records.items()} == {
        "2403.00001": ("First", 3),
        "2403.00002": ("Second", 1),
    }


def test_elements_outside_the_atom_namespace_are_not_taken_for_atom_ones() -> None:
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:x="urn:other"><entry>'
        b"<id>http://arxiv.org/abs/2403.00003v1</id><x:summary>wrong</x:summary>"
        b"<summary>right</summary><x:title>wrong</x:title><title>T</title></entry></feed>"
    )
    record = parse_feed(body).records["2403.00003"]
    assert (record.abstract, record.title) == ("right", "T")


def test_an_error_entry_names_the_malformed_id() -> None:
    feed = parse_feed(FakeArxiv.error_feed("1234.1234"))
    assert feed.records == {}
    assert feed.bad_ids == ["1234.1234"]
    assert feed.errors == ["incorrect id format for 1234.1234"]


def test_markup_and_control_characters_in_a_summary_are_kept_literal_or_removed() -> None:
    fake = FakeArxiv()
    summary = "[@click=app.quit]x[/] <b>bold</b> \u009b31m red \u202eevil\u200b $\\alpha_1$\n  next"
    fake.add(Paper("2403.00004", summary=summary, title="A\u0085B"))
    record = parse_feed(fake.feed(["2403.00004"], 1)).records["2403.00004"]
    assert record.abstract == "[@click=app.quit]x[/] <b>bold</b> 31m red evil $\\alpha_1$ next"
    assert record.title == "AB"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"Rate exceeded.",
        b"<html><body>Service Unavailable</body></html>",
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://ar',
        b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><summary>&b;</summary></entry></feed>',
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry>\x1b[31m</entry></feed>',
    ],
    ids=["empty", "rate-text", "html", "cut-off", "entities", "raw-escape"],
)
def test_unusable_answers_raise_feed_error_only(body: bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed(body)


def test_ids_and_versions() -> None:
    assert split_version("2401.03312v12") == ("2401.03312", 12)
    assert split_version("hep-ex/0307015v1") == ("hep-ex/0307015", 1)
    assert split_version("2401.03312") == ("2401.03312", None)
    assert [
        well_formed(i) for i in ("2401.03312", "0704.0001", "math.AG/0101001", "1234.1234x")
    ] == [
        True,
        True,
        True,
        False,
    ]
