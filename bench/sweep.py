"""Run one benchmark sweep of the simulated web and keep its database, for ``python -m bench.diagnose``.

``python -m bench.sweep OUT_DIR [--sample N] [--strategy bfs]`` serves the simulated web, sweeps it exactly as
``make bench`` does (every delay off) into ``OUT_DIR/<strategy>.db`` and prints the crawl and audit figures.
For developing the crawler and the rules: re-judge the kept sweep after an extractor change with
``cctv-audit rescore --db sqlite:///OUT_DIR/focused.db`` instead of crawling again.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.national import audit_figures, crawl_figures, fetched, results, run_sweep, truths
from cctv_audit.register import packaged_register
from cctv_audit.simulated import default_web_dir, ensure_web, serving


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.sweep", description=__doc__)
    parser.add_argument("out", type=Path, help="directory for the database and the evidence")
    parser.add_argument("--sample", type=int, default=1, help="only every N-th authority")
    parser.add_argument("--strategy", choices=("focused", "bfs"), default="focused")
    args = parser.parse_args(argv)
    web_dir = default_web_dir()
    ensure_web(web_dir)
    everything = truths(web_dir)
    # The same sample as ``python -m bench --sample N``.
    only = {a.gss_code for a in packaged_register()[:: args.sample]} if args.sample > 1 else None
    args.out.mkdir(parents=True, exist_ok=True)
    for stale in args.out.glob(f"{args.strategy}.db*"):
        stale.unlink()
    extra = ("--strategy", "bfs") if args.strategy == "bfs" else ()
    with serving(web_dir) as proxy:
        sweep = run_sweep(proxy, args.out, args.strategy, only, *extra)
    truth = {g: t for g, t in everything.items() if only is None or g in only}
    figures = crawl_figures(fetched(sweep.db), {}, truth) | audit_figures(results(sweep.db), truth)
    print(f"database: {sweep.db}")
    print(f"wall {sweep.seconds:.1f} s, peak RSS {sweep.peak_rss_mb:.0f} MB")
    for key, value in figures.items():
        if key not in ("audit.confusion", "crawl.missed_examples"):
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
