"""Scrapy settings for cctv-audit crawls: Scrapy's polite project-template defaults, made explicit."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    VERSION = version("cctv-audit")
except PackageNotFoundError:  # running from a source tree that is not installed
    VERSION = "0+unknown"

CONTACT_URL = "https://github.com/cctv-audit/cctv-audit/blob/main/docs/crawler.md"
USER_AGENT = f"cctv-audit/{VERSION} (+{CONTACT_URL}; audit of published CCTV information)"

DEFAULT_MAX_PAGES = 200
DEFAULT_MAX_DEPTH = 5
DEFAULT_DELAY = 1.0


def crawl_settings(delay: float = DEFAULT_DELAY, user_agent: str = USER_AGENT, **overrides: Any) -> dict[str, Any]:
    """Settings for one crawl; ``delay`` is the pause between requests to one host, in seconds."""
    settings: dict[str, Any] = {
        "BOT_NAME": "cctv-audit",
        "USER_AGENT": user_agent,
        "ROBOTSTXT_OBEY": True,
        "ROBOTSTXT_USER_AGENT": "cctv-audit",
        # One request in flight per host, a pause between them, AutoThrottle on top when there is a pause.
        # Each site has one request in flight at a time, so this is how many sites are crawled at once.
        "CONCURRENT_REQUESTS": 96,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "DOWNLOAD_DELAY": delay,
        "DOWNLOAD_DELAY_JITTER": 0.5 if delay > 0 else 0.0,
        "AUTOTHROTTLE_ENABLED": delay > 0,
        "AUTOTHROTTLE_START_DELAY": max(delay, 0.1),
        "AUTOTHROTTLE_MAX_DELAY": 30.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        # The spider orders each site's frontier itself (one request per site in flight, best first) and keeps
        # its own link depth; Scrapy's depth bookkeeping would count callbacks, not links.
        "DEPTH_PRIORITY": 0,
        "SPIDER_MIDDLEWARES": {"scrapy.spidermiddlewares.depth.DepthMiddleware": None},
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
        # Scrapy starts CONCURRENT_ITEMS asyncio tasks for every callback's output, whatever its length. A callback
        # here yields two or three things that a signal hands to the writer queue at once, so more than one task
        # buys nothing, costs a fifth of the crawl thread's time at the default 100, and could reorder a site's
        # last page after its SiteFinished.
        "CONCURRENT_ITEMS": 1,
        # The spider sees every status: a 403 on a homepage is an outcome ("blocked"), not an error to drop.
        "HTTPERROR_ALLOW_ALL": True,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 2,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408],
        "REDIRECT_MAX_TIMES": 10,
        "DOWNLOAD_TIMEOUT": 30,
        "DOWNLOAD_MAXSIZE": 20 * 1024 * 1024,
        "DOWNLOAD_WARNSIZE": 0,
        # Only http(s) is ever fetched: no file://, data:, ftp:// or s3:// download handler exists to reach, whatever a
        # link or a redirect says (Scrapy's RedirectMiddleware also refuses non-http(s) Location headers).
        "DOWNLOAD_HANDLERS": {"file": None, "data": None, "ftp": None, "s3": None},
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        # The application owns logging (stderr, so `--format json` keeps stdout clean).
        "LOG_INSTALL_ROOT_HANDLER": False,
        "DNS_TIMEOUT": 15,
        # Politeness beyond the stock middlewares (crawler/middlewares.py); stats under ``politeness/``.
        "DOWNLOADER_MIDDLEWARES": {
            # Next to RobotsTxtMiddleware (100), whose parsed robots.txt it reads.
            "crawler.middlewares.CrawlDelayMiddleware": 110,
            # Above RetryMiddleware (550), so its process_response sees a 503 first: see its docstring.
            "crawler.middlewares.RetryAfterMiddleware": 555,
            # Above RedirectMiddleware (600), so a Location out of the site is dropped before it is requested.
            "crawler.middlewares.RedirectScopeMiddleware": 610,
        },
        # Honour robots.txt ``Crawl-delay`` for ROBOTSTXT_USER_AGENT (needs ROBOTSTXT_OBEY).
        "POLITENESS_CRAWL_DELAY_ENABLED": True,
        # Longest Crawl-delay honoured, in seconds; a site asking for more gets this (politeness/crawl_delay_capped).
        "POLITENESS_MAX_CRAWL_DELAY": 30.0,
        # Retry a response with one of these statuses and a ``Retry-After`` header once the wait is over.
        "POLITENESS_RETRY_AFTER_ENABLED": True,
        "POLITENESS_RETRY_AFTER_HTTP_CODES": [429, 503],
        # Longest Retry-After waited for, in seconds; beyond it the response is passed on as it is.
        "POLITENESS_MAX_RETRY_AFTER": 120.0,
        # Retry-After retries per request (0 switches them off); then the response is passed on as it is.
        "POLITENESS_RETRY_AFTER_TIMES": 2,
    }
    settings.update(overrides)
    return settings
