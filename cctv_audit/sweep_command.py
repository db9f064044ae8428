"""The ``sweep`` command: choose the authorities, start or resume the sweep, show progress, summarise."""

from __future__ import annotations

import csv
import logging
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from audit_rules.loader import load_pack
from cctv_audit.database import open_session
from cctv_audit.logs import structured_logs
from cctv_audit.progress import SweepProgress
from cctv_audit.register import Authority, packaged_register
from cctv_audit.sweeping import (
    CrawlOptions,
    audit_run_for,
    crawl_pending,
    create_sweep,
    finish_sweep,
    latest_unfinished_sweep,
    make_auditor,
    reset_unfinished,
    sweep_results,
)
from storage.evidence import EvidenceStore
from storage.models import Sweep

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepRequest:
    """What the user asked the ``sweep`` command for."""

    only: set[str] = field(default_factory=set)
    authorities_csv: Path | None = None
    resume: bool = False
    as_of: date | None = None
    max_pages: int = 200
    max_depth: int = 5
    delay: float = 1.0
    evidence: Path | None = None
    strategy: str = "focused"
    profile: str = "default"
    if_older_than: timedelta | None = None
    """Do nothing if the latest finished sweep is newer than this (scheduled sweeps)."""
    redis_url: str | None = None
    """Run as a distributed sweep: share the sites through Redis (cctv_audit/distributed.py)."""
    workers: int = 1
    """With ``redis_url``: how many worker processes to start on this machine (0: only the ones elsewhere)."""
    lease_seconds: float = 30.0
    """With ``redis_url``: how long a silent worker keeps its sites before the others take them back."""
    concurrent_sites: int = 32
    """With ``redis_url``: sites each local worker crawls at once."""
    extract_workers: int | None = None
    """Processes extracting beside the crawl (cctv_audit/extraction_pool.py); None: one per spare core."""


def select_authorities(register: tuple[Authority, ...], request: SweepRequest) -> list[Authority]:
    """The register rows a sweep covers; unknown GSS codes are an error naming them."""
    wanted = set(request.only)
    if request.authorities_csv is not None:
        with request.authorities_csv.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if "gss_code" not in (reader.fieldnames or []):
                raise click.UsageError(f"{request.authorities_csv}: no gss_code column")
            wanted |= {row["gss_code"].strip() for row in reader if row.get("gss_code")}
    if not wanted:
        return list(register)
    known = {a.gss_code for a in register}
    unknown = sorted(wanted - known)
    if unknown:
        raise click.UsageError(f"not in the register: {', '.join(unknown)}")
    return [a for a in register if a.gss_code in wanted]


@dataclass(frozen=True)
class SweepOutcome:
    """How a sweep command ended."""

    sweep_id: int | None
    status: str
    results: list[dict[str, Any]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 0 if self.status in ("done", UP_TO_DATE) else 1


UP_TO_DATE = "up to date"


def say(console: Console, message: str) -> None:
    """A message for the operator: on the console, or as a log record when logs are JSON (stderr stays JSON)."""
    if structured_logs():
        logger.info(message)
    else:
        console.print(message, soft_wrap=True)


def schedule_check(session: Session, request: SweepRequest, console: Console) -> SweepRequest | SweepOutcome:
    """``--if-older-than``: nothing to do if the latest finished sweep is recent enough; resume an unfinished one
    started since then (a scheduled sweep that was killed) rather than start another."""
    if request.if_older_than is None or request.resume:
        return request
    latest = session.scalars(
        select(Sweep).where(Sweep.kind == "sweep", Sweep.status == "done").order_by(Sweep.finished_at.desc()).limit(1)
    ).first()
    now = datetime.now(UTC)
    if latest is not None and latest.finished_at is not None and now - latest.finished_at < request.if_older_than:
        say(console, f"cctv-audit: sweep {latest.id} finished {latest.finished_at:%Y-%m-%d %H:%M} UTC, less than "
                     f"{format_age(request.if_older_than)} ago: nothing to do")  # fmt: skip
        return SweepOutcome(latest.id, UP_TO_DATE)
    unfinished = latest_unfinished_sweep(session)
    if unfinished is not None and (latest is None or unfinished.id > latest.id):
        say(console, f"cctv-audit: sweep {unfinished.id} was not finished: resuming it")
        return replace(request, resume=True)
    return request


def format_age(age: timedelta) -> str:
    seconds = int(age.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0 and seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def prepare_sweep(
    session: Session, register: tuple[Authority, ...], request: SweepRequest
) -> tuple[Sweep, CrawlOptions, set[str] | None] | None:
    """The sweep to run: the latest unfinished one (``--resume``; None if there is none) or a new one."""
    if request.resume:
        sweep = latest_unfinished_sweep(session)
        if sweep is None:
            return None
        return sweep, CrawlOptions.from_json(sweep.options), set(sweep.options.get("selected") or []) or None
    authorities = select_authorities(register, request)
    options = CrawlOptions(max_pages=request.max_pages, max_depth=request.max_depth, delay=request.delay,
                           as_of=request.as_of, strategy=request.strategy, profile=request.profile)  # fmt: skip
    sweep = create_sweep(session, "sweep", authorities, options)
    selected = {a.gss_code for a in authorities} if len(authorities) < len(register) else None
    sweep.options = {**sweep.options, "selected": sorted(selected or [])}
    session.commit()
    return sweep, options, selected


def run_sweep_command(db_url: str | None, request: SweepRequest) -> SweepOutcome:
    """Run or resume a sweep with a progress display and a summary."""
    register = packaged_register()
    console = Console(stderr=True, quiet=structured_logs())
    if request.if_older_than is not None:
        with open_session(db_url) as session:
            checked = schedule_check(session, request, console)
        if isinstance(checked, SweepOutcome):
            return checked
        request = checked
    if request.redis_url is not None:
        from cctv_audit.distributed import run_distributed_sweep

        return run_distributed_sweep(db_url, request)
    with open_session(db_url) as session:
        prepared = prepare_sweep(session, register, request)
        if prepared is None:
            say(console, "cctv-audit: there is no unfinished sweep to resume")
            return SweepOutcome(None, "nothing to resume")
        sweep, options, selected = prepared
        evidence = EvidenceStore(request.evidence)
        pending = reset_unfinished(session, sweep, evidence)
        pack = load_pack(options.profile)
        as_of = options.audit_date()
        run = audit_run_for(session, sweep, pack, as_of)
        auditor = make_auditor(register, selected, run, pack, as_of)
        verb = "resuming" if request.resume else "starting"
        say(console, f"{verb} sweep {sweep.id}: {len(pending)} sites to crawl, as of {as_of}, rule pack {pack.version}")
        if pending:
            with SweepProgress(len(pending), console) as progress:
                crawl_pending(session, sweep, pending, options, auditor, evidence, progress.observer(),
                              request.extract_workers)  # fmt: skip
        finish_sweep(session, sweep)
        results = sweep_results(session, sweep)
        print_summary(sweep, results, Console())
        return SweepOutcome(sweep.id, sweep.status, results)


def print_summary(sweep: Sweep, results: list[dict[str, Any]], console: Console) -> None:
    """Outcomes and grades of the sweep, as a council officer would want them at a glance."""
    outcomes = Counter(r["crawl"]["outcome"] for r in results)
    grades = Counter(r["grade"] or "not assessed" for r in results)
    table = Table(title=f"Sweep {sweep.id}: {len(results)} authorities, {sweep.status}")
    table.add_column("Crawl outcome")
    table.add_column("Authorities", justify="right")
    for outcome, count in outcomes.most_common():
        table.add_row(outcome, str(count))
    console.print(table)
    grade_table = Table(title="Grades")
    grade_table.add_column("Grade")
    grade_table.add_column("Authorities", justify="right")
    for grade in ["A", "B", "C", "D", "E", "not assessed"]:
        if grades[grade]:
            grade_table.add_row(grade, str(grades[grade]))
    console.print(grade_table)
