"""The legal framework named: the Surveillance Camera Code / PoFA 2012 and data-protection law (C03)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.facts import Fact, SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome

CODE_GROUP = frozenset({"sc_code", "pofa"})
DATA_PROTECTION_GROUP = frozenset({"dpa_2018", "dpa_1998", "dpa", "uk_gdpr", "gdpr", "lawful_basis"})
LABELS = {
    "sc_code": "the Surveillance Camera Code of Practice",
    "pofa": "the Protection of Freedoms Act 2012",
    "dpa_2018": "the Data Protection Act 2018",
    "dpa_1998": "the Data Protection Act 1998",
    "dpa": "the Data Protection Act",
    "uk_gdpr": "the UK GDPR",
    "gdpr": "the GDPR",
    "lawful_basis": "a lawful basis for processing",
}


def _first(facts: list[Fact], group: frozenset[str]) -> Fact | None:
    return next((f for f in facts if group & set(f.value.get("laws", []))), None)


@check("legal_framework")
def check_legal_framework(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met when both the Code (or PoFA) and data-protection law are named; partly when only one group is."""
    facts = list(site.of_kind("legal"))
    laws = sorted({law for f in facts for law in f.value.get("laws", [])})
    code, data_protection = _first(facts, CODE_GROUP), _first(facts, DATA_PROTECTION_GROUP)
    named = ", ".join(LABELS.get(law, law) for law in laws)
    data = {"laws": laws}
    if code and data_protection:
        evidence = tuple(dict.fromkeys((code.evidence, data_protection.evidence)))
        return Outcome("met", f"Names {named}.", evidence, data)
    if code:
        return Outcome(
            "partly", f"Names {named}, but no data-protection law (DPA 2018, UK GDPR).", (code.evidence,), data
        )
    if data_protection:
        return Outcome(
            "partly",
            f"Names {named}, but not the Surveillance Camera Code of Practice or the Protection of Freedoms Act 2012.",
            (data_protection.evidence,),
            data,
        )
    return Outcome("not_met", "Neither the Surveillance Camera Code nor data-protection law is named.")
