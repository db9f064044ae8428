"""A published annual report or review of the camera system for a recent period (C14)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.checks.policy import date_evidence, describe, iso, key_documents, months_before, own_date
from audit_rules.facts import Fact, SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome


def report_end(fact: Fact, as_of: date) -> date | None:
    """When the period a report covers ended; for a report that names no period, the date it gives itself."""
    return iso(fact.value.get("period_end")) or own_date(fact.value, as_of)


def _name(fact: Fact) -> str:
    if fact.kind == "annual_report":
        return f"the section “{fact.quote[:120]}”"
    return describe(fact)


@check("annual_report", max_age_months=24)
def check_annual_report(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met by an annual report or review for a period that ended within ``max_age_months``; partly by older or
    undated reports, or by a statement that an annual review happens without one being published.
    """
    cutoff = months_before(as_of, int(options["max_age_months"]))
    published = key_documents(site, {"annual_report"})
    published += [f for f in site.of_kind("annual_report") if f.value.get("via") == "section"]
    ended = [(f, report_end(f, as_of)) for f in published]
    recent = [(f, end) for f, end in ended if end is not None and end >= cutoff]
    if recent:
        best, best_end = max(recent, key=lambda pair: pair[1])
        period = best.value.get("period")
        covers = f"for {period}" if period else f"dated {best_end.isoformat()}"
        return Outcome(
            "met",
            f"An annual report of the CCTV system is published {covers}: {_name(best)}.",
            date_evidence(site, best, best_end),
            {"report": best.value.get("target") or best.url, "period_end": best_end.isoformat()},
        )
    if ended:
        dated = [pair for pair in ended if pair[1] is not None]
        fact, end = max(dated, key=lambda pair: pair[1] or cutoff) if dated else ended[0]
        if end is not None:
            why = f"the newest covers a period that ended on {end.isoformat()}, more than "
            why += f"{options['max_age_months']} months ago"
        else:
            why = "it names no period or date"
        return Outcome(
            "partly",
            f"An annual report of the CCTV system is published ({_name(fact)}), but {why}.",
            date_evidence(site, fact, end),
            {"report": fact.value.get("target") or fact.url, "period_end": end.isoformat() if end else None},
        )
    statements = [f for f in site.of_kind("annual_report") if f.value.get("via") == "statement"]
    statements += [f for f in site.of_kind("document_mention") if f.value.get("kind") == "annual_report"]
    if statements:
        return Outcome(
            "partly",
            "The council says the system is reviewed or reported on every year, but no annual report is published.",
            tuple(f.evidence for f in statements[:3]),
        )
    return Outcome("not_met", "No annual report or review of the CCTV system was found.")
