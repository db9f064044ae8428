"""``check --file``: a council officer audits a draft page or document before publishing it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SITES = Path(__file__).resolve().parents[2] / "fixtures" / "sites"


def test_a_draft_page(cli: Any) -> None:
    draft = SITES / "www.bromsgrove.gov.uk" / "community-safety" / "cctv" / "index.html"
    run = cli("check", "--file", str(draft), "--format", "json", "--as-of", "2026-11-29", "--nation", "England")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    statuses = {r["code"]: r["status"] for r in result["results"]}
    assert statuses["C01"] == "met" and statuses["C08"] == "met" and statuses["C18"] == "met"
    assert statuses["C24"] == "n/a"
    assert result["crawl"]["outcome"] == "complete" and result["cctv_pages"] == [draft.resolve().as_uri()]
    assert result["spoc"]["email"] == "cctv@bromsgrove.gov.uk"


def test_a_draft_pdf(cli: Any) -> None:
    draft = SITES / "www.wyreforestdc.gov.uk" / "files" / "surveillance-camera-policy.pdf"
    run = cli("check", "--file", str(draft), "--format", "json")
    assert run.returncode == 0, run.stderr
    statuses = {r["code"]: r["status"] for r in json.loads(run.stdout)["results"]}
    assert statuses["C01"] == "partly"  # only in a document
    assert statuses["C08"] == "met"


def test_file_and_url_are_exclusive_and_unknown_kinds_are_refused(cli: Any, tmp_path: Path) -> None:
    both = cli("check", "https://www.bromsgrove.gov.uk/", "--file", str(SITES / "www.bromsgrove.gov.uk" / "index.html"))
    assert both.returncode == 2 and "one of them" in both.stderr
    odd = tmp_path / "notes.txt"
    odd.write_text("CCTV")
    refused = cli("check", "--file", str(odd))
    assert refused.returncode == 2 and "not a page or document" in refused.stderr
