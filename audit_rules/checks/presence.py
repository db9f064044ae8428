"""Whether the authority publishes surveillance content at all (C01)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.facts import SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome


@check("surveillance_page")
def check_surveillance_page(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met by an HTML page about the cameras; partly when they are only a section or only a document."""
    found = list(site.of_kind("surveillance_page"))
    pages = [f for f in found if f.value.get("form") == "page"]
    if pages:
        more = f" (and {len(pages) - 1} more)" if len(pages) > 1 else ""
        return Outcome(
            "met",
            f"A page about the council's surveillance cameras: “{pages[0].value.get('title')}”{more}.",
            tuple(f.evidence for f in pages),
        )
    if found:
        forms = {f.value.get("form") for f in found}
        where = "only inside documents" if forms == {"document"} else "only as a section of a general page"
        if forms == {"section", "document"}:
            where = "only as a section of a general page or inside documents"
        return Outcome(
            "partly",
            f"Information about the cameras was found {where}, not on a page of its own.",
            tuple(f.evidence for f in found),
        )
    return Outcome("not_met", "No page or document about the council's surveillance cameras was found.")
