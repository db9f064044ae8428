"""Scale: a simulated web ten times the national one, swept by one distributed worker and then by three.

``python -m bench.scale`` (not part of ``make test``; about half an hour on a 2-core machine).

How the bigger web is made, honestly: the register's 339 rows are copied ``--copies - 1`` times with synthetic
host names (the council's own label gets ``-x2``, ``-x3``…: ``www.bromsgrove-x2.gov.uk``) and synthetic GSS codes
(``E`` or ``W``, two digits 11-95 that no real code uses, then the real code's last six digits), and the
generator builds all of them into one web directory in one plan, exactly as it builds the national web: each copy
is a different site (its content, CMS, placement and hazards are drawn from its own key), and the national
decisions (blocked and down hosts, hostile bodies, partnerships) are drawn over the whole bigger register. What
the copies do not have are the register's quirks keyed on real host names (shared websites, roots that
redirect to another host): those stay with the originals.

Both sweeps are real distributed sweeps: the sweep and its site crawls are created in a fresh PostgreSQL
database (the synthetic authorities added to its register), its queue published in Redis, and N ordinary
``cctv-audit worker`` processes started. Each worker has its own simulated-web server process, so that the one
asyncio server is not what limits three workers (on this 2-core machine they all share two cores anyway).
Delays are off (``--delay 0``, no Crawl-delay) as in the national benchmark: it measures the pipeline.

Figures, merged into ``bench/results/latest.json`` under ``scale``: wall time of each sweep, the speedup of three
workers over one (``scale.workers3_speedup``), pages per second, each worker's peak memory (its own
``ru_maxrss`` plus its extraction process's) and how many sites ended in the same outcome in both sweeps.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from audit_rules.loader import load_pack
from bench.faults import fresh_pg_database
from bench.national import DELAYS_OFF
from bench.results_file import merge_results
from cctv_audit.database import open_session
from cctv_audit.distributed import redis_client
from cctv_audit.register import Authority
from cctv_audit.simulated import default_web_dir, serving
from cctv_audit.sweeping import CrawlOptions, audit_run_for, create_sweep
from crawler.runner import SETTINGS_ENV
from crawler.sitequeue import SiteQueue, queue_name
from fixtures.simweb.build import build_web
from fixtures.simweb.register import load_register
from fixtures.simweb.slices import AS_OF, SEED
from storage.models import Document, Page, SiteCrawl
from storage.queries import upsert_authorities

REDIS_URL = "redis://127.0.0.1:6379/12"
TYPE_DIGITS = {"06": 0, "07": 1, "08": 2, "09": 3, "10": 4}


def synthetic_host(host: str, copy: int) -> str:
    """``www.bromsgrove.gov.uk`` → ``www.bromsgrove-x2.gov.uk``: the council's own label, marked."""
    labels = host.split(".")
    labels[-3] = f"{labels[-3]}-x{copy}"
    return ".".join(labels)


def synthetic_gss(gss: str, copy: int) -> str:
    """A code no real authority has: the nation letter, 11-95 for (copy, type), the real code's last six digits.

    Real codes use 06-10 there; copies 2 to 18 fit.
    """
    if not 2 <= copy <= 18:
        raise ValueError("copies of the register: 2 to 18")
    return f"{gss[0]}{11 + (copy - 2) * 5 + TYPE_DIGITS[gss[1:3]]:02d}{gss[3:]}"


def scale_register(copies: int) -> list[dict[str, str]]:
    rows = load_register()
    out = [dict(r) for r in rows]
    for copy in range(2, copies + 1):
        for row in rows:
            host = row["homepage"].split("/")[2]
            out.append({**row, "gss_code": synthetic_gss(row["gss_code"], copy),
                        "homepage": row["homepage"].replace(host, synthetic_host(host, copy), 1)})  # fmt: skip
    assert len({r["gss_code"] for r in out}) == len(out), "synthetic GSS codes are unique"
    return out


def ensure_scale_web(web: Path, copies: int) -> dict[str, Any]:
    marker = web / "scale.json"
    if marker.exists() and json.loads(marker.read_text()).get("copies") == copies:
        return dict(json.loads(marker.read_text()))
    started = time.perf_counter()
    report = build_web(web, seed=SEED, as_of=AS_OF, register=scale_register(copies))
    info = {"copies": copies, "build_s": round(time.perf_counter() - started, 1), "report": str(report)}
    marker.write_text(json.dumps(info))
    return info


def create_scale_sweep(db: str, web: Path, copies: int) -> tuple[int, str, int]:
    """A sweep of every authority in the scale register; returns (sweep id, queue name, site crawls)."""
    built = {p.stem for p in (web / "truth").glob("[EW]*.json")}
    rows = [r for r in scale_register(copies) if r["gss_code"] in built]  # a shared website's copy is one site
    authorities = [Authority(r["gss_code"], r["name"], r["type"], r["nation"], r.get("region") or None,
                             r["homepage"]) for r in rows]  # fmt: skip
    with open_session(db) as session:
        upsert_authorities(session, (a.as_row() for a in authorities))
        session.commit()
        options = CrawlOptions(delay=0.0, as_of=AS_OF)
        sweep = create_sweep(session, "sweep", authorities, options)
        name = queue_name(sweep.id)
        sweep.options = {**sweep.options, "queue": name, "selected": []}
        audit_run_for(session, sweep, load_pack(options.profile), options.audit_date())
        session.commit()
        ids = list(session.scalars(select(SiteCrawl.id).where(SiteCrawl.sweep_id == sweep.id)))
    server = redis_client(REDIS_URL)
    try:
        SiteQueue(server, name).publish(ids)
    finally:
        server.close()
    return sweep.id, name, len(ids)


def run_workers(web: Path, db: str, sweep_id: int, workers: int, work: Path) -> dict[str, Any]:
    """Start ``workers`` worker processes (each with its own simulated-web server) and wait for all."""
    logs = [work / f"worker-{workers}-{n}.log" for n in range(workers)]
    with ExitStack() as stack:
        proxies = [stack.enter_context(serving(web)) for _ in range(workers)]
        started = time.perf_counter()
        processes = []
        for proxy, log in zip(proxies, logs, strict=True):
            env = {**os.environ, "http_proxy": proxy, "https_proxy": proxy, "CCTV_AUDIT_LOG_FORMAT": "json",
                   SETTINGS_ENV: json.dumps(DELAYS_OFF)}  # fmt: skip
            handle = stack.enter_context(log.open("w"))
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "cctv_audit", "worker", "--redis", REDIS_URL, "--db", db, "--sweep",
                 str(sweep_id), "--evidence", str(work / f"evidence-{workers}"), "--concurrent-sites", "32"],
                env=env, stdout=subprocess.DEVNULL, stderr=handle,
            ))  # fmt: skip
        codes = [p.wait() for p in processes]
        wall = time.perf_counter() - started
    reports = []
    for log in logs:
        for line in log.read_text().splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if "peak_rss_mb" in record:
                reports.append(record)
    return {"wall_s": round(wall, 1), "returncodes": codes, "workers": reports}


def outcomes(db: str, sweep_id: int) -> tuple[dict[str, str], int, int]:
    """Homepage → outcome; pages and documents stored; site crawls not done."""
    with open_session(db) as session:
        crawls = {c.homepage: c for c in session.scalars(select(SiteCrawl).where(SiteCrawl.sweep_id == sweep_id))}
        stored = sum(session.scalar(select(func.count()).select_from(m)) or 0 for m in (Page, Document))
        return ({h: c.outcome or "" for h, c in crawls.items()}, stored,
                sum(1 for c in crawls.values() if c.status != "done"))  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=10, help="copies of the register (10: about 3,400 sites)")
    parser.add_argument("--web", type=Path, default=None, help="where to build the bigger web")
    args = parser.parse_args(argv)
    web = args.web or default_web_dir().with_name(f"simweb-scale-{args.copies}")
    build = ensure_scale_web(web, args.copies)
    print(f"web: {web} ({build})", flush=True)
    runs: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for workers in (1, 3):
            db = fresh_pg_database(f"cctv_audit_scale_{workers}")
            sweep_id, _, sites = create_scale_sweep(db, web, args.copies)
            print(f"{workers} worker(s): {sites} sites...", flush=True)
            run = run_workers(web, db, sweep_id, workers, Path(tmp))
            run["outcomes"], run["stored"], run["unfinished"] = outcomes(db, sweep_id)
            run["sites"] = sites
            runs[workers] = run
            print(f"  {run['wall_s']} s, {run['stored']} pages and documents, {run['unfinished']} unfinished, "
                  f"workers {[(w['sites'], w['peak_rss_mb']) for w in run['workers']]}", flush=True)  # fmt: skip
    one, three = runs[1], runs[3]
    same = sum(1 for h, o in one["outcomes"].items() if three["outcomes"].get(h) == o)
    figures = {
        "copies": args.copies,
        "sites": one["sites"],
        "build_s": build.get("build_s"),
        "machine_cores": os.cpu_count(),
        "workers1_wall_s": one["wall_s"],
        "workers3_wall_s": three["wall_s"],
        "workers3_speedup": round(one["wall_s"] / three["wall_s"], 3),
        "workers1_pages_per_s": round(one["stored"] / one["wall_s"], 1),
        "workers3_pages_per_s": round(three["stored"] / three["wall_s"], 1),
        "workers1_peak_rss_mb": [w["peak_rss_mb"] for w in one["workers"]],
        "workers3_peak_rss_mb": [w["peak_rss_mb"] for w in three["workers"]],
        "workers3_sites_per_worker": [w["sites"] for w in three["workers"]],
        "unfinished_sites": one["unfinished"] + three["unfinished"],
        "outcome_agreement_1_vs_3": round(same / max(1, len(one["outcomes"])), 4),
        "outcomes_1": dict(Counter(one["outcomes"].values()).most_common()),
        "returncodes": {"1": one["returncodes"], "3": three["returncodes"]},
    }
    print(json.dumps(figures, indent=2))
    print(f"written to {merge_results({'scale': figures})} (section scale)")


if __name__ == "__main__":
    main()
