"""What the spider yields: fetched pages and documents, and a summary when a site is finished."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crawler.pages import HtmlPage


@dataclass(frozen=True)
class Revisit:
    """What the last sweep saw of a URL, for a conditional request that can come back 304 Not Modified."""

    etag: str | None
    last_modified: str | None
    content_type: str | None


@dataclass
class FetchedPage:
    """An HTML page or a document as fetched, with the parsed page for HTML."""

    site: str
    """The key of the site this belongs to (its homepage as given)."""
    url: str
    """The URL requested."""
    final_url: str
    """The URL after redirects."""
    status: int
    headers: dict[str, str]
    body: bytes
    depth: int
    kind: str
    """``html`` or a document kind: ``pdf``, ``docx``, ``odt``."""
    referrer: str | None = None
    anchor: str = ""
    """The text of the link that led here."""
    page: HtmlPage | None = field(default=None, repr=False)
    link_score: float | None = None
    """The relevance score of the link that led here (crawler/links.py)."""
    link_reasons: list[str] = field(default_factory=list)
    """Why the link scored as it did."""
    not_modified: bool = False
    """The server answered 304: ``body`` is the copy kept from the last sweep."""


@dataclass
class SiteFinished:
    """A site's crawl is over: its outcome and its search trail."""

    site: str
    outcome: str
    """complete, partial, blocked, robots_disallowed, unreachable or timeout."""
    reason: str
    requests: int
    pages: int
    documents: int
    seconds: float
    trail: dict[str, Any]
    """Pages and documents examined, links left unfollowed at the budget, errors seen."""
    final_homepage: str | None = None
