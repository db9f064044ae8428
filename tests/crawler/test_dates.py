"""Dates with their roles, and report periods with their end dates: data/dates.json, data/dates_periods.json."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.extract.dates import extract_dates, extract_periods


@pytest.mark.table("dates.json")
def test_extract_dates(case: dict[str, Any]) -> None:
    text = case["input"]["text"]
    found = extract_dates(text, years=case["input"].get("years", False))
    got = [[d.role, d.value.isoformat(), d.phrase] for d in found]
    assert got == case["expected"], case.get("why", "")
    for d in found:
        assert text[d.start : d.start + len(d.phrase)] == d.phrase


@pytest.mark.table("dates_periods.json")
def test_extract_periods(case: dict[str, Any]) -> None:
    text = case["input"]["text"]
    found = extract_periods(text, years=case["input"].get("years", False))
    got = [[p.end.isoformat(), p.phrase] for p in found]
    assert got == case["expected"], case.get("why", "")
    for p in found:
        assert p.phrase in text
