"""The report model: everything the HTML report, the exports and the trends need, read from the database once.

This is the only module of the reporting layer that queries the database. It returns plain JSON-able data (the
"primary artefact", written as ``report.json``); renderers work on it and never open a session, so a report
can be rebuilt from that file alone and every output shows the same numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from cctv_audit.report import measures
from cctv_audit.report.diff import diff_results
from cctv_audit.report.provenance import methodology
from storage.models import AuditRun, Authority, Document, Fact, Page, SiteCrawl, SiteScore, Sweep

SCHEMA = "cctv-audit/report/1"
MAX_TREND_SWEEPS = 24


class ReportError(LookupError):
    """There is nothing to report (no such sweep, or no audited sweep at all); the message says what to run."""


def select_sweep(session: Session, sweep_id: int | None = None) -> Sweep:
    """The sweep to report: the one asked for, else the newest national sweep with results, else any sweep."""
    if sweep_id is not None:
        sweep = session.get(Sweep, sweep_id)
        if sweep is None:
            raise ReportError(f"there is no sweep {sweep_id}")
        return sweep
    audited = select(AuditRun.sweep_id)
    for kinds in (("sweep",), ("sweep", "check")):
        sweep = session.scalars(
            select(Sweep).where(Sweep.kind.in_(kinds), Sweep.id.in_(audited)).order_by(Sweep.id.desc()).limit(1)
        ).first()
        if sweep is not None:
            return sweep
    raise ReportError("no audited sweep in this database: run `cctv-audit sweep` (or `cctv-audit demo`) first")


def latest_run(session: Session, sweep: Sweep) -> AuditRun | None:
    """The sweep's newest audit run (a rescore adds a run; the report shows the latest judgement)."""
    return session.scalars(
        select(AuditRun).where(AuditRun.sweep_id == sweep.id).order_by(AuditRun.id.desc()).limit(1)
    ).first()


def _scores(session: Session, run: AuditRun) -> list[SiteScore]:
    rows = session.scalars(select(SiteScore).where(SiteScore.audit_run_id == run.id)).all()
    return sorted((s for s in rows if s.result), key=lambda s: measures.result_key(s.result or {}))


def results_of(session: Session, sweep: Sweep) -> list[dict[str, Any]]:
    """The stored site results of a sweep's latest audit run, exactly as stored, in GSS order."""
    run = latest_run(session, sweep)
    return [dict(s.result or {}) for s in _scores(session, run)] if run else []


def slug(result: Mapping[str, Any]) -> str:
    """A file name for a council's card: its GSS code, or its host for a site outside the register."""
    authority = result.get("authority") or {}
    if authority.get("gss_code"):
        return str(authority["gss_code"])
    host = urlsplit(str(authority.get("homepage") or "")).hostname or "site"
    return re.sub(r"[^a-z0-9.-]+", "-", host.lower()).strip(".-") or "site"


def evidence_urls(result: Mapping[str, Any]) -> set[str]:
    """Every URL a site result points at: evidence, CCTV pages and the SPOC's page."""
    urls = {e["url"] for r in result.get("results", []) for e in r.get("evidence", []) if e.get("url")}
    urls.update(result.get("cctv_pages") or [])
    if (result.get("spoc") or {}).get("url"):
        urls.add(result["spoc"]["url"])
    return urls


def _archives(session: Session, crawl_ids: Sequence[int]) -> dict[int, dict[str, dict[str, Any]]]:
    """Per site crawl, ``{url: archived copy}`` for every fetched page and document that has a WARC record."""
    found: dict[int, dict[str, dict[str, Any]]] = {}
    for model, kind in ((Page, "page"), (Document, "document")):
        for start in range(0, len(crawl_ids), 500):
            rows = session.execute(
                select(
                    model.site_crawl_id,
                    model.url,
                    model.final_url,
                    model.status,
                    model.content_type,
                    model.sha256,
                    model.fetched_at,
                    model.warc_file,
                    model.warc_offset,
                    model.title,
                ).where(model.site_crawl_id.in_(crawl_ids[start : start + 500]), model.warc_file.is_not(None))
            )
            for crawl_id, url, final_url, status, ctype, sha, fetched, warc_file, offset, title in rows:
                entry = {
                    "kind": kind,
                    "url": final_url or url,
                    "status": status,
                    "content_type": ctype,
                    "sha256": sha,
                    "fetched_at": fetched.isoformat() if fetched else None,
                    "warc_file": warc_file,
                    "warc_offset": offset,
                    "title": title,
                }
                site = found.setdefault(crawl_id, {})
                site.setdefault(url, entry)
                site.setdefault(final_url or url, entry)
    return found


def _claims(session: Session, crawl_ids: Sequence[int]) -> set[int]:
    """Site crawls with a claim of the Commissioner's certification (deliverable 5.2's second figure).

    The site result only keeps C17's status, which cannot tell a Commissioner's claim from an independent one,
    so the report reads the extracted ``certification`` facts (``value.scheme == "scc"``, current or lapsed).
    """
    claimed: set[int] = set()
    for start in range(0, len(crawl_ids), 500):
        rows = session.execute(
            select(Fact.site_crawl_id, Fact.value).where(
                Fact.site_crawl_id.in_(crawl_ids[start : start + 500]), Fact.kind == "certification"
            )
        )
        claimed.update(cid for cid, value in rows if isinstance(value, dict) and value.get("scheme") == "scc")
    return claimed


def council_entry(
    result: Mapping[str, Any],
    register: Mapping[str, Any] | None = None,
    crawl: Mapping[str, Any] | None = None,
    archives: Mapping[str, Mapping[str, Any]] | None = None,
    flags: Mapping[str, bool] | None = None,
) -> dict[str, Any]:
    """One council's part of the model: its register row, stored result, crawl trail and archived copies.

    Works from the site result alone (``check --format html``); the rest is added when the database has it.
    """
    authority = result.get("authority") or {}
    register = register or {}
    wanted = evidence_urls(result)
    return {
        "key": measures.result_key(result),
        "slug": slug(result),
        "gss_code": authority.get("gss_code"),
        "name": authority.get("name") or register.get("name") or authority.get("homepage"),
        "nation": authority.get("nation") or register.get("nation"),
        "region": register.get("region"),
        "type": register.get("type"),
        "homepage": authority.get("homepage"),
        "result": dict(result),
        "crawl": dict(crawl or result.get("crawl") or {}),
        "archives": {url: dict(a) for url, a in (archives or {}).items() if url in wanted},
        "flags": dict(flags or {}),
        "changes": None,
    }


def _register(session: Session) -> dict[str, dict[str, Any]]:
    return {
        a.gss_code: {
            "gss_code": a.gss_code,
            "name": a.name,
            "type": a.type,
            "nation": a.nation,
            "region": a.region,
            "homepage": a.homepage,
        }
        for a in session.scalars(select(Authority))
    }


def _crawl_json(crawl: SiteCrawl) -> dict[str, Any]:
    return {
        "outcome": crawl.outcome,
        "reason": crawl.reason,
        "pages": crawl.pages,
        "documents": crawl.documents,
        "requests": crawl.requests,
        "seconds": crawl.seconds,
        "trail": crawl.trail or {},
    }


def _sweep_json(sweep: Sweep, run: AuditRun | None) -> dict[str, Any]:
    return {
        "id": sweep.id,
        "kind": sweep.kind,
        "status": sweep.status,
        "started_at": sweep.started_at.isoformat() if sweep.started_at else None,
        "finished_at": sweep.finished_at.isoformat() if sweep.finished_at else None,
        "options": sweep.options or {},
        "audit_run": run.id if run else None,
        "as_of": run.as_of.isoformat() if run else None,
        "rulepack": run.rulepack_version if run else None,
        "profile": run.profile if run else None,
    }


def national_figures(
    results: Sequence[Mapping[str, Any]], flags: Mapping[str, Mapping[str, bool]] | None = None
) -> dict[str, Any]:
    """The dashboard's numbers for one set of results (also each point of the trends)."""
    return {
        "summary": measures.summary(results),
        "measures": measures.success_measures(results, flags),
        "grades": measures.grade_distribution(results),
        "scores": measures.score_histogram(results),
        "outcomes": measures.outcome_counts(results),
        "compliance": measures.compliance(results),
    }


def _sweep_councils(session: Session, run: AuditRun) -> list[dict[str, Any]]:
    """Council entries for one audit run, with crawl trails, archived copies and certification claims."""
    scores = _scores(session, run)
    crawl_ids = sorted({s.site_crawl_id for s in scores})
    crawls = {c.id: c for c in session.scalars(select(SiteCrawl).where(SiteCrawl.id.in_(crawl_ids)))}
    archives = _archives(session, crawl_ids)
    claims = _claims(session, crawl_ids)
    register = _register(session)
    councils = []
    for score in scores:
        result = score.result or {}
        crawl = crawls.get(score.site_crawl_id)
        councils.append(
            council_entry(
                result,
                register.get(score.authority_gss or ""),
                _crawl_json(crawl) if crawl else None,
                archives.get(score.site_crawl_id, {}),
                {measures.CLAIMED_SC_CERTIFICATION: score.site_crawl_id in claims},
            )
        )
    return councils


def _flags(councils: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, bool]]:
    return {c["key"]: c["flags"] for c in councils}


def trends(session: Session, sweep: Sweep) -> list[dict[str, Any]]:
    """National figures for each earlier national sweep up to this one, oldest first."""
    if sweep.kind != "sweep":
        return []
    earlier = session.scalars(
        select(Sweep)
        .where(Sweep.kind == "sweep", Sweep.id <= sweep.id, Sweep.id.in_(select(AuditRun.sweep_id)))
        .order_by(Sweep.id.desc())
        .limit(MAX_TREND_SWEEPS)
    ).all()
    points = []
    for past in reversed(earlier):
        run = latest_run(session, past)
        if run is None:
            continue
        councils = _sweep_councils(session, run)
        results = [c["result"] for c in councils]
        figures = national_figures(results, _flags(councils))
        points.append(
            {
                "sweep": _sweep_json(past, run),
                "summary": figures["summary"],
                "measures": figures["measures"],
                "grades": figures["grades"],
            }
        )
    return points


def previous_sweep(session: Session, sweep: Sweep) -> Sweep | None:
    """The national sweep before this one that has results, to say what was fixed and what regressed."""
    if sweep.kind != "sweep":
        return None
    return session.scalars(
        select(Sweep)
        .where(Sweep.kind == "sweep", Sweep.id < sweep.id, Sweep.id.in_(select(AuditRun.sweep_id)))
        .order_by(Sweep.id.desc())
        .limit(1)
    ).first()


def build_report(session: Session, sweep_id: int | None = None, now: datetime | None = None) -> dict[str, Any]:
    """The whole report model for one sweep (default: the newest national sweep with results)."""
    sweep = select_sweep(session, sweep_id)
    run = latest_run(session, sweep)
    if run is None:
        raise ReportError(f"sweep {sweep.id} has not been audited yet")
    councils = _sweep_councils(session, run)
    results = [c["result"] for c in councils]
    previous = previous_sweep(session, sweep)
    changes = None
    if previous is not None:
        changes = diff_results(results_of(session, previous), results)
        changes["from"] = _sweep_json(previous, latest_run(session, previous))
        by_key = {entry["key"]: entry for entry in changes["councils"]}
        for council in councils:
            council["changes"] = by_key.get(council["key"], {"changes": [], "status": "compared"})
    register = _register(session)
    reported = {c["gss_code"] for c in councils}
    return {
        "schema": SCHEMA,
        "generated_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "sweep": _sweep_json(sweep, run),
        "codes": measures.codes_in(results),
        "national": national_figures(results, _flags(councils)),
        "councils": councils,
        "not_reported": [row for gss, row in sorted(register.items()) if gss not in reported],
        "changes": changes,
        "trends": trends(session, sweep),
        "methodology": methodology(run.profile, (sweep.options or {}).get("delay")),
    }


def diff_sweeps(session: Session, a: int, b: int) -> dict[str, Any]:
    """What changed from sweep ``a`` to sweep ``b`` (their latest audit runs), with both sweeps described."""
    sweeps = [select_sweep(session, a), select_sweep(session, b)]
    for sweep in sweeps:
        if latest_run(session, sweep) is None:
            raise ReportError(f"sweep {sweep.id} has not been audited yet")
    diff = diff_results(results_of(session, sweeps[0]), results_of(session, sweeps[1]))
    diff["a"], diff["b"] = (_sweep_json(s, latest_run(session, s)) for s in sweeps)
    return diff


def single_result_model(result: Mapping[str, Any], now: datetime | None = None) -> dict[str, Any]:
    """A report model for one site result alone, when its sweep cannot be found in the database."""
    council = council_entry(result)
    return {
        "schema": SCHEMA,
        "generated_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "sweep": {
            "id": None,
            "kind": "check",
            "status": "done",
            "as_of": result.get("as_of"),
            "rulepack": result.get("rulepack"),
            "options": {},
            "audit_run": None,
            "profile": None,
            "started_at": None,
            "finished_at": None,
        },
        "codes": measures.codes_in([result]),
        "national": national_figures([result]),
        "councils": [council],
        "not_reported": [],
        "changes": None,
        "trends": [],
        "methodology": methodology(),
    }


def card_model(session: Session, result: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The model and council entry for a ``check`` result: from its stored sweep (with the search trail and
    archived copies) when one of the latest checks holds exactly this result, else from the result alone."""
    key = measures.result_key(result)
    recent = session.scalars(select(Sweep).where(Sweep.kind == "check").order_by(Sweep.id.desc()).limit(5)).all()
    for sweep in recent:
        run = latest_run(session, sweep)
        if run is None or all(s.result != result for s in _scores(session, run)):
            continue
        model = build_report(session, sweep.id)
        council = next(c for c in model["councils"] if c["key"] == key)
        return model, council
    model = single_result_model(result)
    return model, model["councils"][0]
