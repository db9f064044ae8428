"""The thin commands: ``report``, ``export``, ``diff`` and ``check --format html``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from cctv_audit.cli import cli as cctv_audit

from .conftest import HOSTILE, SampleDB


def run(*args: str) -> Any:
    return CliRunner().invoke(cctv_audit, list(args), catch_exceptions=False)


def test_report_writes_the_site_and_the_exports(sample: SampleDB, tmp_path: Path) -> None:
    out = tmp_path / "site"
    done = run("report", "--out", str(out), "--db", sample.url, "--evidence", str(sample.evidence.root))
    assert done.exit_code == 0, done.output
    assert f"report of sweep {sample.sweeps[-1]}" in done.output
    for name in ("index.html", "trends.html", "methodology.html", f"councils/{HOSTILE}.html", "councils.csv",
                 "results.json", "report.json", "cctv-audit.db", "metadata.json", "LICENSE-hexmaps.txt"):  # fmt: skip
        assert (out / name).exists(), name
    assert list((out / "archive").glob("*.txt")) and list((out / "archive").glob("*.pdf"))
    # No evidence for this one (an empty evidence directory, whatever the working directory holds).
    first = run("report", "--sweep", str(sample.sweeps[0]), "--out", str(tmp_path / "first"), "--db", sample.url,
                "--evidence", str(tmp_path / "no-evidence"))  # fmt: skip
    assert first.exit_code == 0 and f"report of sweep {sample.sweeps[0]}" in first.output


def test_report_on_an_empty_database_says_what_to_run(tmp_path: Path) -> None:
    done = run("report", "--out", str(tmp_path / "r"), "--db", f"sqlite:///{tmp_path / 'empty.db'}")
    assert done.exit_code == 1 and "cctv-audit sweep" in done.output


def test_export_alone(sample: SampleDB, tmp_path: Path) -> None:
    done = run("export", "--format", "csv", "--format", "json", "--out", str(tmp_path), "--db", sample.url)
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["councils.csv", "report.json", "results.json"]


def test_diff_in_three_formats(sample: SampleDB, tmp_path: Path) -> None:
    a, b = (str(s) for s in sample.sweeps[:2])
    table = run("diff", a, b, "--db", sample.url)
    assert table.exit_code == 0 and "fixed" in table.output and f"Sweep {a}" in table.output
    as_json = json.loads(run("diff", a, b, "--format", "json", "--db", sample.url).output)
    assert as_json["schema"] == "cctv-audit/diff/1" and as_json["summary"]["fixed"] > 0
    page = tmp_path / "changes.html"
    assert run("diff", a, b, "--format", "html", "--out", str(page), "--db", sample.url).exit_code == 0
    assert page.read_text().startswith("<!doctype html>")
    missing = run("diff", a, "999", "--db", sample.url)
    assert missing.exit_code == 1 and "no sweep 999" in missing.output


def test_check_writes_a_single_file_card(cli: Any, sqlite_url: str, tmp_path: Path) -> None:
    card = tmp_path / "card.html"
    done = cli("check", "http://www.bromsgrove.gov.uk/", "--format", "html", "--out", str(card), "--delay", "0",
               "--db", sqlite_url, "--as-of", "2026-11-29")  # fmt: skip
    assert done.returncode == 0, done.stderr
    html = card.read_text()
    assert "Bromsgrove District Council" in html and html.count("<script") == 1
    assert '<link rel="stylesheet"' not in html and "archived copy" not in html  # one file, nothing beside it


def test_check_html_default_name(cli: Any, sqlite_url: str, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    done = cli("check", "http://www.ceredigion.gov.uk/", "--format", "html", "--delay", "0", "--db", sqlite_url)
    assert done.returncode == 0, done.stderr
    assert "report-card-W06000008.html" in done.stderr
