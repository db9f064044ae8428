"""Surveillance content or a passing mention: page, section, document or None, from data/classify.json."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.extract.classify import classify_page
from crawler.pages import TextBlock


@pytest.mark.table("classify.json")
def test_classify_page(case: dict[str, Any]) -> None:
    given, expected, why = case["input"], case["expected"], case.get("why", "")
    blocks = [TextBlock(**block) for block in given["blocks"]]
    kind = classify_page(
        given["url"],
        given["title"],
        given["h1"],
        blocks,
        document=given.get("document", False),
        anchor=given.get("anchor", ""),
    )
    assert kind.form == expected["form"], f"{kind.reasons} {why}"
    assert kind.is_surveillance == (expected["form"] is not None)
    if "privacy_notice" in expected:
        assert kind.privacy_notice == expected["privacy_notice"], why
    if "blocks" in expected:
        assert [b.text for b in kind.blocks] == expected["blocks"], why
    if kind.is_surveillance:
        assert kind.reasons, "a positive classification says why"
    else:
        assert kind.blocks == (), "a passing mention contributes no surveillance content"
