"""The site spider: focused, best-first crawling of many council sites at once.

Every link gets an explainable relevance score (crawler/links.py) that becomes its request priority; only
links above the relevance threshold are followed, so a site's crawl ends by itself when nothing promising is
left, usually after a few dozen requests. The frontier is seeded from the homepage, ``sitemap.xml`` (and
sitemap indexes) and the site's own search for "CCTV". One spider crawls many sites (Scrapy keeps one
download slot per host); each request carries its site's key, and per-site state says when a site is done
and how its crawl ended.
"""

from __future__ import annotations

import heapq
import logging
import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.documents import document_kind
from crawler.extract.classify import PRIVACY
from crawler.extract.terms import PASSING, SURVEILLANCE
from crawler.failures import classify_failure
from crawler.items import FetchedPage, Revisit, SiteFinished
from crawler.links import LinkScore, is_document, priority, score_link
from crawler.pages import HtmlPage, Link
from crawler.scope import in_scope, url_site_key
from crawler.settings import DEFAULT_MAX_DEPTH, DEFAULT_MAX_PAGES
from crawler.sitemaps import parse_sitemap, slug_text
from crawler.urls import TrapDetector, canonicalize, page_key

logger = logging.getLogger(__name__)

# Links to files that are neither pages nor documents the audit reads.
SKIP_EXTENSIONS = frozenset(
    (
        ".jpg .jpeg .png .gif .svg .webp .ico .bmp .tif .tiff .css .js .json .zip .gz .tar .rar .7z .mp3 .mp4 "
        ".avi .mov .wmv .wav .ogg .webm .xls .xlsx .csv .ppt .pptx .doc .rtf .ics .rss .xml .exe .dmg .iso"
    ).split()
)
CHALLENGE_MARKERS = (b"cf-chl", b"challenge-platform", b"Just a moment...", b"captcha", b"Checking your browser")
BLOCK_STATUSES = frozenset({401, 403, 429})
STRATEGIES = ("focused", "bfs")
WEAK_HOP_PENALTY = 10.0
SEARCH_TERM = "CCTV"
MAX_CHILD_SITEMAPS = 10
KEEP_CANDIDATES = 10
"""How many of the best-scored links a site's search trail keeps."""
MAX_WEAK_LINKS = 5000
"""How many links below the threshold a site remembers, for :meth:`SiteSpider._promote_parent`."""
OTHER_LANGUAGE_SCORE = 80.0
"""The score of a page about the cameras in another language."""
PARENT_SCORE = 85.0
"""The score of the page above a subpage about the cameras: ahead of navigation, behind links naming CCTV."""
SUBPAGE_SUBJECT = re.compile(
    r"\bfaqs?\b|frequently asked|\bquestions\b|\bfootage\b|\blocations?\b|\bmaps?\b|\bpolic(?:y|ies)\b|"
    r"\bcodes? of practice|\bdocuments\b|\breports?\b|\bprivacy\b|body[- ]?worn|\banpr\b|number plate|"
    r"\bspoc\b|single point of contact|cwestiynau|lluniau|lleoliad|polis[iï]|preifatrwydd|adroddiad",
    re.I,
)
"""Titles of the pages a council hangs below its main CCTV page."""


@dataclass
class SiteTarget:
    """A site to crawl: its key and homepage, and what the last sweep saw of it."""

    key: str
    homepage: str
    known: Mapping[str, Revisit] = field(default_factory=dict)
    """Canonical URL → validators from the last sweep, sent as If-None-Match / If-Modified-Since."""


@dataclass(order=True)
class Candidate:
    """A link waiting in a site's frontier, ordered best first (highest score, then shallowest, then oldest)."""

    sort_key: tuple[float, int, int]
    url: str = field(compare=False)
    depth: int = field(compare=False)
    referrer: str | None = field(compare=False)
    anchor: str = field(compare=False)
    score: LinkScore = field(compare=False)
    kind: str = field(compare=False, default="page")
    """``page``, or a frontier seed: ``sitemap`` or ``search``."""
    offsite: bool = field(compare=False, default=False)
    weak_chain: int = field(compare=False, default=0)
    out_of_content: bool = field(compare=False, default=False)
    """A document or an off-site page that surveillance content links to: always worth fetching."""
    in_content: bool = field(compare=False, default=False)
    """Linked from the content of a page about the cameras (its subpages, its home section)."""
    above_subpage: bool = field(compare=False, default=False)
    """The page above a subpage about the cameras in the URL tree: likely the main CCTV page, whatever its
    title says."""

    def worth_after_found(self) -> bool:
        """Whether the link is still followed once the main CCTV page is found: it names the subject or a
        privacy notice, it is a document or another site that surveillance content links to, or surveillance
        content links to it with a topical anchor; not navigation toward the homes of CCTV information, which
        has done its job."""
        return self.kind != "page" or self.score.core or self.out_of_content


def _marks(candidate: Candidate) -> tuple[Any, ...]:
    """What a better link to a waiting URL can change about it."""
    c = candidate
    return (c.score.score, c.score.core, c.out_of_content, c.in_content, c.weak_chain, c.above_subpage)


@dataclass
class SiteState:
    """What the spider knows about one site while crawling it."""

    target: SiteTarget
    scopes: set[str]
    started: float = field(default_factory=time.monotonic)
    seen: set[str] = field(default_factory=set)
    traps: TrapDetector = field(default_factory=TrapDetector)
    requested: int = 0
    in_flight: int = 0
    pages: int = 0
    documents: int = 0
    unfollowed: list[tuple[float, str]] = field(default_factory=list)
    """Links above the threshold left when the page budget ran out: (score, url). They make a crawl partial."""
    beyond_depth: list[tuple[float, str]] = field(default_factory=list)
    """Links above the threshold past the depth limit: recorded in the trail, a limit by design, not a cut."""
    below_threshold: int = 0
    trapped: Counter[str] = field(default_factory=Counter)
    best: list[tuple[float, str, tuple[str, ...]]] = field(default_factory=list)
    """A min-heap of the best-scored links seen: (score, url, reasons)."""
    seeds: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    not_modified: int = 0
    frontier: list[Candidate] = field(default_factory=list)
    """The links waiting to be fetched, a heap: the spider keeps one request per site in flight and always
    sends the most promising next, so it can stop as soon as nothing promising is left."""
    weak_links: dict[str, tuple[str, int, str | None, str]] = field(default_factory=dict)
    """Links in the site scored below the threshold, or passed over once the main CCTV page was found: page key →
    (URL, depth, referrer, anchor)."""
    pending: dict[str, Candidate] = field(default_factory=dict)
    """URL → its live candidate in the frontier; a URL found again by a better link gets a new candidate and
    the old one is dropped when it comes up."""
    pushed: int = 0
    found_surveillance: bool = False
    """A page about the council's cameras has been fetched: from now on navigation is explored less deeply."""
    skipped_after_found: int = 0
    outcome: str | None = None
    reason: str = ""
    final_homepage: str | None = None
    finished: bool = False

    def push(self, candidate: Candidate) -> None:
        self.pushed += 1
        candidate.sort_key = (-candidate.score.score, candidate.depth, self.pushed)
        self.pending[page_key(candidate.url)] = candidate
        heapq.heappush(self.frontier, candidate)

    def pop(self) -> Candidate | None:
        """The most promising live candidate, or None when the frontier is empty."""
        while self.frontier:
            candidate = heapq.heappop(self.frontier)
            key = page_key(candidate.url)
            if self.pending.get(key) is candidate:
                del self.pending[key]
                return candidate
        return None

    def improve(self, candidate: Candidate) -> None:
        """A link to a URL already waiting in the frontier: keep the better score and every permission."""
        waiting = self.pending.get(page_key(candidate.url))
        if waiting is None:
            return
        better = replace(candidate, url=waiting.url) if candidate.score.score > waiting.score.score else waiting
        merged = replace(
            better,
            score=replace(better.score, core=waiting.score.core or candidate.score.core),
            out_of_content=waiting.out_of_content or candidate.out_of_content,
            in_content=waiting.in_content or candidate.in_content,
            weak_chain=min(waiting.weak_chain, candidate.weak_chain),
            above_subpage=waiting.above_subpage or candidate.above_subpage,
        )
        if _marks(merged) != _marks(waiting):
            self.push(merged)

    def remember(self, score: LinkScore, url: str) -> None:
        item = (score.score, url, score.reasons)
        if any(known == url for _, known, _ in self.best):
            return
        if len(self.best) < KEEP_CANDIDATES:
            heapq.heappush(self.best, item)
        elif item[0] > self.best[0][0]:
            heapq.heapreplace(self.best, item)


def is_challenge(body: bytes) -> bool:
    head = body[:20000]
    return any(marker in head for marker in CHALLENGE_MARKERS)


def _extension(url: str) -> str:
    path = urlsplit(url).path.lower()
    last = path.rsplit("/", 1)[-1]
    return last[last.rfind(".") :] if "." in last else ""


MAIN_SUBJECT = re.compile(
    r"\bcctv\b|closed[- ]circuit|surveillance cameras?|public[- ]space (?:cctv|cameras?)|teledu cylch|"
    r"camer[aâ]u gwyliadwriaeth",
    re.I,
)


def is_main_cctv_page(page: HtmlPage) -> bool:
    """Whether a page looks like the council's main page about its cameras (not a privacy notice, not a page
    about body-worn video or ANPR alone, not one of the subpages hung below the main page such as the FAQ or
    footage requests, not a passing mention): finding it is when the crawl narrows."""
    subject = f"{page.title} {page.h1}"
    return (
        bool(MAIN_SUBJECT.search(subject))
        and not PASSING.search(f"{subject} {page.url}")
        and not PRIVACY.search(subject)
        and not SUBPAGE_SUBJECT.search(page.h1 or page.title)
    )


def source_kind(page: HtmlPage, kind: str) -> str:
    """What sort of page links come from, for link scoring: surveillance content, a privacy notice, a hub
    (search results, sitemap, A–Z) or other. A cheap test of the subject; the full classifier runs later."""
    subject = f"{page.title} {page.h1}"
    if kind == "search":
        return "hub"
    if SURVEILLANCE.search(subject):
        return "surveillance"
    if PRIVACY.search(subject):
        return "privacy"
    if "a-z" in page.url.lower() or "sitemap" in page.url.lower():
        return "hub"
    return "other"


class SiteSpider(scrapy.Spider):
    """Best-first crawl of each target's site, up to ``max_pages`` requests and ``max_depth`` links deep."""

    name = "cctv-site"

    def __init__(
        self,
        targets: list[SiteTarget],
        max_pages: int = DEFAULT_MAX_PAGES,
        max_depth: int = DEFAULT_MAX_DEPTH,
        revisit_body: Callable[[str, str], bytes | None] | None = None,
        strategy: str = "focused",
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        if strategy not in STRATEGIES:
            raise ValueError(f"unknown crawl strategy {strategy!r}; expected one of {STRATEGIES}")
        self.focused = strategy == "focused"
        """``bfs`` follows every in-scope link breadth-first with no seeds: the baseline benchmarks compare with."""
        self.revisit_body = revisit_body
        """(site key, URL) → the body kept from the last sweep, for a 304 answer."""
        self.max_pages = max_pages
        self.max_depth = max_depth
        self.sites = {t.key: SiteState(t, {url_site_key(t.homepage)}) for t in targets}

    async def start(self) -> AsyncIterator[Any]:
        for state in self.sites.values():
            self._enqueue(state, state.target.homepage, 0, None, "", LinkScore(100.0, ("homepage",), True))
            for request in self._next(state):
                yield request

    def add_site(self, target: SiteTarget) -> Iterator[scrapy.Request]:
        """Start crawling one more site while the spider runs (a distributed worker claims sites as it goes)."""
        state = self.sites[target.key] = SiteState(target, {url_site_key(target.homepage)})
        self._enqueue(state, target.homepage, 0, None, "", LinkScore(100.0, ("homepage",), True))
        yield from self._next(state)

    # Requests ------------------------------------------------------------------------------------------

    def _request(self, state: SiteState, candidate: Candidate) -> scrapy.Request:
        """The request for a candidate taken from the frontier (already deduplicated and scored)."""
        state.requested += 1
        state.in_flight += 1
        return scrapy.Request(
            candidate.url,
            headers=self._validators(state, candidate.url),
            callback=self.parse,
            errback=self.failed,
            dont_filter=True,  # the spider dedupes per site itself, so every request reaches a callback
            priority=priority(candidate.score, candidate.depth) if self.focused else -candidate.depth,
            meta={
                "site": state.target.key,
                "link_depth": candidate.depth,
                "referrer": candidate.referrer,
                "anchor": candidate.anchor,
                "requested": candidate.url,
                "kind": candidate.kind,
                "offsite": candidate.offsite,
                "score": candidate.score,
                "weak_chain": candidate.weak_chain,
                "above_subpage": candidate.above_subpage,
                "scopes": state.scopes,  # the site's scope keys, for RedirectScopeMiddleware (the same set object)
            },
        )

    def _enqueue(self, state: SiteState, url: str, depth: int, referrer: str | None, anchor: str, score: LinkScore,
                 kind: str = "page", **extra: Any) -> None:  # fmt: skip
        url = canonicalize(url)
        candidate = Candidate((0.0, 0, 0), url, depth, referrer, anchor, score, kind, **extra)
        key = page_key(url)
        if key in state.seen:
            state.improve(candidate)
            return
        state.seen.add(key)
        state.push(candidate)

    def _next(self, state: SiteState) -> Iterator[scrapy.Request]:
        """Send the site's most promising waiting link, if any is still worth it; else let the site finish.

        Before any page about the cameras is found, every link above the relevance threshold may be followed;
        afterwards only topical links (CCTV, privacy, community safety…) and links out of surveillance content
        are, which is what stops a site's crawl after a few dozen requests instead of wandering its menus.
        """
        while state.in_flight == 0 and not state.finished:
            candidate = state.pop()
            if candidate is None:
                break
            if self.focused and state.found_surveillance and not candidate.worth_after_found():
                state.skipped_after_found += 1
                if len(state.weak_links) < MAX_WEAK_LINKS:
                    state.weak_links[page_key(candidate.url)] = (
                        candidate.url,
                        candidate.depth,
                        candidate.referrer,
                        candidate.anchor,
                    )
                continue
            if state.requested >= self.max_pages:
                state.unfollowed.append((candidate.score.score, candidate.url))
                continue
            yield self._request(state, candidate)

    def _validators(self, state: SiteState, url: str) -> dict[str, str]:
        known = state.target.known.get(url) if self.revisit_body else None
        headers = {}
        if known and known.etag:
            headers["If-None-Match"] = known.etag
        if known and known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        return headers

    def _not_modified(self, state: SiteState, response: Response) -> Response | scrapy.Request:
        """A 304 becomes the last sweep's copy; if that copy is gone, ask again without validators."""
        url = response.meta["requested"]
        body = self.revisit_body(state.target.key, url) if self.revisit_body else None
        if body is None:
            state.in_flight += 1
            state.requested += 1
            return response.request.replace(headers={}, meta={**response.meta, "unconditional": True})  # type: ignore[union-attr]
        state.not_modified += 1
        known = state.target.known[url]
        headers = {**response.headers.to_unicode_dict(), "Content-Type": known.content_type or "text/html"}
        response.meta["not_modified"] = True
        return response.replace(status=200, body=body, headers=headers)

    def _consider(
        self,
        state: SiteState,
        link: Link,
        depth: int,
        referrer: str | None,
        from_kind: str,
        weak_chain: int = 0,
        source_url: str | None = None,
    ) -> None:
        """Score one link and queue it if it is in scope, not a trap, relevant, and within the depth limit.

        ``weak_chain`` is how many weakly scored links in a row led to the page the link is on; each costs
        the link :data:`WEAK_HOP_PENALTY` points, so navigation is explored one or two hops from anything
        promising and no further: the crawl stops by itself once the promising links are used up.
        """
        url = canonicalize(link.url)
        key = page_key(url)
        if (key in state.seen and key not in state.pending) or _extension(url) in SKIP_EXTENSIONS:
            return
        in_site = any(in_scope(url, key) for key in state.scopes)
        # One hop off the site: documents and pages that surveillance content links to (a partnership's site).
        offsite = not in_site and from_kind == "surveillance" and urlsplit(url).scheme in ("http", "https")
        if not in_site and not offsite:
            return
        trap = state.traps.check(url)
        if trap:
            state.trapped[trap.split(":", 1)[0]] += 1
            return
        if self.focused:
            score = score_link(link, from_kind, depth, source_url)
            if weak_chain and not score.topical:
                penalty = WEAK_HOP_PENALTY * weak_chain
                score = LinkScore(
                    score.score - penalty, (*score.reasons, f"after {weak_chain} weak links -{penalty:g}")
                )
        else:
            score = LinkScore(50.0, ("breadth-first",))
        state.remember(score, url)
        if not score.relevant:
            state.below_threshold += 1
            if in_site and len(state.weak_links) < MAX_WEAK_LINKS:
                state.weak_links.setdefault(key, (url, depth, referrer, link.text))
            return
        # Surveillance content may sit at the depth limit; what it links to (its documents) is still followed.
        limit = self.max_depth + (2 if from_kind == "surveillance" else 0)
        if depth > limit:
            if key in state.pending:
                return  # already waiting, by a shorter path
            state.beyond_depth.append((score.score, url))
            state.seen.add(key)  # counted once however many pages link to it
            return
        chain = 0 if score.topical else weak_chain + 1
        out_of_content = from_kind == "surveillance" and (offsite or is_document(link))
        self._enqueue(state, url, depth, referrer, link.text, score, offsite=offsite, weak_chain=chain,
                      out_of_content=out_of_content, in_content=from_kind == "surveillance")  # fmt: skip

    # Responses -----------------------------------------------------------------------------------------

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        state = self.sites[response.meta["site"]]
        state.in_flight -= 1
        if response.status == 304 and not response.meta.get("unconditional"):
            revisited = self._not_modified(state, response)
            if isinstance(revisited, scrapy.Request):
                yield revisited
                return
            response = revisited
        # A redirect's target is a page fetched: a link to it later would fetch the same page again.
        landed = page_key(canonicalize(response.url))
        state.seen.add(landed)
        state.pending.pop(landed, None)
        yield from self._handle(state, response)
        if state.outcome is None:
            yield from self._next(state)
        yield from self._maybe_finish(state)

    def _handle(self, state: SiteState, response: Response) -> Iterator[Any]:
        meta = response.meta
        depth, kind = meta["link_depth"], meta["kind"]
        if depth == 0:
            if not self._homepage_ok(state, response):
                return
        elif kind == "sitemap":
            self._sitemap(state, response)
            return
        elif not meta["offsite"] and not any(in_scope(response.url, key) for key in state.scopes):
            state.errors.append(f"redirected out of scope: {response.url}")
            return
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        doc_kind = document_kind(response.url, content_type)
        is_html = doc_kind is None and ("html" in content_type.lower() or not content_type)
        if doc_kind is None and not is_html:
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
        score: LinkScore = meta["score"]
        yield FetchedPage(
            site=state.target.key,
            url=meta["requested"],
            final_url=response.url,
            status=response.status,
            headers=headers,
            body=response.body,
            depth=depth,
            kind=doc_kind or "html",
            referrer=meta.get("referrer"),
            anchor=meta.get("anchor", ""),
            page=page,
            link_score=score.score,
            link_reasons=list(score.reasons),
            not_modified=bool(meta.get("not_modified")),
        )
        if page is None or response.status >= 400 or meta["offsite"]:
            return
        if depth == 0 and self.focused:
            self._seed(state, page)
        from_kind = source_kind(page, kind)
        main = from_kind == "surveillance" and is_main_cctv_page(page)
        if from_kind == "other" and meta.get("above_subpage") and MAIN_SUBJECT.search(page.text):
            # "Keeping our town centres safe", above the CCTV FAQ, about the cameras in its text: the main page.
            from_kind, main = "surveillance", True
        if main:
            state.found_surveillance = True
        if from_kind == "surveillance" and self.focused:
            self._promote_parent(state, page)
            self._other_languages(state, page, depth)
        # A hub (search results, sitemap, A–Z) lists links; it does not make the chain of weak links longer.
        chain = meta["weak_chain"] if from_kind != "hub" else max(0, meta["weak_chain"] - 1)
        # The page's kind only vouches for links in its content, not for the menus every page repeats.
        content = {link.url for link in page.content_links}
        # A hub's own URL and headings ("Search results: CCTV") say nothing about where each of its links goes.
        source = None if from_kind == "hub" else page.url
        for link in page.links:
            if link.url in content and from_kind != "hub":
                kind_here = from_kind
            else:
                # A menu or footer link: the heading above it belongs to the content, not to the link.
                kind_here, link = ("hub" if from_kind == "hub" else "other"), Link(link.url, link.text)
            self._consider(state, link, depth + 1, page.url, kind_here, chain, source)

    def _promote_parent(self, state: SiteState, page: HtmlPage) -> None:
        """A subpage about the cameras (FAQ, footage requests, camera locations…) usually sits under the main
        CCTV page in the site's URL tree: ``/community-safety/town-centre-safety/cctv-faqs`` is below
        ``/community-safety/town-centre-safety``, whatever that page's title says. If a link to the parent was
        seen and scored too low to follow (its anchor or slug names neither CCTV nor cameras), follow it now."""
        if not SUBPAGE_SUBJECT.search(f"{page.title} {page.h1}"):
            return
        parts = urlsplit(page.url)
        parent_path = parts.path.rstrip("/").rsplit("/", 1)[0]
        if not parent_path:
            return
        parent = page_key(canonicalize(f"{parts.scheme}://{parts.netloc}{parent_path}"))
        score = LinkScore(PARENT_SCORE, ("the page above a page about the cameras in the URL tree",), True, True)
        waiting = state.pending.get(parent)
        if waiting is not None:
            state.improve(replace(waiting, score=score, above_subpage=True))
            return
        known = state.weak_links.pop(parent, None)
        if known is None:
            return
        url, depth, referrer, anchor = known
        state.seen.discard(parent)  # it may have been passed over after the main page was found
        self._enqueue(state, url, depth, referrer, anchor, score, above_subpage=True)

    def _other_languages(self, state: SiteState, page: HtmlPage, depth: int) -> None:
        """A page about the cameras in another language (its ``hreflang`` alternates: the Welsh twin of an
        English page, and back) says the same or more; a Welsh council may publish some facts only in Welsh.
        Its language switcher reads "Cymraeg" and its URL repeats the page's own words, so a link score would
        never follow it."""
        score = LinkScore(OTHER_LANGUAGE_SCORE, ("another language version of a page about the cameras",), True, True)
        for url in page.alternates.values():
            if any(in_scope(url, key) for key in state.scopes) and not state.traps.check(url):
                self._enqueue(state, url, depth + 1, page.url, "", score, in_content=True)

    def _homepage_ok(self, state: SiteState, response: Response) -> bool:
        state.final_homepage = response.url
        # A council that moved domain redirects its homepage: the new domain is its site too.
        state.scopes.add(url_site_key(response.url))
        if response.status in BLOCK_STATUSES or is_challenge(response.body):
            state.outcome = "blocked"
            state.reason = f"the homepage answered HTTP {response.status}" + (
                " with a bot challenge" if is_challenge(response.body) else ""
            )
            return False
        if response.status >= 300:
            # A 3xx here is a redirect that could not be followed (no Location, or a loop cut short).
            state.outcome = "unreachable"
            state.reason = f"the homepage answered HTTP {response.status}" + (
                " without a usable redirect" if response.status < 400 else ""
            )
            return False
        return True

    def _seed(self, state: SiteState, homepage: HtmlPage) -> None:
        """Seed the frontier beyond the homepage's links: the sitemap and the site's own search."""
        seed = LinkScore(100.0, ("frontier seed",), True)
        self._enqueue(state, urljoin(homepage.url, "/sitemap.xml"), 1, homepage.url, "", seed, "sitemap")
        state.seeds.append("sitemap.xml")
        search = homepage.search_url(SEARCH_TERM)
        if search and any(in_scope(search, key) for key in state.scopes):
            self._enqueue(state, search, 1, homepage.url, f"search: {SEARCH_TERM}", seed, "search")
            state.seeds.append(f"site search for {SEARCH_TERM!r}")

    def _sitemap(self, state: SiteState, response: Response) -> None:
        if response.status >= 400:
            return
        sitemap = parse_sitemap(response.body)
        for child in sitemap.sitemaps[:MAX_CHILD_SITEMAPS]:
            if any(in_scope(child, key) for key in state.scopes):
                seed = LinkScore(100.0, ("sitemap index",), True)
                self._enqueue(state, child, 1, response.url, "", seed, "sitemap")
        for url in sitemap.urls:
            # No anchor text in a sitemap: the page's slug is its name.
            self._consider(state, Link(url, slug_text(url)), 1, response.url, "hub")

    def failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        state = self.sites[request.meta["site"]]
        state.in_flight -= 1
        reason, message = classify_failure(failure)
        if request.meta["link_depth"] == 0:
            state.outcome = reason
            state.reason = f"the homepage could not be fetched: {message}"
        else:
            state.errors.append(f"{message}: {request.url}")
            yield from self._next(state)
        yield from self._maybe_finish(state)

    # Finishing -----------------------------------------------------------------------------------------

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
                reason = (
                    f"page budget of {self.max_pages} reached; {len(state.unfollowed)} relevant links left unfollowed"
                )
            else:
                outcome, reason = "complete", "no link above the relevance threshold was left"
        best = sorted(state.best, reverse=True)
        return SiteFinished(
            site=state.target.key,
            outcome=outcome,
            reason=reason,
            requests=state.requested,
            pages=state.pages,
            documents=state.documents,
            seconds=round(time.monotonic() - state.started, 3),
            trail={
                "seeds": state.seeds,
                "not_modified": state.not_modified,
                "unfollowed": len(state.unfollowed),
                "skipped_after_found": state.skipped_after_found,
                "unfollowed_links": [u for _, u in sorted(state.unfollowed, reverse=True)[:20]],
                "beyond_depth": [u for _, u in sorted(state.beyond_depth, reverse=True)[:20]],
                "below_threshold": state.below_threshold,
                "traps": dict(state.trapped),
                "best_links": [{"url": u, "score": round(s, 1), "reasons": list(r)} for s, u, r in best],
                "errors": state.errors[:50],
            },
            final_homepage=state.final_homepage,
        )
