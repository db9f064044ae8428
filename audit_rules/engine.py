"""Run a rule pack over one site's facts.

The engine owns the rules that hold for every criterion, so checks stay small: a criterion that does not
apply to the authority's nation is ``n/a``; nothing can be judged after a failed crawl (``unknown``); and a
crawl cut short cannot prove absence, so its ``not_met`` becomes ``unknown``.
"""

from __future__ import annotations

from datetime import date

from audit_rules.facts import SiteFacts
from audit_rules.loader import Rule, RulePack
from audit_rules.results import Outcome, RuleResult, SiteAudit
from audit_rules.scoring import score_results

OUTCOME_REASONS = {
    "blocked": "the site refused the crawler (blocked or a bot challenge)",
    "robots_disallowed": "the site's robots.txt forbids crawling it",
    "unreachable": "the site did not answer",
    "timeout": "the crawl ran out of time",
}


def audit_site(site: SiteFacts, pack: RulePack, as_of: date) -> SiteAudit:
    """Judge every rule in ``pack`` for ``site`` as of ``as_of`` and score the result."""
    results = tuple(_judge(rule, site, as_of) for rule in pack.rules)
    score, grade, coverage = score_results(results)
    return SiteAudit(pack.version, pack.profile, results, score, grade, coverage)


def _judge(rule: Rule, site: SiteFacts, as_of: date) -> RuleResult:
    outcome = _outcome(rule, site, as_of)
    return RuleResult(
        code=rule.code,
        name=rule.name,
        status=outcome.status,
        weight=rule.weight,
        explanation=outcome.explanation,
        evidence=outcome.evidence,
        how_to_fix=None if outcome.status in ("met", "n/a") else rule.how_to_fix,
        data=outcome.data,
    )


def _outcome(rule: Rule, site: SiteFacts, as_of: date) -> Outcome:
    if site.nation is not None and site.nation not in rule.nations:
        return Outcome("n/a", f"Applies only to authorities in {' and '.join(rule.nations)}.")
    if not site.judgeable:
        reason = OUTCOME_REASONS.get(site.outcome, f"the crawl ended {site.outcome}")
        return Outcome("unknown", f"Could not be judged: {reason}.")
    outcome = rule.check.fn(site, as_of, rule.options)
    if not site.has_surveillance_content and outcome.status in ("met", "partly"):
        # criteria.md: with no surveillance content at all, every applicable criterion is not_met.
        outcome = Outcome("not_met", "No surveillance content was found on the site.")
    if outcome.status == "not_met":
        if site.outcome != "complete":
            return Outcome("unknown", f"Not found, but the crawl was cut short ({site.outcome}). {_trail(site)}")
        return Outcome("not_met", f"{outcome.explanation} {_trail(site)}".strip(), outcome.evidence, outcome.data)
    return outcome


def _trail(site: SiteFacts) -> str:
    """The search trail shown with a ``not_met``: what was examined and the best candidates seen."""
    trail = f"Examined {site.pages_examined} pages and {site.documents_examined} documents."
    if site.candidates:
        trail += " Best candidates: " + ", ".join(site.candidates[:3]) + "."
    return trail
