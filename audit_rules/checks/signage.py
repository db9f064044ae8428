"""Signs at camera sites (C12)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.facts import SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome


@check("signage")
def check_signage(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met when signs are said to be displayed and to identify the operator or give contact details."""
    facts = list(site.of_kind("signage"))
    telling = [f for f in facts if f.value.get("operator") or f.value.get("contact")]
    if telling:
        best = telling[0]
        what = " and ".join(
            w
            for w, k in (("who operates the cameras", "operator"), ("contact details", "contact"))
            if best.value.get(k)
        )
        return Outcome("met", f"Signs are displayed and show {what}.", (best.evidence,), {"signs": True})
    if facts:
        return Outcome(
            "partly",
            "Signs are mentioned, but not that they identify the operator or give contact details.",
            (facts[0].evidence,),
            {"signs": True},
        )
    return Outcome("not_met", "No mention of signs at camera sites was found.")
