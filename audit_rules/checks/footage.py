"""How people ask for footage (C07)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.facts import Fact, SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome

EXTRAS = {
    "response_time": "the response time",
    "kept": "how long footage is kept",
    "third_party": "the route for third parties",
}
OBSOLETE = {"obsolete_40_days": "a 40-day response time", "fee_10": "a £10 fee"}


@check("footage_requests")
def check_footage_requests(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met by how individuals ask for their footage plus a response time, retention period or third-party route.

    Partly when the request text cites the repealed 40-day limit or £10 fee, or when only part is given: a
    bare link to the subject access page, or the subject access request named with no route. A third-party
    route alone (the police's request form in an information sharing agreement) does not tell individuals how
    to ask, so it does not count on its own. An explicit retention period anywhere in the surveillance content
    counts as "how long footage is kept".
    """
    facts = list(site.of_kind("footage_request"))
    how = [f for f in facts if f.value.get("how")]
    extras: dict[str, Fact] = {}
    for key in EXTRAS:
        given_by = [f for f in facts if f.value.get(key)]
        if given_by:
            extras[key] = given_by[0]
    if "kept" not in extras:
        kept = next((f for f in site.of_kind("retention") if isinstance(f.value.get("days"), int)), None)
        if kept:
            extras["kept"] = kept
    obsolete = {
        key: next(f for f in facts if f.value.get(key)) for key in OBSOLETE if any(f.value.get(key) for f in facts)
    }
    data = {"how": bool(how), "extras": sorted(extras), "obsolete": sorted(obsolete)}
    given = " and ".join(EXTRAS[k] for k in EXTRAS if k in extras)
    if how and obsolete:
        cited = " and ".join(OBSOLETE[k] for k in OBSOLETE if k in obsolete)
        evidence = (how[0].evidence, *(f.evidence for f in obsolete.values()))
        return Outcome("partly", f"Explains how to ask for footage, but cites obsolete rules: {cited}.",
                       tuple(dict.fromkeys(evidence)), data)  # fmt: skip
    if how and extras:
        evidence = tuple(dict.fromkeys((how[0].evidence, *(f.evidence for f in extras.values()))))[:3]
        return Outcome("met", f"Explains how to ask for footage of yourself, and gives {given}.", evidence, data)
    if how:
        return Outcome(
            "partly",
            "Explains how to ask for footage, but gives no response time, retention period or third-party route.",
            (how[0].evidence,),
            data,
        )
    # criteria.md's partly is the individual's generic route (a link to, or the name of, the subject access
    # request); a response time, a retention line or the police's own route says nothing of how a person asks.
    facts = [f for f in facts if f.value.get("link") or f.value.get("subject_access")]
    if facts:
        linked = [f for f in facts if f.value.get("link")]
        best = (linked or facts)[0]
        what = "only links to the subject access request page" if linked else "mentions footage requests"
        return Outcome("partly", f"The content {what}, without explaining how to ask for footage.",
                       (best.evidence,), data)  # fmt: skip
    return Outcome("not_met", "No information on how to ask for footage was found.")
