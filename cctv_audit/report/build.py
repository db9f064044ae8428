"""``cctv-audit report`` and ``cctv-audit export``: build the model once, then write every output from it."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cctv_audit.report.archive import attach_archives
from cctv_audit.report.exports import write_csv, write_datasette, write_model_json, write_results_json
from cctv_audit.report.html import render_site
from cctv_audit.report.model import build_report
from storage.evidence import EvidenceStore

logger = logging.getLogger(__name__)

EXPORT_FORMATS = ("csv", "json", "datasette")


@dataclass
class Written:
    """What a report or export wrote, for the command to print."""

    model: dict[str, Any]
    files: list[Path] = field(default_factory=list)
    archived: int = 0


def write_exports(session: Session, model: dict[str, Any], out: Path, formats: Iterable[str]) -> list[Path]:
    """CSV, JSON (stored results and the report model) and the Datasette database, as asked."""
    out.mkdir(parents=True, exist_ok=True)
    files = []
    formats = set(formats)
    if "csv" in formats:
        files.append(write_csv(model, out / "councils.csv"))
    if "json" in formats:
        files.append(write_results_json(model, out / "results.json"))
        files.append(write_model_json(model, out / "report.json"))
    if "datasette" in formats:
        files.append(write_datasette(model, session.get_bind().engine, out))
        files.append(out / "metadata.json")
    return files


def export(session: Session, out: Path, sweep_id: int | None, formats: Iterable[str] = EXPORT_FORMATS) -> Written:
    model = build_report(session, sweep_id)
    return Written(model, write_exports(session, model, out, formats))


def report(session: Session, out: Path, sweep_id: int | None, evidence: EvidenceStore) -> Written:
    """The static HTML site with archived copies of the evidence, plus every export, in ``out``."""
    model = build_report(session, sweep_id)
    out.mkdir(parents=True, exist_ok=True)
    archived = attach_archives(model["councils"], out, evidence)
    files = write_exports(session, model, out, EXPORT_FORMATS)
    files.insert(0, render_site(model, out))
    return Written(model, files, archived)
