"""Audit a crawled site from what the database holds, store the results, and build the site-result JSON."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from audit_rules.engine import audit_site
from audit_rules.facts import Fact as AuditFact
from audit_rules.facts import SiteFacts
from audit_rules.loader import RulePack
from audit_rules.results import SiteAudit
from storage.models import AuditRun, Authority, Document, Fact, Page, RuleResult, SiteCrawl, SiteScore

SCHEMA = "cctv-audit/site-result/1"


def site_facts(session: Session, crawl: SiteCrawl, nation: str | None) -> SiteFacts:
    """The rules engine's view of a stored crawl: its outcome, facts and search trail."""
    rows = session.scalars(select(Fact).where(Fact.site_crawl_id == crawl.id).order_by(Fact.id)).all()
    facts = tuple(AuditFact(r.kind, r.value or {}, r.url, r.quote, r.locator) for r in rows)
    facts += broken_links(session, crawl, {r.url for r in rows if r.kind == "surveillance_page"})
    candidates = tuple(c["url"] for c in (crawl.trail or {}).get("candidates", []))
    return SiteFacts(
        outcome=crawl.outcome or "timeout",
        facts=facts,
        nation=nation,
        pages_examined=crawl.pages,
        documents_examined=crawl.documents,
        candidates=candidates,
    )


def broken_links(session: Session, crawl: SiteCrawl, surveillance_urls: set[str]) -> tuple[AuditFact, ...]:
    """Documents linked from surveillance content that answered 404 or 410 (criterion C25's flag e).

    These come from the crawl, not from any page's text, so the audit derives them here as facts of kind
    ``broken_link``: value ``{"status", "url"}``, url and locator = the linking page, quote = the dead URL
    (the link text is not stored per document).
    """
    rows = session.execute(
        select(Document.url, Document.status, Document.referrer).where(
            Document.site_crawl_id == crawl.id, Document.status.in_((404, 410))
        )
    ).all()
    return tuple(
        AuditFact("broken_link", {"status": status, "url": url}, referrer, url, referrer)
        for url, status, referrer in rows
        if referrer in surveillance_urls
    )


def cctv_pages(session: Session, crawl: SiteCrawl) -> list[str]:
    """HTML pages whose subject is the cameras, shallowest (the main page) first.

    A general page with a CCTV section (a corporate privacy notice) is evidence for C01 ``partly``, not a
    CCTV page, so it is not listed.
    """
    rows = session.execute(
        select(Fact.url, Fact.value, Page.depth)
        .join(Page, Fact.page_id == Page.id)
        .where(Fact.site_crawl_id == crawl.id, Fact.kind == "surveillance_page")
    ).all()
    ranked = sorted((r for r in rows if r.value.get("form") == "page"), key=lambda r: (r.depth, r.url))
    return list(dict.fromkeys(r.url for r in ranked))


def audit_crawl(
    session: Session,
    run: AuditRun,
    crawl: SiteCrawl,
    authority: Authority | None,
    pack: RulePack,
    as_of: date,
) -> dict[str, Any]:
    """Judge one crawl for one authority, store score and rule results, and return the site-result JSON."""
    audit = audit_site(site_facts(session, crawl, authority.nation if authority else None), pack, as_of)
    result = site_result(crawl, authority, audit, as_of, cctv_pages(session, crawl))
    score = SiteScore(
        audit_run_id=run.id,
        site_crawl_id=crawl.id,
        authority_gss=authority.gss_code if authority else None,
        score=audit.score,
        grade=audit.grade,
        coverage=audit.coverage,
        spoc=result["spoc"],
        cctv_pages=result["cctv_pages"],
        result=result,
    )
    session.add(score)
    session.flush()
    for r in audit.results:
        session.add(
            RuleResult(
                site_score_id=score.id,
                code=r.code,
                name=r.name,
                status=r.status,
                weight=r.weight,
                points=r.points,
                evidence=[e.as_dict() for e in r.evidence],
                explanation=r.explanation,
                how_to_fix=r.how_to_fix,
            )
        )
    return result


def site_result(
    crawl: SiteCrawl, authority: Authority | None, audit: SiteAudit, as_of: date, pages: list[str]
) -> dict[str, Any]:
    """The ``cctv-audit/site-result/1`` object of design.md."""
    spoc_result = audit.result("C18")
    spoc = dict(spoc_result.data["spoc"]) if spoc_result and "spoc" in spoc_result.data else None
    if spoc_result and spoc_result.status not in ("met", "partly"):
        spoc = None
    return {
        "schema": SCHEMA,
        "authority": {
            "gss_code": authority.gss_code if authority else None,
            "name": authority.name if authority else None,
            "nation": authority.nation if authority else None,
            "homepage": authority.homepage if authority else crawl.homepage,
        },
        "as_of": as_of.isoformat(),
        "rulepack": audit.rulepack,
        "crawl": {
            "outcome": crawl.outcome,
            "reason": crawl.reason,
            "pages": crawl.pages,
            "documents": crawl.documents,
            "requests": crawl.requests,
            "seconds": crawl.seconds,
        },
        "score": audit.score,
        "grade": audit.grade,
        "coverage": round(audit.coverage, 3),
        "spoc": spoc,
        "cctv_pages": pages,
        "results": [r.as_dict() for r in audit.results],
    }
