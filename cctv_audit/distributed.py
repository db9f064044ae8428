"""Distributed sweeps: worker processes, on one machine or many, share one sweep through Redis and one database.

``cctv-audit sweep --redis URL --db postgresql+psycopg://… --workers N`` creates (or resumes) the sweep in the
database as a single-process sweep would, puts its unfinished site crawl ids on the sweep's Redis queue, starts
N local workers and waits until every site is done. ``cctv-audit worker --redis URL --db …`` starts one more
worker, here or on any other machine that reaches the same Redis, database and evidence directory.

The unit of work is the site, as in a single-process sweep (crawler/sitequeue.py says why, and how the queue
works). A worker:

1. claims a site crawl id from Redis (``LMOVE`` into its own list) and, in the database, takes the row: it
   locks it, skips it if it is done or held by a live worker, deletes whatever a dead worker stored for it
   (rows and WARC file, as ``--resume`` does), and marks it ``running`` under its own name (``worker``);
2. crawls it with the ordinary site spider and stores it with the ordinary recorder, so a site's last pages,
   its outcome and its audit commit together;
3. fences that last commit: in the same transaction it locks the row again and checks that the row still
   names it. A worker that finds otherwise, or whose lease has lapsed, exits at once (fail-stop), so two
   workers never both finish a site;
4. releases the id from its Redis list only after the commit. A worker killed at any moment leaves its ids in
   its list; once its lease expires another worker takes them over and crawls them again, exactly once.

Per-host politeness holds across workers because a site, with every host in its scope, is crawled by one
worker at a time, whose downloader keeps one request in flight per host with the usual delays.
"""

from __future__ import annotations

import logging
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from audit_rules.loader import load_pack
from cctv_audit.database import open_session
from cctv_audit.extraction_pool import extraction_pool
from cctv_audit.logs import structured_logs
from cctv_audit.progress import SweepProgress
from cctv_audit.recorder import BackgroundRecorder, CrawlRecorder
from cctv_audit.register import packaged_register
from cctv_audit.sweep_command import SweepOutcome, SweepRequest, prepare_sweep, print_summary, say
from cctv_audit.sweeping import (
    CrawlOptions,
    audit_run_for,
    finish_sweep,
    make_auditor,
    previous_fetches,
    reset_site_crawls,
    sweep_results,
)
from crawler.items import Revisit, SiteFinished
from crawler.redis_spider import RedisSiteSpider
from crawler.runner import run_crawl
from crawler.sitequeue import DEFAULT_LEASE_SECONDS, Heartbeat, SiteQueue, queue_name, sweep_of, worker_name
from crawler.spider import SiteTarget
from storage.evidence import ArchivedRecord, EvidenceStore
from storage.models import SiteCrawl, Sweep
from storage.retry import retrying
from storage.session import make_sessionmaker, resolve_url

logger = logging.getLogger(__name__)

LEASE_LOST_EXIT = 75
"""Exit status of a worker that stopped because it lost its lease (EX_TEMPFAIL): its sites are crawled again."""
POLL_SECONDS = 1.0
STOPPED_REASON = "the crawl stopped with"
"""How SiteSpider.finish begins the reason of a site still open when the crawl is stopped."""
CONCURRENT_SITES = 32
"""Sites a worker crawls at once, one request each in flight: as many as a single-process sweep's requests."""


def redis_client(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10, health_check_interval=30)


def lease_lost(why: str) -> None:
    """Stop this worker now: another worker may be crawling its sites, and must be the only one to finish them."""
    logger.critical("worker %d: %s; stopping so that its sites are crawled once, by another worker", os.getpid(), why)
    logging.shutdown()
    os._exit(LEASE_LOST_EXIT)


# The worker ---------------------------------------------------------------------------------------------


class SiteClaims:
    """The database side of a worker's claims: take a claimed site's row, and fence and release finished ones.

    ``claim`` runs in the crawl's thread with a session of its own; ``fenced`` and ``after_commit`` run in the
    database writer's thread, inside and just after a site's final transaction.
    """

    def __init__(self, session: Session, sweep_id: int, worker: str, queue: SiteQueue, evidence: EvidenceStore):
        self.session = session
        self.sweep_id = sweep_id
        self.worker = worker
        self.queue = queue
        self.evidence = evidence
        self.site_crawls: dict[str, int] = {}
        """Site key → site crawl id, shared with the recorder."""
        self.previous: dict[str, dict[str, tuple[Revisit, ArchivedRecord]]] = {}
        self.finishing: set[int] = set()
        """Sites whose final transaction is open: released from Redis once it commits."""
        self.finished = 0

    def claim(self, crawl_id: int) -> SiteTarget | None:
        """The site to crawl for a claimed id, or None to skip it; its row is ``running`` under this worker."""
        return retrying(self.session, lambda: self._claim(crawl_id), f"claiming site crawl {crawl_id}")

    def _claim(self, crawl_id: int) -> SiteTarget | None:
        session = self.session
        try:
            crawl = session.scalars(select(SiteCrawl).where(SiteCrawl.id == crawl_id).with_for_update()).first()
            if crawl is None or crawl.sweep_id != self.sweep_id or crawl.status == "done":
                return None
            holder = crawl.worker
            if crawl.status == "running" and holder not in (None, self.worker) and self.queue.alive(holder):
                logger.info("site crawl %d is held by live worker %s; skipping it", crawl_id, holder)
                return None
            if crawl.status == "running":
                logger.warning("site crawl %d (%s) was left unfinished by %s: crawling it again from nothing",
                               crawl_id, crawl.homepage, holder or "an earlier run")  # fmt: skip
            reset_site_crawls(session, self.sweep_id, [crawl], self.evidence)
            crawl.status, crawl.worker, crawl.started_at = "running", self.worker, datetime.now(UTC)
            session.commit()
            previous = previous_fetches(session, crawl)
            session.commit()
            self.previous[crawl.homepage] = previous
            self.site_crawls[crawl.homepage] = crawl.id
            return SiteTarget(crawl.homepage, crawl.homepage, {u: k[0] for u, k in previous.items()})
        finally:
            if session.in_transaction():
                session.rollback()
            session.expunge_all()  # the claims session holds nothing between claims

    def revisit_body(self, site: str, url: str) -> bytes | None:
        """The body kept from the last sweep for a 304 answer; None if its evidence was pruned or lost."""
        known = self.previous.get(site, {}).get(url)
        try:
            return self.evidence.read(known[1])[2] if known else None
        except (OSError, KeyError, ValueError):
            return None

    def fenced(self, auditor: Callable[[Session, SiteCrawl], None]) -> Callable[[Session, SiteCrawl], None]:
        """The auditor, run only if the row still names this worker (checked under a row lock)."""

        def audit(session: Session, crawl: SiteCrawl) -> None:
            holder = session.scalar(select(SiteCrawl.worker).where(SiteCrawl.id == crawl.id).with_for_update())
            if holder != self.worker:
                lease_lost(f"site crawl {crawl.id} is now held by {holder}")
            auditor(session, crawl)
            self.finishing.add(crawl.id)
            self.previous.pop(crawl.homepage, None)

        return audit

    def after_commit(self, session: Session) -> None:
        """Release the sites whose final transaction just committed (after, never before: see the module)."""
        if not self.finishing:
            return
        ids, self.finishing = sorted(self.finishing), set()
        self.finished += len(ids)
        try:
            self.queue.release(ids)
        except Exception as exc:  # they go back to the queue when this worker leaves, and are skipped as done
            logger.warning("could not release sites %s from Redis: %s", ids, exc)


@dataclass(frozen=True)
class WorkerReport:
    """What one worker did."""

    worker: str
    sweep_id: int | None
    sites: int
    seconds: float
    peak_rss_mb: float
    """With its extraction processes (see ``_peak_rss_mb``)."""


def find_sweep(session: Session, server: Any, sweep_id: int | None, wait: float) -> tuple[Sweep, str] | None:
    """The sweep to work on and its queue's name: ``sweep_id``'s, or the newest queue open in Redis whose sweep
    is in this database (waiting up to ``wait`` seconds for one to open)."""
    deadline = time.monotonic() + wait
    while True:
        if sweep_id is not None:
            names = [n for n in [session.get(Sweep, sweep_id)] if n is not None and n.options.get("queue")]
            candidates = [n.options["queue"] for n in names]
        else:
            candidates = SiteQueue.open_queues(server)
        for name in candidates:
            sweep = session.get(Sweep, sweep_of(name))
            if sweep is not None and sweep.options.get("queue") == name and sweep.status != "done":
                return sweep, name
        session.rollback()
        if time.monotonic() >= deadline:
            return None
        time.sleep(min(POLL_SECONDS, max(0.0, deadline - time.monotonic())))


def run_worker(
    redis_url: str,
    db_url: str | None,
    sweep_id: int | None = None,
    evidence_dir: Path | None = None,
    lease_seconds: float = DEFAULT_LEASE_SECONDS,
    wait: float = 0.0,
    concurrent_sites: int = CONCURRENT_SITES,
    extract_workers: int | None = None,
) -> WorkerReport:
    """Crawl sites of a distributed sweep until none is queued or held by anyone; see the module."""
    started = time.monotonic()
    server = redis_client(redis_url)
    name = worker_name()
    try:
        with open_session(db_url) as session:
            found = find_sweep(session, server, sweep_id, wait)
            if found is None:
                what = f"sweep {sweep_id} is not open to workers" if sweep_id else "no sweep is open to workers"
                logger.warning("worker %s: %s (in this database, on %s)", name, what, redis_url)
                return WorkerReport(name, sweep_id, 0, 0.0, _peak_rss_mb())
            sweep, queue_name = found
            sweep_id = sweep.id
            queue = SiteQueue(server, queue_name, name, lease_seconds)
            options = CrawlOptions.from_json(sweep.options)
            selected = set(sweep.options.get("selected") or []) or None
            pack = load_pack(options.profile)
            as_of = options.audit_date()
            run = audit_run_for(session, sweep, pack, as_of)
            auditor = make_auditor(packaged_register(), selected, run, pack, as_of)
            evidence = EvidenceStore(evidence_dir)
            bind = session.get_bind()
            with make_sessionmaker(bind)() as claims_session:  # type: ignore[arg-type]
                claims = SiteClaims(claims_session, sweep_id, name, queue, evidence)
                recorder = CrawlRecorder(session, claims.site_crawls, on_finished=claims.fenced(auditor),
                                         evidence=evidence, sweep_id=sweep_id)  # fmt: skip
                event.listen(session, "after_commit", claims.after_commit)
                queue.join()
                logger.info("worker %s: joined sweep %d", name, sweep_id)
                try:
                    _crawl(claims, recorder, queue, options, redis_url, concurrent_sites, extract_workers)
                finally:
                    queue.leave()
            _finish_if_complete(session, sweep)
        report = WorkerReport(name, sweep_id, claims.finished, time.monotonic() - started, _peak_rss_mb())
        logger.info("worker %s: %d sites in %.1f s, peak memory %.0f MB", name, report.sites, report.seconds,
                    report.peak_rss_mb, extra={"worker": name, "sweep": sweep_id, "sites": report.sites,
                    "seconds": round(report.seconds, 1), "peak_rss_mb": round(report.peak_rss_mb, 1)})  # fmt: skip
        return report
    finally:
        server.close()


def _crawl(claims: SiteClaims, recorder: CrawlRecorder, queue: SiteQueue, options: CrawlOptions, redis_url: str,
           concurrent_sites: int, extract_workers: int | None) -> None:  # fmt: skip
    with Heartbeat(queue, lease_lost), extraction_pool(extract_workers) as pool, \
            BackgroundRecorder(recorder, pool=pool) as writer:  # fmt: skip

        def on_site(done: SiteFinished) -> None:
            # A worker told to stop (SIGTERM, Ctrl-C) closes its spider with sites unfinished, which the spider
            # ends as "timeout" (crawler/spider.py, SiteSpider.finish). Here they are given back instead: they stay
            # in this worker's list, go back to the queue when it leaves, and are crawled again from nothing.
            if done.outcome == "timeout" and done.reason.startswith(STOPPED_REASON):
                logger.warning("worker %s: stopping; %s goes back to the queue", queue.worker, done.site)
                return
            writer.on_site(done)

        run_crawl(
            [],
            writer.on_page,
            on_site,
            max_pages=options.max_pages,
            max_depth=options.max_depth,
            delay=options.delay,
            revisit_body=claims.revisit_body,
            strategy=options.strategy,
            settings={"REDIS_URL": redis_url},
            spider_cls=RedisSiteSpider,
            spider_kwargs={
                "queue_name": queue.name,
                "worker": queue.worker,
                "claim": claims.claim,
                "lease_seconds": queue.lease_seconds,
                "stop": lambda: writer.error is not None,
                "concurrent_sites": concurrent_sites,
            },
        )


def _finish_if_complete(session: Session, sweep: Sweep) -> None:
    """The last worker out marks the sweep done, in case its coordinator is gone."""

    def finish() -> None:
        session.refresh(sweep)
        left = session.scalar(select(func.count()).where(SiteCrawl.sweep_id == sweep.id, SiteCrawl.status != "done"))
        if not left and sweep.status != "done":
            finish_sweep(session, sweep)
        else:
            session.rollback()

    retrying(session, finish, "finishing the sweep")


def _peak_rss_mb() -> float:
    """This worker's peak memory plus the largest of its finished extraction processes' (an upper bound: the
    two peaks need not coincide)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


# The coordinator ----------------------------------------------------------------------------------------


def worker_command(
    redis_url: str,
    db_url: str,
    sweep_id: int,
    evidence: Path | None,
    lease_seconds: float,
    concurrent_sites: int,
    extract_workers: int | None = None,
) -> list[str]:
    """The command line of a local worker process."""
    args = [sys.executable, "-m", "cctv_audit", "worker", "--redis", redis_url, "--db", db_url,
            "--sweep", str(sweep_id), "--lease", f"{lease_seconds:g}",
            "--concurrent-sites", str(concurrent_sites)]  # fmt: skip
    if evidence is not None:
        args += ["--evidence", str(evidence)]
    if extract_workers is not None:
        args += ["--extract-workers", str(extract_workers)]
    return args


def run_distributed_sweep(db_url: str | None, request: SweepRequest) -> SweepOutcome:
    """Create or resume a sweep, queue its sites in Redis, start the local workers, wait for every site."""
    assert request.redis_url is not None
    url = resolve_url(db_url)
    register = packaged_register()
    console = Console(stderr=True, quiet=structured_logs())
    server = redis_client(request.redis_url)
    try:
        with open_session(url) as session:
            prepared = prepare_sweep(session, register, request)
            if prepared is None:
                say(console, "cctv-audit: there is no unfinished sweep to resume")
                return SweepOutcome(None, "nothing to resume")
            sweep, options, _ = prepared
            pack = load_pack(options.profile)
            audit_run_for(session, sweep, pack, options.audit_date())  # before any worker looks for it
            crawls = session.scalars(
                select(SiteCrawl.id).where(SiteCrawl.sweep_id == sweep.id, SiteCrawl.status != "done")
            ).all()
            name = sweep.options.get("queue") or queue_name(sweep.id)
            sweep.status, sweep.options = "running", {**sweep.options, "queue": name}
            session.commit()
            queue = SiteQueue(server, name, lease_seconds=request.lease_seconds)
            queue.publish(sorted(crawls))
            verb = "resuming" if request.resume else "starting"
            say(console, f"{verb} sweep {sweep.id}: {len(crawls)} sites to crawl by {request.workers} local workers "
                         f"and any others on {request.redis_url}, as of {options.audit_date()}, rule pack "
                         f"{pack.version}")  # fmt: skip
            command = worker_command(request.redis_url, url, sweep.id, request.evidence, request.lease_seconds,
                                     request.concurrent_sites, request.extract_workers)  # fmt: skip
            workers = [subprocess.Popen(command, stdout=subprocess.DEVNULL) for _ in range(request.workers)]
            try:
                with SweepProgress(len(crawls), console) as progress:
                    _wait(session, sweep, queue, workers, progress)
            finally:
                for process in workers:
                    if process.wait() not in (0, None):
                        say(console, f"cctv-audit: worker process {process.pid} exited with {process.returncode}")
            retrying(session, lambda: finish_sweep(session, sweep), "finishing the sweep")
            if sweep.status == "done":
                queue.retire()
            results = sweep_results(session, sweep)
            print_summary(sweep, results, Console())
            return SweepOutcome(sweep.id, sweep.status, results)
    finally:
        server.close()


def _wait(
    session: Session, sweep: Sweep, queue: SiteQueue, workers: list[subprocess.Popen[bytes]], progress: SweepProgress
) -> None:
    """Until every site is done, or the local workers are gone and no worker anywhere holds a live lease."""
    seen: set[int] = set()
    while True:
        for finished in retrying(session, lambda: _newly_done(session, sweep.id, seen), "following the sweep"):
            progress.pages += finished.pages + finished.documents
            progress.on_site(finished)
        left = retrying(
            session,
            lambda: session.scalar(
                select(func.count()).where(SiteCrawl.sweep_id == sweep.id, SiteCrawl.status != "done")
            ),
            "following the sweep",
        )
        session.rollback()
        if not left:
            return
        local_gone = workers and all(p.poll() is not None for p in workers)
        if local_gone and not any(queue.alive(w) for w in queue.workers()):
            logger.error("every worker has stopped with %d sites left; run `cctv-audit sweep --redis … --resume`", left)
            return
        time.sleep(POLL_SECONDS)


def _newly_done(session: Session, sweep_id: int, seen: set[int]) -> list[SiteFinished]:
    """Sites finished since the last look, as the progress display counts them."""
    rows = session.execute(
        select(SiteCrawl.id, SiteCrawl.homepage, SiteCrawl.outcome, SiteCrawl.requests, SiteCrawl.pages,
               SiteCrawl.documents, SiteCrawl.seconds)
        .where(SiteCrawl.sweep_id == sweep_id, SiteCrawl.status == "done")
    ).all()  # fmt: skip
    session.rollback()
    fresh = [r for r in rows if r.id not in seen]
    seen.update(r.id for r in fresh)
    return [SiteFinished(r.homepage, r.outcome or "unreachable", "", r.requests, r.pages, r.documents,
                         r.seconds or 0.0, {}) for r in fresh]  # fmt: skip
