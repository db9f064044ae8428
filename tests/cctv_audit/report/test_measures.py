"""National success measures: the right numerators and denominators, with n/a and unknown never counted."""

from __future__ import annotations

from typing import Any

import pytest

from cctv_audit.report import measures


def result(
    gss: str, statuses: dict[str, str], score: float | None = 50.0, grade: str | None = "C", outcome: str = "complete"
) -> dict[str, Any]:
    return {
        "authority": {"gss_code": gss, "homepage": f"https://{gss}.example/"},
        "score": score,
        "grade": grade,
        "crawl": {"outcome": outcome},
        "results": [
            {"code": c, "name": c.lower(), "status": s, "weight": 1, "evidence": []} for c, s in statuses.items()
        ],
    }


def line(measure_list: list[dict[str, Any]], deliverable: str, index: int = 0) -> dict[str, Any]:
    return next(m for m in measure_list if m["deliverable"] == deliverable)["lines"][index]


RESULTS = [
    result("E1", {"C01": "met", "C17": "met", "C18": "met", "C19": "met", "C20": "met", "C23": "not_met"}),
    result("E2", {"C01": "partly", "C17": "partly", "C18": "not_met", "C19": "met", "C20": "partly", "C23": "met"}),
    result("E3", {"C01": "not_met", "C17": "not_met", "C18": "not_met", "C19": "n/a", "C20": "not_met", "C23": "n/a"}),
    result(
        "E4",
        {"C01": "unknown", "C17": "unknown", "C18": "unknown", "C19": "unknown", "C20": "unknown", "C23": "unknown"},
        score=None,
        grade=None,
        outcome="blocked",
    ),
    result("W1", {"C01": "met", "C17": "n/a", "C18": "partly", "C19": "not_met", "C20": "met", "C23": "partly"}),
]


def test_measures_count_only_the_authorities_assessed() -> None:
    found = measures.success_measures(RESULTS, {"E2": {measures.CLAIMED_SC_CERTIFICATION: True}})
    assert [m["deliverable"] for m in found] == ["5.1", "5.2", "5.3", "5.4", "5.5", "5.6"]
    # 5.1: E4 is unknown and left out of the denominator, not counted as a failure.
    first = line(found, "5.1")
    assert (first["numerator"], first["denominator"], first["percent"]) == (2, 4, 50.0)
    assert (line(found, "5.1", 1)["numerator"], line(found, "5.1", 1)["denominator"]) == (3, 4)
    # 5.2: W1's n/a is excluded like unknown; the claim flag counts over the same denominator.
    assert (line(found, "5.2")["numerator"], line(found, "5.2")["denominator"]) == (1, 3)
    assert (line(found, "5.2", 1)["numerator"], line(found, "5.2", 1)["percent"]) == (1, 33.3)
    assert (line(found, "5.3")["numerator"], line(found, "5.3")["denominator"]) == (1, 4)
    assert (line(found, "5.4")["numerator"], line(found, "5.4")["denominator"]) == (2, 4)
    # 5.5 needs both C20 and C19 assessed (E3's C19 is n/a) and both met.
    assert (line(found, "5.5")["numerator"], line(found, "5.5")["denominator"]) == (1, 3)
    assert (line(found, "5.6")["numerator"], line(found, "5.6")["denominator"]) == (1, 3)
    assert next(m for m in found if m["deliverable"] == "5.6")["target"] is None


def test_nothing_assessed_gives_no_percentage_rather_than_zero() -> None:
    found = measures.success_measures([RESULTS[3]])
    assert line(found, "5.1") == {
        "label": line(found, "5.1")["label"],
        "codes": ["C01"],
        "available": True,
        "numerator": 0,
        "denominator": 0,
        "percent": None,
    }


def test_a_criterion_missing_from_the_results_is_reported_unavailable() -> None:
    found = measures.success_measures([result("E1", {"C01": "met"})])
    assert line(found, "5.1")["available"] is True
    assert line(found, "5.4")["available"] is False


def test_compliance_counts_every_status_and_percent_over_assessed() -> None:
    rows = {r["code"]: r for r in measures.compliance(RESULTS)}
    assert list(rows) == ["C01", "C17", "C18", "C19", "C20", "C23"]
    assert rows["C19"]["counts"] == {"met": 2, "partly": 0, "not_met": 1, "unknown": 1, "n/a": 1}
    assert rows["C19"]["assessed"] == 3
    assert rows["C19"]["percent_met"] == pytest.approx(66.7)
    assert rows["C01"]["percent_met_or_partly"] == 75.0


def test_distributions_and_summary() -> None:
    scored = [
        result("E1", {}, 100.0, "A"),
        result("E2", {}, 64.9, "C"),
        result("E3", {}, 0.0, "E"),
        result("E4", {}, None, None),
    ]
    assert measures.grade_distribution(scored) == {"A": 1, "B": 0, "C": 1, "D": 0, "E": 1, "not assessed": 1}
    histogram = {row["label"]: row["count"] for row in measures.score_histogram(scored)}
    assert histogram["90–100"] == 1 and histogram["60–70"] == 1 and histogram["0–10"] == 1
    assert sum(histogram.values()) == 3
    assert measures.summary(scored) == {"authorities": 4, "scored": 3, "mean_score": 55.0, "median_score": 64.9}
    assert measures.outcome_counts(RESULTS) == {"complete": 4, "blocked": 1}
    assert measures.codes_in(RESULTS) == ["C01", "C17", "C18", "C19", "C20", "C23"]
