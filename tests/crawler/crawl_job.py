"""Run one real crawl for the crawler tests: a JSON job on stdin, a JSON report on stdout.

It runs in a subprocess of the test because Twisted's reactor cannot be started twice in one process. The job
is ``{"targets": [[key, homepage], ...], "delay": seconds, "settings": {...}}`` (optionally ``max_pages`` and
``max_depth``); the report has every fetched
page, every finished site, the crawl's stats and the warnings raised while crawling.
"""

from __future__ import annotations

import json
import sys
import warnings
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.items import FetchedPage, SiteFinished
from crawler.runner import run_crawl
from crawler.spider import SiteTarget

STATS: dict[str, Any] = {}


class StatsDump:
    """Keeps the crawl's stats when the spider closes (``run_crawl`` does not hand them back)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsDump:
        return cls(crawler)

    def spider_closed(self) -> None:
        assert self.crawler.stats is not None
        STATS.update(self.crawler.stats.get_stats())


def main() -> None:
    job = json.load(sys.stdin)
    pages: list[dict[str, Any]] = []
    sites: list[dict[str, Any]] = []

    def on_page(page: FetchedPage) -> None:
        pages.append({"site": page.site, "url": page.url, "status": page.status, "kind": page.kind,
                      "depth": page.depth, "score": page.link_score, "reasons": page.link_reasons})  # fmt: skip

    def on_site(site: SiteFinished) -> None:
        sites.append({"site": site.site, "outcome": site.outcome, "reason": site.reason, "seconds": site.seconds,
                      "requests": site.requests, "trail": site.trail})  # fmt: skip

    settings = {**job.get("settings", {}), "EXTENSIONS": {f"{__name__}.StatsDump": 0}}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run_crawl(
            [SiteTarget(key, homepage) for key, homepage in job["targets"]],
            on_page,
            on_site,
            delay=job["delay"],
            settings=settings,
            **{k: job[k] for k in ("max_pages", "max_depth") if k in job},
        )
    report = {
        "pages": pages,
        "sites": sites,
        "stats": {key: value for key, value in STATS.items() if isinstance(value, int | float | str)},
        "warnings": [f"{w.category.__name__}: {w.message} ({w.filename}:{w.lineno})" for w in caught],
    }
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
