"""Scores, coverage and grades exactly as criteria.md defines them."""

from __future__ import annotations

import pytest

from audit_rules.results import RuleResult
from audit_rules.scoring import grade_for, score_results


def _r(code: str, status: str, weight: int) -> RuleResult:
    return RuleResult(code, code, status, weight, "", (), None, {})


def test_score_over_judged_weight() -> None:
    results = [_r("C01", "met", 3), _r("C05", "partly", 2), _r("C08", "not_met", 2), _r("C18", "met", 3)]
    score, grade, coverage = score_results(results)
    assert score == pytest.approx(100 * (3 + 1 + 0 + 3) / 10)
    assert grade == "B"
    assert coverage == 1.0


def test_na_and_unknown_never_count_as_failure() -> None:
    results = [_r("C01", "met", 3), _r("C24", "n/a", 1), _r("C05", "unknown", 2), _r("C18", "met", 3)]
    score, grade, coverage = score_results(results)
    assert score == 100.0 and grade == "A"
    assert coverage == pytest.approx(6 / 8)


def test_below_half_coverage_is_not_assessed() -> None:
    results = [_r("C01", "met", 3), _r("C05", "unknown", 2), _r("C18", "unknown", 3)]
    assert score_results(results) == (None, None, pytest.approx(3 / 8))


def test_all_unknown() -> None:
    assert score_results([_r("C01", "unknown", 3)]) == (None, None, 0.0)


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (100, "A"),
        (80, "A"),
        (79.99, "B"),
        (65, "B"),
        (64.9, "C"),
        (50, "C"),
        (49.9, "D"),
        (35, "D"),
        (34.9, "E"),
        (0, "E"),
    ],
)
def test_grade_boundaries(score: float, grade: str) -> None:
    assert grade_for(score) == grade
