"""National figures computed from site results alone: success measures, compliance per criterion, distributions.

Pure functions over the ``cctv-audit/site-result/1`` objects, so the dashboard, the trends and the tests all
count the same way. ``n/a`` and ``unknown`` are never counted as failures: every percentage is over the
authorities *assessed* for the criteria it depends on, and that denominator is always reported with it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ASSESSED = ("met", "partly", "not_met")
"""Statuses that count as judged; ``unknown`` (could not be judged) and ``n/a`` (does not apply) do not."""
STATUSES = ("met", "partly", "not_met", "unknown", "n/a")
GRADES = ("A", "B", "C", "D", "E")
NOT_ASSESSED = "not assessed"
SCORE_BUCKETS = tuple((low, low + 10) for low in range(0, 100, 10))


def statuses(result: Mapping[str, Any]) -> dict[str, str]:
    """``{code: status}`` for one site result."""
    return {r["code"]: r["status"] for r in result.get("results", [])}


def result_key(result: Mapping[str, Any]) -> str:
    """A stable key for a site result: the GSS code, or the homepage for a site outside the register."""
    authority = result.get("authority") or {}
    return str(authority.get("gss_code") or authority.get("homepage") or "")


@dataclass(frozen=True)
class MeasureLine:
    """One figure of a deliverable: the share of assessed authorities whose ``codes`` all have an accepted status.

    ``flag`` replaces the status test by a per-authority flag (e.g. "claimed the Commissioner's certification"),
    still counted over the authorities assessed on ``codes``.
    """

    label: str
    codes: tuple[str, ...]
    accepted: frozenset[str] = frozenset({"met"})
    flag: str | None = None


@dataclass(frozen=True)
class Deliverable:
    """A deliverable of the national strategy's local-authority strand and its success measure (criteria.md)."""

    number: str
    title: str
    short: str
    """A few words for chart legends."""
    target: float | None
    lines: tuple[MeasureLine, ...] = field(default=())


CLAIMED_SC_CERTIFICATION = "claimed_sc_certification"

DELIVERABLES: tuple[Deliverable, ...] = (
    Deliverable(
        "5.1",
        "Information on surveillance cameras on every LA website",
        "CCTV page",
        100.0,
        (
            MeasureLine("C01 met: a findable CCTV page", ("C01",)),
            MeasureLine("C01 met or partly: the information exists", ("C01",), frozenset({"met", "partly"})),
        ),
    ),
    Deliverable(
        "5.2",
        "Third-party certification of the main system",
        "certification",
        50.0,
        (
            MeasureLine("C17 met: a current independent certification", ("C17",)),
            MeasureLine("Ever claimed the Commissioner's certification", ("C17",), flag=CLAIMED_SC_CERTIFICATION),
        ),
    ),
    Deliverable("5.3", "A published Single Point of Contact", "SPOC", 100.0, (MeasureLine("C18 met", ("C18",)),)),
    Deliverable(
        "5.4",
        "Police agreements signed off and published",
        "police agreement",
        100.0,
        (MeasureLine("C20 met", ("C20",)),),
    ),
    Deliverable(
        "5.5",
        "Agreements covering all forms of surveillance camera system",
        "all systems",
        100.0,
        (MeasureLine("C20 met and C19 met", ("C20", "C19")),),
    ),
    Deliverable("5.6", "Partnership working", "partnership", None, (MeasureLine("C23 met", ("C23",)),)),
)


def percent(numerator: int, denominator: int) -> float | None:
    """A percentage rounded to one decimal, or None when nothing was assessed (never a misleading 0%)."""
    return round(100.0 * numerator / denominator, 1) if denominator else None


def measure_line(
    results: Sequence[Mapping[str, Any]], line: MeasureLine, flags: Mapping[str, Mapping[str, bool]] | None = None
) -> dict[str, Any]:
    """Numerator, denominator and percentage of one measure line over ``results``."""
    flags = flags or {}
    present = {code for result in results for code in statuses(result)}
    assessed = numerator = 0
    for result in results:
        status = statuses(result)
        if not all(status.get(code) in ASSESSED for code in line.codes):
            continue
        assessed += 1
        if line.flag is not None:
            numerator += bool(flags.get(result_key(result), {}).get(line.flag))
        elif all(status[code] in line.accepted for code in line.codes):
            numerator += 1
    return {
        "label": line.label,
        "codes": list(line.codes),
        "available": all(code in present for code in line.codes),
        "numerator": numerator,
        "denominator": assessed,
        "percent": percent(numerator, assessed),
    }


def success_measures(
    results: Sequence[Mapping[str, Any]], flags: Mapping[str, Mapping[str, bool]] | None = None
) -> list[dict[str, Any]]:
    """The national success measures for deliverables 5.1–5.6, each line with its denominator."""
    return [
        {
            "deliverable": d.number,
            "title": d.title,
            "short": d.short,
            "target": d.target,
            "lines": [measure_line(results, line, flags) for line in d.lines],
        }
        for d in DELIVERABLES
    ]


def codes_in(results: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every criterion code the results contain, in code order (the pack grows; nothing here is hard-coded)."""
    return sorted({code for result in results for code in statuses(result)})


def compliance(results: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per criterion: how many authorities have each status, and the share met among those assessed."""
    names: dict[str, str] = {}
    weights: dict[str, int] = {}
    counts: dict[str, Counter[str]] = {}
    for result in results:
        for row in result.get("results", []):
            names.setdefault(row["code"], row.get("name", ""))
            weights.setdefault(row["code"], row.get("weight", 0))
            counts.setdefault(row["code"], Counter())[row["status"]] += 1
    rows = []
    for code in sorted(counts):
        count = counts[code]
        assessed = sum(count[s] for s in ASSESSED)
        rows.append(
            {
                "code": code,
                "name": names[code],
                "weight": weights[code],
                "counts": {s: count[s] for s in STATUSES},
                "assessed": assessed,
                "percent_met": percent(count["met"], assessed),
                "percent_met_or_partly": percent(count["met"] + count["partly"], assessed),
            }
        )
    return rows


def grade_distribution(results: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Authorities per grade, plus those not assessed (coverage below 50%: no score, no grade)."""
    count = Counter(result.get("grade") or NOT_ASSESSED for result in results)
    return {grade: count[grade] for grade in (*GRADES, NOT_ASSESSED)}


def score_histogram(results: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Scores in ten-point buckets (the last one includes 100)."""
    scores = [r["score"] for r in results if r.get("score") is not None]
    rows = []
    for low, high in SCORE_BUCKETS:
        last = high == 100
        n = sum(1 for s in scores if low <= s < high or (last and s == 100))
        rows.append({"label": f"{low}–{high}", "low": low, "high": high, "count": n})
    return rows


def outcome_counts(results: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Authorities per crawl outcome, most common first."""
    return dict(Counter((r.get("crawl") or {}).get("outcome") or "none" for r in results).most_common())


def summary(results: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Headline numbers: authorities reported, assessed (scored), mean and median score."""
    scores = sorted(r["score"] for r in results if r.get("score") is not None)
    median = None
    if scores:
        mid = len(scores) // 2
        median = scores[mid] if len(scores) % 2 else round((scores[mid - 1] + scores[mid]) / 2, 1)
    return {
        "authorities": len(results),
        "scored": len(scores),
        "mean_score": round(sum(scores) / len(scores), 1) if scores else None,
        "median_score": median,
    }
