"""National sweeps on a slice of the simulated web: every hazard ends in the right outcome, and a sweep
killed with SIGKILL at any moment resumes with every site done exactly once and no duplicate pages."""

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

from cctv_audit.register import write_listing
from fixtures.server import RunningServer, running_server
from fixtures.simweb.build import build_web
from fixtures.simweb.slices import AS_OF, SEED, slice_codes
from fixtures.simweb.store import SimStore
from storage.models import Page, SiteCrawl, SiteScore, Sweep
from storage.session import make_engine, make_sessionmaker


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("simweb")
    build_web(out, seed=SEED, as_of=AS_OF, only=slice_codes(), workers=1)
    return out


@pytest.fixture(scope="module")
def server(web: Path) -> Iterator[RunningServer]:
    with running_server(SimStore(web)) as running:
        yield running


@pytest.fixture(scope="module")
def listing(web: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Every authority the slice's sites belong to (a shared site brings its partner council).
    return write_listing(tmp_path_factory.mktemp("listing") / "slice.csv", _truths(web))


def _truths(web: Path) -> dict[str, dict[str, Any]]:
    import json

    return {p.stem: json.loads(p.read_text()) for p in (web / "truth").glob("[EW]*.json")}


def _sweep(server: RunningServer, db: str, evidence: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "http_proxy": server.proxy_url, "https_proxy": server.proxy_url}
    env.pop("CCTV_AUDIT_DB", None)
    return subprocess.Popen(
        [sys.executable, "-m", "cctv_audit", "sweep", "--delay", "0", "--db", db, "--evidence", str(evidence),
         "--as-of", AS_OF.isoformat(), *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _session(db: str) -> Any:
    engine = make_engine(db)
    return engine, make_sessionmaker(engine)()


@pytest.fixture(scope="module")
def swept(server: RunningServer, listing: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    work = tmp_path_factory.mktemp("sweep")
    db = f"sqlite:///{work / 'sweep.db'}"
    process = _sweep(server, db, work / "evidence", "--authorities", str(listing))
    _, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-3000:]
    return db


def test_every_site_ends_in_the_outcome_its_hazards_call_for(swept: str, web: Path) -> None:
    engine, session = _session(swept)
    try:
        got = {s.authority_gss: s.result["crawl"]["outcome"] for s in session.scalars(select(SiteScore))
               if s.authority_gss and s.result}  # fmt: skip
    finally:
        session.close()
        engine.dispose()
    truths = _truths(web)
    assert set(got) == set(truths), "every authority in the slice has a result"
    wrong = {g: (t["outcome"], got[g]) for g, t in truths.items() if got[g] != t["outcome"]}
    assert not wrong, f"(expected, got) by authority: {wrong}"


def test_the_focused_crawl_finds_the_relevant_pages(swept: str, web: Path) -> None:
    from bench.national import same_page
    from storage.models import Document

    engine, session = _session(swept)
    try:
        fetched: dict[str, set[str]] = {}
        crawls = {c.id: c.homepage for c in session.scalars(select(SiteCrawl))}
        for model in (Page, Document):
            for crawl_id, url, final in session.execute(
                select(model.site_crawl_id, model.url, model.final_url).where(model.status < 400)
            ):
                fetched.setdefault(crawls[crawl_id], set()).update({same_page(url), same_page(final)})
    finally:
        session.close()
        engine.dispose()
    wanted = found = 0
    for truth in _truths(web).values():
        want = {same_page(u) for u in truth["relevant"]}
        wanted += len(want)
        found += len(want & fetched.get(truth["homepage"], set()))
    assert wanted and found / wanted >= 0.95


def test_sigkill_at_any_moment_then_resume_finishes_every_site_exactly_once(
    server: RunningServer, listing: Path, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'killed.db'}"
    process = _sweep(server, db, tmp_path / "evidence", "--authorities", str(listing))
    engine = make_engine(db)
    try:
        deadline = time.monotonic() + 300
        done = 0
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
            try:
                with make_sessionmaker(engine)() as session:
                    done = session.scalar(select(func.count()).where(SiteCrawl.status == "done")) or 0
            except Exception:  # the schema may not exist yet
                continue
            if done >= 3:
                break
        assert process.poll() is None, "the sweep finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.communicate()  # reap it and close its pipes
        with make_sessionmaker(engine)() as session:
            before = {c.id: c.finished_at for c in session.scalars(select(SiteCrawl).where(SiteCrawl.status == "done"))}
            total = session.scalar(select(func.count()).select_from(SiteCrawl))
        assert 3 <= len(before) < (total or 0), "the kill came mid-sweep"

        resumed = _sweep(server, db, tmp_path / "evidence", "--resume")
        _, err = resumed.communicate(timeout=600)
        assert resumed.returncode == 0, err[-3000:]
        with make_sessionmaker(engine)() as session:
            assert session.scalar(select(func.count()).select_from(Sweep)) == 1
            crawls = list(session.scalars(select(SiteCrawl)))
            assert len(crawls) == total and all(c.status == "done" for c in crawls)
            assert len({c.homepage for c in crawls}) == len(crawls), "a site was crawled twice"
            # Sites finished before the kill were not crawled again.
            assert {c.id: c.finished_at for c in crawls if c.id in before} == before
            duplicates = session.execute(
                select(Page.site_crawl_id, Page.url, func.count()).group_by(Page.site_crawl_id, Page.url)
                .having(func.count() > 1)
            ).all()  # fmt: skip
            assert not duplicates
            scored = {s.site_crawl_id for s in session.scalars(select(SiteScore))}
            assert scored == {c.id for c in crawls}, "every site has its audit"
            assert session.scalars(select(Sweep)).one().status == "done"
    finally:
        engine.dispose()
