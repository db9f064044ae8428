"""The site spider: breadth-first from each homepage, inside each site's scope, up to a page budget.

One spider crawls many sites at once (Scrapy keeps one download slot per host); each request carries its
site's key, and the spider keeps per-site state so it knows when a site is finished and how it ended.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from OpenSSL.SSL import Error as SSLError
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.internet.error import (
    ConnectionDone,
    ConnectionLost,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

from crawler.documents import document_kind
from crawler.items import FetchedPage, SiteFinished
from crawler.pages import HtmlPage
from crawler.scope import in_scope, url_site_key
from crawler.settings import DEFAULT_MAX_DEPTH, DEFAULT_MAX_PAGES

logger = logging.getLogger(__name__)

# Links to files that are neither pages nor documents the audit reads.
SKIP_EXTENSIONS = frozenset(
    (
        ".jpg .jpeg .png .gif .svg .webp .ico .bmp .tif .tiff .css .js .json .zip .gz .tar .rar .7z .mp3 .mp4 "
        ".avi .mov .wmv .wav .ogg .webm .xls .xlsx .csv .ppt .pptx .doc .rtf .ics .xml .rss .exe .dmg .iso"
    ).split()
)
CHALLENGE_MARKERS = (
    b"cf-chl",
    b"challenge-platform",
    b"Just a moment...",
    b"captcha",
    b"Checking your browser",
)
BLOCK_STATUSES = frozenset({401, 403, 429})


@dataclass
class SiteTarget:
    """A site to crawl: its key and homepage."""

    key: str
    homepage: str


@dataclass
class SiteState:
    """What the spider knows about one site while crawling it."""

    target: SiteTarget
    scopes: set[str]
    started: float = field(default_factory=time.monotonic)
    seen: set[str] = field(default_factory=set)
    requested: int = 0
    in_flight: int = 0
    pages: int = 0
    documents: int = 0
    unfollowed: int = 0
    errors: list[str] = field(default_factory=list)
    outcome: str | None = None
    reason: str = ""
    final_homepage: str | None = None
    finished: bool = False


def canonical(url: str) -> str:
    """The URL as the crawler dedupes it: no fragment, lower-case scheme and host, a path of at least ``/``."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def is_challenge(body: bytes) -> bool:
    head = body[:20000]
    return any(marker in head for marker in CHALLENGE_MARKERS)


def _causes(exc: BaseException | None) -> Iterator[BaseException]:
    """An exception and everything it wraps (``__cause__`` chains and Twisted's lists of failures)."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.append(current.__cause__)
        for inner in getattr(current, "reasons", None) or []:
            stack.append(getattr(inner, "value", inner))


def classify_failure(failure: Failure) -> tuple[str, str]:
    """(crawl outcome, plain message) for a request that got no response."""
    causes = list(_causes(failure.value))
    if any(isinstance(c, IgnoreRequest) and "robots.txt" in str(c) for c in causes):
        return "robots_disallowed", "robots.txt forbids it"
    if any(isinstance(c, (TimeoutError, TCPTimedOutError)) for c in causes):
        return "timeout", "no answer within the download timeout"
    if any(isinstance(c, DNSLookupError) for c in causes):
        return "unreachable", "the host name does not resolve (DNS)"
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return "unreachable", "the connection was refused"
    if any(isinstance(c, SSLError) for c in causes):
        return "unreachable", "the TLS handshake failed"
    if any(isinstance(c, (ResponseNeverReceived, ConnectionDone, ConnectionLost)) for c in causes):
        return "unreachable", "the server closed the connection without answering"
    return "unreachable", f"{type(failure.value).__name__}: {failure.getErrorMessage()[:200]}"


class SiteSpider(scrapy.Spider):
    """Crawl each target's site breadth-first up to ``max_pages`` requests and ``max_depth`` links deep."""

    name = "cctv-site"

    def __init__(
        self,
        targets: list[SiteTarget],
        max_pages: int = DEFAULT_MAX_PAGES,
        max_depth: int = DEFAULT_MAX_DEPTH,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.max_pages = max_pages
        self.max_depth = max_depth
        self.sites = {t.key: SiteState(t, {url_site_key(t.homepage)}) for t in targets}

    async def start(self) -> AsyncIterator[Any]:
        for state in self.sites.values():
            request = self._request(state, state.target.homepage, depth=0, referrer=None, anchor="")
            if request is not None:
                yield request

    def _request(
        self, state: SiteState, url: str, depth: int, referrer: str | None, anchor: str
    ) -> scrapy.Request | None:
        url = canonical(url)
        if url in state.seen:
            return None
        state.seen.add(url)
        state.requested += 1
        state.in_flight += 1
        return scrapy.Request(
            url,
            callback=self.parse,
            errback=self.failed,
            dont_filter=True,  # the spider dedupes per site itself, so every request reaches a callback
            priority=-depth,
            meta={"site": state.target.key, "depth": depth, "referrer": referrer, "anchor": anchor, "requested": url},
        )

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        state = self.sites[response.meta["site"]]
        state.in_flight -= 1
        depth = response.meta["depth"]
        yield from self._handle(state, response, depth)
        yield from self._maybe_finish(state)

    def _handle(self, state: SiteState, response: Response, depth: int) -> Iterator[Any]:
        if depth == 0:
            state.final_homepage = response.url
            # A council that moved domain redirects its homepage: the new domain is its site too.
            state.scopes.add(url_site_key(response.url))
            if response.status in BLOCK_STATUSES or is_challenge(response.body):
                state.outcome = "blocked"
                state.reason = f"the homepage answered HTTP {response.status}" + (
                    " with a bot challenge" if is_challenge(response.body) else ""
                )
                return
            if response.status >= 400:
                state.outcome = "unreachable"
                state.reason = f"the homepage answered HTTP {response.status}"
                return
        elif not any(in_scope(response.url, key) for key in state.scopes):
            state.errors.append(f"redirected out of scope: {response.url}")
            return
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        kind = document_kind(response.url, content_type)
        is_html = kind is None and ("html" in content_type.lower() or not content_type)
        if kind is None and not is_html:
            return
        headers = {k.decode("latin-1").lower(): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        page = HtmlPage(response.url, response.body, headers, response.status) if is_html else None
        if response.status < 400:
            if is_html:
                state.pages += 1
            else:
                state.documents += 1
        else:
            state.errors.append(f"HTTP {response.status}: {response.url}")
        yield FetchedPage(
            site=state.target.key,
            url=response.meta["requested"],
            final_url=response.url,
            status=response.status,
            headers=headers,
            body=response.body,
            depth=depth,
            kind=kind or "html",
            referrer=response.meta.get("referrer"),
            anchor=response.meta.get("anchor", ""),
            page=page,
        )
        if page is not None and response.status < 400 and depth < self.max_depth:
            yield from self._follow(state, page, depth)

    def _follow(self, state: SiteState, page: HtmlPage, depth: int) -> Iterator[scrapy.Request]:
        for link in page.links:
            path = urlsplit(link.url).path.lower()
            ext = path[path.rfind(".") :] if "." in path.rsplit("/", 1)[-1] else ""
            if ext in SKIP_EXTENSIONS or not any(in_scope(link.url, key) for key in state.scopes):
                continue
            if canonical(link.url) in state.seen:
                continue
            if state.requested >= self.max_pages:
                state.unfollowed += 1
                continue
            request = self._request(state, link.url, depth + 1, page.url, link.text)
            if request is not None:
                yield request

    def failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        state = self.sites[request.meta["site"]]
        state.in_flight -= 1
        depth = request.meta["depth"]
        reason, message = classify_failure(failure)
        if depth == 0:
            state.outcome = reason
            state.reason = f"the homepage could not be fetched: {message}"
        else:
            state.errors.append(f"{message}: {request.url}")
        yield from self._maybe_finish(state)

    def _maybe_finish(self, state: SiteState) -> Iterator[SiteFinished]:
        if state.in_flight == 0 and not state.finished:
            yield self.finish(state)

    def finish(self, state: SiteState) -> SiteFinished:
        """Close a site's crawl with its outcome; also called at spider close for unfinished sites."""
        state.finished = True
        outcome, reason = state.outcome, state.reason
        if outcome is None:
            if state.in_flight:
                outcome, reason = "timeout", f"the crawl stopped with {state.in_flight} requests pending"
            elif state.unfollowed:
                outcome = "partial"
                reason = f"page budget of {self.max_pages} reached; {state.unfollowed} links left unfollowed"
            else:
                outcome, reason = "complete", f"every in-scope link up to depth {self.max_depth} was followed"
        return SiteFinished(
            site=state.target.key,
            outcome=outcome,
            reason=reason,
            requests=state.requested,
            pages=state.pages,
            documents=state.documents,
            seconds=round(time.monotonic() - state.started, 3),
            trail={"unfollowed": state.unfollowed, "errors": state.errors[:50]},
            final_homepage=state.final_homepage,
        )
