"""A published agreement between the council (or its CCTV partnership) and a named police force (C20)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.facts import Fact, SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome

NAMES = {
    "isa": "information sharing agreement",
    "dsa": "data sharing agreement",
    "sla": "service level agreement",
    "mou": "memorandum of understanding",
    "protocol": "protocol",
    "agreement": "agreement",
}


def _a(noun: str) -> str:
    return f"{'An' if noun[0] in 'aeiou' else 'A'} {noun}"


def _data(fact: Fact) -> dict[str, Any]:
    value = fact.value
    return {"agreement": {"type": value.get("type"), "force": value.get("force"),
                          "document": value.get("document") or fact.url}}  # fmt: skip


@check("police_agreement", require_named_force=True)
def check_police_agreement(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met when the agreement itself is online and a police force is named; partly when it is only referred to.

    An agreement is online when a page or document is the agreement, or surveillance content links to it. With
    ``require_named_force`` an agreement published with "the police" but no force named anywhere in it or on
    the page that links it is only partly met.
    """
    found = list(site.of_kind("police_agreement"))
    published = [f for f in found if f.value.get("published")]
    named = [f for f in published if f.value.get("force")]
    if named or (published and not options["require_named_force"]):
        best = (named or published)[0]
        kind = NAMES.get(str(best.value.get("type")), "agreement")
        force = best.value.get("force") or "the police"
        where = best.value.get("document") or best.url
        return Outcome(
            "met",
            f"{_a(kind)} with {force} is published ({where}).",
            tuple(f.evidence for f in (named or published)[:3]),
            _data(best),
        )
    if published:
        return Outcome(
            "partly",
            "An agreement with the police is published, but no police force is named with it.",
            tuple(f.evidence for f in published[:3]),
            _data(published[0]),
        )
    if found:
        kind = NAMES.get(str(found[0].value.get("type")), "agreement")
        return Outcome(
            "partly",
            f"{_a(kind)} with the police is referred to, but the agreement itself is not published.",
            tuple(f.evidence for f in found[:3]),
            _data(found[0]),
        )
    return Outcome("not_met", "No agreement between the council and the police was found.")
