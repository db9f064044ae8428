"""``make bench``: check every fixture site and measure agreement with the hand-written ground truth.

Figures: per-criterion agreement of the audit with ``_expected.yaml``, SPOC exactness (email and phone),
crawl-outcome agreement, and requests per site against the number of pages the site serves (a breadth-first
crawl's natural ceiling). The fixture web is six sites, so these are smoke figures, not the national ones
that the simulated web of all 339 authorities will give.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

from bench import national
from bench.fixture_sites import check_fixture_sites
from bench.results_file import merge_results
from fixtures.server import SITES_DIR


def _expected() -> dict[str, dict[str, Any]]:
    return {p.parent.name: yaml.safe_load(p.read_text()) for p in sorted(SITES_DIR.glob("*/_expected.yaml"))}


def _served_pages(host: str) -> int:
    return sum(1 for p in (SITES_DIR / host).rglob("*") if p.is_file() and not p.name.startswith("_"))


def fixture_figures() -> dict[str, Any]:
    """Check each hand-made fixture site and compare with its hand-written ground truth."""
    expected = _expected()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        check_fixture_sites(Path(tmp))
        seconds = time.perf_counter() - started
        # The demo writes one result per host it checked.
        by_host = {p.stem: json.loads(p.read_text()) for p in (Path(tmp) / "results").glob("*.json")}
    agree: dict[str, list[bool]] = {}
    spoc_exact, outcomes, requests, served = [], [], [], []
    for host, truth in expected.items():
        result = by_host.get(host)
        if result is None:
            continue
        outcomes.append(result["crawl"]["outcome"] == truth["outcome"])
        for row in result["results"]:
            if row["code"] not in truth["criteria"]:
                continue  # the hand-written ground truth covers C01, C05, C08 and C18
            want = truth["criteria"][row["code"]]
            want = want["status"] if isinstance(want, dict) else want
            agree.setdefault(row["code"], []).append(row["status"] == want)
        if truth.get("spoc"):
            got = result["spoc"] or {}
            want_spoc = truth["spoc"]
            spoc_exact.append((got.get("email"), got.get("phone")) == (want_spoc.get("email"), want_spoc.get("phone")))
        if result["crawl"]["outcome"] in ("complete", "partial"):
            requests.append(result["crawl"]["requests"])
            served.append(_served_pages(host))
    cells = [ok for oks in agree.values() for ok in oks]
    figures = {
        "fixture.sites_compared": len(outcomes),
        "audit.agreement": round(sum(cells) / len(cells), 4) if cells else None,
        "audit.agreement_min_criterion": round(min(sum(v) / len(v) for v in agree.values()), 4) if agree else None,
        "spoc.exact": round(sum(spoc_exact) / len(spoc_exact), 4) if spoc_exact else None,
        "crawl.outcome_agreement": round(sum(outcomes) / len(outcomes), 4) if outcomes else None,
        "crawl.requests_per_site": round(sum(requests) / len(requests), 1) if requests else None,
        "crawl.requests_vs_files_served": round(sum(requests) / sum(served), 3) if served else None,
        "demo.seconds": round(seconds, 1),
    }
    figures["per_criterion"] = {code: round(sum(v) / len(v), 4) for code, v in sorted(agree.items())}
    return figures


def print_figures(title: str, figures: dict[str, Any]) -> None:
    table = Table("figure", "value", title=title)
    for key, value in figures.items():
        if isinstance(value, dict | list):
            value = json.dumps(value)[:200]
        table.add_row(key, str(value))
    Console().print(table)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Benchmarks; figures to bench/results/latest.json."
    )
    parser.add_argument(
        "--sample", type=int, default=0, help="only every N-th authority of the national web (quick runs)"
    )
    parser.add_argument("--skip-national", action="store_true", help="only the fixture-site benchmark")
    args = parser.parse_args(argv)
    out: dict[str, Any] = {"fixture": fixture_figures()}
    print_figures("Fixture sites (hand-written ground truth)", out["fixture"])
    if not args.skip_national:
        from cctv_audit.register import packaged_register

        register = packaged_register()
        only = {a.gss_code for a in register[:: args.sample]} if args.sample else None
        # The politeness sweep takes real seconds per request, so it runs on every tenth authority.
        polite = {a.gss_code for a in register[:: max(10, args.sample or 10)]}
        out["national"] = national.run(only, polite)
        print_figures("Simulated national web (generated ground truth)", out["national"])
    # Other sections (faults, scale) come from their own commands: merging keeps them.
    print(f"written {merge_results(out)}")


if __name__ == "__main__":
    main()
