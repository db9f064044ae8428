"""Distributed sweeps for real: Redis and PostgreSQL on this machine, three worker processes over a slice of the
simulated web, one of them killed with SIGKILL mid-sweep. The results equal a single-process sweep's, and every
site is crawled (and stored) once, its killed worker's sites by the others."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bench.faults import build_slice, truths
from cctv_audit.distributed import redis_client
from cctv_audit.register import write_listing
from crawler.sitequeue import SiteQueue, queue_name
from fixtures.server import RunningServer, running_server
from fixtures.simweb.slices import AS_OF
from fixtures.simweb.store import SimStore
from storage.models import Page, SiteCrawl, SiteScore, Sweep
from storage.session import make_engine, make_sessionmaker

REDIS = "redis://127.0.0.1:6379/13"
LEASE = 4.0


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_slice(tmp_path_factory.mktemp("distributed") / "web")


@pytest.fixture(scope="module")
def server(web: Path) -> Iterator[RunningServer]:
    with running_server(SimStore(web)) as running:
        yield running


@pytest.fixture(scope="module")
def listing(web: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_listing(tmp_path_factory.mktemp("listing") / "slice.csv", truths(web))


def _cctv_audit(server: RunningServer, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "http_proxy": server.proxy_url, "https_proxy": server.proxy_url}
    env.pop("CCTV_AUDIT_DB", None)
    return subprocess.Popen([sys.executable, "-m", "cctv_audit", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip


def _sweep(server: RunningServer, db: str, evidence: Path, *args: str) -> subprocess.Popen[str]:
    return _cctv_audit(server, "sweep", "--delay", "0", "--db", db, "--evidence", str(evidence),
                       "--as-of", AS_OF.isoformat(), *args)  # fmt: skip


def _results(db: str) -> dict[str, tuple[Any, ...]]:
    """GSS code → crawl outcome, score and every criterion's status."""
    engine = make_engine(db)
    try:
        with make_sessionmaker(engine)() as session:
            return {
                s.authority_gss: (
                    s.result["crawl"]["outcome"],
                    s.score,
                    tuple(r["status"] for r in s.result["results"]),
                )
                for s in session.scalars(select(SiteScore))
                if s.authority_gss and s.result
            }
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def single_process(server: RunningServer, listing: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("single")
    db = f"sqlite:///{work / 'single.db'}"
    process = _sweep(server, db, work / "evidence", "--authorities", str(listing))
    _, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-3000:]
    return _results(db)


def _pid(worker: str | None) -> int | None:
    return int(worker.split(":")[-2]) if worker else None


def test_three_workers_match_one_process_and_finish_a_killed_workers_sites(
    server: RunningServer, listing: Path, single_process: dict[str, Any], pg_database: str, tmp_path: Path
) -> None:
    sweep = _sweep(server, pg_database, tmp_path / "evidence", "--authorities", str(listing), "--redis", REDIS,
                   "--workers", "3", "--concurrent-sites", "3", "--lease", f"{LEASE:g}")  # fmt: skip
    engine = make_engine(pg_database)
    try:
        victim: int | None = None
        held: set[int] = set()
        deadline = time.monotonic() + 300
        while victim is None and time.monotonic() < deadline and sweep.poll() is None:
            time.sleep(0.2)
            try:
                with make_sessionmaker(engine)() as session:
                    crawls = list(session.scalars(select(SiteCrawl)))
            except Exception:  # the schema may not exist yet
                continue
            done_by = {_pid(c.worker) for c in crawls if c.status == "done"}
            running = {c.id: _pid(c.worker) for c in crawls if c.status == "running"}
            # A worker that has finished a site and holds others: kill it in the middle of its work.
            candidates = [pid for pid in running.values() if pid in done_by]
            if candidates:
                victim = candidates[0]
                os.kill(victim, signal.SIGKILL)
                held = {crawl_id for crawl_id, pid in running.items() if pid == victim}
        assert victim is not None, "no worker could be killed mid-sweep"
        _, err = sweep.communicate(timeout=600)
        assert sweep.returncode == 0, err[-3000:]
        assert f"exited with {-signal.SIGKILL}" in err
        with make_sessionmaker(engine)() as session:
            crawls = list(session.scalars(select(SiteCrawl)))
            assert all(c.status == "done" for c in crawls)
            assert len({c.homepage for c in crawls}) == len(crawls), "a site was crawled twice"
            workers = {_pid(c.worker) for c in crawls}
            assert len(workers) == 3 and victim in workers, "the three workers shared the sweep"
            taken_over = [c for c in crawls if c.id in held]
            assert taken_over and all(_pid(c.worker) != victim for c in taken_over), "the others finished its sites"
            duplicates = session.execute(
                select(Page.site_crawl_id, Page.url, func.count()).group_by(Page.site_crawl_id, Page.url)
                .having(func.count() > 1)
            ).all()  # fmt: skip
            assert not duplicates
            audits = session.execute(select(SiteScore.site_crawl_id, func.count()).group_by(SiteScore.site_crawl_id))
            assert {crawl_id for crawl_id, n in audits if n > 0} == {c.id for c in crawls}
            assert session.scalars(select(Sweep)).one().status == "done"
    finally:
        if sweep.poll() is None:
            sweep.kill()
            sweep.communicate()
        engine.dispose()
    assert _results(pg_database) == single_process, "the same results as a single-process sweep"


def test_a_dead_workers_sites_are_taken_over_once() -> None:
    """The queue protocol alone, on the real Redis: claims are exclusive, and a lapsed lease hands sites on."""
    server = redis_client(REDIS)
    try:
        name = queue_name(999_999)
        alive = SiteQueue(server, name, "test:1:alive", lease_seconds=30)
        dead = SiteQueue(server, name, "test:2:dead", lease_seconds=1)
        coordinator = SiteQueue(server, name)
        assert coordinator.publish([1, 2, 3]) == 3
        assert coordinator.publish([1, 2, 3]) == 0, "queued sites are not queued twice"
        assert name in SiteQueue.open_queues(server)
        alive.join()
        dead.join()
        assert [dead.claim(), dead.claim(), alive.claim(), alive.claim()] == [1, 2, 3, None]
        alive.release([3])
        assert alive.reap() == [], "a live worker's sites stay with it"
        time.sleep(1.2)
        assert not dead.heartbeat(), "an expired lease cannot be renewed"
        assert alive.reap() == [1, 2]
        assert alive.reap() == [], "each site is taken over once"
        assert coordinator.held() == {"test:1:alive": [1, 2]}
        alive.release([1, 2])
        assert coordinator.outstanding() == 0
        alive.leave()
        coordinator.retire()
        assert name not in SiteQueue.open_queues(server)
    finally:
        server.close()


def test_a_worker_with_nothing_to_do_exits(pg_database: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cctv_audit", "worker", "--redis", REDIS, "--db", pg_database, "--sweep", "12345",
         "--evidence", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "sweep 12345 is not open to workers" in done.stderr
