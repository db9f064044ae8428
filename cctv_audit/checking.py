"""``check``: crawl one site now, audit it, store everything, and return its site-result JSON."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from audit_rules.engine import audit_site
from audit_rules.facts import Fact as AuditFact
from audit_rules.facts import SiteFacts
from audit_rules.loader import load_pack
from cctv_audit.auditing import site_result
from cctv_audit.database import open_session
from cctv_audit.extraction import response_facts
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


FILE_KINDS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx", ".odt": "odt"}


def check_file(path: Path, options: CrawlOptions, nation: str | None = None) -> dict[str, Any]:
    """Audit a local draft page or document as if it were the council's whole published CCTV information.

    Nothing is crawled or stored. Criteria that need more than one page (a privacy notice beside the CCTV
    page, an annual report) will show as not met unless the draft contains them.
    """
    kind = FILE_KINDS.get(path.suffix.lower())
    if kind is None:
        raise CheckError(f"{path}: not a page or document (expected one of {', '.join(sorted(FILE_KINDS))})")
    url = path.resolve().as_uri()
    found = response_facts(url, kind, path.read_bytes(), {"content-type": "text/html"}, "")
    facts = tuple(AuditFact(f.kind, f.value, f.url, f.quote, f.locator) for f in (found.facts if found else []))
    pack = load_pack(options.profile)
    as_of = options.audit_date()
    site = SiteFacts(outcome="complete", facts=facts, nation=nation, pages_examined=int(kind == "html"),
                     documents_examined=int(kind != "html"))  # fmt: skip
    crawl = SiteCrawl(homepage=url, outcome="complete", reason=f"a local {kind} file", pages=int(kind == "html"),
                      documents=int(kind != "html"), requests=0, seconds=0.0)  # fmt: skip
    pages = [url] if kind == "html" and any(f.kind == "surveillance_page" and f.value.get("form") == "page"
                                             for f in facts) else []  # fmt: skip
    return site_result(crawl, None, audit_site(site, pack, as_of), as_of, pages)
