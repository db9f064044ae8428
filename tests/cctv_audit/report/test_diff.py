"""Diff classification: fixed, regressed, new evidence, and never better or worse through unknown or n/a."""

from __future__ import annotations

from typing import Any

import pytest

from cctv_audit.report.diff import classify, diff_results


def row(status: str, *quotes: str) -> dict[str, Any]:
    return {
        "code": "C05",
        "name": "contact-point",
        "status": status,
        "evidence": [{"url": "https://x.gov.uk/cctv", "quote": q, "locator": "p"} for q in quotes],
    }


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [
        ("not_met", "met", "fixed"),
        ("partly", "met", "fixed"),
        ("not_met", "partly", "fixed"),
        ("met", "partly", "regressed"),
        ("met", "not_met", "regressed"),
        ("partly", "not_met", "regressed"),
        ("met", "unknown", "not_comparable"),
        ("unknown", "met", "not_comparable"),
        ("n/a", "not_met", "not_comparable"),
        ("met", "met", "unchanged"),
        ("unknown", "unknown", "unchanged"),
    ],
)
def test_classify_status_changes(before: str, after: str, kind: str) -> None:
    assert classify(row(before, "q"), row(after, "q")) == kind


def test_same_status_with_different_quotes_is_new_evidence() -> None:
    assert classify(row("met", "old quote"), row("met", "new quote")) == "new_evidence"
    assert classify(row("met", "same"), row("met", "same")) == "unchanged"


def test_missing_sides() -> None:
    assert classify(None, row("met")) == "added"
    assert classify(row("met"), None) == "removed"


def site(gss: str, score: float | None, *rows: dict[str, Any]) -> dict[str, Any]:
    return {
        "authority": {"gss_code": gss, "name": gss, "homepage": f"https://{gss}/"},
        "score": score,
        "grade": None,
        "crawl": {"outcome": "complete"},
        "results": list(rows),
    }


def test_diff_results_per_council() -> None:
    old = [site("E1", 50, row("partly", "a")), site("E2", 80, row("met", "b")), site("E3", 10, row("not_met"))]
    new = [site("E1", 100, row("met", "a2")), site("E2", 80, row("met", "b")), site("E4", 0, row("not_met"))]
    diff = diff_results(old, new)
    by_key = {c["key"]: c for c in diff["councils"]}
    assert set(by_key) == {"E1", "E3", "E4"}, "a council with nothing changed is left out"
    change = by_key["E1"]["changes"][0]
    assert (change["kind"], change["from"], change["to"]) == ("fixed", "partly", "met")
    assert change["evidence_added"] == [{"url": "https://x.gov.uk/cctv", "quote": "a2"}]
    assert change["evidence_removed"] == [{"url": "https://x.gov.uk/cctv", "quote": "a"}]
    assert by_key["E1"]["score"] == {"from": 50, "to": 100}
    assert by_key["E3"]["status"] == "removed" and by_key["E4"]["status"] == "added"
    assert diff["summary"] == {
        "fixed": 1,
        "regressed": 0,
        "new_evidence": 0,
        "not_comparable": 0,
        "added": 1,
        "removed": 1,
    }
