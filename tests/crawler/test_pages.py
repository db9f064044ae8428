"""HtmlPage from bytes: title, h1, lang, hreflang alternates, links and content blocks, from data/pages.json."""

from __future__ import annotations

import base64
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from selectolax.lexbor import LexborNode

from crawler.pages import HtmlPage, squash

SITES = Path(__file__).parents[2] / "fixtures" / "sites"
FIXTURE_PAGES = sorted(SITES.rglob("*.html"))
CHROME_TAGS = {"nav", "header", "footer", "script", "style", "noscript", "template"}


def _page(given: dict[str, Any]) -> HtmlPage:
    if "body_base64" in given:
        body = base64.b64decode(given["body_base64"])
    else:
        body = given["html"].encode(given.get("encoding", "utf-8"))
    return HtmlPage(given["url"], body, given.get("headers"))


def _in_chrome(node: LexborNode) -> bool:
    current: LexborNode | None = node
    while current is not None:
        attributes = current.attributes
        marker = f"{attributes.get('id') or ''} {attributes.get('class') or ''}".lower()
        if current.tag in CHROME_TAGS or "cookie" in marker or attributes.get("role") in ("navigation", "banner"):
            return True
        current = current.parent
    return False


def assert_locators_resolve(page: HtmlPage) -> None:
    """Every block's CSS locator selects exactly one element of the page as published, outside the page chrome,
    with the block's text."""
    for block in page.blocks:
        nodes = page.tree.css(block.locator)
        assert len(nodes) == 1, f"{block.locator!r} selects {len(nodes)} elements"
        assert squash(nodes[0].text(separator=" ")) == block.text, f"{block.locator!r} selects other text"
        assert not _in_chrome(nodes[0]), f"{block.locator!r} is page chrome"


@pytest.mark.table("pages.json")
def test_html_page(case: dict[str, Any]) -> None:
    page = _page(case["input"])
    expected = case["expected"]
    why = case.get("why", "")
    for key in ("title", "h1", "lang", "alternates"):
        if key in expected:
            assert getattr(page, key) == expected[key], why
    if "links" in expected:
        assert [[link.url, link.text, link.heading] for link in page.links] == expected["links"], why
    if "blocks" in expected:
        got = [asdict(block) for block in page.blocks]
        assert len(got) == len(expected["blocks"]), f"{[b['text'] for b in got]} ({why})"
        for block, want in zip(got, expected["blocks"], strict=True):
            assert {k: block[k] for k in want} == want, why
    assert_locators_resolve(page)


@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: str(p.relative_to(SITES)))
def test_fixture_site_pages(path: Path) -> None:
    """The hand-made council pages: chrome never leaks into blocks, and every locator finds its block."""
    page = HtmlPage("https://www.example.gov.uk/", path.read_bytes())
    assert page.title
    assert_locators_resolve(page)
    text = page.text.lower()
    assert "we use some essential cookies" not in text
    assert "skip to main content" not in text
