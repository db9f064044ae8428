"""Store what the crawler fetches, as it fetches it: pages, documents, and the facts extracted from them."""

from __future__ import annotations

import copy
import hashlib
import logging
import queue
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from cctv_audit.extraction import Extracted, extract_fetched
from cctv_audit.extraction_pool import ExtractionPool, Job
from crawler.extract.facts import ExtractedFact
from crawler.extract.terms import SURVEILLANCE
from crawler.items import FetchedPage, SiteFinished
from storage.evidence import EvidenceStore, SiteArchive
from storage.models import Document, Fact, Page, SiteCrawl
from storage.retry import RETRY_ATTEMPTS, is_disconnect, retry_waits, rollback_quietly

logger = logging.getLogger(__name__)

MAX_CANDIDATES = 10
COMMIT_EVERY = 200
"""Pages stored between commits. A site's last pages, its outcome and its audit commit together."""


def fact_row(crawl_id: int, fact: ExtractedFact, *, page_id: int | None = None, document_id: int | None = None) -> Fact:
    """The database row of an extracted fact."""
    return Fact(
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


class CrawlRecorder:
    """Callbacks for ``run_crawl`` that write each fetched page and finished site to the database.

    A site becomes ``done`` in the same transaction as its last pages and its audit results, so a sweep
    killed at any moment leaves each site either done, or unfinished with pages a resume throws away.

    A lost database connection (a server restart) loses the open transaction, not the crawl: everything
    recorded since the last commit is kept in ``unsaved`` and recorded again, after a rollback and a wait,
    up to ``RETRY_ATTEMPTS`` times (storage/retry.py). Responses are archived once, however often they are
    recorded.
    """

    def __init__(
        self,
        session: Session,
        site_crawls: dict[str, int],
        on_finished: Callable[[Session, SiteCrawl], None] | None = None,
        evidence: EvidenceStore | None = None,
        sweep_id: int | None = None,
    ):
        self.session = session
        self.site_crawls = site_crawls
        """Site key → site_crawl.id."""
        self.on_finished = on_finished
        """Called with the finished crawl before it is committed (the audit)."""
        self.candidates: dict[str, list[dict[str, str]]] = {}
        self.pending = 0
        self.evidence = evidence
        self.sweep_id = sweep_id
        self.archives: dict[str, SiteArchive] = {}
        self.stored: list[Page | Document | Fact] = []
        self.unsaved: list[FetchedPage | SiteFinished] = []
        """What was recorded since the last commit, to record again if the transaction is lost."""
        self.archived: dict[int, dict[str, object]] = {}
        """id(item) → its WARC location, for the items in ``unsaved`` (archived once, recorded again)."""
        self.extracted: dict[int, Extracted] = {}
        """id(item) → what was extracted from it, for the items in ``unsaved`` (extracted once)."""
        self.committed_candidates: dict[str, list[dict[str, str]]] = {}

    def on_page(self, item: FetchedPage, extracted: Extracted | None = None) -> None:
        """Record a fetched response; ``extracted`` is its extraction if it was done elsewhere (a worker process)."""
        if extracted is not None:
            self.extracted[id(item)] = extracted
        self._durably(item)

    def on_site(self, done: SiteFinished) -> None:
        self._durably(done)

    def _durably(self, item: FetchedPage | SiteFinished) -> None:
        """Record ``item``; after a lost connection, roll back and record everything since the last commit again."""
        self.unsaved.append(item)
        waits = retry_waits()
        for attempt in range(RETRY_ATTEMPTS + 1):
            try:
                if attempt == 0:
                    self._record(item)
                else:
                    self._replay()
                return
            except Exception as exc:
                if not is_disconnect(exc) or attempt == RETRY_ATTEMPTS:
                    raise
                rollback_quietly(self.session)
                logger.warning(
                    "database connection lost (%s); recording %d items again in %.1f s (%d of %d)",
                    type(exc).__name__,
                    len(self.unsaved),
                    waits[attempt],
                    attempt + 1,
                    RETRY_ATTEMPTS,
                )
                time.sleep(waits[attempt])

    def _record(self, item: FetchedPage | SiteFinished) -> None:
        if isinstance(item, SiteFinished):
            self._record_site(item)
        else:
            self._record_page(item)

    def _replay(self) -> None:
        """Record again, in order, everything the lost transaction held."""
        self.candidates = copy.deepcopy(self.committed_candidates)
        self.stored.clear()
        self.pending = 0
        items, self.unsaved = self.unsaved, []
        for index, item in enumerate(items):
            self.unsaved.append(item)
            try:
                self._record(item)  # a site's end commits, which empties ``unsaved`` again
            except BaseException:
                self.unsaved.extend(items[index + 1 :])  # lost again: the next try starts from here
                raise

    def _record_page(self, item: FetchedPage) -> None:
        crawl_id = self.site_crawls[item.site]
        try:
            with self.session.begin_nested():
                self._store(crawl_id, item)
        except Exception as exc:  # one page that cannot be stored must not lose the rest of the sweep
            if is_disconnect(exc):
                raise  # not the page's fault: the whole transaction is recorded again
            logger.exception("could not store %s", item.url)
        self.pending += 1
        if self.pending >= COMMIT_EVERY:
            self._commit()

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
            "etag": item.headers.get("etag"),
            "last_modified": item.headers.get("last-modified"),
            "anchor": item.anchor or None,
            **self._archive(crawl_id, item),
        }
        found = self._extraction(item)
        row: Page | Document
        if item.kind == "html":
            row = Page(**common, title=found.title, text=found.text, link_score=item.link_score,
                       link_reasons=item.link_reasons or None)  # fmt: skip
        else:
            row = Document(**common, page_count=found.page_count, title=found.title, text=found.text,
                           error=found.error)  # fmt: skip
        self._add(row)
        self.session.flush()
        if found.classified:
            self._note_candidate(item, found.reasons, found.surveillance)
        if isinstance(row, Page):
            self._add_facts(crawl_id, found.facts, page_id=row.id)
        else:
            self._add_facts(crawl_id, found.facts, document_id=row.id)

    def _extraction(self, item: FetchedPage) -> Extracted:
        """The item's extraction: done already in a worker process, or done here and now."""
        known = self.extracted.get(id(item))
        if known is None:
            known = self.extracted[id(item)] = extract_fetched(item)
        return known

    def _add(self, row: Page | Document | Fact) -> None:
        self.session.add(row)
        self.stored.append(row)

    def _commit(self) -> None:
        """Commit, then let go of the stored rows so a national sweep's memory stays flat.

        Only the recorder's own rows are expunged: the sweep and site crawls the caller holds stay attached.
        """
        self.session.commit()
        for row in self.stored:
            if row in self.session:
                self.session.expunge(row)
        self.stored.clear()
        self.pending = 0
        self.unsaved.clear()
        self.archived.clear()
        self.extracted.clear()
        self.committed_candidates = copy.deepcopy(self.candidates)

    def _archive(self, crawl_id: int, item: FetchedPage) -> dict[str, object]:
        """Write the response to the site's WARC file; return the row's ``warc_file`` and ``warc_offset``."""
        if self.evidence is None or self.sweep_id is None:
            return {}
        known = self.archived.get(id(item))
        if known is not None:  # recorded again after a lost transaction: it is in the WARC file already
            return known
        archive = self.archives.get(item.site)
        if archive is None:
            archive = self.archives[item.site] = self.evidence.open_site(self.sweep_id, crawl_id)
        record = archive.write_response(item.final_url, item.status, item.headers, item.body, datetime.now(UTC))
        self.archived[id(item)] = {"warc_file": record.file, "warc_offset": record.offset}
        return self.archived[id(item)]

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
            self._add(fact_row(crawl_id, fact, page_id=page_id, document_id=document_id))

    def _record_site(self, done: SiteFinished) -> None:
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
        crawl.trail = {**done.trail, "candidates": self.candidates.pop(done.site, [])}
        archive = self.archives.pop(done.site, None)
        if archive is not None:
            archive.close()
        if self.on_finished is not None:
            self.on_finished(self.session, crawl)
        self._commit()


class BackgroundRecorder:
    """Runs a recorder's callbacks on a writer thread, so parsing and database writes never stall the crawl.

    With an :class:`ExtractionPool`, each response is handed to a worker process as soon as it arrives and the
    writer thread collects the result, so extraction runs beside the crawl instead of taking turns with it.

    The queue is bounded: if the writer falls behind, the crawl waits for it rather than filling memory (each
    item holds a response body, so 100 of them is a few megabytes; the parsed page is dropped before queueing
    when a pool extracts, since the worker parses the body itself).
    Items are handled in order, so a site's pages are always stored before its ``SiteFinished``.
    """

    def __init__(self, recorder: CrawlRecorder, maxsize: int = 100, pool: ExtractionPool | None = None):
        self.recorder = recorder
        self.pool = pool
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=maxsize)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="cctv-audit-writer", daemon=True)

    def __enter__(self) -> BackgroundRecorder:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise RuntimeError("the database writer failed") from self.error

    def on_page(self, item: FetchedPage) -> None:
        if self.pool is None:
            self.queue.put(item)
            return
        job = self.pool.submit(item)
        item.page = None  # the worker parses the body itself; the spider is done with this tree
        self.queue.put(job)

    def on_site(self, done: SiteFinished) -> None:
        self.queue.put(done)

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is not None:
                continue  # keep draining so the crawl never blocks on a full queue
            try:
                if isinstance(item, SiteFinished):
                    self.recorder.on_site(item)
                elif isinstance(item, Job):
                    assert self.pool is not None
                    self.recorder.on_page(item.item, self.pool.result(item))
                else:
                    self.recorder.on_page(item)
            except BaseException as exc:
                logger.exception("database writer failed")
                self.error = exc
