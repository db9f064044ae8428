"""The Single Point of Contact (or a CCTV manager post standing in for one), from data/spoc.json."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest

from crawler.extract.spoc import extract_spoc
from crawler.pages import TextBlock


@pytest.mark.table("spoc.json")
def test_extract_spoc(case: dict[str, Any]) -> None:
    blocks = [TextBlock(**block) for block in case["input"]]
    found = extract_spoc(blocks)
    assert (asdict(found) if found else None) == case["expected"], case.get("why", "")
    if found is not None:
        assert len(found.quote) <= 300
        assert any(found.quote in b.text and found.locator == b.locator for b in blocks), "quote and locator agree"
