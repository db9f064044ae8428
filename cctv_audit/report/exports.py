"""Exports over the report model: CSV (one row per council), JSON (the stored site results) and Datasette.

The CSV and the JSON come from the model like the HTML does. The Datasette export is the database itself,
copied to a SQLite file (whatever the source backend) with a ``metadata.json`` that titles and describes
every table and its columns and states the register's licence, plus a flat ``council_results`` table
matching the CSV, so the results can be published and explored as they are.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, insert, select

from cctv_audit.report.provenance import HEX_CREDIT, REGISTER_SOURCE_URL, register_attribution
from storage.models import Base

BASE_COLUMNS = ("gss_code", "name", "nation", "region", "type", "homepage", "score", "grade", "coverage",
                "crawl_outcome", "crawl_reason")  # fmt: skip
SPOC_COLUMNS = ("spoc_role", "spoc_email", "spoc_phone")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_header(codes: Sequence[str]) -> list[str]:
    """The CSV's columns: the council, its score, a column per criterion code present, then the SPOC."""
    return [*BASE_COLUMNS, *codes, *SPOC_COLUMNS]


def _cell(value: Any) -> Any:
    """Defuse spreadsheet formulas: text from crawled sites must never run in Excel (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_rows(model: Mapping[str, Any]) -> list[list[Any]]:
    """One row per council, in the order of ``csv_header(model["codes"])``."""
    rows = []
    for council in model["councils"]:
        result = council["result"]
        status = {r["code"]: r["status"] for r in result.get("results", [])}
        spoc = result.get("spoc") or {}
        crawl = result.get("crawl") or {}
        row = [council["gss_code"], council["name"], council["nation"], council["region"], council["type"],
               council["homepage"], result.get("score"), result.get("grade"), result.get("coverage"),
               crawl.get("outcome"), crawl.get("reason")]  # fmt: skip
        row += [status.get(code, "") for code in model["codes"]]
        row += [spoc.get("role"), spoc.get("email"), spoc.get("phone")]
        rows.append([_cell("" if v is None else v) for v in row])
    return rows


def render_csv(model: Mapping[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csv_header(model["codes"]))
    writer.writerows(csv_rows(model))
    return buffer.getvalue()


def write_csv(model: Mapping[str, Any], path: Path) -> Path:
    path.write_text(render_csv(model), encoding="utf-8")
    return path


def write_results_json(model: Mapping[str, Any], path: Path) -> Path:
    """The site results exactly as stored (``site_score.result``), one array."""
    path.write_text(json.dumps([c["result"] for c in model["councils"]], indent=1, ensure_ascii=False), "utf-8")
    return path


def write_model_json(model: Mapping[str, Any], path: Path) -> Path:
    """The whole report model, the artefact every other output is rendered from."""
    path.write_text(json.dumps(model, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


TABLE_DOCS = {
    "council_results": "One row per council in the reported sweep: score, grade, crawl outcome, the status of "
    "every criterion and the SPOC (the same as councils.csv).",
}
COLUMN_DOCS: dict[str, dict[str, str]] = {
    "authority": {
        "gss_code": "ONS GSS code (E06…, E07…, E08…, E09…, E10…, W06…)",
        "name": "Official council name",
        "type": "county, district, unitary, metropolitan_borough, london_borough, city_corporation or "
        "welsh_principal_area",
        "nation": "England or Wales",
        "region": "English region (ITL1); empty for Wales",
        "homepage": "Council homepage",
        "source": "Provenance of the row: names|homepage origin|checks",
    },
    "sweep": {
        "kind": "check (one site) or sweep (national)",
        "status": "running, done or interrupted",
        "options": "Crawl options: budget, depth, delay, audit date",
    },
    "site_crawl": {
        "homepage": "Where the crawl started",
        "outcome": "complete, partial, blocked, robots_disallowed, unreachable or timeout",
        "reason": "Why the crawl ended that way",
        "trail": "The search trail: seeds, best links, unfollowed links, traps, candidates",
    },
    "page": {
        "url": "URL requested",
        "final_url": "URL after redirects",
        "sha256": "SHA-256 of the response body as archived",
        "warc_file": "WARC file holding the response, relative to the evidence directory",
        "warc_offset": "Byte offset of the response record in the WARC file",
        "title": "Page title as crawled (untrusted text)",
        "text": "Extracted text",
    },
    "document": {
        "url": "URL requested",
        "sha256": "SHA-256 of the response body as archived",
        "page_count": "Pages in the document",
        "text": "Extracted text, pages separated by form feeds",
    },
    "fact": {
        "kind": "What was extracted: surveillance_page, contact, retention, spoc, certification…",
        "value": "The extracted value (JSON)",
        "quote": "Exact quote (at most 300 characters)",
        "locator": "CSS path (HTML) or page number (documents)",
    },
    "audit_run": {
        "rulepack_version": "Rule pack version the sweep was judged under",
        "as_of": "Audit date",
    },
    "site_score": {
        "score": "0–100; null when not assessed",
        "grade": "A (≥ 80), B (≥ 65), C (≥ 50), D (≥ 35), E; null when not assessed",
        "coverage": "Weight of criteria judged / weight of applicable criteria",
        "result": "The full site-result JSON (cctv-audit/site-result/1)",
    },
    "rule_result": {
        "code": "Criterion code, C01–C25",
        "status": "met, partly, not_met, n/a or unknown",
        "points": "1, 0.5 or 0; null for n/a and unknown",
        "evidence": "URL, quote and locator of each piece of evidence (JSON)",
        "how_to_fix": "What the council can do, shown when not fully met",
    },
    "council_results": {
        "score": "0–100; empty when not assessed",
        "crawl_outcome": "complete, partial, blocked, robots_disallowed, unreachable or timeout",
    },
}


def datasette_metadata(model: Mapping[str, Any], database: str) -> dict[str, Any]:
    """Datasette ``metadata.json``: titles and descriptions of tables and columns, licence and source."""
    tables: dict[str, Any] = {}
    for mapper in Base.registry.mappers:
        table = mapper.local_table
        doc = (mapper.class_.__doc__ or "").strip().splitlines()[0]
        columns = {c.name: COLUMN_DOCS.get(table.name, {}).get(c.name, "") for c in table.columns}  # type: ignore[attr-defined]
        tables[str(table.name)] = {  # type: ignore[attr-defined]
            "title": str(table.name).replace("_", " ").capitalize(),  # type: ignore[attr-defined]
            "description": doc,
            "columns": {k: v for k, v in columns.items() if v},
        }
    codes = {code: f"Status of criterion {code}" for code in model["codes"]}
    tables["council_results"] = {
        "title": "Council results",
        "description": TABLE_DOCS["council_results"],
        "columns": {**COLUMN_DOCS["council_results"], **codes},
    }
    return {
        "title": "cctv-audit: what councils publish about their surveillance cameras",
        "description": f"Sweep {model['sweep']['id']}, judged as of {model['sweep']['as_of']} under rule pack "
        f"{model['sweep']['rulepack']}. Measures what is published, not whether a council complies.",
        "license": "CC BY 4.0 (register of authorities)",
        "license_url": "https://creativecommons.org/licenses/by/4.0/",
        "source": "mySociety UK Local Authority Names and Codes; GOV.UK Local Links Manager",
        "source_url": REGISTER_SOURCE_URL,
        "about": " ".join([*register_attribution(), HEX_CREDIT]),
        "databases": {database: {"tables": tables}},
    }


def copy_database(engine: Engine, target: Path) -> None:
    """Copy every table to a new SQLite file: SQLite's backup API for SQLite, a row copy for PostgreSQL."""
    target.unlink(missing_ok=True)
    if engine.dialect.name == "sqlite" and engine.url.database:
        with sqlite3.connect(engine.url.database) as source, sqlite3.connect(target) as dest:
            source.backup(dest)
        sqlite3.connect(target).close()
        return
    dest_engine = create_engine(f"sqlite:///{target}")
    try:
        Base.metadata.create_all(dest_engine)
        with engine.connect() as src, dest_engine.begin() as dst:
            for table in Base.metadata.sorted_tables:
                batch: list[dict[str, Any]] = []
                for row in src.execute(select(table)).mappings():
                    batch.append(dict(row))
                    if len(batch) == 500:
                        dst.execute(insert(table), batch)
                        batch = []
                if batch:
                    dst.execute(insert(table), batch)
    finally:
        dest_engine.dispose()


def write_datasette(model: Mapping[str, Any], engine: Engine, out: Path, name: str = "cctv-audit") -> Path:
    """``<out>/<name>.db`` with a ``council_results`` table, and ``<out>/metadata.json`` describing it."""
    target = out / f"{name}.db"
    copy_database(engine, target)
    header = csv_header(model["codes"])
    with sqlite3.connect(target) as db:
        db.execute("PRAGMA journal_mode=DELETE")  # one self-contained file to publish, no -wal beside it
        db.execute("DROP TABLE IF EXISTS council_results")
        db.execute(f"CREATE TABLE council_results ({', '.join(_quote(c) for c in header)})")
        marks = ", ".join("?" for _ in header)
        db.executemany(f"INSERT INTO council_results VALUES ({marks})", csv_rows(model))
    db.close()
    (out / "metadata.json").write_text(json.dumps(datasette_metadata(model, name), indent=2, ensure_ascii=False))
    return target


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
