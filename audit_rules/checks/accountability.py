"""Who owns the camera system and who is responsible for running it (C13)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.facts import SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome


@check("accountability")
def check_accountability(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met when the owner or data controller and a responsible manager or SRO are both named."""
    facts = list(site.of_kind("accountability"))
    owners = [f for f in facts if f.value.get("owner")]
    # A designated Senior Responsible Officer is the clearest answer; prefer it as evidence.
    managers = sorted((f for f in facts if f.value.get("manager")), key=lambda f: not f.value.get("sro"))
    owner = owners[0].value["owner"] if owners else None
    manager = managers[0].value["manager"] if managers else None
    data = {"owner": owner, "manager": manager}
    if owners and managers:
        evidence = tuple(dict.fromkeys((owners[0].evidence, managers[0].evidence)))
        return Outcome("met", f"Owner: {owner}; responsible: {manager}.", evidence, data)
    if owners:
        return Outcome(
            "partly",
            f"Names the owner ({owner}), but no responsible manager or Senior Responsible Officer.",
            (owners[0].evidence,),
            data,
        )
    if managers:
        return Outcome(
            "partly",
            f"Names a responsible post ({manager}), but not the owner or data controller.",
            (managers[0].evidence,),
            data,
        )
    return Outcome("not_met", "Neither the owner of the system nor a responsible manager is named.")
