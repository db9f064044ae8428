"""The stated purposes of the camera system (C02)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.facts import Fact, SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome

LABELS = {
    "crime": "preventing and detecting crime",
    "fear_of_crime": "reducing the fear of crime",
    "public_safety": "public safety",
    "asb": "tackling anti-social behaviour",
    "evidence": "evidence for prosecutions",
    "traffic": "traffic management",
    "town_centre": "town-centre management",
    "property": "protecting council property",
    "emergency": "supporting the emergency services",
    "safeguarding": "finding missing or vulnerable people",
    "environmental": "tackling environmental crime",
}


def _covering(facts: list[Fact]) -> list[Fact]:
    """The fewest facts (greedily, at most three) whose quotes show every purpose found."""
    chosen: list[Fact] = []
    shown: set[str] = set()
    for fact in sorted(facts, key=lambda f: -len(f.value.get("purposes", []))):
        new = set(fact.value.get("purposes", [])) - shown
        if new and len(chosen) < 3:
            chosen.append(fact)
            shown |= new
    return chosen


@check("purpose", min_purposes=2)
def check_purpose(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met by at least ``min_purposes`` distinct purposes; partly by one purpose or only a vague line."""
    found = list(site.of_kind("purpose"))
    stated = [f for f in found if f.value.get("purposes")]
    purposes = sorted({p for f in stated for p in f.value["purposes"]})
    named = ", ".join(LABELS.get(p, p) for p in purposes)
    data = {"purposes": purposes}
    if len(purposes) >= options["min_purposes"]:
        evidence = tuple(f.evidence for f in _covering(stated))
        return Outcome("met", f"{len(purposes)} distinct purposes are stated: {named}.", evidence, data)
    if purposes:
        return Outcome("partly", f"Only one purpose is stated: {named}.", (stated[0].evidence,), data)
    if found:
        return Outcome("partly", "Only a vague purpose is stated (such as “for security”).", (found[0].evidence,), data)
    return Outcome("not_met", "No purpose of the camera system is stated.")
