"""Kinds of camera system beyond public-space CCTV, with negation and FAQ answers: data/systems.json."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.extract.source import QUOTE_MAX, Source
from crawler.extract.topics.systems import camera_systems
from crawler.pages import Link, TextBlock


def _source(given: str | dict[str, Any]) -> Source:
    """A source from a row: a sentence (one paragraph) or ``{"blocks": [...], "links": [...]}``."""
    if isinstance(given, str):
        given = {"blocks": [{"text": given, "locator": "main > p"}]}
    blocks = [TextBlock(**block) for block in given["blocks"]]
    links = [Link(**link) for link in given.get("links", [])]
    return Source("https://www.council.gov.uk/cctv", "CCTV", "page", blocks, blocks, links)


@pytest.mark.table("systems.json")
def test_camera_systems(case: dict[str, Any]) -> None:
    source = _source(case["input"])
    facts = list(camera_systems(source))
    assert [fact.value for fact in facts] == case["expected"], case.get("why", "")
    for fact in facts:
        assert 0 < len(fact.quote) <= QUOTE_MAX
        assert any(fact.quote in b.text and fact.locator == b.locator for b in source.blocks), "quote and locator agree"
