"""The national benchmark: sweep the simulated web of all 339 authorities and compare with its ground truth.

Measured in one run, against baselines run in the same run on the same pages:
- ``crawl.relevant_recall``: relevant pages and documents fetched ÷ ground truth;
- ``crawl.requests_per_site`` and its ratios to the breadth-first baseline and to the oracle minimum;
- ``crawl.pages_per_s`` and its ratio to a bare Scrapy spider fetching the same URLs (``bench/bare_spider.py``);
- ``sweep.peak_rss_mb``: the peak memory of the sweep process and its extraction workers together;
- ``audit.agreement`` per criterion in the rule pack, ``spoc.exact``, crawl outcome agreement.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from cctv_audit.register import write_listing
from cctv_audit.simulated import default_web_dir, ensure_web, serving
from crawler.runner import SETTINGS_ENV
from crawler.urls import canonicalize
from storage.models import Document, Page, SiteCrawl
from storage.session import make_engine, make_sessionmaker

JUDGED = ("complete", "partial")
DELAYS_OFF = {"POLITENESS_CRAWL_DELAY_ENABLED": False}
"""The benchmark sweeps run with every delay off (DOWNLOAD_DELAY is 0 already): they measure the pipeline."""


@dataclass
class Sweep:
    """One benchmark sweep: its database, wall time and peak memory."""

    db: Path
    seconds: float
    peak_rss_mb: float


def same_page(url: str) -> str:
    """A URL as the simulated web identifies pages: canonical, with ``/a/`` and ``/a`` alike."""
    url = canonicalize(url)
    head, _, query = url.partition("?")
    if head.endswith("/") and head.count("/") > 3:
        head = head.rstrip("/")
    return head + ("?" + query if query else "")


def truths(web_dir: Path, only: set[str] | None = None) -> dict[str, dict[str, Any]]:
    found = {}
    for path in sorted((web_dir / "truth").glob("[EW]*.json")):
        truth = json.loads(path.read_text())
        if only is None or truth["gss_code"] in only:
            found[truth["gss_code"]] = truth
    return found


def run_sweep(proxy: str, work: Path, name: str, only: set[str] | None, *extra: str) -> Sweep:
    """``cctv-audit sweep`` in its own process (Scrapy's reactor runs once per process)."""
    db = work / f"{name}.db"
    args = [sys.executable, "-m", "cctv_audit", "sweep", "--delay", "0", "--db", f"sqlite:///{db}",
            "--evidence", str(work / f"{name}-evidence"), "--as-of", "2026-11-29", *extra]  # fmt: skip
    if only:
        args += ["--authorities", str(write_listing(work / f"{name}-only.csv", only))]
    env = {**os.environ, "http_proxy": proxy, "https_proxy": proxy, SETTINGS_ENV: json.dumps(DELAYS_OFF)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    with subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL) as process:
        peak = peak_tree_rss_mb(process)
    # Sampling can miss a short spike; the largest single process's own high-water mark cannot.
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if largest > before:
        peak = max(peak, largest / 1024)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, args)
    return Sweep(db, time.perf_counter() - started, peak)


def peak_tree_rss_mb(process: subprocess.Popen[bytes], interval: float = 0.2) -> float:
    """The peak, while ``process`` runs, of the summed resident memory of it and its descendants (the sweep and
    its extraction workers), sampled from /proc every ``interval`` seconds."""
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_rss_kb(pid) for pid in _tree(process.pid)))
        time.sleep(interval)
    return peak / 1024


def _tree(root: int) -> list[int]:
    pids, index = [root], 0
    while index < len(pids):
        try:
            children = Path(f"/proc/{pids[index]}/task/{pids[index]}/children").read_text().split()
        except OSError:
            children = []
        pids += [int(c) for c in children]
        index += 1
    return pids


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def fetched(db: Path) -> dict[str, dict[str, Any]]:
    """Per site crawl (homepage): outcome, requests, and every URL fetched (requested and final)."""
    engine = make_engine(f"sqlite:///{db}")
    sites: dict[str, dict[str, Any]] = {}
    try:
        with make_sessionmaker(engine)() as session:
            crawls = {c.id: c for c in session.scalars(select(SiteCrawl))}
            for crawl in crawls.values():
                sites[crawl.homepage] = {"outcome": crawl.outcome, "requests": crawl.requests, "urls": set(),
                                         "pages": crawl.pages + crawl.documents}  # fmt: skip
            for model in (Page, Document):
                for crawl_id, url, final in session.execute(
                    select(model.site_crawl_id, model.url, model.final_url).where(model.status < 400)
                ):
                    sites[crawls[crawl_id].homepage]["urls"].update({same_page(url), same_page(final)})
    finally:
        engine.dispose()
    return sites


def results(db: Path) -> dict[str, dict[str, Any]]:
    engine = make_engine(f"sqlite:///{db}")
    try:
        from storage.models import SiteScore

        with make_sessionmaker(engine)() as session:
            return {
                s.authority_gss: s.result for s in session.scalars(select(SiteScore)) if s.authority_gss and s.result
            }
    finally:
        engine.dispose()


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None


def crawl_figures(focused: dict[str, dict[str, Any]], bfs: dict[str, dict[str, Any]],
                  truth: dict[str, dict[str, Any]]) -> dict[str, Any]:  # fmt: skip
    """Recall of relevant pages and CCTV pages, and requests per site against BFS and the oracle (medians)."""
    relevant = found = cctv = cctv_found = 0
    requests: list[float] = []
    oracle_ratio: list[float] = []
    bfs_ratio: list[float] = []
    missed: list[str] = []
    for t in truth.values():
        site = focused.get(t["homepage"])
        if site is None or t["outcome"] not in JUDGED or site["outcome"] not in JUDGED:
            continue
        want = {same_page(u) for u in t["relevant"]}
        relevant += len(want)
        found += len(want & site["urls"])
        missed += sorted(want - site["urls"])[:3]
        pages = {same_page(u) for u in t["cctv_pages"]}
        cctv += len(pages)
        cctv_found += len(pages & site["urls"])
        if t["shared_with"] and t["gss_code"] > min(t["shared_with"]):
            continue  # a shared website counts once
        requests.append(site["requests"])
        if t.get("oracle_min_requests"):
            oracle_ratio.append(site["requests"] / t["oracle_min_requests"])
        if t["homepage"] in bfs and bfs[t["homepage"]]["requests"]:
            bfs_ratio.append(site["requests"] / bfs[t["homepage"]]["requests"])
    return {
        "crawl.relevant_recall": round(found / relevant, 4) if relevant else None,
        "crawl.cctv_page_recall": round(cctv_found / cctv, 4) if cctv else None,
        "crawl.requests_per_site_median": _median(requests),
        "crawl.requests_per_site_mean": round(statistics.mean(requests), 1) if requests else None,
        "crawl.oracle_ratio_median": _median(oracle_ratio),
        "crawl.bfs_ratio_median": _median(bfs_ratio),
        "crawl.missed_examples": missed[:15],
    }


def audit_figures(got: dict[str, dict[str, Any]], truth: dict[str, dict[str, Any]]) -> dict[str, Any]:
    confusion: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    spoc_hits = spoc_total = outcome_hits = 0
    for gss, t in truth.items():
        result = got.get(gss)
        if result is None:
            continue
        outcome_hits += result["crawl"]["outcome"] == t["outcome"]
        for row in result["results"]:
            want = t["criteria"][row["code"]]["status"]
            confusion[row["code"]][(want, row["status"])] += 1
        if t.get("spoc"):
            spoc_total += 1
            spoc = result.get("spoc") or {}
            spoc_hits += (spoc.get("email"), spoc.get("phone")) == (t["spoc"].get("email"), t["spoc"].get("phone"))
    agree = {code: sum(n for (w, g), n in c.items() if w == g) / sum(c.values()) for code, c in confusion.items()}
    cells = sum(sum(c.values()) for c in confusion.values())
    hits = sum(sum(n for (w, g), n in c.items() if w == g) for c in confusion.values())
    return {
        "audit.agreement": round(hits / cells, 4) if cells else None,
        "audit.agreement_min_criterion": round(min(agree.values()), 4) if agree else None,
        "audit.per_criterion": {k: round(v, 4) for k, v in sorted(agree.items())},
        "audit.confusion": {
            k: {f"{w}->{g}": n for (w, g), n in sorted(c.items())} for k, c in sorted(confusion.items())
        },
        "spoc.exact": round(spoc_hits / spoc_total, 4) if spoc_total else None,
        "crawl.outcome_agreement": round(outcome_hits / len(got), 4) if got else None,
    }


def bare_throughput(proxy: str, work: Path, urls: list[str]) -> float:
    """Pages/s of a bare Scrapy spider fetching ``urls`` with the same politeness settings."""
    listing = work / "urls.json"
    listing.write_text(json.dumps(urls))
    env = {**os.environ, "http_proxy": proxy, "https_proxy": proxy}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bench.bare_spider", str(listing)], env=env, check=True)
    return len(urls) / (time.perf_counter() - started)


def polite_figures(web_dir: Path, work: Path, only: set[str] | None, latency: float) -> dict[str, Any]:
    """A politeness-on sweep (1 s between requests to a host, Crawl-delay honoured, ``latency`` seconds of
    network on every response) against its envelope: every site in parallel at one request per second per
    host, so the slowest site's requests set the pace."""
    with serving(web_dir, latency) as proxy:
        db = work / "polite.db"
        args = [sys.executable, "-m", "cctv_audit", "sweep", "--delay", "1", "--db", f"sqlite:///{db}",
                "--evidence", str(work / "polite-evidence"), "--as-of", "2026-11-29"]  # fmt: skip
        if only:
            args += ["--authorities", str(write_listing(work / "polite-only.csv", only))]
        started = time.perf_counter()
        subprocess.run(args, env={**os.environ, "http_proxy": proxy, "https_proxy": proxy}, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        wall = time.perf_counter() - started
    sites = fetched(db)
    envelope = max((s["requests"] for s in sites.values()), default=0) * (1.0 + latency)
    return {
        "sweep.polite_sites": len(sites),
        "sweep.polite_wall_s": round(wall, 1),
        "sweep.polite_envelope_s": round(envelope, 1),
        "sweep.polite_ratio_to_envelope": round(wall / envelope, 3) if envelope else None,
    }


def run(only: set[str] | None = None, polite_sample: set[str] | None = None) -> dict[str, Any]:
    web_dir = default_web_dir()
    ensure_web(web_dir)
    truth = truths(web_dir, only)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with serving(web_dir) as proxy:
            focused = run_sweep(proxy, work, "focused", only)
            bfs = run_sweep(proxy, work, "bfs", only, "--strategy", "bfs")
            focused_sites = fetched(focused.db)
            all_urls = sorted({u for s in focused_sites.values() for u in s["urls"]})
            bare_rate = bare_throughput(proxy, work, all_urls)
        pages = sum(s["pages"] for s in focused_sites.values())
        rate = pages / focused.seconds
        figures: dict[str, Any] = {"sites": len(truth)}
        figures |= crawl_figures(focused_sites, fetched(bfs.db), truth)
        figures |= {
            "sweep.wall_s": round(focused.seconds, 1),
            "sweep.peak_rss_mb": round(focused.peak_rss_mb, 1),
            "crawl.pages": pages,
            "crawl.pages_per_s": round(rate, 1),
            "crawl.bare_scrapy_pages_per_s": round(bare_rate, 1),
            "crawl.throughput_ratio_vs_scrapy": round(rate / bare_rate, 3),
            "crawl.bfs_wall_s": round(bfs.seconds, 1),
        }
        figures |= audit_figures(results(focused.db), truth)
        if polite_sample is not None:
            figures |= polite_figures(web_dir, work, polite_sample, latency=0.05)
    return figures
