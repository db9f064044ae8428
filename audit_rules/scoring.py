"""Scores, coverage and grades, exactly as ``criteria.md`` defines them."""

from __future__ import annotations

from collections.abc import Iterable

from audit_rules.results import POINTS, RuleResult

MIN_COVERAGE = 0.5
"""Below this share of applicable weight judged, a site is "not assessed": no score, no grade."""

GRADE_FLOORS: tuple[tuple[str, float], ...] = (("A", 80.0), ("B", 65.0), ("C", 50.0), ("D", 35.0))


def score_results(results: Iterable[RuleResult]) -> tuple[float | None, str | None, float]:
    """Return (score, grade, coverage) for a site's results.

    Score = 100 × Σ(weight × points) / Σ(weight) over met/partly/not_met criteria; coverage = that weight over
    the weight of every applicable criterion (everything but ``n/a``).
    """
    applicable = [r for r in results if r.status != "n/a"]
    judged = [r for r in applicable if r.status in POINTS]
    applicable_weight = sum(r.weight for r in applicable)
    judged_weight = sum(r.weight for r in judged)
    coverage = judged_weight / applicable_weight if applicable_weight else 0.0
    if not judged_weight or coverage < MIN_COVERAGE:
        return None, None, coverage
    score = 100.0 * sum(r.weight * POINTS[r.status] for r in judged) / judged_weight
    # The grade follows the exact score; only the displayed score is rounded.
    return round(score, 1), grade_for(score), coverage


def grade_for(score: float) -> str:
    """Map a score to its grade letter (A ≥ 80, B ≥ 65, C ≥ 50, D ≥ 35, else E)."""
    for grade, floor in GRADE_FLOORS:
        if score >= floor:
            return grade
    return "E"
