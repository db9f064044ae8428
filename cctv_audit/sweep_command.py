"""The ``sweep`` command: choose the authorities, start or resume the sweep, show progress, summarise."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from audit_rules.loader import load_pack
from cctv_audit.database import open_session
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
        return 0 if self.status == "done" else 1


def run_sweep_command(db_url: str | None, request: SweepRequest) -> SweepOutcome:
    """Run or resume a sweep with a progress display and a summary."""
    register = packaged_register()
    console = Console(stderr=True)
    with open_session(db_url) as session:
        if request.resume:
            sweep = latest_unfinished_sweep(session)
            if sweep is None:
                console.print("cctv-audit: there is no unfinished sweep to resume")
                return SweepOutcome(None, "nothing to resume")
            options = CrawlOptions.from_json(sweep.options)
            selected = set(sweep.options.get("selected") or []) or None
        else:
            authorities = select_authorities(register, request)
            options = CrawlOptions(max_pages=request.max_pages, max_depth=request.max_depth, delay=request.delay,
                                   as_of=request.as_of, strategy=request.strategy,
                                   profile=request.profile)  # fmt: skip
            sweep = create_sweep(session, "sweep", authorities, options)
            selected = {a.gss_code for a in authorities} if len(authorities) < len(register) else None
            sweep.options = {**sweep.options, "selected": sorted(selected or [])}
            session.commit()
        evidence = EvidenceStore(request.evidence)
        pending = reset_unfinished(session, sweep, evidence)
        pack = load_pack(options.profile)
        as_of = options.audit_date()
        run = audit_run_for(session, sweep, pack, as_of)
        auditor = make_auditor(register, selected, run, pack, as_of)
        verb = "resuming" if request.resume else "starting"
        console.print(
            f"{verb} sweep {sweep.id}: {len(pending)} sites to crawl, as of {as_of}, rule pack {pack.version}"
        )
        if pending:
            with SweepProgress(len(pending), console) as progress:
                crawl_pending(session, sweep, pending, options, auditor, evidence, progress.observer())
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
