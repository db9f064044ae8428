"""Hostile input never raises: page objects and extractors on arbitrary text and bytes (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.extract.contacts import extract_contacts
from crawler.extract.facts import QUOTE_MAX, extract_facts
from crawler.extract.retention import extract_retention
from crawler.pages import HtmlPage, TextBlock

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that reaches the interesting branches: markup, CCTV words, numbers, emails, Welsh and odd characters.
FRAGMENTS = st.sampled_from(
    (
        "<p>|</p>|<h2>|</h2>|<main>|</main>|<nav>|<li>|<a href='|'>|</a>|<meta charset='|windows-1252|utf-16|<title>|"
        "<base href='|<!--|-->|<![CDATA[|CCTV|single point of contact|SPOC|pwynt cyswllt unigol|Teledu Cylch Cyfyng|"
        "Manager|kept for|cedwir|recordings|31|thirty one|days|diwrnod|a week|within|request|cctv@council.gov.uk|@|.|"
        "01527 881234|+44 (0)|0|Ms Jane Smith|mailto:|#|?| |\n|\t|\u00a0|\u2019|\ufffd|\x00|é|ŵ|👁|&amp;|&#0;|&#x110000;"
    ).split("|")
)
TEXT = st.one_of(st.text(), st.lists(st.one_of(FRAGMENTS, st.text(max_size=5)), max_size=40).map("".join))
BODY = st.one_of(st.binary(), TEXT.map(str.encode))
URLS = st.sampled_from(
    [
        "https://www.bromsgrove.gov.uk/community-safety/cctv/",
        "https://www.bromsgrove.gov.uk/",
        "http://[::1]:8080/a b?c#d",
        "https://www.anglesey.gov.wales/cy/teledu-cylch-cyfyng",
    ]
)


@SETTINGS
@given(url=URLS, body=BODY, charset=st.sampled_from([None, "utf-8", "windows-1252", "x-bogus", "utf-16", ""]))
def test_html_page_never_raises(url: str, body: bytes, charset: str | None) -> None:
    headers = {"Content-Type": f"text/html; charset={charset}"} if charset is not None else None
    page = HtmlPage(url, body, headers)
    assert isinstance(page.title, str)
    assert isinstance(page.h1, str)
    assert isinstance(page.lang, str)
    assert isinstance(page.alternates, dict)
    for link in page.links:
        assert "#" not in link.url, "fragments are dropped"
    for block in page.blocks:
        assert block.text and block.text == block.text.strip()
        assert block.locator


@SETTINGS
@given(url=URLS, body=BODY)
def test_extract_facts_on_pages_never_raises(url: str, body: bytes) -> None:
    page = HtmlPage(url, body)
    result = extract_facts(page.url, page.title, page.h1, page.blocks)
    for fact in result.facts:
        assert len(fact.quote) <= QUOTE_MAX


BLOCKS = st.lists(
    st.builds(
        TextBlock,
        text=TEXT,
        locator=st.sampled_from(["p", "page 1", "main > p:nth-of-type(2)"]),
        heading=TEXT,
        level=st.integers(min_value=0, max_value=6),
    ),
    max_size=12,
)


@SETTINGS
@given(url=URLS, title=TEXT, h1=TEXT, blocks=BLOCKS, document=st.booleans(), anchor=TEXT)
def test_extract_facts_on_blocks_never_raises(
    url: str, title: str, h1: str, blocks: list[TextBlock], document: bool, anchor: str
) -> None:
    result = extract_facts(url, title, h1, blocks, document=document, anchor=anchor)
    for fact in result.facts:
        assert len(fact.quote) <= QUOTE_MAX


@SETTINGS
@given(sentence=TEXT)
def test_extract_retention_never_raises(sentence: str) -> None:
    found = extract_retention(sentence)
    if found is not None:
        assert found.phrase in sentence
        assert found.days is None or 1 <= found.days <= 3650


@SETTINGS
@given(text=TEXT)
def test_extract_contacts_never_raises(text: str) -> None:
    contacts = extract_contacts(text)
    assert [c.start for c in contacts] == sorted(c.start for c in contacts)
    for contact in contacts:
        assert contact.channel in ("email", "phone")
        assert 0 <= contact.start < contact.end <= len(text)
        if contact.channel == "phone":
            assert contact.address.startswith("+")
