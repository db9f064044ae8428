"""Run the site spider in this process and hand each fetched page and finished site to a callback."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess

from crawler.items import FetchedPage, SiteFinished
from crawler.settings import DEFAULT_DELAY, DEFAULT_MAX_DEPTH, DEFAULT_MAX_PAGES, crawl_settings
from crawler.spider import SiteSpider, SiteTarget

SETTINGS_ENV = "CCTV_AUDIT_SCRAPY_SETTINGS"


def settings_from_env() -> dict[str, Any]:
    """Scrapy settings overrides from ``$CCTV_AUDIT_SCRAPY_SETTINGS`` (a JSON object), for experts and benchmarks,
    e.g. ``{"POLITENESS_CRAWL_DELAY_ENABLED": false}`` to measure throughput with every delay off."""
    raw = os.environ.get(SETTINGS_ENV)
    if not raw:
        return {}
    value = json.loads(raw)
    if not isinstance(value, dict):
        raise ValueError(f"${SETTINGS_ENV} must be a JSON object of Scrapy settings")
    return value


def run_crawl(
    targets: list[SiteTarget],
    on_page: Callable[[FetchedPage], None],
    on_site: Callable[[SiteFinished], None],
    *,
    max_pages: int = DEFAULT_MAX_PAGES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    delay: float = DEFAULT_DELAY,
    settings: dict[str, Any] | None = None,
    revisit_body: Callable[[str, str], bytes | None] | None = None,
    strategy: str = "focused",
    spider_cls: type[SiteSpider] = SiteSpider,
    spider_kwargs: dict[str, Any] | None = None,
) -> None:
    """Crawl ``targets`` to the end. Scrapy's reactor runs once per process, so call this once.

    ``spider_cls`` and ``spider_kwargs`` let a distributed worker run a spider that claims its sites from a
    shared queue as it goes (crawler/redis_spider.py) instead of being given them all at the start.
    """
    process = CrawlerProcess(crawl_settings(delay, **{**settings_from_env(), **(settings or {})}))
    crawler = process.create_crawler(spider_cls)
    spider_ref: list[SiteSpider] = []

    def item_scraped(item: Any) -> None:
        if isinstance(item, FetchedPage):
            on_page(item)
        elif isinstance(item, SiteFinished):
            on_site(item)

    def spider_opened(spider: SiteSpider) -> None:
        spider_ref.append(spider)

    def spider_closed(spider: SiteSpider) -> None:
        # Sites still open when the crawl stops (a timeout, Ctrl-C) end with an outcome too.
        for state in spider.sites.values():
            if not state.finished:
                on_site(spider.finish(state))

    crawler.signals.connect(item_scraped, signal=signals.item_scraped)
    crawler.signals.connect(spider_opened, signal=signals.spider_opened)
    crawler.signals.connect(spider_closed, signal=signals.spider_closed)
    process.crawl(crawler, targets=targets, max_pages=max_pages, max_depth=max_depth, revisit_body=revisit_body,
                  strategy=strategy, **(spider_kwargs or {}))  # fmt: skip
    process.start()
