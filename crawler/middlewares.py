"""Politeness the stock Scrapy middlewares leave out: robots.txt ``Crawl-delay`` and HTTP ``Retry-After``; and
scope on redirects: a redirect out of the council's site is not followed.

Both work on the downloader's per-host slots (``crawler.engine.downloader.slots``, keyed by host name), because a
slot's ``delay`` is what spaces out every request to a host, not just one. Settings share the ``POLITENESS_``
prefix (documented in :mod:`crawler.settings`); stats are under ``politeness/``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.asyncio import CallLaterResult, call_later
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from crawler.scope import in_scope

if TYPE_CHECKING:
    from typing import Self

    from scrapy.core.downloader import Slot
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

DEFAULT_MAX_CRAWL_DELAY = 30.0
DEFAULT_MAX_RETRY_AFTER = 120.0
DEFAULT_RETRY_AFTER_TIMES = 2
DEFAULT_RETRY_AFTER_HTTP_CODES = (429, 503)

RETRY_AFTER_TIMES_KEY = "politeness_retry_after_times"
"""Request meta: how many times this request has been retried for a ``Retry-After``."""
_DEADLINE_KEY = "_politeness_retry_after_deadline"
"""Request meta: the monotonic time its ``Retry-After`` wait ends, set when the response is downloaded."""

_DELAY_SECONDS = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _slot_of(crawler: Crawler, request: Request) -> tuple[str, Slot | None]:
    """The download slot key of ``request`` and its slot, if the downloader has one open."""
    downloader = crawler.engine.downloader
    key = request.meta.get("download_slot")
    if key is None:
        key = downloader.get_slot_key(request)
    return key, downloader.slots.get(key)


class CrawlDelayMiddleware:
    """Space requests to a host at least its robots.txt ``Crawl-delay`` apart, capped at
    ``POLITENESS_MAX_CRAWL_DELAY``.

    It reads the parser :class:`~scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware` has already fetched
    (the ``robots_parsed`` signal), so robots.txt is downloaded once per host, and it is off (``NotConfigured``)
    when ``ROBOTSTXT_OBEY`` is: ``Crawl-delay`` is a robots.txt rule. The delay becomes a floor under the host's
    download slot, asserted again whenever something could have lowered it: when a request enters the slot (a
    slot the downloader closed when idle comes back with the default delay) and after each download, where
    AutoThrottle (an extension, so connected to ``response_downloaded`` before this middleware) may just have
    lowered it. A floored slot also loses its jitter, since ``DOWNLOAD_DELAY_JITTER`` of 0.5 would otherwise
    send some requests after half the delay: the site named its interval.

    It has no ``process_*`` methods; it sits in ``DOWNLOADER_MIDDLEWARES`` next to the robots.txt middleware
    whose work it completes.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY") or not settings.getbool("POLITENESS_CRAWL_DELAY_ENABLED", True):
            raise NotConfigured
        self.crawler = crawler
        assert crawler.stats is not None
        self.stats: StatsCollector = crawler.stats
        self.max_delay = settings.getfloat("POLITENESS_MAX_CRAWL_DELAY", DEFAULT_MAX_CRAWL_DELAY)
        self.user_agent: str = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT") or ""
        self.floors: dict[str, float] = {}
        """Slot key -> the least delay between its requests, in seconds."""
        crawler.signals.connect(self._robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(self._request_reached_downloader, signal=signals.request_reached_downloader)
        crawler.signals.connect(self._response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _robots_parsed(self, robotparser: Any, request: Request) -> None:
        delay = self._crawl_delay(robotparser)
        if delay is None or delay <= 0:
            return
        if delay > self.max_delay:
            logger.info(
                "robots.txt for %s asks for a Crawl-delay of %gs; using %gs", request.url, delay, self.max_delay
            )
            self.stats.inc_value("politeness/crawl_delay_capped")
            delay = self.max_delay
        key, slot = _slot_of(self.crawler, request)
        if key not in self.floors:
            self.stats.inc_value("politeness/crawl_delay_hosts")
        self.floors[key] = max(delay, self.floors.get(key, 0.0))
        if slot is not None:
            self._enforce(key, slot)

    def _crawl_delay(self, robotparser: Any) -> float | None:
        """The parser's ``Crawl-delay`` for our user agent (Scrapy < 2.18 parsers lack ``crawl_delay``:
        then ask the Protego object inside)."""
        for parser in (robotparser, getattr(robotparser, "rp", None)):
            method = getattr(parser, "crawl_delay", None)
            if callable(method):
                delay = method(self.user_agent)
                return None if delay is None else float(delay)
        return None

    def _request_reached_downloader(self, request: Request) -> None:
        self._floor_slot_of(request)

    def _response_downloaded(self, response: Response, request: Request) -> None:
        self._floor_slot_of(request)

    def _floor_slot_of(self, request: Request) -> None:
        if not self.floors:
            return
        key, slot = _slot_of(self.crawler, request)
        if slot is not None and key in self.floors:
            self._enforce(key, slot)

    def _enforce(self, key: str, slot: Slot) -> None:
        slot.delay = max(slot.delay, self.floors[key])
        slot.jitter = 0.0


def parse_retry_after(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value: delay-seconds or an HTTP date (a past date is 0).

    None when the value is missing or unreadable.
    """
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if _DELAY_SECONDS.fullmatch(text):
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" parses naive; HTTP dates are GMT anyway
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass
class _Plan:
    """What to do with a response: wait ``wait`` seconds and retry, or give up (``wait`` None) for ``reason``."""

    wait: float | None
    reason: str = ""


@dataclass
class _Hold:
    """A slot slowed down for a ``Retry-After``: what it was before, and when it is released."""

    slot: Slot
    until: float
    delay: float
    saved_delay: float
    saved_jitter: float
    timer: CallLaterResult | None = None


async def _sleep(seconds: float) -> None:
    """Wait without blocking, under the asyncio reactor or any other."""
    from twisted.internet import reactor

    await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


class RetryAfterMiddleware:
    """Retry a 503 or 429 that carries ``Retry-After`` once the server's wait is over, and make the whole host
    wait too.

    The wait (seconds or an HTTP date) is honoured up to ``POLITENESS_MAX_RETRY_AFTER`` seconds, at most
    ``POLITENESS_RETRY_AFTER_TIMES`` times per request; a longer wait, or one retry too many, gives up and passes
    the response on. When a response is downloaded, before the slot lets the host's next request go, the slot's
    delay is raised to the wait (jitter off) from now, so every request to that host waits, not just this one;
    a timer puts the slot back when the wait is over. The retry itself waits with a non-blocking sleep in
    ``process_response`` and then goes back to the scheduler.

    Cooperation with Scrapy's ``RetryMiddleware`` (550, which retries 503 at once): this middleware is ordered
    *after* it by number (555), so on the way back from the downloader its ``process_response`` runs *first*.
    A response with a usable ``Retry-After`` is answered with the delayed retry, and RetryMiddleware never sees
    it; one it gives up on is passed on marked ``dont_retry``, so RetryMiddleware does not hammer a server that
    asked for a long pause with immediate retries. Responses without ``Retry-After`` (or with an unreadable
    one) are left to RetryMiddleware as before. Keeping 503 in ``RETRY_HTTP_CODES`` rather than splitting the
    codes keeps the plain immediate retry for a 503 that says nothing.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.max_times = settings.getint("POLITENESS_RETRY_AFTER_TIMES", DEFAULT_RETRY_AFTER_TIMES)
        if not settings.getbool("POLITENESS_RETRY_AFTER_ENABLED", True) or self.max_times <= 0:
            raise NotConfigured
        self.crawler = crawler
        assert crawler.stats is not None
        self.stats: StatsCollector = crawler.stats
        self.max_wait = settings.getfloat("POLITENESS_MAX_RETRY_AFTER", DEFAULT_MAX_RETRY_AFTER)
        self.http_codes = frozenset(
            int(code)
            for code in settings.getlist("POLITENESS_RETRY_AFTER_HTTP_CODES", list(DEFAULT_RETRY_AFTER_HTTP_CODES))
        )
        self.holds: dict[str, _Hold] = {}
        crawler.signals.connect(self._response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(self._spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _plan(self, request: Request, response: Response) -> _Plan | None:
        """None when the response is not ours to handle (status, no usable ``Retry-After``)."""
        if response.status not in self.http_codes:
            return None
        wait = parse_retry_after(response.headers.get(b"Retry-After"))
        if wait is None:
            return None
        if wait > self.max_wait:
            return _Plan(None, f"Retry-After of {wait:g}s is beyond the {self.max_wait:g}s cap")
        if request.meta.get(RETRY_AFTER_TIMES_KEY, 0) >= self.max_times:
            return _Plan(None, f"already retried {self.max_times} times for Retry-After")
        return _Plan(wait)

    def _response_downloaded(self, response: Response, request: Request) -> None:
        key, slot = _slot_of(self.crawler, request)
        hold = self.holds.get(key)
        if slot is not None and hold is not None and hold.slot is slot:
            # Another request of a held slot came back; AutoThrottle may just have lowered the delay.
            slot.delay = max(slot.delay, hold.delay)
            slot.jitter = 0.0
        plan = self._plan(request, response)
        if plan is None or plan.wait is None:
            return
        request.meta[_DEADLINE_KEY] = monotonic() + plan.wait
        if slot is not None:
            self._hold(key, slot, plan.wait)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        plan = self._plan(request, response)
        deadline = request.meta.pop(_DEADLINE_KEY, None)
        if plan is None:
            return response
        if plan.wait is None:
            logger.info("Gave up on %s (HTTP %d): %s", request.url, response.status, plan.reason)
            self.stats.inc_value("politeness/retry_after_gave_up")
            request.meta["dont_retry"] = True
            return response
        if deadline is None:  # not downloaded just now (a cached response): wait from here
            deadline = monotonic() + plan.wait
        await _sleep(max(0.0, deadline - monotonic()))
        times = request.meta.get(RETRY_AFTER_TIMES_KEY, 0) + 1
        logger.debug("Retrying %s after Retry-After of %gs (time %d)", request.url, plan.wait, times)
        self.stats.inc_value("politeness/retry_after")
        retry = request.replace(dont_filter=True)
        retry.meta[RETRY_AFTER_TIMES_KEY] = times
        return retry

    def _hold(self, key: str, slot: Slot, wait: float) -> None:
        """Keep the slot from sending anything for ``wait`` seconds from now."""
        now = monotonic()
        hold = self.holds.get(key)
        if hold is None or hold.slot is not slot:
            hold = self.holds[key] = _Hold(slot, now + wait, 0.0, slot.delay, slot.jitter)
        hold.until = max(hold.until, now + wait)
        slot.delay = hold.delay = max(slot.delay, wait)
        slot.jitter = 0.0
        slot.lastseen = now  # the slot's next request waits ``delay`` from now
        if hold.timer is not None:
            hold.timer.cancel()
        hold.timer = call_later(max(0.0, hold.until - now), self._release, key, hold)

    def _release(self, key: str, hold: _Hold) -> None:
        if self.holds.get(key) is not hold:
            return
        del self.holds[key]
        if hold.slot.delay == hold.delay:  # else something (AutoThrottle) has raised it further since
            hold.slot.delay = hold.saved_delay
        # A Crawl-delay floor, if any, is put back on the slot's next request (CrawlDelayMiddleware).
        hold.slot.jitter = hold.saved_jitter

    def _spider_closed(self) -> None:
        for hold in self.holds.values():
            if hold.timer is not None:
                hold.timer.cancel()
        self.holds.clear()


REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class RedirectScopeMiddleware:
    """Do not follow a redirect out of the site: check each ``Location`` against the site's scope first.

    The spider puts its site's scope keys in ``request.meta["scopes"]``. A redirect from a page of the site to a
    URL outside them (or to anything but http(s)) is dropped with ``IgnoreRequest`` before Scrapy's
    ``RedirectMiddleware`` (600) could request it: its ``process_response`` runs first because its number is
    higher (610). Two kinds of request may leave the site, as the spider allows them to: the homepage (a
    council that moved domain redirects it; the spider then adds the new domain to the scope) and the one hop
    off the site from surveillance content (``meta["offsite"]``). Requests without ``scopes`` are left alone.
    Stats: ``redirect/out_of_scope``.
    """

    def __init__(self, crawler: Crawler) -> None:
        assert crawler.stats is not None
        self.stats: StatsCollector = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        scopes = request.meta.get("scopes")
        location = response.headers.get(b"Location")
        if response.status not in REDIRECT_STATUSES or not location or not scopes:
            return response
        if request.meta.get("link_depth", 0) == 0 or request.meta.get("offsite"):
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        if urlsplit(target).scheme in ("http", "https") and any(in_scope(target, key) for key in scopes):
            return response
        self.stats.inc_value("redirect/out_of_scope")
        raise IgnoreRequest(f"redirect out of the site's scope, not followed: {request.url} -> {target}")
