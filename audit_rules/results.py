"""What the rules engine produces: one result per criterion, and the site's score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from audit_rules.facts import Evidence

STATUSES = ("met", "partly", "not_met", "n/a", "unknown")
POINTS: Mapping[str, float] = {"met": 1.0, "partly": 0.5, "not_met": 0.0}
"""Points per status; ``n/a`` and ``unknown`` have none and never count as failure."""


@dataclass(frozen=True)
class Outcome:
    """What a check function returns: a status, the evidence behind it, and why."""

    status: str
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)
    """Values the check extracted that the report shows (the SPOC, a retention period in days…)."""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}; expected one of {STATUSES}")


@dataclass(frozen=True)
class RuleResult:
    """The judgement of one criterion for one site."""

    code: str
    name: str
    status: str
    weight: int
    explanation: str
    evidence: tuple[Evidence, ...]
    how_to_fix: str | None
    """Shown only when the criterion is not fully met."""
    data: Mapping[str, Any]

    @property
    def points(self) -> float | None:
        return POINTS.get(self.status)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "status": self.status,
            "weight": self.weight,
            "evidence": [e.as_dict() for e in self.evidence],
            "explanation": self.explanation,
            "how_to_fix": self.how_to_fix,
        }


@dataclass(frozen=True)
class SiteAudit:
    """All results for one site, with the score computed as criteria.md says."""

    rulepack: str
    profile: str
    results: tuple[RuleResult, ...]
    score: float | None
    grade: str | None
    coverage: float

    def result(self, code: str) -> RuleResult | None:
        return next((r for r in self.results if r.code == code), None)
