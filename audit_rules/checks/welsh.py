"""Welsh-language versions of the main CCTV page and of the CCTV privacy notice or policy (C24)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.facts import SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome

HOW = {"text": "in Welsh", "lang": "marked as Welsh", "path": "under /cy/", "hreflang": "declared as an alternate"}


@check("welsh_language")
def check_welsh_language(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met by Welsh versions of both the CCTV page and the privacy notice or policy; partly by one of them."""
    found = list(site.of_kind("welsh_version"))
    page = [f for f in found if f.value.get("role") == "main"]
    notice = [f for f in found if f.value.get("role") in ("privacy", "policy")]
    parts = []
    if page:
        parts.append(f"the CCTV page ({page[0].value.get('welsh_url')}, {HOW.get(str(page[0].value.get('how')), '')})")
    if notice:
        first = notice[0].value
        label = "privacy notice" if first.get("role") == "privacy" else "policy"
        parts.append(f"the CCTV {label} ({first.get('welsh_url')}, {HOW.get(str(first.get('how')), '')})")
    evidence = tuple(f.evidence for f in [*page[:2], *notice[:2]])
    data = {"welsh_urls": list(dict.fromkeys(f.value.get("welsh_url") for f in [*page, *notice]))}
    if page and notice:
        return Outcome("met", f"Welsh versions of {' and '.join(parts)}.", evidence, data)
    if page or notice:
        missing = "the CCTV privacy notice or policy" if page else "the main CCTV page"
        return Outcome("partly", f"A Welsh version of {parts[0]}, but none of {missing}.", evidence, data)
    return Outcome("not_met", "No Welsh-language version of the CCTV page, privacy notice or policy was found.")
