"""Footage requests: subject access routes, third parties, response times, obsolete rules: data/footage.json."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.extract.source import QUOTE_MAX, Source
from crawler.extract.topics.footage import footage_requests
from crawler.pages import Link, TextBlock


def _source(given: str | dict[str, Any]) -> Source:
    """A source from a row: a sentence (one paragraph) or ``{"blocks": [...], "links": [...]}``."""
    if isinstance(given, str):
        given = {"blocks": [{"text": given, "locator": "main > p"}]}
    blocks = [TextBlock(**block) for block in given["blocks"]]
    links = [Link(**link) for link in given.get("links", [])]
    return Source("https://www.council.gov.uk/cctv", "CCTV", "page", blocks, blocks, links)


@pytest.mark.table("footage.json")
def test_footage_requests(case: dict[str, Any]) -> None:
    source = _source(case["input"])
    facts = list(footage_requests(source))
    assert [fact.value for fact in facts] == case["expected"], case.get("why", "")
    for fact in facts:
        assert 0 < len(fact.quote) <= QUOTE_MAX
        assert any(fact.quote in b.text and fact.locator == b.locator for b in source.blocks), "quote and locator agree"
