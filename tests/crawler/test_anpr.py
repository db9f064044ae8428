"""Council use of ANPR (not police use, denials or definitions) and what its ANPR content covers: data/anpr.json."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.extract.facts import QUOTE_MAX, ExtractedFact, extract_facts
from crawler.pages import HtmlPage, TextBlock

URL = "https://www.council.gov.uk/community-safety/cctv"


def _facts(given: dict[str, Any], kind: str) -> tuple[list[ExtractedFact], list[TextBlock]]:
    """The facts of ``kind`` from a row: an HTML page (``body`` inside ``<main>``) or a document's ``blocks``."""
    url = given.get("url", URL)
    if "blocks" in given:
        blocks = [TextBlock(**block) for block in given["blocks"]]
        found = extract_facts(url, given.get("title", ""), "", blocks, document=True, anchor=given.get("anchor", ""))
    else:
        html = (f"<html lang='{given.get('lang', 'en')}'><head><title>{given.get('title', 'CCTV')}</title>"
                f"{given.get('head', '')}</head><body><main>{given['body']}</main></body></html>")  # fmt: skip
        page = HtmlPage(url, html.encode())
        blocks = page.blocks
        found = extract_facts(url, page.title, page.h1, blocks, links=page.content_links, lang=page.lang,
                              alternates=page.alternates, anchor=given.get("anchor", ""))  # fmt: skip
    return [f for f in found.facts if f.kind == kind], blocks


def _check(case: dict[str, Any], kind: str) -> None:
    facts, blocks = _facts(case["input"], kind)
    got = [{k: fact.value.get(k) for k in want} for fact, want in zip(facts, case["expected"], strict=False)]
    assert got == case["expected"], case.get("why", "")
    assert len(facts) == len(case["expected"]), [f.value for f in facts]
    for fact in facts:
        assert 0 < len(fact.quote) <= QUOTE_MAX
        assert any(fact.quote in b.text and fact.locator == b.locator for b in blocks), "quote and locator agree"


@pytest.mark.table("anpr.json")
def test_extract_anpr(case: dict[str, Any]) -> None:
    _check(case, "anpr")
