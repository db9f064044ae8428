"""``check``: crawl one site now, audit it, store everything, and return its site-result JSON."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from audit_rules.loader import load_pack
from cctv_audit.auditing import audit_crawl
from cctv_audit.database import open_session
from cctv_audit.recorder import CrawlRecorder
from cctv_audit.register import match_authorities, packaged_register
from crawler.runner import run_crawl
from crawler.spider import SiteTarget
from storage.models import AuditRun, SiteCrawl, Sweep
from storage.queries import get_authority

logger = logging.getLogger(__name__)


class CheckError(ValueError):
    """The input cannot be checked at all (not an http(s) URL); the message says why."""


@dataclass(frozen=True)
class CheckOptions:
    """How to crawl and judge a site."""

    max_pages: int = 200
    max_depth: int = 5
    delay: float = 1.0
    as_of: date | None = None
    profile: str = "default"


def normalise_url(url: str) -> str:
    """An http(s) URL with a host (``https://`` added to a bare host name), or a ``CheckError`` saying why not."""
    url = url.strip()
    if "://" not in url and "." in url.split("/")[0]:
        url = f"https://{url}"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise CheckError(f"{url!r} is not an http(s) URL; give a council homepage such as https://www.leeds.gov.uk/")
    if not parts.hostname:
        raise CheckError(f"{url!r} has no host name")
    return url if parts.path else url + "/"


def run_check(url: str, db_url: str | None, options: CheckOptions) -> list[dict[str, Any]]:
    """Crawl ``url``, audit it for each authority whose site it is, and return one site result per authority.

    A shared website (Adur & Worthing) is crawled once and audited for both councils.
    """
    try:
        url, problem = normalise_url(url), None
    except CheckError as exc:
        problem = str(exc)
    pack = load_pack(options.profile)
    as_of = options.as_of or datetime.now(UTC).date()
    matched = match_authorities(url, packaged_register())
    with open_session(db_url) as session:
        sweep = Sweep(
            kind="check",
            options={
                "url": url,
                "max_pages": options.max_pages,
                "delay": options.delay,
                "max_depth": options.max_depth,
            },
        )
        session.add(sweep)
        session.flush()
        crawl = SiteCrawl(
            sweep_id=sweep.id,
            authority_gss=matched[0].gss_code if matched else None,
            homepage=url,
            status="running",
            started_at=datetime.now(UTC),
        )
        session.add(crawl)
        session.commit()
        if problem:
            # Nothing to fetch: the crawl is recorded as failed, so every criterion is "unknown".
            crawl.status, crawl.outcome, crawl.reason = "done", "unreachable", problem
            session.commit()
        else:
            recorder = CrawlRecorder(session, {url: crawl.id})
            run_crawl(
                [SiteTarget(url, url)],
                recorder.on_page,
                recorder.on_site,
                max_pages=options.max_pages,
                max_depth=options.max_depth,
                delay=options.delay,
            )
            session.refresh(crawl)
        run = AuditRun(sweep_id=sweep.id, rulepack_version=pack.version, profile=pack.profile, as_of=as_of)
        session.add(run)
        session.flush()
        authorities = [get_authority(session, a.gss_code) for a in matched] or [None]
        results = [audit_crawl(session, run, crawl, authority, pack, as_of) for authority in authorities]
        sweep.status = "done"
        sweep.finished_at = datetime.now(UTC)
        session.commit()
        return results
