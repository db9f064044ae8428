"""A completed self-assessment against the Surveillance Camera Code, dated within three years (C16)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.checks.policy import date_evidence, describe, iso, key_documents, own_date, years_before
from audit_rules.facts import Fact, SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome


def _when(fact: Fact, as_of: date) -> date | None:
    if fact.kind == "self_assessment":
        when = iso(fact.value.get("date"))
        return when if when is not None and when <= as_of else None
    return own_date(fact.value, as_of)


def _name(fact: Fact) -> str:
    if fact.kind == "self_assessment":
        return f"a principle-by-principle statement against {fact.value.get('principles')} of the 12 principles"
    return describe(fact)


@check("self_assessment", max_age_years=3)
def check_self_assessment(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met by a published self-assessment (the Commissioner's tool, or a principle-by-principle statement) dated
    within ``max_age_years``; partly when older or undated, or when the council only says it completed one.
    """
    cutoff = years_before(as_of, int(options["max_age_years"]))
    published = key_documents(site, {"self_assessment"})
    published += [f for f in site.of_kind("self_assessment") if f.value.get("via") == "principles"]
    dated = [(f, _when(f, as_of)) for f in published]
    recent = [(f, when) for f, when in dated if when is not None and when >= cutoff]
    if recent:
        best, best_date = max(recent, key=lambda pair: pair[1])
        return Outcome(
            "met",
            f"A completed self-assessment against the Code is published: {_name(best)}, dated {best_date.isoformat()}.",
            date_evidence(site, best, best_date),
            {"document": best.value.get("target") or best.url, "date": best_date.isoformat()},
        )
    if dated:
        fact, when = max(dated, key=lambda pair: pair[1] or cutoff)
        why = (
            f"it is dated {when.isoformat()}, more than {options['max_age_years']} years ago"
            if when
            else "it is undated"
        )
        return Outcome(
            "partly",
            f"A self-assessment against the Code is published ({_name(fact)}), but {why}.",
            date_evidence(site, fact, when),
        )
    statements = [f for f in site.of_kind("self_assessment") if f.value.get("via") == "statement"]
    statements += [f for f in site.of_kind("document_mention") if f.value.get("kind") == "self_assessment"]
    if statements:
        return Outcome(
            "partly",
            "The council says it completed a self-assessment against the Code, but does not publish it.",
            tuple(f.evidence for f in statements[:3]),
        )
    return Outcome("not_met", "No self-assessment against the Surveillance Camera Code was found.")
