"""A published CCTV code of practice or policy, dated within three years (C04); and the dating of key documents
shared with the other document rules (C10, C14, C16, C25).

Key documents reach the rules in two ways: the page or document itself (a ``document`` fact, with its dates)
and a link to it from surveillance content (a ``document_link`` fact, with any date its link text or file name
gives). A link to a page the crawl found to be the national code or other external guidance does not count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from audit_rules.facts import Evidence, Fact, SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome


def years_before(as_of: date, years: int) -> date:
    """The same day ``years`` earlier (28 February for a 29 February)."""
    try:
        return as_of.replace(year=as_of.year - years)
    except ValueError:
        return as_of.replace(year=as_of.year - years, day=28)


def months_before(as_of: date, months: int) -> date:
    """The same day ``months`` earlier, or the month's last day when it has no such day."""
    index = as_of.year * 12 + as_of.month - 1 - months
    year, month = divmod(index, 12)
    for day in (as_of.day, 30, 29, 28):
        try:
            return date(year, month + 1, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def iso(value: Any) -> date | None:
    """A date from a fact value's ISO string, or None."""
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def own_date(value: Mapping[str, Any], as_of: date) -> date | None:
    """The newest date the document gives for itself as of ``as_of``.

    A bare "Review date" already passed is a review that took place; one still ahead is the next review.
    """
    dates = [iso(value.get("date"))]
    dates += [iso(d) for d in value.get("review") or []]
    past = [d for d in dates if d is not None and d <= as_of]
    return max(past) if past else None


def next_review(value: Mapping[str, Any], as_of: date) -> date | None:
    """The next review date the document announces, if still ahead of ``as_of``."""
    dates = [iso(value.get("next_review")), *(iso(d) for d in value.get("review") or [])]
    ahead = [d for d in dates if d is not None and d > as_of]
    return min(ahead) if ahead else None


def key_documents(site: SiteFacts, kinds: Iterable[str]) -> list[Fact]:
    """``document`` and ``document_link`` facts of ``kinds``; a link to a document already seen is left out."""
    wanted = set(kinds)
    documents = [f for f in site.of_kind("document") if f.value.get("kind") in wanted]
    seen = {f.url for f in site.of_kind("document")}
    links = [
        f for f in site.of_kind("document_link") if f.value.get("kind") in wanted and f.value.get("target") not in seen
    ]
    unique_links = list({f.value.get("target"): f for f in links}.values())
    return [*documents, *unique_links]


def date_evidence(site: SiteFacts, fact: Fact, when: date | None) -> tuple[Evidence, ...]:
    """The fact's own evidence, and the quote of the date chosen for it when the text gives one."""
    evidence = [fact.evidence]
    if when is not None:
        for dated in site.of_kind("document_date"):
            if dated.url == fact.url and iso(dated.value.get("date")) == when:
                evidence.append(dated.evidence)
                break
    return tuple(evidence)


def describe(fact: Fact) -> str:
    """How a report names a key document: its title, or the link text."""
    if fact.kind == "document_link":
        return f"the linked “{fact.value.get('text') or fact.value.get('target')}”"
    return f"“{fact.value.get('title') or fact.url}”"


@check("code_of_practice", max_age_years=3)
def check_code_of_practice(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met by a code of practice or policy dated within ``max_age_years``; partly when undated, older, or only
    available on request.

    A document with no date of its own but a next review still ahead is inside its review cycle, so current.
    """
    cutoff = years_before(as_of, int(options["max_age_years"]))
    found = key_documents(site, {"code_of_practice"})
    current: list[tuple[Fact, date | None]] = []
    older: list[tuple[Fact, date | None]] = []
    for fact in found:
        when = own_date(fact.value, as_of)
        upcoming = next_review(fact.value, as_of)
        if (when is not None and when >= cutoff) or (when is None and upcoming is not None):
            current.append((fact, when))
        else:
            older.append((fact, when))
    if current:
        fact, when = max(current, key=lambda pair: pair[1] or date.min)  # a dated document is the better evidence
        dated = f"dated {when.isoformat()}" if when else f"due for review by {next_review(fact.value, as_of)}"
        return Outcome(
            "met",
            f"A CCTV code of practice or policy is published: {describe(fact)}, {dated}.",
            date_evidence(site, fact, when),
            {"document": fact.value.get("target") or fact.url, "date": when.isoformat() if when else None},
        )
    if older:
        dated_older = [(f, w) for f, w in older if w is not None]
        if dated_older:
            fact, when = max(dated_older, key=lambda pair: pair[1] or cutoff)
            years = options["max_age_years"]
            why = f"its newest date, {when.isoformat() if when else ''}, is more than {years} years old"
        else:
            fact, when = older[0]
            why = "it carries no version, approval or review date"
        return Outcome(
            "partly",
            f"A CCTV code of practice or policy is published ({describe(fact)}), but {why}.",
            date_evidence(site, fact, when),
            {"document": fact.value.get("target") or fact.url, "date": when.isoformat() if when else None},
        )
    on_request = [f for f in site.of_kind("document_mention") if f.value.get("kind") == "code_of_practice"]
    if on_request:
        return Outcome(
            "partly",
            "The CCTV code of practice or policy is said to be available on request, but it is not published.",
            (on_request[0].evidence,),
        )
    return Outcome("not_met", "No CCTV code of practice or policy was found.")
