"""Contact routes for the system (C05) and the designated Single Point of Contact (C18)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.facts import Fact, SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome


def _describe(fact: Fact) -> str:
    return f"{fact.value.get('channel')} {fact.value.get('address')}"


@check("contact_point")
def check_contact_point(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met by a surveillance-specific email, phone or form; partly when only generic routes are given."""
    contacts = list(site.of_kind("contact"))
    specific = [f for f in contacts if f.value.get("specific")]
    if specific:
        routes = ", ".join(dict.fromkeys(_describe(f) for f in specific))
        return Outcome("met", f"Surveillance-specific contact: {routes}.", tuple(f.evidence for f in specific[:3]))
    if contacts:
        routes = ", ".join(dict.fromkeys(_describe(f) for f in contacts))
        return Outcome(
            "partly",
            f"Only a generic contact is given with the surveillance content: {routes}.",
            tuple(f.evidence for f in contacts[:3]),
        )
    return Outcome("not_met", "No contact route was found with the surveillance content.")


def _spoc_data(fact: Fact) -> dict[str, Any]:
    value = fact.value
    return {
        "name": value.get("name"),
        "role": value.get("role"),
        "email": value.get("email"),
        "phone": value.get("phone"),
        "url": fact.url,
    }


def _has_route(fact: Fact) -> bool:
    return bool(fact.value.get("email") or fact.value.get("phone"))


@check("spoc")
def check_spoc(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met by an explicit SPOC designation with an email or phone alongside it.

    Partly for a designation with no contact route, or for a named CCTV manager post with a direct contact
    but no designation; in that case the post is reported as the SPOC, as criteria.md asks.
    """
    candidates = list(site.of_kind("spoc"))
    designated = [f for f in candidates if f.value.get("designated")]
    with_route = [f for f in designated if _has_route(f)]
    if with_route:
        best = with_route[0]
        who = best.value.get("name") or best.value.get("role") or "a team"
        return Outcome(
            "met",
            f"{who} is designated as the single point of contact, with a contact route.",
            (best.evidence,),
            {"spoc": _spoc_data(best)},
        )
    if designated:
        best = designated[0]
        return Outcome(
            "partly",
            "A single point of contact is designated, but no email or phone is given alongside it.",
            (best.evidence,),
            {"spoc": _spoc_data(best)},
        )
    managers = [f for f in candidates if _has_route(f)]
    if managers:
        best = managers[0]
        return Outcome(
            "partly",
            f"No single point of contact is designated, but the post “{best.value.get('role')}” has a direct contact.",
            (best.evidence,),
            {"spoc": _spoc_data(best)},
        )
    return Outcome("not_met", "No single point of contact for surveillance cameras was found.")
