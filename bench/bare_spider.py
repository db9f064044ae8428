"""The throughput baseline: a bare Scrapy spider that fetches a list of URLs and does nothing with them.

Same politeness settings as the real crawl (one request in flight per host, no delay on loopback), so the
ratio of the two rates is what parsing, scoring, extraction and storage cost.
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess

from crawler.settings import crawl_settings


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, urls: list[str], **kwargs: Any):
        super().__init__(**kwargs)
        self.urls = urls

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.urls:
            yield scrapy.Request(url, dont_filter=True, callback=self.parse)

    def parse(self, response: Any, **kwargs: Any) -> None:
        return None


def main() -> None:
    with open(sys.argv[1]) as handle:
        urls = json.load(handle)
    process = CrawlerProcess(crawl_settings(0.0, ROBOTSTXT_OBEY=False))
    process.crawl(BareSpider, urls=urls)
    process.start()


if __name__ == "__main__":
    main()
