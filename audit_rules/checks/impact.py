"""A published data protection impact assessment for a camera system (C10)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.checks.policy import describe, key_documents
from audit_rules.facts import SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome


@check("impact_assessment")
def check_impact_assessment(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met by a DPIA or PIA published (a page, a document, a link to one, or a substantive summary); partly by a
    statement that DPIAs are carried out, or that one is available on request.
    """
    published = key_documents(site, {"dpia"})
    if published:
        fact = published[0]
        return Outcome(
            "met",
            f"A data protection impact assessment is published: {describe(fact)}.",
            tuple(f.evidence for f in published[:3]),
            {"document": fact.value.get("target") or fact.url},
        )
    found = list(site.of_kind("impact_assessment"))
    summaries = [f for f in found if f.value.get("via") == "summary"]
    if summaries:
        substance = ", ".join(summaries[0].value.get("substance") or [])
        return Outcome(
            "met",
            f"A summary of the data protection impact assessment is published (it covers {substance}).",
            (summaries[0].evidence,),
        )
    on_request = [f for f in site.of_kind("document_mention") if f.value.get("kind") == "dpia"]
    statements = [f for f in found if f.value.get("via") == "statement"] + on_request
    if statements:
        return Outcome(
            "partly",
            "The council says impact assessments are carried out, but none is published.",
            tuple(f.evidence for f in statements[:3]),
        )
    return Outcome("not_met", "No data protection impact assessment, or statement that one was made, was found.")
