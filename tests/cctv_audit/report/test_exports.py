"""Exports: the CSV's columns and rows, the JSON as stored, the Datasette database and its metadata."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cctv_audit.database import open_session
from cctv_audit.report.build import export
from cctv_audit.report.exports import csv_header, render_csv
from cctv_audit.report.model import build_report
from storage.models import AuditRun, SiteScore

from .conftest import SampleDB, make_sample


def test_csv_has_one_row_per_council_and_a_column_per_criterion(session: Session, sample: SampleDB) -> None:
    model = build_report(session)
    rows = list(csv.DictReader(render_csv(model).splitlines()))
    header = csv_header(model["codes"])
    assert header[:5] == ["gss_code", "name", "nation", "region", "type"]
    assert {"score", "grade", "coverage", "crawl_outcome", "spoc_email", "spoc_phone"} <= set(header)
    assert [c for c in header if c.startswith("C")] == model["codes"] and len(model["codes"]) >= 4
    assert list(rows[0]) == header
    assert {r["gss_code"] for r in rows} == sample.codes
    for row, council in zip(rows, model["councils"], strict=True):
        result = council["result"]
        assert row["score"] == ("" if result["score"] is None else str(result["score"]))
        assert row["crawl_outcome"] == result["crawl"]["outcome"]
        assert all(row[r["code"]] == r["status"] for r in result["results"])
        assert row["spoc_email"] == ((result["spoc"] or {}).get("email") or "")


def test_csv_defuses_spreadsheet_formulas(session: Session) -> None:
    model = build_report(session)
    model["councils"][0]["result"]["crawl"]["reason"] = '=HYPERLINK("http://evil")'
    first = next(csv.DictReader(render_csv(model).splitlines()))
    assert first["crawl_reason"].startswith("'=")


def test_json_export_is_the_stored_results(tmp_path: Path, sample: SampleDB) -> None:
    with open_session(sample.url) as session:
        export(session, tmp_path, None, ["json"])
        run = session.scalars(select(AuditRun).where(AuditRun.sweep_id == sample.sweeps[-1])).one()
        stored = {
            s.authority_gss: s.result
            for s in session.scalars(select(SiteScore).where(SiteScore.audit_run_id == run.id))
        }
    exported = json.loads((tmp_path / "results.json").read_text())
    assert {r["authority"]["gss_code"]: r for r in exported} == stored
    model = json.loads((tmp_path / "report.json").read_text())
    assert model["schema"] == "cctv-audit/report/1" and len(model["councils"]) == len(exported)


def check_datasette(folder: Path, codes: set[str]) -> None:
    db = sqlite3.connect(folder / "cctv-audit.db")
    try:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"authority", "sweep", "site_crawl", "page", "site_score", "rule_result", "council_results"} <= tables
        assert db.execute("SELECT count(*) FROM authority").fetchone() == (339,)
        gss = {g for (g,) in db.execute("SELECT gss_code FROM council_results")}
        assert gss == codes
    finally:
        db.close()
    assert not (folder / "cctv-audit.db-wal").exists()
    metadata = json.loads((folder / "metadata.json").read_text())
    assert "CC BY 4.0" in metadata["license"] and metadata["source_url"].startswith("https://github.com/mysociety")
    tables = metadata["databases"]["cctv-audit"]["tables"]
    assert tables["site_score"]["description"] and tables["rule_result"]["columns"]["status"]
    assert tables["council_results"]["columns"]["C01"] == "Status of criterion C01"
    assert "Open Innovations" in metadata["about"]


def test_datasette_export_from_sqlite(tmp_path: Path, sample: SampleDB) -> None:
    with open_session(sample.url) as session:
        written = export(session, tmp_path, None, ["datasette"])
    assert [p.name for p in written.files] == ["cctv-audit.db", "metadata.json"]
    check_datasette(tmp_path, sample.codes)


def test_datasette_export_from_either_backend(db_url: str, tmp_path: Path) -> None:
    sample = make_sample(db_url, tmp_path / "src")
    with open_session(db_url) as session:
        export(session, tmp_path / "out", None, ["datasette", "csv"])
    check_datasette(tmp_path / "out", sample.codes)
    assert (tmp_path / "out" / "councils.csv").exists()
