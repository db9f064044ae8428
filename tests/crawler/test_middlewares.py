"""Crawl-delay and Retry-After, seen from the server: real Scrapy crawls through the loopback fixture proxy.

Two crawls run at once in subprocesses (``crawl_job.py``; Twisted's reactor starts once per process)
against one fixture server whose store times every request it answers. The first crawl has no download delay,
so any spacing between requests comes from the middlewares; the second runs with a delay, AutoThrottle and
jitter on, as production does, to show they do not undercut a site's Crawl-delay.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from time import monotonic
from typing import Any

import pytest

from crawler.middlewares import parse_retry_after
from fixtures.server import Response, running_server

SCRIPT = Path(__file__).with_name("crawl_job.py")
MIN_GAP = 0.9
"""The least spacing asserted for a wait of one second (loopback latencies vary by a few milliseconds)."""

Script = Sequence[Response | Callable[[], Response]]


def page(*links: str) -> Response:
    anchors = "".join(f'<li><a href="{link}">CCTV {link}</a></li>' for link in links)
    body = f"<!DOCTYPE html><html><head><title>Council</title></head><body><ul>{anchors}</ul></body></html>"
    return Response(200, (("Content-Type", "text/html; charset=utf-8"),), body.encode())


def robots(text: str) -> Response:
    return Response(200, (("Content-Type", "text/plain"),), text.encode())


def refusal(status: int, retry_after: str | Callable[[], str]) -> Callable[[], Response]:
    """A 503 or 429 with a ``Retry-After``, its value made when the request arrives."""

    def make() -> Response:
        value = retry_after() if callable(retry_after) else retry_after
        return Response(
            status, (("Content-Type", "text/html"), ("Retry-After", value)), b"<p>Busy, come back later</p>"
        )

    return make


def in_two_seconds() -> str:
    return format_datetime(datetime.now(UTC) + timedelta(seconds=2), usegmt=True)


NOT_FOUND = Response(404, (("Content-Type", "text/html"),), b"<p>Not found</p>")


@dataclass(frozen=True)
class Hit:
    host: str
    target: str
    status: int
    at: float
    """``time.monotonic()`` when the server answered."""


class ScriptedStore:
    """Hosts whose targets answer from a script, one entry per request (the last repeats); every request timed."""

    def __init__(self, sites: dict[str, dict[str, Script]]) -> None:
        self.sites = sites
        self.hits: list[Hit] = []
        self._served: Counter[tuple[str, str]] = Counter()
        self._lock = threading.Lock()

    def lookup(self, host: str, target: str) -> Response | None:
        with self._lock:
            site = self.sites.get(host)
            if site is None:
                return None
            script = site.get(target)
            if script is None:
                response = NOT_FOUND
            else:
                entry = script[min(self._served[host, target], len(script) - 1)]
                response = entry() if callable(entry) else entry
            self._served[host, target] += 1
            self.hits.append(Hit(host, target, response.status, monotonic()))
            return response

    def hits_for(self, host: str, target: str | None = None) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if h.host == host and (target is None or h.target == target)]


def url(host: str) -> str:
    return f"http://{host}/"


# The first crawl: no download delay.
DELAYED = "www.slow-council.gov.uk"  # Crawl-delay: 1 for us (30 for another bot)
BUSY = "www.busy-council.gov.uk"  # 503 Retry-After: 1 once, then the page
FAR = "www.far-council.gov.uk"  # 503 Retry-After: 9999
QUEUE = "www.queue-council.gov.uk"  # 429 Retry-After: 1 once, then the page
DATED = "www.dated-council.gov.uk"  # 429 Retry-After: <an HTTP date two seconds ahead> once, then the page
LIMITED = "www.limited-council.gov.uk"  # 429 Retry-After: 9999 on the homepage
STUBBORN = "www.stubborn-council.gov.uk"  # 503 Retry-After: 1, every time
# The second crawl: a delay, AutoThrottle and jitter, and POLITENESS_MAX_CRAWL_DELAY of 1.
STEADY = "www.steady-council.gov.uk"  # Crawl-delay: 1
GREEDY = "www.greedy-council.gov.uk"  # Crawl-delay: 3600, capped
CROWDED = "www.crowded-council.gov.uk"  # 503 Retry-After: 1 once while other pages wait their turn

ROBOTS_FOR_US = "User-agent: otherbot\nCrawl-delay: 30\n\nUser-agent: cctv-audit\nCrawl-delay: 1\nDisallow: /private/\n"
SITES: dict[str, dict[str, Script]] = {
    DELAYED: {
        "/robots.txt": [robots(ROBOTS_FOR_US)],
        "/": [page("/a", "/b", "/c", "/private/x")],
    },
    BUSY: {"/": [page("/cctv", "/a")], "/cctv": [refusal(503, "1"), page()]},
    FAR: {"/": [page("/cctv", "/a")], "/cctv": [refusal(503, "9999")]},
    QUEUE: {"/": [page("/cctv")], "/cctv": [refusal(429, "1"), page()]},
    DATED: {"/": [page("/cctv")], "/cctv": [refusal(429, in_two_seconds), page()]},
    LIMITED: {"/": [refusal(429, "9999")]},
    STUBBORN: {"/": [page("/cctv")], "/cctv": [refusal(503, "1")]},
    STEADY: {"/robots.txt": [robots("User-agent: *\nCrawl-delay: 1\n")], "/": [page("/a", "/b", "/c")]},
    GREEDY: {"/robots.txt": [robots("User-agent: *\nCrawl-delay: 3600\n")], "/": [page("/a", "/b")]},
    CROWDED: {"/": [page("/cctv", "/a", "/b")], "/cctv": [refusal(503, "1"), page()]},
}
FAST_CRAWL = {"hosts": [DELAYED, BUSY, FAR, QUEUE, DATED, LIMITED, STUBBORN], "delay": 0.0, "settings": {}}
DELAYED_CRAWL = {
    "hosts": [STEADY, GREEDY, CROWDED],
    "delay": 0.2,  # AutoThrottle on, DOWNLOAD_DELAY_JITTER 0.5
    "settings": {"POLITENESS_MAX_CRAWL_DELAY": 1.0},
}


@dataclass
class Crawl:
    pages: list[dict[str, Any]]
    sites: dict[str, dict[str, Any]]
    stats: dict[str, Any]
    warnings: list[str]
    stderr: str

    def statuses(self, host: str, path: str) -> list[int]:
        return [p["status"] for p in self.pages if p["url"] == f"http://{host}{path}"]


@dataclass
class Crawls:
    store: ScriptedStore
    fast: Crawl
    delayed: Crawl


@dataclass
class Running:
    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path


def start_crawl(job: dict[str, Any], proxy: str, workdir: Path) -> Running:
    env = {key: value for key, value in os.environ.items() if key.lower() not in ("no_proxy", "https_proxy")}
    env["http_proxy"] = proxy
    targets = [[url(host), url(host)] for host in job["hosts"]]
    request = workdir / "job.json"
    request.write_text(json.dumps({"targets": targets, "delay": job["delay"], "settings": job["settings"]}))
    stdout, stderr = workdir / "stdout.json", workdir / "stderr.txt"
    with request.open("rb") as stdin, stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen([sys.executable, str(SCRIPT)], stdin=stdin, stdout=out, stderr=err, env=env)
    return Running(process, stdout, stderr)


def finish_crawl(running: Running) -> Crawl:
    running.process.wait(timeout=60)
    stderr = running.stderr.read_text()
    assert running.process.returncode == 0, stderr
    report = json.loads(running.stdout.read_text())
    sites = {site["site"]: site for site in report["sites"]}
    return Crawl(report["pages"], sites, report["stats"], report["warnings"], stderr)


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawls]:
    store = ScriptedStore(SITES)
    with running_server(store) as server:
        fast = start_crawl(FAST_CRAWL, server.proxy_url, tmp_path_factory.mktemp("fast"))
        delayed = start_crawl(DELAYED_CRAWL, server.proxy_url, tmp_path_factory.mktemp("delayed"))
        try:
            yield Crawls(store, finish_crawl(fast), finish_crawl(delayed))
        finally:
            for running in (fast, delayed):
                if running.process.poll() is None:
                    running.process.kill()
                    running.process.wait()


def gaps(hits: list[Hit]) -> list[float]:
    return [later.at - earlier.at for earlier, later in itertools.pairwise(hits)]


def test_crawls_run_cleanly(crawls: Crawls) -> None:
    for crawl in (crawls.fast, crawls.delayed):
        assert crawl.warnings == []
        assert "Traceback" not in crawl.stderr
        assert "ERROR" not in crawl.stderr


def assert_spaced(hits: list[Hit], pages: set[str]) -> None:
    """robots.txt was fetched once, ``pages`` were crawled, and no two requests came less than a second apart."""
    targets = [h.target for h in hits]
    assert targets.count("/robots.txt") == 1 and targets[0] == "/robots.txt"
    assert pages <= set(targets)
    assert min(gaps(hits)) >= MIN_GAP


def test_crawl_delay_spaces_every_request_to_the_host(crawls: Crawls) -> None:
    hits = crawls.store.hits_for(DELAYED)
    assert_spaced(hits, {"/", "/a", "/b", "/c"})
    assert "/private/x" not in {h.target for h in hits}  # robots.txt is still obeyed
    assert crawls.fast.sites[url(DELAYED)]["outcome"] == "complete"
    assert crawls.fast.stats["politeness/crawl_delay_hosts"] == 1
    assert "politeness/crawl_delay_capped" not in crawls.fast.stats


def test_crawl_delay_holds_under_autothrottle_and_jitter(crawls: Crawls) -> None:
    assert_spaced(crawls.store.hits_for(STEADY), {"/", "/a", "/b", "/c"})
    assert crawls.delayed.sites[url(STEADY)]["outcome"] == "complete"


def test_a_crawl_delay_beyond_the_cap_is_capped(crawls: Crawls) -> None:
    # The crawl finished (within finish_crawl's timeout): the site's 3600 s were not waited for; the 1 s cap was.
    assert_spaced(crawls.store.hits_for(GREEDY), {"/", "/a", "/b"})
    assert crawls.delayed.sites[url(GREEDY)]["outcome"] == "complete"
    assert crawls.delayed.stats["politeness/crawl_delay_capped"] == 1
    assert crawls.delayed.stats["politeness/crawl_delay_hosts"] == 2


@pytest.mark.parametrize("host", [BUSY, QUEUE, DATED], ids=["503-seconds", "429-seconds", "429-http-date"])
def test_retry_after_is_waited_for_then_retried(crawls: Crawls, host: str) -> None:
    refused, retried = crawls.store.hits_for(host, "/cctv")
    assert refused.status in (429, 503) and retried.status == 200
    assert retried.at - refused.at >= MIN_GAP
    assert crawls.fast.statuses(host, "/cctv") == [200]
    assert crawls.fast.sites[url(host)]["outcome"] == "complete"


def test_retry_after_slows_the_whole_host(crawls: Crawls) -> None:
    # In the crawl with a delay: without one, Scrapy sends requests that reach a slot together at once.
    hits = crawls.store.hits_for(CROWDED)
    refused = next(i for i, h in enumerate(hits) if h.status == 503)
    assert {"/a", "/b"} <= {h.target for h in hits[refused + 1 :]}  # other pages were still waiting
    assert hits[refused + 1].at - hits[refused].at >= MIN_GAP  # and the next of them waited for the Retry-After
    assert [h.status for h in hits if h.target == "/cctv"] == [503, 200]
    assert crawls.delayed.statuses(CROWDED, "/cctv") == [200]


@pytest.mark.parametrize(("host", "path"), [(FAR, "/cctv"), (LIMITED, "/")], ids=["503", "429"])
def test_a_retry_after_beyond_the_cap_gives_up_at_once(crawls: Crawls, host: str, path: str) -> None:
    refused = crawls.store.hits_for(host, path)
    assert len(refused) == 1  # no wait-and-retry, and no immediate retries by RetryMiddleware either


def test_a_response_given_up_on_reaches_the_spider(crawls: Crawls) -> None:
    assert crawls.fast.statuses(FAR, "/cctv") == [503]
    assert crawls.fast.sites[url(FAR)]["outcome"] == "complete"
    limited = crawls.fast.sites[url(LIMITED)]
    assert limited["outcome"] == "blocked" and "429" in limited["reason"]


def test_retry_after_retries_are_limited(crawls: Crawls) -> None:
    hits = crawls.store.hits_for(STUBBORN, "/cctv")
    assert len(hits) == 3  # the request and POLITENESS_RETRY_AFTER_TIMES (2) retries, nothing more
    assert min(gaps(hits)) >= MIN_GAP
    assert crawls.fast.statuses(STUBBORN, "/cctv") == [503]


def test_retry_after_stats(crawls: Crawls) -> None:
    stats = crawls.fast.stats
    assert stats["politeness/retry_after"] == 5  # busy, queue, dated, stubborn twice
    assert stats["politeness/retry_after_gave_up"] == 3  # far, limited, stubborn
    assert "retry/count" not in stats  # RetryMiddleware never retried a response with a Retry-After
    assert crawls.delayed.stats["politeness/retry_after"] == 1  # crowded


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        (b" 5 ", 5.0),
        ("1.5", 1.5),
        ("Wed, 01 Jan 2025 00:01:40 GMT", 100.0),
        ("Wed, 01 Jan 2025 00:01:40 -0000", 100.0),
        ("Tue, 31 Dec 2024 23:00:00 GMT", 0.0),  # in the past: no wait
        ("soon", None),
        ("-5", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(value: str | bytes | None, expected: float | None) -> None:
    assert parse_retry_after(value, now=datetime(2025, 1, 1, tzinfo=UTC)) == expected
