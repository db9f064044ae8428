"""``check``: crawl one site now, audit it, store everything, and return its site-result JSON."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from audit_rules.loader import load_pack
from cctv_audit.database import open_session
from cctv_audit.register import Authority, match_authorities, packaged_register
from cctv_audit.sweeping import (
    CrawlOptions,
    audit_run_for,
    crawl_pending,
    make_auditor,
    sweep_results,
)
from storage.evidence import EvidenceStore
from storage.models import SiteCrawl, Sweep

logger = logging.getLogger(__name__)


class CheckError(ValueError):
    """The input cannot be checked at all (not an http(s) URL); the message says why."""


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


def run_check(
    url: str, db_url: str | None, options: CrawlOptions, evidence: EvidenceStore | None = None
) -> list[dict[str, Any]]:
    """Crawl ``url``, audit it for each authority whose site it is, and return one site result per authority.

    A shared website (Adur & Worthing) is crawled once and audited for both councils.
    """
    try:
        url, problem = normalise_url(url), None
    except CheckError as exc:
        problem = str(exc)
    pack = load_pack(options.profile)
    as_of = options.audit_date()
    register = packaged_register()
    matched: list[Authority] = match_authorities(url, register) if not problem else []
    with open_session(db_url) as session:
        sweep = Sweep(kind="check", options={"url": url, **options.as_json()})
        session.add(sweep)
        session.flush()
        crawl = SiteCrawl(sweep_id=sweep.id, authority_gss=matched[0].gss_code if matched else None, homepage=url)
        session.add(crawl)
        session.commit()
        run = audit_run_for(session, sweep, pack, as_of)
        auditor = make_auditor(register, None, run, pack, as_of)
        if problem:
            # Nothing to fetch: the crawl is recorded as failed, so every criterion is "unknown".
            crawl.status, crawl.outcome, crawl.reason = "done", "unreachable", problem
            crawl.started_at = crawl.finished_at = datetime.now(UTC)
            auditor(session, crawl)
            session.commit()
        else:
            crawl_pending(session, sweep, [crawl], options, auditor, evidence or EvidenceStore())
        sweep.status, sweep.finished_at = "done", datetime.now(UTC)
        session.commit()
        return sweep_results(session, sweep)
