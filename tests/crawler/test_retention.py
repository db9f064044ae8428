"""Retention periods in days, vague statements, and sentences that only look like retention: data/retention.json."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.extract.retention import extract_retention


@pytest.mark.table("retention.json")
def test_extract_retention(case: dict[str, Any]) -> None:
    found = extract_retention(case["input"])
    got = None if found is None else {"days": found.days, "phrase": found.phrase}
    assert got == case["expected"], case.get("why", "")
    if found is not None:
        assert found.phrase in case["input"], "the phrase is quoted from the sentence"
