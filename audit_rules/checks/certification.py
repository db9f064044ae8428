"""Independent certification of the camera operation, judged as of the audit date (C17).

The Commissioner's third-party certification scheme closed for good on 21 November 2025 and every certificate
became invalid; from that day only an independent certificate (BS 7958, NSI, SSAIB) can meet the criterion,
and a Commissioner's certification still claimed is a stale claim (also flagged by C25).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.checks.policy import iso, months_before, years_before
from audit_rules.facts import Fact, SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome

INDEPENDENT = {"bs7958": "BS 7958", "nsi": "NSI", "ssaib": "SSAIB"}


def scheme_closed(options: Mapping[str, Any]) -> date:
    return date.fromisoformat(str(options["scheme_closed"]))


def stale_claims(site: SiteFacts, as_of: date, closed: date) -> list[Fact]:
    """Commissioner's certification (or its mark) still claimed as current on or after the scheme closed."""
    if as_of < closed:
        return []
    return [
        f for f in site.of_kind("certification") if f.value.get("scheme") == "scc" and f.value.get("claim") == "current"
    ]


def _valid(fact: Fact, as_of: date, award_from: date) -> bool:
    """Still valid on ``as_of``: an expiry ahead, or (with no expiry given) an award since ``award_from``."""
    if fact.value.get("claim") != "current":
        return False
    expires, awarded = iso(fact.value.get("expires")), iso(fact.value.get("awarded"))
    if expires is not None:
        return expires >= as_of
    return awarded is not None and award_from <= awarded <= as_of


def _scc_window(fact: Fact, as_of: date, options: Mapping[str, Any]) -> date:
    """Step 2 (full) certification lasts five years, step 1 (desktop) twelve months; an unnamed step is taken as
    step 1, the shorter, since the text does not show it was the full audit.
    """
    if fact.value.get("step") == 2:
        return years_before(as_of, int(options["full_years"]))
    return months_before(as_of, int(options["desktop_months"]))


def _describe(fact: Fact) -> str:
    scheme = fact.value.get("scheme")
    name = INDEPENDENT.get(str(scheme), "the Commissioner's third-party certification")
    if scheme == "scc" and fact.value.get("step"):
        name += f" (step {fact.value['step']})"
    dates = [f"awarded {fact.value['awarded']}" if fact.value.get("awarded") else "",
             f"expiring {fact.value['expires']}" if fact.value.get("expires") else ""]  # fmt: skip
    dated = ", ".join(d for d in dates if d)
    return f"{name}{f' ({dated})' if dated else ''}"


@check("certification", scheme_closed="2025-11-21", independent_years=3, full_years=5, desktop_months=12)
def check_certification(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met by a certification still valid on the audit date; partly by one undated, expired or — on or after the
    scheme's closure — the Commissioner's certification alone.
    """
    closed = scheme_closed(options)
    claims = list(site.of_kind("certification"))
    independent = [f for f in claims if f.value.get("scheme") in INDEPENDENT]
    commissioner = [f for f in claims if f.value.get("scheme") == "scc"]
    award_from = years_before(as_of, int(options["independent_years"]))
    valid = [f for f in independent if _valid(f, as_of, award_from)]
    if as_of < closed:
        valid += [f for f in commissioner if _valid(f, as_of, _scc_window(f, as_of, options))]
    stale = stale_claims(site, as_of, closed)
    data = {"stale_claim": bool(stale), "schemes": sorted({str(f.value.get("scheme")) for f in claims})}
    if valid:
        return Outcome(
            "met",
            f"A current certification of the CCTV operation: {_describe(valid[0])}.",
            tuple(f.evidence for f in valid[:3]),
            data,
        )
    if independent:
        return Outcome(
            "partly",
            f"An independent certification is claimed ({_describe(independent[0])}), but without a date that shows "
            "it is still valid.",
            tuple(f.evidence for f in independent[:3]),
            data,
        )
    if commissioner:
        if as_of >= closed:
            why = f"the Commissioner's scheme closed on {closed.isoformat()} and every certificate became invalid" + (
                "; it is still claimed as current (a stale claim)" if stale else ""
            )
        else:
            why = "it has expired or its date is not given"
        return Outcome(
            "partly",
            f"Only the Commissioner's third-party certification is mentioned ({_describe(commissioner[0])}): {why}.",
            tuple(f.evidence for f in commissioner[:3]),
            data,
        )
    return Outcome("not_met", "No certification of the CCTV operation was found.", (), data)
