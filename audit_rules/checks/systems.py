"""Which camera systems beyond public-space CCTV the content covers (C19)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.facts import Fact, SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome

LABELS = {
    "body_worn": "body-worn video",
    "anpr": "ANPR",
    "vehicle": "vehicle cameras",
    "redeployable": "redeployable or mobile cameras",
    "drone": "drones",
    "premises": "CCTV in council buildings or housing",
}


@check("all_systems", min_kinds=2)
def check_all_systems(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met when at least ``min_kinds`` kinds beyond public-space CCTV are covered; partly for exactly one."""
    first: dict[str, Fact] = {}
    for fact in site.of_kind("camera_systems"):
        for kind in fact.value.get("kinds", []):
            first.setdefault(kind, fact)
    kinds = sorted(first)
    named = ", ".join(LABELS.get(k, k) for k in kinds)
    evidence = tuple(dict.fromkeys(f.evidence for f in first.values()))[:3]
    data = {"kinds": kinds}
    if len(kinds) >= options["min_kinds"]:
        return Outcome("met", f"Covers {len(kinds)} kinds of camera beyond public-space CCTV: {named}.", evidence, data)
    if kinds:
        return Outcome("partly", f"Covers one kind of camera beyond public-space CCTV: {named}.", evidence, data)
    return Outcome("not_met", "No camera system beyond public-space CCTV (body-worn video, ANPR…) is covered.")
