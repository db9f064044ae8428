"""Store what the crawler fetches, as it fetches it: pages, documents, and the facts extracted from them."""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.documents import extract_document
from crawler.extract.facts import ExtractedFact, extract_facts
from crawler.extract.terms import SURVEILLANCE
from crawler.items import FetchedPage, SiteFinished
from storage.models import Document, Fact, Page, SiteCrawl

logger = logging.getLogger(__name__)

MAX_CANDIDATES = 10


class CrawlRecorder:
    """Callbacks for ``run_crawl`` that write each fetched page and finished site to the database.

    Each page is committed on its own, so a crawl that is killed keeps everything fetched until then.
    """

    def __init__(
        self,
        session: Session,
        site_crawls: dict[str, int],
    ):
        self.session = session
        self.site_crawls = site_crawls
        """Site key → site_crawl.id."""
        self.candidates: dict[str, list[dict[str, str]]] = {}

    def on_page(self, item: FetchedPage) -> None:
        crawl_id = self.site_crawls[item.site]
        model = Page if item.kind == "html" else Document
        exists = self.session.scalar(select(model.id).where(model.site_crawl_id == crawl_id, model.url == item.url))
        if exists:
            return
        try:
            self._store(crawl_id, item)
            self.session.commit()
        except Exception:
            self.session.rollback()
            logger.exception("could not store %s", item.url)

    def _store(self, crawl_id: int, item: FetchedPage) -> None:
        common = {
            "site_crawl_id": crawl_id,
            "url": item.url,
            "final_url": item.final_url,
            "status": item.status,
            "content_type": item.headers.get("content-type"),
            "depth": item.depth,
            "referrer": item.referrer,
            "fetched_at": datetime.now(UTC),
            "sha256": hashlib.sha256(item.body).hexdigest(),
            "size": len(item.body),
        }
        if item.page is not None:
            page = item.page
            row: Page | Document = Page(
                **common,
                title=page.title,
                text=page.text if item.status < 400 else None,
                etag=item.headers.get("etag"),
                last_modified=item.headers.get("last-modified"),
            )
            self.session.add(row)
            self.session.flush()
            if item.status >= 400:
                return
            found = extract_facts(item.final_url, page.title, page.h1, page.blocks, anchor=item.anchor)
            self._note_candidate(item, found.classification.reasons, found.classification.is_surveillance)
            self._add_facts(crawl_id, found.facts, page_id=row.id)
            return
        doc = extract_document(item.final_url, item.body, item.kind) if item.status < 400 else None
        row = Document(
            **common,
            page_count=len(doc.pages) if doc else None,
            title=doc.title if doc else None,
            text=doc.text if doc else None,
            error=(doc.error if doc else f"HTTP {item.status}"),
        )
        self.session.add(row)
        self.session.flush()
        if doc is None or not doc.pages:
            return
        found = extract_facts(item.final_url, doc.title, "", doc.blocks, document=True, anchor=item.anchor)
        self._note_candidate(item, found.classification.reasons, found.classification.is_surveillance)
        self._add_facts(crawl_id, found.facts, document_id=row.id)

    def _note_candidate(self, item: FetchedPage, reasons: tuple[str, ...], surveillance: bool) -> None:
        """Keep pages that mention surveillance, for the search trail of a criterion not found."""
        if surveillance or not (reasons or SURVEILLANCE.search(item.anchor)):
            return
        found = self.candidates.setdefault(item.site, [])
        if len(found) < MAX_CANDIDATES:
            found.append({"url": item.final_url, "why": "; ".join(reasons) or f"link text {item.anchor!r}"})

    def _add_facts(
        self,
        crawl_id: int,
        facts: list[ExtractedFact],
        *,
        page_id: int | None = None,
        document_id: int | None = None,
    ) -> None:
        for fact in facts:
            self.session.add(
                Fact(
                    site_crawl_id=crawl_id,
                    page_id=page_id,
                    document_id=document_id,
                    kind=fact.kind,
                    value=fact.value,
                    url=fact.url,
                    quote=fact.quote,
                    locator=fact.locator,
                    extractor=fact.extractor,
                    extractor_version=fact.extractor_version,
                )
            )

    def on_site(self, done: SiteFinished) -> None:
        crawl = self.session.get(SiteCrawl, self.site_crawls[done.site])
        if crawl is None:
            return
        crawl.status = "done"
        crawl.outcome = done.outcome
        crawl.reason = done.reason
        crawl.requests = done.requests
        crawl.pages = done.pages
        crawl.documents = done.documents
        crawl.seconds = done.seconds
        crawl.finished_at = datetime.now(UTC)
        crawl.trail = {**done.trail, "candidates": self.candidates.get(done.site, [])}
        self.session.commit()
