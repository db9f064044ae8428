"""Facts with provenance from whole HTML pages: data/facts.json, plus the evidence rules on every fixture page.

criteria.md: evidence is the URL, an exact quote of at most 300 characters from the page, and a locator (a CSS
path for HTML). Each fact's quote is checked against the element its locator selects in the page as published.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crawler.extract.facts import QUOTE_MAX, ExtractedFact, extract_facts
from crawler.pages import HtmlPage, squash

SITES = Path(__file__).parents[2] / "fixtures" / "sites"
FIXTURE_PAGES = sorted(SITES.rglob("*.html"))


def _facts(page: HtmlPage) -> list[ExtractedFact]:
    return extract_facts(page.url, page.title, page.h1, page.blocks).facts


def assert_evidence(page: HtmlPage, fact: ExtractedFact) -> None:
    """The quote is exact, at most 300 characters, and found in the element the locator selects."""
    assert fact.url == page.url
    assert 0 < len(fact.quote) <= QUOTE_MAX, fact
    if fact.locator == "title":
        located = page.title
    elif fact.locator == "h1":
        located = page.h1
    else:
        nodes = page.tree.css(fact.locator)
        assert len(nodes) == 1, f"{fact.locator!r} selects {len(nodes)} elements"
        located = squash(nodes[0].text(separator=" "))
    assert fact.quote in located, f"{fact.quote!r} is not in {fact.locator!r}"
    assert fact.quote in f"{page.title}\n{page.text}"


@pytest.mark.table("facts.json")
def test_extract_facts(case: dict[str, Any]) -> None:
    page = HtmlPage(case["input"]["url"], case["input"]["html"].encode())
    # Each row is about the kinds it lists: other topics' extractors may add facts of their own kinds.
    kinds = {want["kind"] for want in case["expected"]}
    facts = [fact for fact in _facts(page) if fact.kind in kinds]
    got = [
        {
            "kind": fact.kind,
            "value": {k: fact.value.get(k) for k in want["value"]},
            **({"quote": fact.quote} if "quote" in want else {}),
            "locator": fact.locator,
        }
        for fact, want in zip(facts, case["expected"], strict=False)
    ]
    assert got == case["expected"], case.get("why", "")
    assert len(facts) == len(case["expected"]), [f.kind for f in facts]
    for fact in facts:
        assert_evidence(page, fact)
        assert fact.extractor and fact.extractor_version


@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: str(p.relative_to(SITES)))
def test_fixture_site_evidence(path: Path) -> None:
    url = "https://" + str(path.parent.relative_to(SITES)) + "/"
    page = HtmlPage(url, path.read_bytes())
    for fact in _facts(page):
        assert_evidence(page, fact)
