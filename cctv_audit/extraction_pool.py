"""Extraction beside the crawl: parse and extract facts in worker processes while the crawl goes on.

A sweep is CPU-bound in one process: Scrapy, link scoring, parsing, fact extraction and storage all take turns
on one interpreter lock. Extraction is a pure function of a response (``extract_response``), so it can run in
other processes: the crawl thread submits each response as it arrives, and the writer thread collects the
results in order. On the project's 2-core machine that is one worker process.

A worker that dies (a hostile document that crashes a parser, the out-of-memory killer) breaks the pool, and
every response waiting in it fails with it. The pool is then replaced and each of those responses is tried
once more; a response that breaks the new pool too is recorded with an extraction error, and the sweep goes on.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace

from cctv_audit.extraction import Extracted, extract_fetched
from crawler.items import FetchedPage

logger = logging.getLogger(__name__)

PARENT_POLL_SECONDS = 0.5
MAX_WORKERS = 4
"""Past a few workers the crawl thread, not extraction, sets the pace."""


def default_workers() -> int:
    """Extraction processes for this machine: one per core the crawl does not use, at least one, at most four."""
    return max(1, min(MAX_WORKERS, (os.cpu_count() or 2) - 1))


def _exit_with_parent(parent: int) -> None:
    """In a worker: exit when the sweep process is gone.

    A worker holds both ends of its job queue, so it never sees the queue close: without this, a sweep killed
    with SIGKILL would leave its workers (and the pipes they inherited, such as a caller's stderr) behind.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


@dataclass
class Job:
    """A response submitted for extraction, and the pool (by generation) it was submitted to."""

    item: FetchedPage
    future: Future[Extracted]
    generation: int


class ExtractionPool:
    """Worker processes running ``extract_fetched``; ``submit`` on the crawl thread, ``result`` on the writer."""

    def __init__(self, workers: int | None = None):
        self.workers = workers or default_workers()
        self.generation = 0
        """How many times the pool was replaced after a worker died."""
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        # ``spawn``: the sweep process has threads (the writer) and a running reactor, which ``fork`` would copy
        # half-way through whatever they were doing.
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_exit_with_parent,
            initargs=(os.getpid(),),
        )

    def submit(self, item: FetchedPage) -> Job:
        """Start extracting ``item``. Its parsed page is not sent: the worker parses the body itself."""
        return Job(item, self._submit(item), self.generation)

    def _submit(self, item: FetchedPage) -> Future[Extracted]:
        try:
            return self._pool.submit(extract_fetched, replace(item, page=None))
        except (BrokenProcessPool, RuntimeError):  # broken, or shut down by the writer replacing it just now
            future: Future[Extracted] = Future()
            future.set_exception(BrokenProcessPool("the extraction pool was broken or replaced"))
            return future

    def result(self, job: Job) -> Extracted:
        """The extraction of a job; if its worker died, try once more in a new pool, then give up on it."""
        try:
            return job.future.result()
        except BrokenProcessPool:
            pass
        if job.generation == self.generation:  # the first job to find this pool broken replaces it
            logger.warning("an extraction worker died; extracting the responses it held again in a new one")
            self._replace()
        try:
            return self._submit(job.item).result()
        except BrokenProcessPool:
            logger.error("extracting %s kills its worker; stored without text or facts", job.item.final_url)
            self._replace()
            return Extracted(error="extraction failed: the worker process died")

    def _replace(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()
        self.generation += 1

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def extraction_pool(workers: int | None) -> Iterator[ExtractionPool | None]:
    """An extraction pool of ``workers`` processes (None: :func:`default_workers`), or None for 0: extract inline."""
    if workers is not None and workers <= 0:
        yield None
        return
    pool = ExtractionPool(workers)
    try:
        yield pool
    finally:
        pool.close()
