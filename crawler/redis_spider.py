"""The site spider fed from Redis: a distributed worker claims sites from a shared queue as it goes.

Built on scrapy-redis's ``RedisMixin`` (the ``redis_key`` pattern: the Redis connection comes from the
``REDIS_URL`` setting, and when the spider runs dry its ``spider_idle`` handler fetches more from Redis and
keeps the spider open). Two things differ from a stock ``RedisSpider``, both because the site is the unit of
work (crawler/sitequeue.py says why):

- what is read from Redis is a site crawl id, not a URL; the application turns it into a :class:`SiteTarget`
  (``claim``) and the spider starts that site's own best-first frontier (:meth:`SiteSpider.add_site`);
- the read is a reliable claim (``LMOVE`` into the worker's own list, released only once the site is stored),
  not scrapy-redis's ``LPOP``, which would lose a site whose worker is killed; and the spider claims another
  site each time one finishes, not only when idle, so it always keeps ``redis_batch_size`` sites going.

When idle it also takes over the sites of workers whose lease has expired, and it closes only when the whole
sweep has nothing queued or held anywhere, so a worker killed late in a sweep still has its sites finished.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import scrapy
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy_redis.spiders import RedisMixin
from twisted.python.failure import Failure

from crawler.items import SiteFinished
from crawler.sitequeue import DEFAULT_LEASE_SECONDS, SiteQueue
from crawler.spider import SiteSpider, SiteState, SiteTarget

logger = logging.getLogger(__name__)


class RedisSiteSpider(RedisMixin, SiteSpider):
    """:class:`SiteSpider` whose sites come one by one from a sweep's Redis queue."""

    name = "cctv-site-redis"

    def __init__(
        self,
        targets: list[SiteTarget],
        *,
        queue_name: str,
        worker: str,
        claim: Callable[[int], SiteTarget | None],
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        stop: Callable[[], bool] | None = None,
        concurrent_sites: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(targets, **kwargs)
        self.redis_batch_size = concurrent_sites
        """Sites crawled at once (None: ``CONCURRENT_REQUESTS``, as scrapy-redis does); one request each in flight."""
        self.queue_name = queue_name
        self.worker = worker
        self.claim = claim
        """Site crawl id → the site to crawl, or None to skip it (done already, or held by a live worker)."""
        self.lease_seconds = lease_seconds
        self.stop = stop
        """Asked when idle: True closes the spider even with work left (the database writer has failed)."""
        self.queue: SiteQueue | None = None
        self.last_reaped = time.monotonic()
        self.just_finished: list[str] = []
        self.redis_key = SiteQueue(None, queue_name).pending_key

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> RedisSiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.setup_redis(crawler)  # scrapy-redis: the client from REDIS_URL, the spider_idle hook
        spider.queue = SiteQueue(spider.server, spider.queue_name, spider.worker, spider.lease_seconds)
        spider.fetch_data = spider._claim_batch
        spider.count_size = spider.server.llen
        return spider

    async def start(self) -> Any:
        for request in self.next_requests():
            yield request

    @property
    def _queue(self) -> SiteQueue:
        assert self.queue is not None, "from_crawler sets the queue"
        return self.queue

    def _claim_batch(self, key: str, batch_size: int) -> list[int]:
        """scrapy-redis's ``fetch_data``: claim sites until ``batch_size`` are being crawled."""
        claimed: list[int] = []
        while len(self.sites) + len(claimed) < batch_size:
            crawl_id = self._queue.claim()
            if crawl_id is None:
                break
            claimed.append(crawl_id)
        return claimed

    def make_request_from_data(self, data: Any) -> list[scrapy.Request]:
        """scrapy-redis's hook: a claimed site crawl id becomes its site's first request."""
        crawl_id = int(data)
        target = self.claim(crawl_id)
        if target is None:
            self._queue.release([crawl_id])
            return []
        logger.info("worker %s: crawling %s (site crawl %d)", self.worker, target.homepage, crawl_id)
        return list(self.add_site(target))

    def _adopt(self) -> list[scrapy.Request]:
        """Take over the sites of dead workers (at most once per lease period while busy)."""
        self.last_reaped = time.monotonic()
        requests: list[scrapy.Request] = []
        for crawl_id in self._queue.reap():
            requests += self.make_request_from_data(crawl_id)
        return requests

    def finish(self, state: SiteState) -> SiteFinished:
        self.just_finished.append(state.target.key)
        return super().finish(state)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        yield from super().parse(response, **kwargs)
        yield from self._refill()

    def failed(self, failure: Failure) -> Iterator[Any]:
        yield from super().failed(failure)
        yield from self._refill()

    def _refill(self) -> Iterator[scrapy.Request]:
        """After a site finishes, claim the next (and, now and then, the sites of dead workers)."""
        if not self.just_finished:
            return
        for key in self.just_finished:
            # The site's state is no longer needed: a worker's memory stays flat however many sites it crawls.
            self.sites.pop(key, None)
        self.just_finished.clear()
        if time.monotonic() - self.last_reaped > self.lease_seconds / 2:
            yield from self._adopt()
        yield from self.next_requests()

    def spider_idle(self) -> None:
        """Refill from the queue and the dead; close only when nothing is queued or held anywhere."""
        for request in self._adopt():
            self.crawler.engine.crawl(request)
        self.schedule_next_requests()
        if self.stop is not None and self.stop():
            logger.error("worker %s: stopping with work left (see the errors above)", self.worker)
            return
        if self.sites or self._queue.outstanding() > 0:
            raise DontCloseSpider
