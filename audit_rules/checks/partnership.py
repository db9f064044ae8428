"""Partnership working (C23): a named CCTV partnership, hub, shared service or monitoring arrangement, and who
monitors the cameras on whose behalf."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.facts import SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome


@check("partnership")
def check_partnership(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met when an arrangement is named and who monitors on whose behalf is said; partly for anything less."""
    found = list(site.of_kind("partnership"))
    full = [f for f in found if f.value.get("monitoring") and f.value.get("arrangement")]
    if full:
        name = next((f.value["name"] for f in full if f.value.get("name")), None)
        named = f" ({name})" if name else ""
        return Outcome(
            "met",
            f"A monitoring arrangement{named} is named and it says who monitors the cameras on whose behalf.",
            tuple(f.evidence for f in full[:3]),
            {"partnership": name},
        )
    if found:
        arrangement = [f for f in found if f.value.get("arrangement") or f.value.get("monitoring")]
        if arrangement:
            name = next((f.value["name"] for f in arrangement if f.value.get("name")), None)
            what = f"A partnership or monitoring arrangement{f' ({name})' if name else ''} is mentioned"
            why = f"{what}, but not both who monitors the cameras and on whose behalf."
        else:
            why = "Only a generic statement of working with the police or partners."
        return Outcome("partly", why, tuple(f.evidence for f in (arrangement or found)[:3]))
    return Outcome("not_met", "No CCTV partnership, hub, shared service or monitoring arrangement was found.")
