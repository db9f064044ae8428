"""``make demo``: build the simulated national web, serve it on loopback, sweep all 339 authorities through it.

The crawl is the real one — Scrapy, robots.txt, TLS through the proxy, per-host politeness — with the delay
between requests set to 0 because every "council" is on this machine.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

from rich.console import Console

from cctv_audit.database import open_session
from cctv_audit.report.build import report
from cctv_audit.simulated import DEFAULT_AS_OF, DEFAULT_SEED, default_web_dir, ensure_web, proxied, serving
from cctv_audit.sweep_command import SweepRequest, run_sweep_command
from storage.evidence import EvidenceStore

OUTPUT = Path("demo-output")


def run_demo(
    output: Path = OUTPUT,
    web_dir: Path | None = None,
    seed: int = DEFAULT_SEED,
    as_of: date = DEFAULT_AS_OF,
    only: set[str] | None = None,
) -> Path:
    """Sweep the simulated web into ``output``, write the HTML report, and return the dashboard's path."""
    console = Console(stderr=True)
    web_dir = web_dir or default_web_dir()
    started = time.perf_counter()
    if ensure_web(web_dir, seed, as_of):
        console.print(f"built the simulated web in {time.perf_counter() - started:.0f} s: {web_dir}")
    else:
        console.print(f"using the simulated web already built in {web_dir}")
    output.mkdir(parents=True, exist_ok=True)
    db = output / "cctv-audit.db"
    for stale in output.glob("cctv-audit.db*"):
        stale.unlink()
    request = SweepRequest(only=only or set(), as_of=as_of, delay=0.0, evidence=output / "evidence")
    db_url = f"sqlite:///{db.resolve()}"
    with serving(web_dir) as proxy, proxied(proxy):
        outcome = run_sweep_command(db_url, request)
    results = output / "results.json"
    results.write_text(json.dumps(outcome.results, indent=2, ensure_ascii=False))
    with open_session(db_url) as session:
        report(session, output / "report", outcome.sweep_id, EvidenceStore(output / "evidence"))
    return output / "report" / "index.html"


def main() -> None:
    path = run_demo()
    print(f"\nDashboard: {path.resolve()}")


if __name__ == "__main__":
    main()
