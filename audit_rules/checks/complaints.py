"""How to complain about the cameras, and the right to complain to the Information Commissioner (C06)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.facts import SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome


@check("complaints")
def check_complaints(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met by a route to complain to the council and the right to complain to the ICO; partly by one of them.

    A bare link to the corporate complaints page is a route: with the ICO mentioned it meets the criterion,
    alone it is partly (criteria.md's "one of the two only").
    """
    facts = list(site.of_kind("complaint"))
    routes = [f for f in facts if f.value.get("route")]
    icos = [f for f in facts if f.value.get("ico")]
    routes.sort(key=lambda f: f.value.get("link") is not None)  # a route in prose is better evidence than a link
    data = {"route": bool(routes), "ico": bool(icos)}
    if routes and icos:
        evidence = tuple(dict.fromkeys((routes[0].evidence, icos[0].evidence)))
        return Outcome("met", "Explains how to complain and mentions the right to complain to the ICO.", evidence, data)
    if routes:
        return Outcome(
            "partly",
            "Gives a route to complain (or a link to the complaints page), but does not mention the right to "
            "complain to the Information Commissioner (ICO).",
            (routes[0].evidence,),
            data,
        )
    if icos:
        return Outcome(
            "partly",
            "Mentions the right to complain to the ICO, but gives no route to complain to the council.",
            (icos[0].evidence,),
            data,
        )
    return Outcome("not_met", "No way to complain about the cameras is given.")
