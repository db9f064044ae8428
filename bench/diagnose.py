"""Where a sweep and the simulated web's ground truth disagree: per criterion, with both sides' reasons.

``python -m bench.diagnose SWEEP_DB [WEB_DIR] [--code C05]`` — for developing the crawler and the rules; the
figures that count come from ``python -m bench``.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from bench.national import audit_figures, crawl_figures, fetched, results, truths
from cctv_audit.simulated import default_web_dir


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.diagnose", description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("web", type=Path, nargs="?", default=None)
    parser.add_argument("--code", action="append", default=[], help="show the disagreements of this criterion")
    parser.add_argument("--limit", type=int, default=8)
    args = parser.parse_args(argv)
    got = results(args.db)
    truth = {g: t for g, t in truths(args.web or default_web_dir()).items() if g in got}
    sites = fetched(args.db)
    figures = crawl_figures(sites, {}, truth) | audit_figures(got, truth)
    for key in ("crawl.relevant_recall", "crawl.requests_per_site_median", "audit.agreement", "spoc.exact"):
        print(f"{key}: {figures[key]}")
    requests = sorted(s["requests"] for s in sites.values() if s["outcome"] in ("complete", "partial"))
    oracle = sorted(t["oracle_min_requests"] for t in truth.values() if t.get("oracle_min_requests"))
    if requests and oracle:
        print(f"requests median {requests[len(requests) // 2]}, oracle median {oracle[len(oracle) // 2]}")
    print("per criterion:", figures["audit.per_criterion"])
    for code in args.code:
        wrong: Counter[tuple[str, str]] = Counter()
        shown = 0
        for gss, t in sorted(truth.items()):
            row = next(r for r in got[gss]["results"] if r["code"] == code)
            want = t["criteria"][code]
            if row["status"] != want["status"]:
                wrong[(want["status"], row["status"])] += 1
                if shown < args.limit:
                    shown += 1
                    print(f"\n{code} {gss} {t['name']}: truth {want['status']} ({want['why']})")
                    print(f"   got {row['status']}: {row['explanation'][:300]}")
                    for e in row["evidence"][:2]:
                        print(f"   evidence: {e['quote'][:200]!r} @ {e['url']}")
        print(f"\n{code} disagreements:", dict(wrong))


if __name__ == "__main__":
    main()
