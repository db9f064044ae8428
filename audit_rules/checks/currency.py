"""Nothing stale or broken in what the council publishes about its cameras (C25).

Five flags, each from facts other rules also read:

- (a) ``legal`` facts: the Data Protection Act 1998 cited as current (not said to be replaced) while no
  surveillance content names the DPA 2018, the UK GDPR or the GDPR;
- (b) ``footage_request`` facts: the repealed 40-day response time or £10 fee given as current;
- (c) ``certification`` facts: the Commissioner's certification, or its mark, claimed as current on or after the
  scheme closed;
- (d) ``document`` / ``document_link`` facts: the newest dated code of practice, policy or annual report is
  more than three years older than the audit date (an annual report is dated by the end of its period, or its
  own date); with no dated key document at all there is nothing to call stale;
- (e) ``broken_link`` facts: a link from surveillance content to a document answering 404 or 410.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.checks.certification import stale_claims
from audit_rules.checks.policy import date_evidence, describe, iso, key_documents, own_date, years_before
from audit_rules.facts import Evidence, Fact, SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome

MODERN_LAW = frozenset({"dpa_2018", "uk_gdpr", "gdpr"})
KEY_KINDS = ("code_of_practice", "annual_report")


def _stale_law(site: SiteFacts) -> list[Fact]:
    legal = list(site.of_kind("legal"))
    if any(MODERN_LAW & set(f.value.get("laws") or []) for f in legal):
        return []
    return [f for f in legal if "dpa_1998" in (f.value.get("laws") or []) and not f.value.get("dpa_1998_superseded")]


def _obsolete_requests(site: SiteFacts) -> list[Fact]:
    return [f for f in site.of_kind("footage_request") if f.value.get("obsolete_40_days") or f.value.get("fee_10")]


def _document_date(fact: Fact, as_of: date) -> date | None:
    dates = [own_date(fact.value, as_of), iso(fact.value.get("period_end"))]
    known = [d for d in dates if d is not None and d <= as_of]
    return max(known) if known else None


def _newest_key_document(site: SiteFacts, as_of: date) -> tuple[Fact, date] | None:
    dated = [(f, d) for f in key_documents(site, KEY_KINDS) if (d := _document_date(f, as_of)) is not None]
    return max(dated, key=lambda pair: pair[1]) if dated else None


def _broken_links(site: SiteFacts) -> list[Fact]:
    return [f for f in site.of_kind("broken_link") if f.value.get("status") in (404, 410)]


@check("currency", max_age_years=3, scheme_closed="2025-11-21")
def check_currency(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met with no flag, partly with one, not met with two or more; every flag is named with its evidence."""
    flags: list[str] = []
    evidence: list[Evidence] = []
    law = _stale_law(site)
    if law:
        flags.append("(a) the Data Protection Act 1998 is cited as current law, with no mention of the DPA 2018 or "
                     "UK GDPR")  # fmt: skip
        evidence.append(law[0].evidence)
    requests = _obsolete_requests(site)
    if requests:
        rules = [name for key, name in (("obsolete_40_days", "a 40-day response time"), ("fee_10", "a £10 fee"))
                 if any(f.value.get(key) for f in requests)]  # fmt: skip
        flags.append(f"(b) footage requests cite the repealed rules: {' and '.join(rules)}")
        evidence.extend(f.evidence for f in requests[:2])
    closed = date.fromisoformat(str(options["scheme_closed"]))
    stale = stale_claims(site, as_of, closed)
    if stale:
        flags.append(f"(c) the Commissioner's certification is claimed as current, though the scheme closed on "
                     f"{closed.isoformat()}")  # fmt: skip
        evidence.append(stale[0].evidence)
    newest = _newest_key_document(site, as_of)
    cutoff = years_before(as_of, int(options["max_age_years"]))
    if newest is not None and newest[1] < cutoff:
        fact, when = newest
        flags.append(f"(d) the newest dated key document, {describe(fact)}, dates from {when.isoformat()}, more than "
                     f"{options['max_age_years']} years ago")  # fmt: skip
        evidence.extend(date_evidence(site, fact, when))
    broken = _broken_links(site)
    if broken:
        targets = ", ".join(dict.fromkeys(str(f.value.get("url")) for f in broken[:3]))
        flags.append(f"(e) {len(broken)} link(s) from the CCTV content lead to a missing document: {targets}")
        evidence.extend(f.evidence for f in broken[:3])
    data = {"flags": [flag[:3] for flag in flags]}
    if not flags:
        # The evidence of a clean bill: the newest dated key document, else the CCTV content that was read.
        shown = date_evidence(site, *newest) if newest else tuple(f.evidence for f in site.of_kind("surveillance_page"))
        return Outcome("met", "Nothing stale or broken was found in the CCTV information.", shown[:3], data)
    status = "partly" if len(flags) == 1 else "not_met"
    return Outcome(status, "Stale or broken: " + "; ".join(flags) + ".", tuple(evidence), data)
