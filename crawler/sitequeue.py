"""The shared queue of a distributed sweep, in Redis: sites (site crawl ids), not pages, handed to workers.

Why sites: everything the crawler decides about a page (its priority, whether the site is done, how its crawl
ended) depends on the rest of its site, so a site's frontier stays inside the one worker that holds it, and so
does per-host politeness: one site is crawled by one worker at a time, one request in flight per host, with
the delays, ``Crawl-delay`` and ``Retry-After`` that worker's downloader keeps. Sharing page requests instead
(scrapy-redis's own scheduler) would spread one host over several workers, each with its own delay.

The protocol, all keys under ``cctv-audit:``. A sweep's queue is named ``<token>:<sweep id>``, the token drawn
when the sweep is first distributed and kept in its options, so two databases sharing one Redis never mix:

- ``queue:<name>:pending`` (list): ids waiting for a worker, in order. A worker claims one with ``LMOVE`` into
  its own ``queue:<name>:processing:<worker>`` list, atomically, so a site is always in exactly one list.
- ``lease:<worker>`` (string with a TTL): the worker is alive. A heartbeat thread renews it every third of
  the lease; a worker that finds its lease gone stops at once (it may have been given up on).
- ``queue:<name>:workers`` (set): every worker that joined the sweep. A worker whose lease has expired is dead:
  any other worker moves the ids it held (``LMOVE`` again, so one taker each) into its own list, and the
  application resets those sites (their partial rows deleted) and crawls them again.
- An id leaves its worker's list only after the site's last pages, outcome and audit are committed; the
  database row says ``done`` and which worker finished it.
- ``queues`` (set): the names of the queues open to workers, for ``cctv-audit worker`` without ``--sweep``.

This module only speaks Redis; the database side (claiming a row, resetting it, fencing its last commit on
the worker's name) is the application's (cctv_audit/distributed.py).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

logger = logging.getLogger(__name__)

PREFIX = "cctv-audit"
DEFAULT_LEASE_SECONDS = 30.0
"""How long a worker may go without a heartbeat before the others take its sites back."""


def worker_name() -> str:
    """A name for this worker process, unique across machines: ``host:pid:random``."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def _ints(values: Iterable[Any]) -> list[int]:
    return [int(v) for v in values]


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def queue_name(sweep_id: int, token: str | None = None) -> str:
    """The name of a sweep's queue: a fresh token (or the one given) and the sweep id."""
    return f"{token or secrets.token_hex(4)}:{sweep_id}"


def sweep_of(name: str) -> int:
    """The sweep id in a queue's name."""
    return int(name.rsplit(":", 1)[1])


class SiteQueue:
    """One sweep's shared queue of site crawl ids, seen by one worker (or by the coordinator, ``worker`` None)."""

    def __init__(
        self,
        server: Any,
        name: str,
        worker: str | None = None,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
    ) -> None:
        self.server = server
        """A ``redis.Redis`` client (scrapy-redis hands the spider one built from ``REDIS_URL``)."""
        self.name = name
        self.sweep_id = sweep_of(name)
        self.worker = worker
        self.lease_seconds = lease_seconds
        base = f"{PREFIX}:queue:{name}"
        self.pending_key = f"{base}:pending"
        self.workers_key = f"{base}:workers"
        self._processing_base = f"{base}:processing:"

    @staticmethod
    def open_key() -> str:
        return f"{PREFIX}:queues"

    @classmethod
    def open_queues(cls, server: Any) -> list[str]:
        """The names of the queues open to workers, newest sweep first."""
        return sorted((_text(v) for v in server.smembers(cls.open_key())), key=sweep_of, reverse=True)

    def processing_key(self, worker: str) -> str:
        return self._processing_base + worker

    @staticmethod
    def lease_key(worker: str) -> str:
        return f"{PREFIX}:lease:{worker}"

    @property
    def _me(self) -> str:
        if self.worker is None:
            raise RuntimeError("only a worker claims sites")
        return self.worker

    # The coordinator ---------------------------------------------------------------------------------

    def publish(self, crawl_ids: Iterable[int]) -> int:
        """Queue the sites not already queued or held by a worker, and open the sweep; return how many."""
        taken = set(_ints(self.server.lrange(self.pending_key, 0, -1)))
        for held in self.held().values():
            taken.update(held)
        new = [i for i in crawl_ids if i not in taken]
        with self.server.pipeline() as pipe:
            if new:
                pipe.rpush(self.pending_key, *new)
            pipe.sadd(self.open_key(), self.name)
            pipe.execute()
        return len(new)

    def retire(self) -> None:
        """Close the sweep to workers and forget its keys (once every site is done)."""
        workers = self.workers()
        with self.server.pipeline() as pipe:
            pipe.srem(self.open_key(), self.name)
            pipe.delete(self.pending_key, self.workers_key, *[self.processing_key(w) for w in workers])
            pipe.execute()

    def workers(self) -> list[str]:
        return sorted(_text(w) for w in self.server.smembers(self.workers_key))

    def held(self) -> dict[str, list[int]]:
        """Worker → the ids it holds."""
        return {w: _ints(self.server.lrange(self.processing_key(w), 0, -1)) for w in self.workers()}

    def outstanding(self) -> int:
        """Sites queued or held: zero when the sweep has nothing left to crawl."""
        return int(self.server.llen(self.pending_key)) + sum(len(ids) for ids in self.held().values())

    def alive(self, worker: str) -> bool:
        return bool(self.server.exists(self.lease_key(worker)))

    # A worker ----------------------------------------------------------------------------------------

    def join(self) -> None:
        """Take a lease and join the sweep's workers."""
        self.server.set(self.lease_key(self._me), "1", px=int(self.lease_seconds * 1000))
        self.server.sadd(self.workers_key, self._me)

    def heartbeat(self) -> bool:
        """Renew the lease; False if it had already expired (the others may have taken this worker's sites)."""
        return bool(self.server.set(self.lease_key(self._me), "1", px=int(self.lease_seconds * 1000), xx=True))

    def claim(self) -> int | None:
        """Move the next waiting site into this worker's list and return its id (None if none is waiting)."""
        value = self.server.lmove(self.pending_key, self.processing_key(self._me), "LEFT", "RIGHT")
        return None if value is None else int(value)

    def release(self, crawl_ids: Iterable[int]) -> None:
        """Drop finished (or skipped) sites from this worker's list."""
        ids = list(crawl_ids)
        if not ids:
            return
        with self.server.pipeline() as pipe:
            for crawl_id in ids:
                pipe.lrem(self.processing_key(self._me), 0, crawl_id)
            pipe.execute()

    def reap(self) -> list[int]:
        """Take over the sites of every worker whose lease has expired; return their ids (now held here)."""
        taken: list[int] = []
        for other in self.workers():
            if other == self._me or self.alive(other):
                continue
            source, mine = self.processing_key(other), []
            while (value := self.server.lmove(source, self.processing_key(self._me), "LEFT", "RIGHT")) is not None:
                mine.append(int(value))
            self.server.srem(self.workers_key, other)
            if mine:
                logger.warning("worker %s is gone (its lease expired); taking over sites %s", other, mine)
            taken += mine
        return taken

    def leave(self) -> None:
        """Leave the sweep: anything still held goes back to the queue, then the lease is dropped."""
        me = self._me
        while self.server.lmove(self.processing_key(me), self.pending_key, "RIGHT", "LEFT") is not None:
            pass
        with self.server.pipeline() as pipe:
            pipe.srem(self.workers_key, me)
            pipe.delete(self.lease_key(me), self.processing_key(me))
            pipe.execute()


class Heartbeat:
    """Renews a worker's lease from a thread of its own, so a long parse or a slow database never lets it lapse.

    ``on_lost`` is called (once) when the lease turns out to have expired, or when Redis has been unreachable
    for a whole lease: the worker must stop, since another may already be crawling its sites.
    """

    def __init__(self, queue: SiteQueue, on_lost: Callable[[str], None]) -> None:
        self.queue = queue
        self.on_lost = on_lost
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="cctv-audit-heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join()

    def _run(self) -> None:
        interval = self.queue.lease_seconds / 3
        last_renewed = time.monotonic()
        while not self.stopped.wait(interval):
            try:
                renewed = self.queue.heartbeat()
            except Exception as exc:  # Redis down for a moment: try again, until the lease would have lapsed
                if time.monotonic() - last_renewed < self.queue.lease_seconds:
                    logger.warning("could not renew the lease (%s); trying again", exc)
                    continue
                self.on_lost(f"Redis unreachable for {self.queue.lease_seconds:g} s ({exc})")
                return
            if not renewed:
                self.on_lost("the lease expired")
                return
            last_renewed = time.monotonic()
