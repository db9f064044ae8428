"""``cctv-audit check`` end to end: a real Scrapy crawl of the fixture sites through the loopback proxy,
judged against each site's hand-written ground truth (``_expected.yaml``), on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select

from storage.models import Fact, Page, RuleResult, SiteCrawl, SiteScore
from storage.session import make_engine, make_sessionmaker

SITES = Path(__file__).resolve().parents[2] / "fixtures" / "sites"
CODES = ("C01", "C05", "C08", "C18")
EXPECTED = {p.parent.name: yaml.safe_load(p.read_text()) for p in sorted(SITES.glob("*/_expected.yaml"))}


def _status(expected: dict[str, Any], code: str) -> str:
    entry = expected["criteria"][code] if "criteria" in expected else expected[code]
    return entry["status"] if isinstance(entry, dict) else str(entry)


@pytest.mark.parametrize("host", sorted(EXPECTED))
def test_check_matches_ground_truth(host: str, cli: Any, sqlite_url: str) -> None:
    expected = EXPECTED[host]
    run = cli("check", f"http://{host}/", "--format", "json", "--delay", "0", "--db", sqlite_url,
              "--as-of", "2026-11-29")  # fmt: skip
    assert run.returncode == 0, run.stderr
    result = run.json
    assert result["schema"] == "cctv-audit/site-result/1"
    assert result["crawl"]["outcome"] == expected["outcome"]
    statuses = {r["code"]: r["status"] for r in result["results"]}
    assert [r["code"] for r in result["results"]] == sorted(statuses), "results are not in code order"
    assert len(statuses) == 25, "every criterion appears in the results, every time"
    assert {code: statuses[code] for code in CODES} == {code: _status(expected, code) for code in CODES}
    for row in result["results"]:
        if row["status"] in ("met", "partly"):
            assert row["evidence"], f"{row['code']} has no evidence"
            for evidence in row["evidence"]:
                assert len(evidence["quote"]) <= 300 and evidence["locator"]
    spoc = expected.get("spoc")
    if spoc and statuses["C18"] in ("met", "partly"):
        assert result["spoc"]["email"] == spoc.get("email")
        assert result["spoc"]["phone"] == spoc.get("phone")
    elif statuses["C18"] not in ("met", "partly"):
        assert result["spoc"] is None
    if "retention_days" in expected and statuses["C08"] == "met":
        assert (
            f"{expected['retention_days']} days"
            in next(r for r in result["results"] if r["code"] == "C08")["explanation"]
        )
    cctv_pages = [p.replace("https://", "http://") for p in expected.get("cctv_pages") or []]
    assert sorted(result["cctv_pages"]) == sorted(_absolute(host, p) for p in cctv_pages)


def _absolute(host: str, page: str) -> str:
    return page if page.startswith("http") else f"http://{host}{page}"


def test_check_stores_everything(cli: Any, db_url: str) -> None:
    """The same check on SQLite and on the PostgreSQL server: pages, facts, scores and results stored."""
    run = cli("check", "http://www.bromsgrove.gov.uk/", "--format", "json", "--delay", "0", "--db", db_url)
    assert run.returncode == 0, run.stderr
    result = run.json
    engine = make_engine(db_url)
    try:
        with make_sessionmaker(engine)() as session:
            crawl = session.scalars(select(SiteCrawl)).one()
            assert (crawl.status, crawl.outcome, crawl.authority_gss) == ("done", "complete", "E07000234")
            assert session.scalar(select(func.count()).select_from(Page)) == crawl.pages == result["crawl"]["pages"]
            assert session.scalar(select(func.count()).where(Fact.kind == "spoc")) >= 1
            score = session.scalars(select(SiteScore)).one()
            assert score.score == result["score"] and score.result == result
            stored = {r.code: r.status for r in session.scalars(select(RuleResult))}
            assert stored == {r["code"]: r["status"] for r in result["results"]}
    finally:
        engine.dispose()


def test_json_mode_keeps_stdout_clean_and_logs_on_stderr(cli: Any, sqlite_url: str) -> None:
    run = cli("-v", "check", "http://www.wyre.gov.uk/", "--format", "json", "--delay", "0", "--db", sqlite_url)
    assert run.returncode == 0
    result = run.json  # stdout is exactly one JSON document
    assert result["crawl"]["outcome"] == "unreachable"
    assert "closed the connection" in result["crawl"]["reason"]
    # An English council: C24 (Welsh language) is n/a whatever the crawl finds; everything else is unknown.
    assert {r["code"] for r in result["results"] if r["status"] != "unknown"} == {"C24"}
    assert result["score"] is None and result["grade"] is None
    assert "could not be crawled" in run.stderr


@pytest.mark.parametrize(
    ("url", "outcome", "message"),
    [
        ("ftp://www.bromsgrove.gov.uk/", "unreachable", "not an http(s) URL"),
        ("http://www.rutland.gov.uk/", "robots_disallowed", "robots.txt forbids"),
        ("http://www.wyre.gov.uk/", "unreachable", "closed the connection"),
    ],
)
def test_sites_that_cannot_be_crawled_give_a_clear_result(
    cli: Any, sqlite_url: str, url: str, outcome: str, message: str
) -> None:
    run = cli("check", url, "--delay", "0", "--db", sqlite_url)
    assert run.returncode == 0
    assert "Traceback" not in run.stderr + run.stdout
    assert outcome in run.stdout and "unknown" in run.stdout
    assert message in run.stderr


def test_fail_under_sets_the_exit_code(cli: Any, sqlite_url: str) -> None:
    low = cli("check", "http://www.malvernhills.gov.uk/", "--delay", "0", "--db", sqlite_url, "--fail-under", "50")
    assert low.returncode == 1
    assert "below --fail-under 50" in low.stderr
    unassessed = cli("check", "http://www.rutland.gov.uk/", "--delay", "0", "--db", sqlite_url, "--fail-under", "1")
    assert unassessed.returncode == 1
    high = cli("check", "http://www.bromsgrove.gov.uk/", "--delay", "0", "--db", sqlite_url, "--fail-under", "50")
    assert high.returncode == 0, high.stderr


def test_robots_forbidden_pages_are_never_fetched(cli: Any, fixture_web: Any, sqlite_url: str) -> None:
    before = len(fixture_web.requests)
    cli("check", "http://www.rutland.gov.uk/", "--delay", "0", "--db", sqlite_url)
    paths = [r.path for r in list(fixture_web.requests)[before:] if r.host == "www.rutland.gov.uk"]
    assert paths == ["/robots.txt"]


def test_page_budget_ends_partial_and_absence_is_unknown(cli: Any, fixture_web: Any, sqlite_url: str) -> None:
    before = len(fixture_web.requests)
    run = cli("check", "http://www.malvernhills.gov.uk/", "--format", "json", "--delay", "0", "--max-pages", "3",
              "--db", sqlite_url)  # fmt: skip
    result = run.json
    assert result["crawl"]["outcome"] == "partial"
    assert result["crawl"]["requests"] == 3
    assert "page budget of 3" in result["crawl"]["reason"]
    # Nothing was found, but a cut-short crawl cannot prove absence (C24 does not apply to an English council).
    assert {r["code"]: r["status"] for r in result["results"] if r["status"] != "unknown"} == {"C24": "n/a"}
    pages = [r for r in list(fixture_web.requests)[before:] if r.path != "/robots.txt"]
    assert len(pages) == 3


def test_crawl_stays_inside_the_council_domain(cli: Any, fixture_web: Any, sqlite_url: str) -> None:
    before = len(fixture_web.requests)
    cli("check", "http://www.bromsgrove.gov.uk/", "--delay", "0", "--db", sqlite_url)
    hosts = {r.host for r in list(fixture_web.requests)[before:]}
    assert hosts == {"www.bromsgrove.gov.uk"}, "links to social media or other domains were followed"


def test_every_response_is_archived_in_warc_with_its_sha256(cli: Any, tmp_path: Path, sqlite_url: str) -> None:
    import hashlib

    from storage.evidence import ArchivedRecord, EvidenceStore

    run = cli("check", "http://www.wyreforestdc.gov.uk/", "--delay", "0", "--db", sqlite_url)
    assert run.returncode == 0, run.stderr
    store = EvidenceStore(tmp_path / "evidence")
    engine = make_engine(sqlite_url)
    try:
        with make_sessionmaker(engine)() as session:
            from storage.models import Document

            rows = [*session.scalars(select(Page)), *session.scalars(select(Document))]
            assert any(isinstance(r, Document) for r in rows), "the fixture site's PDF was not fetched"
            for row in rows:
                assert row.warc_file and row.warc_offset is not None
                url, status, body = store.read(ArchivedRecord(row.warc_file, row.warc_offset))
                assert (url, status) == (row.final_url, row.status)
                assert hashlib.sha256(body).hexdigest() == row.sha256
    finally:
        engine.dispose()


def test_a_second_check_sends_conditional_requests_and_reuses_unchanged_pages(
    cli: Any, fixture_web: Any, sqlite_url: str
) -> None:
    first = cli("check", "http://www.bromsgrove.gov.uk/", "--format", "json", "--delay", "0", "--db", sqlite_url)
    before = len(fixture_web.requests)
    second = cli("check", "http://www.bromsgrove.gov.uk/", "--format", "json", "--delay", "0", "--db", sqlite_url)
    assert first.returncode == second.returncode == 0, second.stderr
    statuses = [r.status for r in list(fixture_web.requests)[before:] if r.path != "/robots.txt"]
    assert statuses.count(304) >= first.json["crawl"]["pages"] - 1, statuses
    # Unchanged pages come back from the evidence of the first check, so the verdict is the same.
    assert [(r["code"], r["status"]) for r in second.json["results"]] == [
        (r["code"], r["status"]) for r in first.json["results"]
    ]
    assert second.json["cctv_pages"] == first.json["cctv_pages"]
    engine = make_engine(sqlite_url)
    try:
        with make_sessionmaker(engine)() as session:
            crawls = session.scalars(select(SiteCrawl).order_by(SiteCrawl.id)).all()
            assert crawls[1].trail["not_modified"] >= 1
            assert crawls[1].pages == crawls[0].pages
    finally:
        engine.dispose()
