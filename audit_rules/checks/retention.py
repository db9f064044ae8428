"""How long recordings are kept (C08)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.facts import SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome


@check("retention_period")
def check_retention_period(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met by an explicit period for recordings; partly by "no longer than necessary" and the like."""
    found = list(site.of_kind("retention"))
    explicit = [f for f in found if isinstance(f.value.get("days"), int)]
    if explicit:
        days, _ = Counter(f.value["days"] for f in explicit).most_common(1)[0]
        chosen = [f for f in explicit if f.value["days"] == days]
        others = sorted({f.value["days"] for f in explicit} - {days})
        note = f" Other periods also stated: {', '.join(map(str, others))} days." if others else ""
        return Outcome(
            "met",
            f"Recordings are kept for {days} days.{note}",
            tuple(f.evidence for f in chosen[:3]),
            {"retention_days": days},
        )
    if found:
        return Outcome(
            "partly",
            "Only a vague retention statement, with no period.",
            tuple(f.evidence for f in found[:3]),
        )
    return Outcome("not_met", "No retention period for recordings was found.")
