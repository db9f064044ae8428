"""A live progress display for sweeps: sites done of total, pages fetched and their rate, problems, ETA."""

from __future__ import annotations

import logging
import time
from collections import Counter
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from cctv_audit.logs import structured_logs
from cctv_audit.sweeping import Observer
from crawler.items import FetchedPage, SiteFinished

logger = logging.getLogger(__name__)

OK_OUTCOMES = frozenset({"complete", "partial"})


class SweepProgress:
    """Counts pages and finished sites and shows them on stderr; quiet when stderr is not a terminal."""

    def __init__(self, total_sites: int, console: Console | None = None, enabled: bool | None = None):
        self.console = console or Console(stderr=True)
        self.enabled = self.console.is_terminal if enabled is None else enabled
        self.total = total_sites
        self.pages = 0
        self.outcomes: Counter[str] = Counter()
        self.started = time.monotonic()
        self.progress = Progress(
            TextColumn("[bold]sweep[/bold]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("sites · {task.fields[pages]} pages · {task.fields[rate]:.0f} pages/s · "
                       "{task.fields[problems]} not crawled"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self.console,
            disable=not self.enabled,
        )  # fmt: skip
        self.task = self.progress.add_task("sweep", total=total_sites, pages=0, rate=0.0, problems=0)

    def __enter__(self) -> SweepProgress:
        self.progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.progress.stop()

    def observer(self) -> Observer:
        return Observer(on_page=self.on_page, on_site=self.on_site)

    @property
    def rate(self) -> float:
        return self.pages / max(time.monotonic() - self.started, 1e-6)

    def on_page(self, item: FetchedPage) -> None:
        self.pages += 1
        if self.pages % 25 == 0:
            self.progress.update(self.task, pages=self.pages, rate=self.rate)

    def on_site(self, done: SiteFinished) -> None:
        self.outcomes[done.outcome] += 1
        if structured_logs():
            logger.info("site %s: %s", done.site, done.outcome, extra={"site": done.site, "outcome": done.outcome,
                        "requests": done.requests, "pages": done.pages, "seconds": done.seconds})  # fmt: skip
        problems = sum(n for outcome, n in self.outcomes.items() if outcome not in OK_OUTCOMES)
        self.progress.update(self.task, advance=1, pages=self.pages, rate=self.rate, problems=problems)
        if not self.enabled:
            done_sites = sum(self.outcomes.values())
            if done_sites % 25 == 0 or done_sites == self.total:
                line = (
                    f"sweep: {done_sites}/{self.total} sites, {self.pages} pages, {self.rate:.0f} pages/s, "
                    f"{problems} not crawled"
                )
                if structured_logs():
                    logger.info(line, extra={"sites_done": done_sites, "sites_total": self.total,
                                             "pages": self.pages, "not_crawled": problems})  # fmt: skip
                else:
                    self.console.print(line)
