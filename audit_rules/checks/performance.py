"""Published performance figures for the camera system, for a recent period (C15)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.checks.policy import iso, months_before
from audit_rules.facts import Fact, SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome


def _indicators(facts: list[Fact]) -> list[str]:
    return sorted({str(f.value.get("indicator")) for f in facts})


def _evidence(facts: list[Fact]) -> tuple[Any, ...]:
    """One quote per indicator."""
    first: dict[str, Fact] = {}
    for fact in facts:
        first.setdefault(str(fact.value.get("indicator")), fact)
    return tuple(f.evidence for f in first.values())


@check("performance_figures", min_indicators=3, max_age_months=24)
def check_performance_figures(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met by ``min_indicators`` distinct indicators for a period that ended within ``max_age_months``; partly by
    fewer, or by figures that are older or give no period.
    """
    cutoff = months_before(as_of, int(options["max_age_months"]))
    minimum = int(options["min_indicators"])
    figures = list(site.of_kind("performance_figure"))
    recent = [f for f in figures if (end := iso(f.value.get("period_end"))) is not None and end >= cutoff]
    if len(_indicators(recent)) >= minimum:
        names = _indicators(recent)
        end = max(iso(f.value.get("period_end")) or cutoff for f in recent)
        return Outcome(
            "met",
            f"{len(names)} performance indicators are published for a period ending {end.isoformat()}: "
            f"{', '.join(names)}.",
            _evidence(recent),
            {"indicators": names, "period_end": end.isoformat()},
        )
    if figures:
        names = _indicators(figures)
        if recent:
            why = f"only {len(_indicators(recent))} indicator(s) for a recent period ({', '.join(_indicators(recent))})"
        elif any(f.value.get("period_end") for f in figures):
            why = f"the figures ({', '.join(names)}) are for a period that ended more than "
            why += f"{options['max_age_months']} months ago"
        else:
            why = f"the figures ({', '.join(names)}) give no period"
        return Outcome("partly", f"Performance figures are published, but {why}.", _evidence(recent or figures),
                       {"indicators": names})  # fmt: skip
    return Outcome("not_met", "No performance figures for the CCTV system were found.")
