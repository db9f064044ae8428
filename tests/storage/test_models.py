"""The models on real SQLite and PostgreSQL databases built by the migrations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import delete, func, inspect, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from storage.models import (
    AuditRun,
    Authority,
    Base,
    Document,
    Fact,
    Page,
    RuleResult,
    SiteCrawl,
    SiteScore,
    Sweep,
    utcnow,
)

STARTED = datetime(2026, 11, 29, 9, 30, 15, 123456, tzinfo=UTC)
# A non-UTC offset on purpose: it must come back as the same instant, in UTC.
FINISHED = datetime(2026, 11, 29, 10, 31, 0, 654321, tzinfo=timezone(timedelta(hours=1)))

ALL_MODELS: list[type[Base]] = [
    Authority,
    Sweep,
    SiteCrawl,
    Page,
    Document,
    Fact,
    AuditRun,
    SiteScore,
    RuleResult,
]


def columns(obj: Base) -> dict[str, Any]:
    """Every column attribute of a mapped object, by name."""
    return {attr.key: getattr(obj, attr.key) for attr in inspect(obj).mapper.column_attrs}


def build_sweep(session: Session, homepage: str = "https://www.bromsgrove.gov.uk/") -> Sweep:
    """Add one row to every table (the authority only if it is missing) and flush; return the sweep."""
    authority = session.get(Authority, "E07000234") or Authority(
        gss_code="E07000234",
        name="Bromsgrove District Council",
        type="NMD",
        nation="England",
        region="West Midlands",
        homepage="https://www.bromsgrove.gov.uk/",
        source="register-2026.csv",
    )
    sweep = Sweep(
        kind="sweep",
        status="done",
        started_at=STARTED,
        finished_at=FINISHED,
        options={"only": ["E07000234"], "budget": 200, "polite": True, "delay": 1.5, "proxy": None},
        note="nightly",
    )
    crawl = SiteCrawl(
        sweep=sweep,
        authority=authority,
        homepage=homepage,
        status="done",
        outcome="complete",
        reason=None,
        requests=45,
        pages=41,
        documents=5,
        started_at=STARTED,
        finished_at=FINISHED,
        seconds=38.2,
        trail={"robots": {"crawl_delay": 2}, "skipped": [{"url": "/calendar?page=9", "why": "trap"}]},
    )
    page = Page(
        site_crawl=crawl,
        url=homepage + "cctv/",
        final_url=homepage + "residents/cctv/",
        status=200,
        content_type="text/html; charset=utf-8",
        depth=2,
        referrer=homepage,
        fetched_at=STARTED,
        sha256="a" * 64,
        size=18_234,
        title="CCTV – Teledu cylch cyfyng",
        text="Our public space CCTV… Ŵ ŷ “quotes”",
        etag='W/"abc"',
        last_modified="Sat, 28 Nov 2026 10:00:00 GMT",
        link_score=0.875,
        link_reasons=["anchor:cctv", "heading:community safety"],
    )
    document = Document(
        site_crawl=crawl,
        url=homepage + "cctv-policy.pdf",
        final_url=homepage + "cctv-policy.pdf",
        status=200,
        content_type="application/pdf",
        depth=3,
        referrer=page.url,
        fetched_at=FINISHED,
        sha256="b" * 64,
        size=250_000,
        page_count=3,
        title="CCTV policy",
        text="page one\fpage two\fpage three",
        error=None,
    )
    page_fact = Fact(
        site_crawl=crawl,
        page=page,
        kind="email",
        value={"email": "cctv@bromsgrove.gov.uk", "role": None},
        url=page.url,
        quote="Email cctv@bromsgrove.gov.uk",
        locator="main > p:nth-of-type(3)",
        extractor="extract_emails",
        extractor_version="1.0",
    )
    document_fact = Fact(
        site_crawl=crawl,
        document=document,
        kind="retention_days",
        value=31,
        url=document.url,
        quote="kept for 31 days",
        locator="page 2",
        extractor="extract_retention",
        extractor_version="1.2",
    )
    audit = AuditRun(
        sweep=sweep,
        rulepack_version="1.0.0",
        profile="default",
        as_of=date(2026, 11, 29),
        created_at=FINISHED,
    )
    result = {
        "schema": "cctv-audit/site-result/1",
        "score": 71.4,
        "grade": "B",
        "results": [{"code": "C01", "status": "met", "evidence": [{"url": page.url, "quote": "CCTV"}]}],
    }
    score = SiteScore(
        audit_run=audit,
        site_crawl=crawl,
        authority=authority,
        score=71.4,
        grade="B",
        coverage=1.0,
        spoc={"name": None, "role": "CCTV Manager", "email": "cctv@bromsgrove.gov.uk"},
        cctv_pages=[page.final_url],
        result=result,
    )
    RuleResult(
        site_score=score,
        code="C01",
        name="cctv-page",
        status="met",
        weight=3,
        points=3.0,
        evidence=[{"url": page.url, "quote": "Our public space CCTV", "locator": "main > h1"}],
        explanation="A page about the council's CCTV was found.",
        how_to_fix=None,
    )
    session.add_all([sweep, document_fact, page_fact])
    session.flush()
    return sweep


def count_rows(session: Session) -> dict[str, int]:
    return {model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0 for model in ALL_MODELS}


def test_round_trip_every_table(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        build_sweep(session)
        session.commit()
        expected = {
            (type(obj).__name__, inspect(obj).identity): columns(obj)
            for model in ALL_MODELS
            for obj in session.scalars(select(model))
        }
    assert {name for name, _ in expected} == {model.__name__ for model in ALL_MODELS}

    with sessions() as session:
        for model in ALL_MODELS:
            for obj in session.scalars(select(model)):
                assert columns(obj) == expected[(model.__name__, inspect(obj).identity)], model.__name__

        sweep = session.scalars(select(Sweep)).one()
        assert sweep.started_at == STARTED
        assert sweep.started_at.tzinfo is UTC
        assert sweep.finished_at == FINISHED
        assert sweep.finished_at is not None and sweep.finished_at.tzinfo is UTC
        assert sweep.options == {
            "only": ["E07000234"],
            "budget": 200,
            "polite": True,
            "delay": 1.5,
            "proxy": None,
        }

        crawl = sweep.site_crawls[0]
        assert crawl.authority is not None and crawl.authority.name == "Bromsgrove District Council"
        assert crawl.trail["skipped"][0]["why"] == "trap"
        assert crawl.page_rows[0].link_reasons == ["anchor:cctv", "heading:community safety"]
        assert crawl.page_rows[0].title == "CCTV – Teledu cylch cyfyng"
        assert crawl.document_rows[0].text is not None
        assert crawl.document_rows[0].text.split("\f") == ["page one", "page two", "page three"]
        assert {fact.kind: fact.value for fact in crawl.facts} == {
            "email": {"email": "cctv@bromsgrove.gov.uk", "role": None},
            "retention_days": 31,
        }

        audit = sweep.audit_runs[0]
        assert audit.as_of == date(2026, 11, 29)
        score = audit.site_scores[0]
        assert score.spoc == {"name": None, "role": "CCTV Manager", "email": "cctv@bromsgrove.gov.uk"}
        assert score.result is not None and score.result["results"][0]["evidence"][0]["quote"] == "CCTV"
        assert score.rule_results[0].evidence[0]["locator"] == "main > h1"
        assert score.rule_results[0].how_to_fix is None


def test_defaults(session: Session) -> None:
    before = utcnow()
    sweep = Sweep(kind="check")
    crawl = SiteCrawl(sweep=sweep, homepage="https://example.gov.uk/")
    page = Page(site_crawl=crawl, url="https://example.gov.uk/", final_url="https://example.gov.uk/", status=200)
    audit = AuditRun(sweep=sweep, rulepack_version="1.0.0", as_of=date(2026, 11, 29))
    score = SiteScore(audit_run=audit, site_crawl=crawl, coverage=0.0)
    rule = RuleResult(site_score=score, code="C01", name="cctv-page", status="unknown", weight=3, explanation="")
    session.add(sweep)
    session.commit()
    session.expire_all()

    assert (sweep.status, sweep.options, sweep.note) == ("running", {}, None)
    assert before <= sweep.started_at <= utcnow()
    assert (crawl.status, crawl.requests, crawl.pages, crawl.documents, crawl.trail) == (
        "pending",
        0,
        0,
        0,
        {},
    )
    assert (page.depth, page.size, page.link_reasons) == (0, 0, None)
    assert page.fetched_at.tzinfo is UTC
    assert (audit.profile, audit.created_at.tzinfo) == ("default", UTC)
    assert (score.cctv_pages, score.spoc, score.result) == ([], None, None)
    assert rule.evidence == []


def test_json_none_is_sql_null(session: Session) -> None:
    """A missing JSON value is SQL NULL, not the JSON literal null, so IS NULL finds it."""
    build_sweep(session)
    score = session.scalars(select(SiteScore)).one()
    score.spoc = None
    session.commit()
    assert session.scalar(select(func.count()).where(SiteScore.spoc.is_(None))) == 1


def test_utcnow_is_timezone_aware() -> None:
    now = utcnow()
    assert now.tzinfo is UTC
    assert abs(datetime.now(UTC) - now) < timedelta(seconds=5)


def test_naive_datetime_is_refused(session: Session) -> None:
    session.add(Sweep(kind="sweep", started_at=datetime(2026, 11, 29, 9, 0)))
    with pytest.raises(StatementError, match="naive datetime"):
        session.flush()


@pytest.mark.parametrize("how", ["orm", "sql"])
def test_deleting_a_sweep_cascades(sessions: sessionmaker[Session], how: str) -> None:
    with sessions() as session:
        doomed = build_sweep(session).id
        survivor = build_sweep(session).id  # must come through untouched
        session.commit()
        assert count_rows(session) == {
            "authority": 1,
            "sweep": 2,
            "site_crawl": 2,
            "page": 2,
            "document": 2,
            "fact": 4,
            "audit_run": 2,
            "site_score": 2,
            "rule_result": 2,
        }

    # A fresh session, so the ORM has nothing loaded: "orm" relies on passive_deletes handing the work to
    # ON DELETE CASCADE, "sql" on the database alone (on SQLite, only with PRAGMA foreign_keys=ON).
    with sessions() as session:
        if how == "orm":
            session.delete(session.get_one(Sweep, doomed))
        else:
            session.execute(delete(Sweep).where(Sweep.id == doomed))
        session.commit()
        assert count_rows(session) == {
            "authority": 1,
            "sweep": 1,
            "site_crawl": 1,
            "page": 1,
            "document": 1,
            "fact": 2,
            "audit_run": 1,
            "site_score": 1,
            "rule_result": 1,
        }
        assert session.scalars(select(SiteCrawl.sweep_id)).all() == [survivor]


def test_deleting_loaded_sweep_cascades_through_the_orm(session: Session) -> None:
    sweep = build_sweep(session)
    session.commit()
    # Load every collection, so the ORM deletes the children itself.
    assert sweep.site_crawls[0].page_rows[0].facts
    assert sweep.audit_runs[0].site_scores[0].rule_results
    session.delete(sweep)
    session.commit()
    counts = count_rows(session)
    assert counts.pop("authority") == 1
    assert set(counts.values()) == {0}


def test_deleting_a_page_deletes_only_its_facts(session: Session) -> None:
    build_sweep(session)
    session.commit()
    session.execute(delete(Page))
    session.commit()
    assert session.scalars(select(Fact.kind)).all() == ["retention_days"]
    assert session.scalar(select(func.count()).select_from(Document)) == 1


def test_site_crawl_homepage_is_unique_per_sweep(session: Session) -> None:
    sweep = Sweep(kind="sweep")
    sweep.site_crawls = [SiteCrawl(homepage="https://a.gov.uk/"), SiteCrawl(homepage="https://a.gov.uk/")]
    session.add(sweep)
    with pytest.raises(IntegrityError, match=r"(?i)unique"):
        session.flush()


def test_foreign_keys_are_enforced(session: Session) -> None:
    session.add(SiteCrawl(sweep_id=12345, homepage="https://a.gov.uk/"))
    with pytest.raises(IntegrityError, match=r"(?i)foreign key"):
        session.flush()


@pytest.mark.parametrize(
    "make",
    [
        lambda: Sweep(kind="rescan"),
        lambda: Sweep(kind="sweep", status="finished"),
        lambda: SiteCrawl(sweep=Sweep(kind="sweep"), homepage="https://a.gov.uk/", status="queued"),
        lambda: SiteCrawl(sweep=Sweep(kind="sweep"), homepage="https://a.gov.uk/", outcome="failed"),
        lambda: RuleResult(
            site_score=SiteScore(
                audit_run=AuditRun(sweep=Sweep(kind="sweep"), rulepack_version="1", as_of=date(2026, 1, 1)),
                site_crawl=SiteCrawl(sweep=Sweep(kind="sweep"), homepage="https://a.gov.uk/"),
                coverage=1.0,
            ),
            code="C01",
            name="cctv-page",
            status="pass",
            weight=3,
            explanation="",
        ),
    ],
    ids=["sweep.kind", "sweep.status", "site_crawl.status", "site_crawl.outcome", "rule_result.status"],
)
def test_check_constraints_reject_unknown_states(session: Session, make: Callable[[], Base]) -> None:
    session.add(make())
    with pytest.raises(IntegrityError, match=r"(?i)check"):
        session.flush()
