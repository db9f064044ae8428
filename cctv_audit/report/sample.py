"""A believable national sweep written straight into the database, without crawling: for tests and screenshots.

The report has to be tried on hundreds of councils with every status, outcome and change between sweeps, and
a real sweep of the simulated web takes minutes. This writes the same rows a sweep writes (site crawls with
trails, pages with WARC evidence, facts, audit runs, scores, rule results, the site-result JSON) for the real
register, with statuses drawn from a seeded random model, scored by the real scoring code.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from audit_rules.facts import Evidence
from audit_rules.loader import Rule, load_pack
from audit_rules.results import RuleResult as AuditResult
from audit_rules.scoring import score_results
from cctv_audit.auditing import SCHEMA
from storage.evidence import EvidenceStore
from storage.models import AuditRun, Authority, Document, Fact, Page, RuleResult, SiteCrawl, SiteScore, Sweep

SCRIPT_TITLE = "<script>alert(1)</script> CCTV"
"""A hostile page title, planted on one council's CCTV page to prove the report shows it as text."""

# How hard each criterion is to meet, relative to a council's overall quality (criteria.md's usual suspects).
DIFFICULTY = {"C01": 1.5, "C10": 0.6, "C14": 0.55, "C15": 0.5, "C16": 0.45, "C17": 0.25, "C20": 0.45, "C23": 0.6}
OUTCOMES = (
    ("complete", 0.86),
    ("partial", 0.06),
    ("blocked", 0.04),
    ("unreachable", 0.02),
    ("robots_disallowed", 0.01),
    ("timeout", 0.01),
)
REASONS = {
    "complete": "no link above the relevance threshold was left",
    "partial": "page budget of 200 or depth limit of 5 reached; 7 relevant links left unfollowed",
    "blocked": "HTTP 403 on the homepage (bot challenge)",
    "unreachable": "TLS handshake failed: certificate verify failed",
    "robots_disallowed": "robots.txt disallows / for cctv-audit",
    "timeout": "the crawl stopped with 3 requests pending",
}


@dataclass(frozen=True)
class SampleSite:
    """The pages written for one council: its CCTV page (with WARC evidence) and a policy document."""

    page_url: str
    doc_url: str
    title: str


def _draw(seed: int, gss: str, code: str, sweep: int) -> float:
    """A council's fixed draw for a criterion plus a little noise per sweep, so most statuses persist."""
    base = random.Random(f"{seed}:{gss}:{code}").random()
    noise = random.Random(f"{seed}:{gss}:{code}:{sweep}").gauss(0, 0.035)
    return min(0.999, max(0.0, base + noise))


def _status(rule: Rule, quality: float, nation: str, draw: float, applies: float) -> str:
    if nation not in rule.nations:
        return "n/a"
    if rule.code in ("C21", "C22") and applies < 0.35:
        return "n/a"  # no council use of ANPR / body-worn video mentioned
    met = min(0.97, quality * DIFFICULTY.get(rule.code, 0.9))
    if draw < met:
        return "met"
    partly = 0.75 if rule.code == "C01" else 0.45  # most councils publish *something* about their cameras
    return "partly" if draw < met + (1 - met) * partly else "not_met"


def _write_pages(
    session: Session, evidence: EvidenceStore, sweep: Sweep, crawl: SiteCrawl, authority: Authority, title: str
) -> SampleSite:
    """Archive a CCTV page and a PDF as the crawler would, and store their rows."""
    base = authority.homepage.rstrip("/")
    page_url, doc_url = f"{base}/community-safety/cctv/", f"{base}/documents/cctv-code-of-practice.pdf"
    body = (
        f"<!doctype html><html><head><title>{title}</title></head><body><main><h1>CCTV</h1>"
        f"<p>{authority.name} operates public space CCTV to prevent and detect crime.</p>"
        "<script>alert('archived page script')</script></main></body></html>"
    ).encode()
    pdf = b"%PDF-1.4\n% sample code of practice\n%%EOF\n"
    archive = evidence.open_site(sweep.id, crawl.id)
    fetched = sweep.started_at
    try:
        for url, payload, ctype, model in (
            (page_url, body, "text/html; charset=utf-8", Page),
            (doc_url, pdf, "application/pdf", Document),
        ):
            record = archive.write_response(url, 200, {"Content-Type": ctype}, payload, fetched)
            row = model(
                site_crawl_id=crawl.id,
                url=url,
                final_url=url,
                status=200,
                content_type=ctype,
                depth=2,
                fetched_at=fetched,
                sha256=hashlib.sha256(payload).hexdigest(),
                size=len(payload),
                warc_file=record.file,
                warc_offset=record.offset,
                title=title if model is Page else None,
                text=payload.decode("latin-1"),
            )
            session.add(row)
    finally:
        archive.close()
    return SampleSite(page_url, doc_url, title)


def _evidence(site: SampleSite, rule: Rule, status: str, authority: Authority) -> tuple[Evidence, ...]:
    if status not in ("met", "partly"):
        return ()
    if rule.code == "C01":
        return (Evidence(site.page_url, site.title, "title"),)
    quote = f"{authority.name}: {rule.title.lower()}" + (" (in part)." if status == "partly" else ".")
    url, locator = (site.doc_url, "page 2") if rule.code in ("C04", "C14", "C16") else (site.page_url, "main > p")
    return (Evidence(url, quote[:300], locator),)


def _trail(site: SampleSite | None, rng: random.Random) -> dict[str, Any]:
    if site is None:
        return {}
    base = site.page_url.rsplit("/community-safety/", 1)[0]
    return {
        "seeds": [f"{base}/", f"{base}/sitemap.xml", f"{base}/search?q=cctv"],
        "not_modified": 0,
        "unfollowed": rng.randint(0, 6),
        "unfollowed_links": [f"{base}/news/cctv-upgrade-{n}" for n in range(2)],
        "below_threshold": rng.randint(20, 400),
        "traps": {"calendar": rng.randint(0, 30)},
        "best_links": [
            {"url": site.page_url, "score": 9.5, "reasons": ["anchor: cctv", "url: cctv"]},
            {"url": f"{base}/privacy/cctv-privacy-notice/", "score": 7.0, "reasons": ["anchor: privacy notice"]},
        ],
        "errors": [],
        "candidates": [{"url": f"{base}/parking/car-parks/", "why": "mentions CCTV in passing"}],
    }


def _site_result(
    authority: Authority,
    crawl: SiteCrawl,
    as_of: date,
    rulepack: str,
    audit: list[AuditResult],
    site: SampleSite | None,
) -> dict[str, Any]:
    score, grade, coverage = score_results(audit)
    spoc_status = next((r.status for r in audit if r.code == "C18"), None)
    spoc = None
    if site and spoc_status in ("met", "partly"):
        host = authority.homepage.split("//", 1)[1].strip("/").removeprefix("www.")
        spoc = {
            "name": None,
            "role": "CCTV Manager",
            "email": f"cctv@{host}",
            "phone": "+441632960123",
            "url": site.page_url,
        }
    return {
        "schema": SCHEMA,
        "authority": {
            "gss_code": authority.gss_code,
            "name": authority.name,
            "nation": authority.nation,
            "homepage": authority.homepage,
        },
        "as_of": as_of.isoformat(),
        "rulepack": rulepack,
        "crawl": {
            "outcome": crawl.outcome,
            "reason": crawl.reason,
            "pages": crawl.pages,
            "documents": crawl.documents,
            "requests": crawl.requests,
            "seconds": crawl.seconds,
        },
        "score": score,
        "grade": grade,
        "coverage": round(coverage, 3),
        "spoc": spoc,
        "cctv_pages": [site.page_url] if site and audit[0].status == "met" else [],
        "results": [r.as_dict() for r in audit],
    }


def _crawl(
    session: Session,
    evidence: EvidenceStore,
    sweep: Sweep,
    authority: Authority,
    outcome: str,
    rng: random.Random,
    hostile_title: bool,
) -> tuple[SiteCrawl, SampleSite | None]:
    """A finished site crawl with its trail and, when the site could be crawled, its archived pages."""
    judged = outcome in ("complete", "partial")
    crawl = SiteCrawl(
        sweep_id=sweep.id,
        authority_gss=authority.gss_code,
        homepage=authority.homepage,
        status="done",
        outcome=outcome,
        reason=REASONS[outcome],
        requests=rng.randint(30, 200) if judged else 1,
        pages=rng.randint(20, 180) if judged else 0,
        documents=rng.randint(0, 12) if judged else 0,
        started_at=sweep.started_at,
        finished_at=sweep.finished_at,
        seconds=round(rng.uniform(20, 400), 1),
    )
    session.add(crawl)
    session.flush()
    title = f"{SCRIPT_TITLE if hostile_title else 'CCTV'} | {authority.name}"
    site = _write_pages(session, evidence, sweep, crawl, authority, title) if judged else None
    crawl.trail = _trail(site, rng)
    return crawl, site


def build_sample(
    session: Session,
    evidence: EvidenceStore,
    *,
    sweeps: int = 2,
    seed: int = 7,
    as_of: date = date(2026, 11, 29),
    only: set[str] | None = None,
    script_title_gss: str = "E07000234",
) -> list[int]:
    """Write ``sweeps`` audited national sweeps (a quarter apart, councils slowly improving); return their ids."""
    pack = load_pack()
    register = [
        a for a in session.scalars(select(Authority).order_by(Authority.gss_code)) if not only or a.gss_code in only
    ]
    rng = random.Random(seed)
    quality = {a.gss_code: rng.betavariate(2.2, 1.8) for a in register}
    outcome_of = {a.gss_code: rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0] for a in register}
    ids = []
    for n in range(sweeps):
        when = as_of - timedelta(days=91 * (sweeps - 1 - n))
        started = datetime(when.year, when.month, when.day, 2, 0, tzinfo=UTC)
        sweep = Sweep(
            kind="sweep",
            status="done",
            started_at=started,
            finished_at=started + timedelta(hours=5),
            options={"delay": 1.0, "as_of": when.isoformat(), "max_pages": 200, "max_depth": 5},
        )
        session.add(sweep)
        session.flush()
        run = AuditRun(sweep_id=sweep.id, rulepack_version=pack.version, profile=pack.profile, as_of=when)
        session.add(run)
        session.flush()
        shared: dict[str, tuple[SiteCrawl, SampleSite | None]] = {}
        for authority in register:
            # Each sweep re-draws with the same per-council seed plus a little drift: most statuses stay, some
            # councils fix things and a few regress, as between real sweeps.
            gss = authority.gss_code
            q = min(1.0, quality[gss] + 0.04 * n)
            outcome = outcome_of[gss] if n == sweeps - 1 or rng.random() < 0.9 else "complete"
            hostile = gss == script_title_gss
            if hostile:
                outcome = "complete"  # its CCTV page, with the hostile title, must be in the report
            judged = outcome in ("complete", "partial")
            if authority.homepage in shared:
                # A website shared by two councils is crawled once and audited for each (design.md).
                crawl, site = shared[authority.homepage]
                judged = crawl.outcome in ("complete", "partial")
            else:
                crawl, site = _crawl(session, evidence, sweep, authority, outcome, rng, hostile)
                shared[authority.homepage] = crawl, site
            audit = []
            c01 = None
            for rule in pack.rules:
                applies = random.Random(f"{seed}:{gss}:{rule.code}:applies").random()
                status = _status(rule, q, authority.nation, _draw(seed, gss, rule.code, n), applies)
                if hostile and rule.code == "C01":
                    status = "met"
                if not judged and status != "n/a":
                    status = "unknown"
                if rule.code == "C01":
                    c01 = status
                elif c01 == "not_met" and status != "n/a":
                    status = "not_met"  # no surveillance content at all: nothing else can be met
                found = _evidence(site, rule, status, authority) if site else ()
                explanation = rule.title + "." if status == "met" else rule.failure_title + "."
                if status == "unknown":
                    explanation = f"Could not be judged: the crawl ended {crawl.outcome}."
                elif status == "n/a":
                    explanation = "Does not apply to this authority."
                fix = rule.how_to_fix if status in ("partly", "not_met") else None
                audit.append(AuditResult(rule.code, rule.name, status, rule.weight, explanation, found, fix, {}))
            if site and any(r.code == "C17" and r.status == "partly" for r in audit):
                session.add(
                    Fact(
                        site_crawl_id=crawl.id,
                        kind="certification",
                        value={"scheme": "scc", "claim": "current"},
                        url=site.page_url,
                        quote="Surveillance Camera Commissioner certification mark",
                        locator="main > img",
                        extractor="extract_certification",
                        extractor_version="1",
                    )
                )
            result = _site_result(authority, crawl, when, pack.version, audit, site)
            score = SiteScore(
                audit_run_id=run.id,
                site_crawl_id=crawl.id,
                authority_gss=authority.gss_code,
                score=result["score"],
                grade=result["grade"],
                coverage=result["coverage"],
                spoc=result["spoc"],
                cctv_pages=result["cctv_pages"],
                result=result,
            )
            session.add(score)
            session.flush()
            for r in audit:
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
        session.commit()
        ids.append(sweep.id)
    return ids
