"""Transparency about a kind of camera system the council may not use at all: ANPR (C21), and the shared
judgement body-worn video (C22) also uses.

These criteria are ``n/a`` when the council does not use the system, so absence of a mention is not a failure.
A crawl cut short cannot show that nothing mentions council use, so then the result is ``unknown`` instead;
an explicit "we do not use ANPR" is ``n/a`` whatever the crawl.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from audit_rules.facts import SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome


def _and(words: Sequence[str]) -> str:
    return ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else "".join(words)


def judge_system(site: SiteFacts, kind: str, label: str, topics: Sequence[str]) -> Outcome:
    """Met by a page or document dedicated to the system covering every topic; partly by any council use."""
    found = list(site.of_kind(kind))
    council = [f for f in found if f.value.get("use") == "council"]
    if council:
        dedicated = [f for f in council if f.value.get("dedicated")]
        covered = {t for f in dedicated for t in topics if f.value.get(t)}
        missing = [t for t in topics if t not in covered]
        if dedicated and not missing:
            return Outcome(
                "met",
                f"A {label} page or document covers {_and(topics)}.",
                tuple(f.evidence for f in dedicated[:3]),
                {"covered": list(topics)},
            )
        if dedicated:
            why = f"the {label} page or document does not cover {_and(missing)}"
        else:
            mentioned = sorted({t for f in council for t in topics if f.value.get(t)})
            why = f"there is no {label} page or document" + (
                f" (the text covers {_and(mentioned)})" if mentioned else ""
            )
        return Outcome(
            "partly",
            f"The council's use of {label} is mentioned, but {why}.",
            tuple(f.evidence for f in (dedicated or council)[:3]),
            {"covered": sorted(covered)},
        )
    denied = [f for f in found if f.value.get("use") == "none"]
    if denied:
        return Outcome("n/a", f"The council says it does not use {label}.", (denied[0].evidence,))
    if site.outcome != "complete":
        return Outcome("unknown", f"No council use of {label} was found, but the crawl was cut short.")
    police = [f for f in found if f.value.get("use") == "police"]
    if police:
        return Outcome("n/a", f"Only police use of {label} is mentioned, not the council's.", (police[0].evidence,))
    return Outcome("n/a", f"No council use of {label} is mentioned.")


@check("anpr", topics=["purpose", "retention", "sharing"])
def check_anpr(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """ANPR: n/a without council use; met by an ANPR page or document covering every topic in ``topics``."""
    return judge_system(site, "anpr", "ANPR", options["topics"])
