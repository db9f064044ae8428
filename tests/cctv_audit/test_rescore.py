"""``rescore`` re-reads stored pages from the evidence and re-judges them as a new audit run, offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from storage.models import AuditRun, SiteScore
from storage.session import make_engine, make_sessionmaker


def _runs(url: str) -> list[tuple[int, str, dict[str, str]]]:
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            out = []
            for run in session.scalars(select(AuditRun).order_by(AuditRun.id)):
                score = session.scalars(select(SiteScore).where(SiteScore.audit_run_id == run.id)).one()
                assert score.result is not None
                out.append((run.id, run.as_of.isoformat(), {r["code"]: r["status"] for r in score.result["results"]}))
            return out
    finally:
        engine.dispose()


def test_rescore_gives_the_same_verdict_from_the_evidence_alone(
    cli: Any, fixture_web: Any, tmp_path: Path, sqlite_url: str
) -> None:
    assert cli("check", "http://www.bromsgrove.gov.uk/", "--delay", "0", "--db", sqlite_url,
               "--as-of", "2026-11-29").returncode == 0  # fmt: skip
    requests = len(fixture_web.requests)
    run = cli("rescore", "1", "--db", sqlite_url)
    assert run.returncode == 0, run.stderr
    assert "re-read" in run.stdout and "0 sites without evidence" in run.stdout
    assert len(fixture_web.requests) == requests, "rescore went to the network"
    (first, _, before), (second, as_of, after) = _runs(sqlite_url)
    assert second > first and as_of == "2026-11-29"
    assert after == before


def test_rescore_as_of_a_later_date_rejudges_the_dated_criteria(cli: Any, sqlite_url: str) -> None:
    assert cli("check", "http://www.bromsgrove.gov.uk/", "--delay", "0", "--db", sqlite_url,
               "--as-of", "2026-11-29").returncode == 0  # fmt: skip
    assert cli("rescore", "1", "--db", sqlite_url, "--as-of", "2035-01-01").returncode == 0
    (_, _, now), (_, later_date, later) = _runs(sqlite_url)
    assert later_date == "2035-01-01"
    # A code of practice approved in 2025 is more than three years old in 2035.
    assert now["C04"] == "met" and later["C04"] != "met"


def test_rescore_without_evidence_judges_the_stored_facts(cli: Any, sqlite_url: str) -> None:
    assert cli("check", "http://www.bromsgrove.gov.uk/", "--delay", "0", "--db", sqlite_url).returncode == 0
    assert cli("prune", "--keep", "0", "--db", sqlite_url).returncode == 0
    run = cli("rescore", "1", "--db", sqlite_url)
    assert run.returncode == 0, run.stderr
    assert "1 sites without evidence" in run.stdout
    (_, _, before), (_, _, after) = _runs(sqlite_url)
    assert after == before
