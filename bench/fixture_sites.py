"""Check every hand-made fixture site as a council officer would: one ``cctv-audit check`` each.

Each check runs as its own process (Scrapy's reactor runs once per process), through the fixture server as
``http_proxy``, so the crawls use the councils' real host names.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from fixtures.server import DirectoryStore, running_server

ABSENT_HOSTS = ("www.wyre.gov.uk",)
"""Register hosts the fixture web does not serve: they stand for councils whose site does not answer."""


def check_fixture_sites(output: Path, as_of: str = "2026-11-29") -> Path:
    """Check every fixture site, store results in ``output``/cctv-audit.db, and return the summary path."""
    output.mkdir(parents=True, exist_ok=True)
    (output / "results").mkdir(exist_ok=True)
    db_url = f"sqlite:///{(output / 'cctv-audit.db').resolve()}"
    store = DirectoryStore()
    hosts = [*store.hosts, *ABSENT_HOSTS]
    console = Console(stderr=True)
    summary = []
    with running_server(store) as server:
        env = {**os.environ, "http_proxy": server.proxy_url, "https_proxy": server.proxy_url}
        for number, host in enumerate(hosts, 1):
            console.print(f"[{number}/{len(hosts)}] checking http://{host}/ …")
            done = subprocess.run(
                [sys.executable, "-m", "cctv_audit", "check", f"http://{host}/", "--format", "json",
                 "--delay", "0", "--db", db_url, "--as-of", as_of, "--evidence", str(output / "evidence")],
                env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            if done.returncode != 0:
                console.print(f"  [red]check failed[/red]: {done.stderr.strip()[-500:]}")
                continue
            result = json.loads(done.stdout)
            (output / "results" / f"{host}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
            summary.append(result)
    path = output / "summary.json"
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    _print_summary(summary, Console())
    return path


def _print_summary(results: list[dict[str, Any]], console: Console) -> None:
    table = Table("Council", "Crawl", "Score", "Grade", "met", "partly", "not met")
    for result in results:
        statuses = [r["status"] for r in result["results"]]
        score = "—" if result["score"] is None else f"{result['score']:.1f}"
        table.add_row(result["authority"]["name"] or "?", result["crawl"]["outcome"], score, result["grade"] or "—",
                      *(str(statuses.count(s)) for s in ("met", "partly", "not_met")))  # fmt: skip
    console.print(table)
