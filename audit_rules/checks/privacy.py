"""A privacy notice dedicated to the cameras, covering at least five of the nine elements (C09)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.facts import SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome

ELEMENT_NAMES = {
    "controller": "the data controller",
    "dpo": "the data protection officer's contact",
    "purposes": "purposes",
    "lawful_basis": "the lawful basis",
    "recipients": "recipients and sharing",
    "retention": "retention",
    "rights": "individuals' rights",
    "ico_complaint": "the right to complain to the ICO",
    "ico_registration": "the ICO registration number",
}


def _names(elements: list[str]) -> str:
    return ", ".join(ELEMENT_NAMES.get(e, e) for e in elements) or "none of the elements"


@check("privacy_notice", min_elements=5)
def check_privacy_notice(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met by a dedicated CCTV (or BWV, ANPR) notice covering ``min_elements`` of the nine; partly by a dedicated
    notice covering fewer, or by a general privacy notice with a CCTV section.
    """
    notices = list(site.of_kind("privacy_notice"))
    if notices:
        best = max(notices, key=lambda f: int(f.value.get("count") or 0))
        elements = sorted(best.value.get("elements") or [])
        shown = [f for f in site.of_kind("privacy_element") if f.url == best.url]
        evidence = (best.evidence, *(f.evidence for f in shown))
        data = {"notice": best.url, "elements": elements, "count": len(elements)}
        minimum = int(options["min_elements"])
        if len(elements) >= minimum:
            return Outcome(
                "met",
                f"A privacy notice dedicated to the cameras covers {len(elements)} of the 9 elements: "
                f"{_names(elements)}.",
                evidence,
                data,
            )
        return Outcome(
            "partly",
            f"A privacy notice dedicated to the cameras covers only {len(elements)} of the 9 elements "
            f"({_names(elements)}); at least {minimum} are needed.",
            evidence,
            data,
        )
    general = [f for f in site.of_kind("surveillance_page") if f.value.get("privacy_notice")]
    if general:
        return Outcome(
            "partly",
            "CCTV is covered only by a general privacy notice, not by a notice dedicated to the cameras.",
            tuple(f.evidence for f in general[:3]),
        )
    return Outcome("not_met", "No privacy notice covering the cameras was found.")
