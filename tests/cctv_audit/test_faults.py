"""Fault injection: every hazard of the simulated web, plus a flapping, a stalled and a dying host, in one sweep on
the real PostgreSQL server, which is restarted mid-sweep. Each site ends in the outcome its ground truth (or its
injected fault) calls for, the sweep does not crash, and nothing stored is lost. ``python -m bench.faults`` runs
the same and more (killed sweeps and workers) and reports the figures in docs/reliability.md."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from scrapy.exceptions import DownloadTimeoutError
from sqlalchemy import func, select
from twisted.python.failure import Failure

from bench.faults import (
    build_slice,
    choose_faults,
    expected_outcomes,
    faulty_web,
    scenarios,
    sweep_with_db_restart,
    wrong_outcomes,
)
from cctv_audit.database import open_session
from cctv_audit.recorder import CrawlRecorder
from crawler.failures import classify_failure
from crawler.items import FetchedPage, SiteFinished
from crawler.pages import HtmlPage
from fixtures.server import RunningServer
from storage.models import Page, SiteCrawl, Sweep


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_slice(tmp_path_factory.mktemp("faults") / "web")


@pytest.fixture(scope="module")
def faults(web: Path) -> dict[str, str]:
    return choose_faults(web)


@pytest.fixture
def server(web: Path, faults: dict[str, str]) -> Iterator[RunningServer]:
    with faulty_web(web, faults) as running:
        yield running


def test_the_slice_has_every_hazard(web: Path, faults: dict[str, str]) -> None:
    found = scenarios(web, faults)
    assert set(faults.values()) == {"flapping", "stalled", "dying"}
    for name in ("slow pages", "failing pages", "flapping host", "hostile bodies", "traps", "redirect loops",
                 "blocked", "unreachable", "huge page", "compression bomb", "broken documents", "stalled host",
                 "host dying"):  # fmt: skip
        assert any(s.startswith(name) for s in found), f"no site in the slice has {name!r}"


def test_every_hazard_ends_right_and_a_database_restart_loses_nothing(
    server: RunningServer, web: Path, faults: dict[str, str], pg_database: str, tmp_path: Path
) -> None:
    run = sweep_with_db_restart(server, pg_database, tmp_path, web)
    assert "error" not in run.notes, run.notes
    assert not run.crashed, run.stderr[-3000:]
    assert 5 <= run.notes["restarted_after_sites"] < len(run.shot.crawls), "the restart came mid-sweep"
    assert not run.lost, run.lost
    assert not wrong_outcomes(run.shot, expected_outcomes(web, faults)), "(expected, got) by authority"
    assert {c[1] for c in run.shot.crawls.values()} >= {"timeout", "blocked", "unreachable", "robots_disallowed"}


def test_the_recorder_records_again_after_losing_its_connection(pg_database: str) -> None:
    """The database connection dies mid-transaction (as in a server restart): nothing recorded is lost."""
    with open_session(pg_database) as session:
        sweep = Sweep(kind="sweep")
        session.add(sweep)
        session.flush()
        crawl = SiteCrawl(sweep_id=sweep.id, homepage="https://www.example.gov.uk/", status="running")
        session.add(crawl)
        session.commit()
        recorder = CrawlRecorder(session, {crawl.homepage: crawl.id})

        def page(n: int) -> FetchedPage:
            url = f"https://www.example.gov.uk/p{n}"
            body = f"<html><head><title>Page {n}</title></head><body><h1>Page {n}</h1></body></html>".encode()
            headers = {"content-type": "text/html"}
            return FetchedPage(crawl.homepage, url, url, 200, headers, body, 1, "html",
                               page=HtmlPage(url, body, headers, 200))  # fmt: skip

        for n in range(3):
            recorder.on_page(page(n))
        backend = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (backend,))
        for n in range(3, 5):
            recorder.on_page(page(n))
        recorder.on_site(SiteFinished(crawl.homepage, "complete", "", 5, 5, 0, 0.1, {}))
        assert session.scalar(select(func.count()).select_from(Page)) == 5
        assert session.get(SiteCrawl, crawl.id).status == "done"  # type: ignore[union-attr]


def test_a_download_timeout_is_a_timeout() -> None:
    """Scrapy ≥ 2.19 raises its own DownloadTimeoutError; a stalled site is ``timeout``, not ``unreachable``."""
    assert classify_failure(Failure(DownloadTimeoutError("took longer than 5 seconds")))[0] == "timeout"
