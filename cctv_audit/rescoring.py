"""``rescore``: re-extract and re-audit a sweep's stored pages under the current rule pack, with no network.

Pages are read back from the WARC evidence; only those whose stored title, URL, link text or text mention
surveillance at all are parsed again (nothing else can yield a fact), which keeps a national rescore fast.
A site whose evidence has been pruned keeps its stored facts and is only re-judged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from audit_rules.loader import RulePack
from cctv_audit.extraction import response_facts
from cctv_audit.recorder import fact_row
from cctv_audit.register import Authority
from cctv_audit.sweeping import make_auditor
from crawler.documents import document_kind
from crawler.extract.terms import SURVEILLANCE
from storage.evidence import ArchivedRecord, EvidenceStore
from storage.models import AuditRun, Document, Fact, Page, SiteCrawl, Sweep

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RescoreReport:
    """What a rescore did."""

    audit_run_id: int
    sites: int
    reparsed: int
    """Pages and documents parsed again from the evidence."""
    without_evidence: int
    """Sites judged from their stored facts because their evidence was pruned."""
    seconds: float


def _mentions_surveillance(*parts: str | None) -> bool:
    return bool(SURVEILLANCE.search(" ".join(p for p in parts if p)))


def reextract(session: Session, crawl: SiteCrawl, evidence: EvidenceStore) -> int | None:
    """Replace a crawl's facts with fresh ones from its archived responses; None if the evidence is gone."""
    rows: list[Page | Document] = [
        *session.scalars(select(Page).where(Page.site_crawl_id == crawl.id, Page.status < 400)),
        *session.scalars(select(Document).where(Document.site_crawl_id == crawl.id, Document.status < 400)),
    ]
    if any(r.warc_file is None for r in rows):
        return None
    session.execute(delete(Fact).where(Fact.site_crawl_id == crawl.id))
    reparsed = 0
    for row in rows:
        if not _mentions_surveillance(row.title, row.final_url, row.anchor, row.text):
            continue
        _, _, body = evidence.read(ArchivedRecord(row.warc_file or "", row.warc_offset or 0))
        is_page = isinstance(row, Page)
        kind = "html" if is_page else (document_kind(row.final_url, row.content_type) or "pdf")
        found = response_facts(row.final_url, kind, body, {"content-type": row.content_type or ""}, row.anchor or "")
        reparsed += 1
        for fact in found.facts if found else []:
            session.add(fact_row(crawl.id, fact, page_id=row.id if is_page else None,
                                 document_id=None if is_page else row.id))  # fmt: skip
    return reparsed


def rescore(
    session: Session,
    sweep: Sweep,
    evidence: EvidenceStore,
    pack: RulePack,
    as_of: date,
    register: tuple[Authority, ...],
    on_site: Callable[[SiteCrawl], None] | None = None,
) -> RescoreReport:
    """A new audit run of ``sweep`` under ``pack`` as of ``as_of``; the crawl itself is left as it was."""
    started = datetime.now(UTC)
    run = AuditRun(sweep_id=sweep.id, rulepack_version=pack.version, profile=pack.profile, as_of=as_of)
    session.add(run)
    session.commit()
    selected = set(sweep.options.get("selected") or []) or None
    auditor = make_auditor(register, selected, run, pack, as_of)
    crawls = list(session.scalars(select(SiteCrawl).where(SiteCrawl.sweep_id == sweep.id, SiteCrawl.status == "done")))
    reparsed = without = 0
    for crawl in crawls:
        count = reextract(session, crawl, evidence)
        if count is None:
            without += 1
        else:
            reparsed += count
        auditor(session, crawl)
        session.commit()
        session.expunge_all()
        if on_site:
            on_site(crawl)
    seconds = (datetime.now(UTC) - started).total_seconds()
    return RescoreReport(run.id, len(crawls), reparsed, without, seconds)
