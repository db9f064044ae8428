"""Fault injection on the simulated web: every hazard in a sweep, a database restart mid-sweep, killed processes.

``python -m bench.faults`` builds the slice of the simulated web that holds every kind of site and hazard
(fixtures/simweb/slices.py), injects the faults it cannot serve by itself (fixtures/faults.py: a flapping host, a
stalled host, a host dying mid-crawl), and runs against the real PostgreSQL server:

1. a sweep during which the PostgreSQL server is restarted (``pg_ctlcluster … restart``);
2. a sweep killed with SIGKILL mid-sweep, then ``--resume``;
3. a distributed sweep (three workers sharing Redis) in which one worker is killed with SIGKILL.

Each hazard is a scenario: the sites that have it. A scenario survives when no sweep crashed and each of its
sites ends in the outcome its ground truth (``truth/<gss>.json``) or its injected fault calls for, with its audit
and every page and document it counted stored. ``complete`` and ``partial`` count as one outcome, "crawled":
which of the two a site ends in depends on the link scoring and page budget, not on the hazard. A site is lost
when it is not done, has no audit, or has fewer rows than its crawl counted, or when a site finished before the
restart changed afterwards. Figures go to ``bench/results/latest.json`` (section ``faults``).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench.results_file import merge_results
from cctv_audit.register import write_listing
from crawler.runner import SETTINGS_ENV
from fixtures.faults import EXPECTED_OUTCOME, FaultyStore
from fixtures.server import RunningServer, running_server
from fixtures.simweb.build import build_web
from fixtures.simweb.slices import AS_OF, SEED, slice_codes
from fixtures.simweb.store import SimStore
from storage.models import Document, Page, SiteCrawl, SiteScore
from storage.session import make_engine, make_sessionmaker

CRAWLED = frozenset({"complete", "partial"})
DOWNLOAD_TIMEOUT = 5
"""Seconds; the fault sweeps lower Scrapy's 30 s so that a stalled host costs seconds, not minutes."""
PG_RESTART = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | head -n1) main restart"

# Hazards as the ground truth names them (truth["hazards"][*]["kind"] and truth["outcome"]) → scenario.
HAZARD_SCENARIOS = {
    "slow": "slow pages (1.5-3 s)",
    "status_404": "failing pages (404, 410, 500, 503)",
    "status_410": "failing pages (404, 410, 500, 503)",
    "status_500": "failing pages (404, 410, 500, 503)",
    "status_503": "failing pages (404, 410, 500, 503)",
    "junk": "hostile bodies (binary junk as HTML, broken HTML)",
    "broken_html": "hostile bodies (binary junk as HTML, broken HTML)",
    "dynamic": "traps (calendars, facets, session ids)",
    "redirect_loop": "redirect loops",
    "redirect_chain": "redirect chains (3-4 hops)",
    "huge": "huge page (50 MB)",
    "bomb": "compression bomb (1 GiB inflated)",
    "broken_doc": "broken documents (truncated, encrypted, malformed)",
    "truncated_pdf": "broken documents (truncated, encrypted, malformed)",
    "encrypted_pdf": "broken documents (truncated, encrypted, malformed)",
}
OUTCOME_SCENARIOS = {
    "blocked": "blocked (403, bot challenge)",
    "unreachable": "unreachable (host down, redirect without Location)",
    "robots_disallowed": "robots.txt forbids everything",
}
FAULT_SCENARIOS = {
    "flapping": "flapping host (every other request fails)",
    "stalled": "stalled host (the homepage never answers)",
    "dying": "host dying mid-crawl",
}


def truths(web: Path) -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text()) for p in sorted((web / "truth").glob("[EW]*.json"))}


def build_slice(out: Path) -> Path:
    """The slice of the simulated web with every kind of site and hazard (built once into ``out``)."""
    if not (out / "manifest.json").exists():
        build_web(out, seed=SEED, as_of=AS_OF, only=slice_codes(), workers=1)
    return out


def choose_faults(web: Path) -> dict[str, str]:
    """Host → injected fault, on crawlable sites with the fewest hazards of their own (so the fault is the story)."""
    candidates = sorted(
        (len(t["hazards"]), t["gss_code"], t["host"])
        for t in truths(web).values()
        if t["outcome"] == "complete" and not t["shared_with"] and t["host"].startswith("www.")
    )
    hosts: list[str] = []
    for _, _, host in candidates:
        if host not in hosts:
            hosts.append(host)
    return dict(zip(hosts, ("flapping", "stalled", "dying"), strict=False))


def expected_outcomes(web: Path, faults: dict[str, str]) -> dict[str, str]:
    """GSS code → the outcome the site must end in (``crawled`` for complete or partial)."""
    expected = {}
    for gss, truth in truths(web).items():
        want = EXPECTED_OUTCOME.get(faults.get(truth["host"], ""), None) or truth["outcome"]
        expected[gss] = "crawled" if want in CRAWLED else want
    return expected


def scenarios(web: Path, faults: dict[str, str]) -> dict[str, set[str]]:
    """Scenario → the GSS codes of the sites that have it."""
    found: dict[str, set[str]] = {}
    for gss, truth in truths(web).items():
        names = {HAZARD_SCENARIOS[h["kind"]] for h in truth["hazards"] if h["kind"] in HAZARD_SCENARIOS}
        if truth["outcome"] in OUTCOME_SCENARIOS:
            names.add(OUTCOME_SCENARIOS[truth["outcome"]])
        if truth["host"] in faults:
            names.add(FAULT_SCENARIOS[faults[truth["host"]]])
        for name in names:
            found.setdefault(name, set()).add(gss)
    return found


def listing(web: Path, path: Path) -> Path:
    return write_listing(path, truths(web))


@contextmanager
def faulty_web(web: Path, faults: dict[str, str]) -> Iterator[RunningServer]:
    with running_server(FaultyStore(SimStore(web), faults)) as server:
        yield server


def sweep_env(server: RunningServer) -> dict[str, str]:
    env = {**os.environ, "http_proxy": server.proxy_url, "https_proxy": server.proxy_url,
           SETTINGS_ENV: json.dumps({"DOWNLOAD_TIMEOUT": DOWNLOAD_TIMEOUT})}  # fmt: skip
    env.pop("CCTV_AUDIT_DB", None)
    return env


def cctv_audit(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "cctv_audit", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip


def sweep_args(db: str, evidence: Path, *more: str) -> list[str]:
    return ["sweep", "--delay", "0", "--db", db, "--evidence", str(evidence), "--as-of", AS_OF.isoformat(), *more]


@dataclass
class Snapshot:
    """Per site crawl: status, outcome, counters and finish time; per crawl: rows stored."""

    crawls: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    rows: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    """Site crawl id → (pages < 400 stored, documents < 400 stored, audits stored)."""
    outcomes: dict[str, str] = field(default_factory=dict)
    """GSS code → crawl outcome in its audit."""


def snapshot(db: str) -> Snapshot:
    engine = make_engine(db)
    try:
        with make_sessionmaker(engine)() as session:
            shot = Snapshot()
            for c in session.scalars(select(SiteCrawl)):
                shot.crawls[c.id] = (c.status, c.outcome, c.pages, c.documents, c.finished_at, c.worker)
            counts: dict[int, list[int]] = {i: [0, 0, 0] for i in shot.crawls}
            for index, model in enumerate((Page, Document)):
                for crawl_id, n in session.execute(
                    select(model.site_crawl_id, func.count()).where(model.status < 400).group_by(model.site_crawl_id)
                ):
                    counts[crawl_id][index] = n
            for score in session.scalars(select(SiteScore)):
                counts[score.site_crawl_id][2] += 1
                if score.authority_gss and score.result:
                    shot.outcomes[score.authority_gss] = score.result["crawl"]["outcome"]
            shot.rows = {i: (a, b, c) for i, (a, b, c) in counts.items()}
            return shot
    finally:
        engine.dispose()


def lost_sites(shot: Snapshot, before: Snapshot | None = None) -> list[str]:
    """Site crawls lost: not done, without their audit, with fewer rows than counted, or changed since ``before``."""
    lost = []
    for crawl_id, (status, _, pages, documents, _, _) in shot.crawls.items():
        stored_pages, stored_documents, audits = shot.rows[crawl_id]
        if status != "done" or audits == 0 or stored_pages < pages or stored_documents < documents:
            lost.append(f"site crawl {crawl_id}: {status}, {stored_pages}/{pages} pages, {audits} audits")
    for crawl_id, state in before.crawls.items() if before else []:
        if state[0] == "done" and shot.crawls.get(crawl_id) != state:
            lost.append(f"site crawl {crawl_id} changed after it was done: {state} -> {shot.crawls.get(crawl_id)}")
    return lost


def wrong_outcomes(shot: Snapshot, expected: dict[str, str]) -> dict[str, tuple[str, str | None]]:
    """GSS code → (expected, got) for every authority whose crawl outcome is not what it should be."""
    wrong = {}
    for gss, want in expected.items():
        got = shot.outcomes.get(gss)
        if ("crawled" if got in CRAWLED else got) != want:
            wrong[gss] = (want, got)
    return wrong


def done_count(db: str) -> int:
    engine = make_engine(db)
    try:
        with make_sessionmaker(engine)() as session:
            return session.scalar(select(func.count()).where(SiteCrawl.status == "done")) or 0
    except Exception:  # the schema may not exist yet, or the server is restarting
        return 0
    finally:
        engine.dispose()


def wait_until(condition: Callable[[], bool], timeout: float, process: subprocess.Popen[str] | None = None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if process is not None and process.poll() is not None:
            return False
        time.sleep(0.2)
    return False


def restart_postgres() -> float:
    """Restart the real PostgreSQL server; return the seconds it took."""
    started = time.perf_counter()
    subprocess.run(PG_RESTART, shell=True, check=True, capture_output=True)
    return time.perf_counter() - started


@dataclass
class Run:
    """One fault sweep: how it ended and what it stored."""

    name: str
    returncodes: list[int]
    stderr: str
    shot: Snapshot
    lost: list[str]
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def crashed(self) -> bool:
        return any(rc != 0 for rc in self.returncodes) or "Traceback" in self.stderr


def sweep_with_db_restart(server: RunningServer, db: str, work: Path, web: Path, after_sites: int = 5) -> Run:
    """A sweep during which the PostgreSQL server restarts, once ``after_sites`` sites are done."""
    process = cctv_audit(sweep_env(server), *sweep_args(db, work / "evidence-restart", "--authorities",
                                                         str(listing(web, work / "slice.csv"))))  # fmt: skip
    try:
        reached = wait_until(lambda: done_count(db) >= after_sites, 300, process)
        before = snapshot(db) if reached else None
        seconds = restart_postgres() if reached else None
        _, err = process.communicate(timeout=600)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    shot = snapshot(db)
    notes = {"restarted_after_sites": len([s for s in (before.crawls.values() if before else []) if s[0] == "done"]),
             "restart_seconds": round(seconds, 1) if seconds else None,
             "writer_retries": err.count("database connection lost")}  # fmt: skip
    if not reached:
        notes["error"] = "the sweep ended before the restart"
    return Run("database restart mid-sweep", [process.returncode], err, shot, lost_sites(shot, before), notes)


def sweep_killed_and_resumed(server: RunningServer, db: str, work: Path, web: Path, after_sites: int = 5) -> Run:
    """A sweep killed with SIGKILL once ``after_sites`` sites are done, then ``--resume``."""
    env = sweep_env(server)
    evidence = work / "evidence-killed"
    process = cctv_audit(env, *sweep_args(db, evidence, "--authorities", str(listing(web, work / "slice.csv"))))
    reached = wait_until(lambda: done_count(db) >= after_sites, 300, process)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    before = snapshot(db)
    resumed = cctv_audit(env, *sweep_args(db, evidence, "--resume"))
    _, err = resumed.communicate(timeout=600)
    shot = snapshot(db)
    notes = {"killed_after_sites": sum(1 for s in before.crawls.values() if s[0] == "done")}
    if not reached:
        notes["error"] = "the sweep ended before the kill"
    return Run("sweep killed (SIGKILL) and resumed", [resumed.returncode], err, shot, lost_sites(shot, before), notes)


def distributed_worker_killed(server: RunningServer, db: str, redis_url: str, work: Path, web: Path,
                              lease: float = 4.0) -> Run:  # fmt: skip
    """Three workers share a sweep through Redis; one is killed with SIGKILL once it has finished a site."""
    env = sweep_env(server)
    evidence = work / "evidence-distributed"
    slice_csv = str(listing(web, work / "slice.csv"))
    coordinator = cctv_audit(env, *sweep_args(db, evidence, "--authorities", slice_csv, "--redis", redis_url,
                                              "--workers", "0", "--lease", f"{lease:g}"))  # fmt: skip
    workers = []
    try:
        from cctv_audit.distributed import redis_client
        from crawler.sitequeue import SiteQueue

        server_redis = redis_client(redis_url)
        try:
            wait_until(lambda: bool(SiteQueue.open_queues(server_redis)), 120, coordinator)
        finally:
            server_redis.close()
        workers = [cctv_audit(env, "worker", "--redis", redis_url, "--db", db, "--evidence", str(evidence),
                              "--lease", f"{lease:g}", "--concurrent-sites", "3") for _ in range(3)]  # fmt: skip
        victim = workers[1]
        reached = wait_until(lambda: _finished_by_pid(db, victim.pid) >= 1, 300, victim)
        victim.send_signal(signal.SIGKILL)
        victim.communicate()
        before = snapshot(db)
        errors = [w.communicate(timeout=600)[1] for w in (workers[0], workers[2])]
        _, err = coordinator.communicate(timeout=600)
    finally:
        for process in [coordinator, *workers]:
            if process.poll() is None:
                process.kill()
                process.communicate()
    shot = snapshot(db)
    held = [s for s in before.crawls.values() if s[5] and s[5].split(":")[1] == str(victim.pid) and s[0] != "done"]
    notes = {"victim_sites_taken_over": len(held), "victim_finished": reached}
    codes = [coordinator.returncode, workers[0].returncode, workers[2].returncode]
    return Run("distributed sweep, one worker killed (SIGKILL)", codes, err + "".join(errors), shot,
               lost_sites(shot, before), notes)  # fmt: skip


def _finished_by_pid(db: str, pid: int) -> int:
    engine = make_engine(db)
    try:
        with make_sessionmaker(engine)() as session:
            workers = session.scalars(select(SiteCrawl.worker).where(SiteCrawl.status == "done")).all()
            return sum(1 for w in workers if w and w.split(":")[1] == str(pid))
    except Exception:
        return 0
    finally:
        engine.dispose()


def figures(runs: list[Run], web: Path, faults: dict[str, str]) -> dict[str, Any]:
    """Scenarios tried and survived, sites lost, across ``runs`` (each run exercises every hazard)."""
    expected = expected_outcomes(web, faults)
    found = scenarios(web, faults)
    survived = {}
    wrong_all: dict[str, Any] = {}
    for name, codes in sorted(found.items()):
        ok = True
        for run in runs:
            wrong = {g: v for g, v in wrong_outcomes(run.shot, expected).items() if g in codes}
            if wrong or run.crashed:
                ok = False
                wrong_all[f"{run.name}: {name}"] = wrong
        survived[name] = ok
    for run in runs:
        survived[run.name] = not run.crashed and not run.lost and not wrong_outcomes(run.shot, expected)
    lost = sum(len(run.lost) for run in runs)
    return {
        "sites": len(truths(web)),
        "scenarios_tried": len(survived),
        "scenarios_survived": sum(survived.values()),
        "sweeps_crashed": sum(run.crashed for run in runs),
        "sites_lost": lost,
        "scenarios": survived,
        "injected": faults,
        "runs": {run.name: {**run.notes, "returncodes": run.returncodes, "lost": run.lost[:10]} for run in runs},
        "wrong_outcomes": wrong_all,
    }


def fresh_pg_database(name: str) -> str:
    import psycopg
    from psycopg import sql

    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.faults", description=__doc__.split("\n\n")[0])
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14", help="Redis for the distributed run")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        web = build_slice(work / "web")
        faults = choose_faults(web)
        started = time.perf_counter()
        runs = []
        # A fresh server for each run: the injected faults count requests from the start.
        with faulty_web(web, faults) as server:
            runs.append(sweep_with_db_restart(server, fresh_pg_database("cctv_audit_faults_restart"), work, web))
        with faulty_web(web, faults) as server:
            runs.append(sweep_killed_and_resumed(server, fresh_pg_database("cctv_audit_faults_killed"), work, web))
        with faulty_web(web, faults) as server:
            db = fresh_pg_database("cctv_audit_faults_workers")
            runs.append(distributed_worker_killed(server, db, args.redis, work, web))
        for run in runs:
            if run.crashed:
                print(f"{run.name}: crashed (exit {run.returncodes}):\n{run.stderr[-3000:]}", file=sys.stderr)
        result = figures(runs, web, faults) | {"seconds": round(time.perf_counter() - started, 1)}
    print(json.dumps(result, indent=2))
    print(f"written to {merge_results({'faults': result})} (section faults)")


if __name__ == "__main__":
    main()
