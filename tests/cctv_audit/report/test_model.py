"""The report model: built from the database once, consistent with the stored results, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cctv_audit.database import open_session
from cctv_audit.report import measures
from cctv_audit.report.model import ReportError, build_report, card_model, diff_sweeps, select_sweep
from storage.models import AuditRun, SiteScore, Sweep

from .conftest import HOSTILE, SHARED, SampleDB, make_sample


def stored_results(session: Session, sweep_id: int) -> list[dict]:
    run = session.scalars(select(AuditRun).where(AuditRun.sweep_id == sweep_id).order_by(AuditRun.id.desc())).first()
    assert run is not None
    return [s.result for s in session.scalars(select(SiteScore).where(SiteScore.audit_run_id == run.id)) if s.result]


def test_the_latest_national_sweep_is_reported_by_default(session: Session, sample: SampleDB) -> None:
    model = build_report(session)
    assert model["sweep"]["id"] == sample.sweeps[-1]
    assert {c["gss_code"] for c in model["councils"]} == sample.codes
    assert len(model["councils"]) + len(model["not_reported"]) == 339
    assert model["codes"] == sorted({r["code"] for c in model["councils"] for r in c["result"]["results"]})


def test_councils_carry_the_stored_result_exactly(session: Session, sample: SampleDB) -> None:
    model = build_report(session, sample.sweeps[0])
    stored = sorted(stored_results(session, sample.sweeps[0]), key=measures.result_key)
    assert [c["result"] for c in model["councils"]] == stored


def test_national_figures_match_the_measures_over_the_results(session: Session) -> None:
    model = build_report(session)
    results = [c["result"] for c in model["councils"]]
    flags = {c["key"]: c["flags"] for c in model["councils"]}
    assert model["national"]["measures"] == measures.success_measures(results, flags)
    c01 = model["national"]["measures"][0]["lines"][0]
    assessed = [r for r in results if measures.statuses(r)["C01"] in measures.ASSESSED]
    assert c01["denominator"] == len(assessed) < len(results), "unknown sites are left out of the denominator"
    assert c01["numerator"] == sum(measures.statuses(r)["C01"] == "met" for r in assessed)


def test_the_commissioners_certification_is_read_from_the_facts(session: Session) -> None:
    model = build_report(session)
    claimed = {c["key"] for c in model["councils"] if c["flags"]["claimed_sc_certification"]}
    partly = {c["key"] for c in model["councils"] if measures.statuses(c["result"]).get("C17") == "partly"}
    assert claimed and claimed <= partly  # the sample records a claim wherever C17 is partly met


def test_shared_website_is_one_crawl_audited_for_each_council(session: Session) -> None:
    model = build_report(session)
    adur, worthing = (next(c for c in model["councils"] if c["gss_code"] == g) for g in SHARED)
    assert adur["homepage"] == worthing["homepage"]
    assert adur["crawl"]["trail"] == worthing["crawl"]["trail"]


def test_archives_and_trails_are_attached(session: Session) -> None:
    council = next(c for c in build_report(session)["councils"] if c["gss_code"] == HOSTILE)
    assert council["crawl"]["trail"]["best_links"]
    page = council["archives"][council["result"]["results"][0]["evidence"][0]["url"]]
    assert page["kind"] == "page" and page["warc_file"].startswith("sweep-") and len(page["sha256"]) == 64


def test_trends_and_changes_come_from_earlier_sweeps(session: Session, sample: SampleDB) -> None:
    model = build_report(session)
    assert [t["sweep"]["id"] for t in model["trends"]] == sample.sweeps
    assert model["changes"]["from"]["id"] == sample.sweeps[-2]
    direct = diff_sweeps(session, sample.sweeps[-2], sample.sweeps[-1])
    assert model["changes"]["councils"] == direct["councils"]
    changed = [c for c in model["councils"] if c["changes"]["changes"]]
    assert changed, "the sample drifts between sweeps"
    first = build_report(session, sample.sweeps[0])
    assert first["changes"] is None and len(first["trends"]) == 1


def test_diff_sweeps_describes_both_sides(session: Session, sample: SampleDB) -> None:
    diff = diff_sweeps(session, sample.sweeps[0], sample.sweeps[1])
    assert (diff["a"]["id"], diff["b"]["id"]) == tuple(sample.sweeps[:2])
    assert diff["summary"]["fixed"] > 0
    with pytest.raises(ReportError, match="no sweep 999"):
        diff_sweeps(session, sample.sweeps[0], 999)


def test_nothing_to_report(tmp_path: Path) -> None:
    with open_session(f"sqlite:///{tmp_path / 'empty.db'}") as session:
        with pytest.raises(ReportError, match="cctv-audit sweep"):
            select_sweep(session)
        session.add(Sweep(kind="sweep"))
        session.commit()
        with pytest.raises(ReportError, match="not been audited"):
            build_report(session, 1)


def test_card_model_falls_back_to_the_result_alone(session: Session) -> None:
    result = build_report(session)["councils"][0]["result"]
    model, council = card_model(session, result)  # a national sweep's result is not a `check`
    assert council["result"] == result and model["sweep"]["kind"] == "check" and council["crawl"].get("trail") is None


def test_report_model_on_both_backends(db_url: str, tmp_path: Path) -> None:
    sample = make_sample(db_url, tmp_path)
    with open_session(db_url) as session:
        model = build_report(session)
        assert [c["result"] for c in model["councils"]] == sorted(
            stored_results(session, sample.sweeps[-1]), key=measures.result_key
        )
        assert len(model["trends"]) == 3
        assert any(c["archives"] for c in model["councils"])
