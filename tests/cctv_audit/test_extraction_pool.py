"""Extraction in worker processes: the same results as in the crawl's process, and a dead worker loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from cctv_audit.extraction import Extracted, extract_fetched
from cctv_audit.extraction_pool import ExtractionPool
from crawler.items import FetchedPage
from crawler.pages import HtmlPage
from fixtures.server import SITES_DIR

SITE = SITES_DIR / "www.bromsgrove.gov.uk"
CCTV = "https://www.bromsgrove.gov.uk/community-safety/cctv"
POLICY = f"{CCTV}/documents/bdc-cctv-code-of-practice-2025.pdf"
HTML = {"content-type": "text/html; charset=utf-8"}
PDF = {"content-type": "application/pdf"}


def _item(url: str, path: Path, kind: str, headers: dict[str, str], status: int = 200) -> FetchedPage:
    body = path.read_bytes()
    page = HtmlPage(url, body, headers, status) if kind == "html" else None
    return FetchedPage(url, url, url, status, headers, body, 1, kind, anchor="CCTV", page=page)


def _responses() -> list[FetchedPage]:
    return [
        _item(CCTV, SITE / "community-safety/cctv/index.html", "html", HTML),
        _item(POLICY, SITE / "community-safety/cctv/documents/bdc-cctv-code-of-practice-2025.pdf", "pdf", PDF),
        _item(f"{CCTV}/gone", SITE / "community-safety/cctv/index.html", "html", HTML, status=404),
    ]


def _inline(item: FetchedPage) -> Extracted:
    return extract_fetched(item)


def test_a_worker_process_extracts_what_the_crawl_process_would() -> None:
    items = _responses()
    inline = [_inline(item) for item in items]
    assert inline[0].surveillance and inline[0].facts, "the CCTV page is surveillance content with facts"
    assert inline[1].page_count and inline[1].facts, "the policy PDF has pages and facts"
    assert inline[2].text is None and not inline[2].classified, "an error page is stored without text"
    pool = ExtractionPool(1)
    try:
        jobs = [pool.submit(item) for item in items]
        assert [pool.result(job) for job in jobs] == inline
    finally:
        pool.close()


def test_a_killed_worker_is_replaced_and_every_response_extracted() -> None:
    items = _responses()
    pool = ExtractionPool(1)
    try:
        pool.result(pool.submit(items[0]))  # the worker is up
        for pid in list(pool._pool._processes):  # type: ignore[attr-defined]  # what the OOM killer would do
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while not pool._pool._broken and time.monotonic() < deadline:  # type: ignore[attr-defined]
            time.sleep(0.05)
        jobs = [pool.submit(item) for item in items]
        assert [pool.result(job) for job in jobs] == [_inline(item) for item in items]
        assert pool.generation == 1, "one new pool, not one per response"
    finally:
        pool.close()


def test_workers_exit_when_the_sweep_process_is_killed(tmp_path: Path) -> None:
    """A sweep killed with SIGKILL leaves no extraction worker behind (nor the pipes it inherited)."""
    script = (
        "import os, sys, time\n"
        "from cctv_audit.extraction_pool import ExtractionPool\n"
        "pool = ExtractionPool(1)\n"
        "pool._pool.submit(os.getpid).result()\n"
        "print(*pool._pool._processes, flush=True)\n"
        "time.sleep(60)\n"
    )
    sweep = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, cwd=Path(__file__).parents[2])
    assert sweep.stdout is not None
    workers = [int(pid) for pid in sweep.stdout.readline().split()]
    assert len(workers) == 1
    sweep.kill()
    sweep.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
    assert sweep.stdout.read() == b"", "the workers let go of the inherited stdout"
    sweep.stdout.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # An exited worker whose parent is gone is reaped by init; until then it is a zombie, which counts as gone.
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
