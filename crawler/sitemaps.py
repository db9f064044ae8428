"""Read sitemap.xml files: the URLs of a ``urlset`` and the child sitemaps of a ``sitemapindex``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

# A regex rather than an XML parser: sitemaps in the wild are often malformed, and nothing here may be
# made to expand entities (a hostile sitemap must not become a billion laughs).
_LOC = re.compile(rb"<loc>\s*(.*?)\s*</loc>", re.I | re.S)
_INDEX = re.compile(rb"<sitemapindex[\s>]", re.I)
MAX_SITEMAP_URLS = 50_000


@dataclass(frozen=True)
class Sitemap:
    """What one sitemap lists."""

    urls: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    """Child sitemaps, when this is a sitemap index."""


def parse_sitemap(body: bytes) -> Sitemap:
    """The URLs (or child sitemaps) listed in a sitemap body; an empty result for anything else."""
    head = body[:2048].lstrip()
    if not (head.startswith(b"<?xml") or b"<urlset" in head or b"<sitemapindex" in head):
        return Sitemap()
    locs = []
    for match in _LOC.finditer(body):
        loc = match.group(1).decode("utf-8", "replace").replace("&amp;", "&").strip()
        if loc.startswith(("http://", "https://")):
            locs.append(loc)
        if len(locs) >= MAX_SITEMAP_URLS:
            break
    if _INDEX.search(body[:4096]):
        return Sitemap(sitemaps=locs)
    return Sitemap(urls=locs)


_SLUG_SEPARATORS = re.compile(r"[-_+.%~]+|(?<=[a-z])(?=[A-Z])")
_PAGE_SUFFIXES = (".aspx", ".asp", ".html", ".htm", ".php", ".jsp", ".cfm")


def slug_text(url: str) -> str:
    """The name a sitemap entry gives its page: the last segment of its path as words.

    A sitemap has no anchor text, but content management systems name a page's URL after its title, so
    ``/community-safety/cctv-faqs`` is "cctv faqs" and ``/CommunityAndLiving/PublicSpaceCctv.aspx`` is
    "Public Space Cctv". A segment that is only a number (``/documents/4092``) names nothing.
    """
    path = url.split("#", 1)[0].split("?", 1)[0]
    scheme_end = path.find("://")
    if scheme_end >= 0:
        slash = path.find("/", scheme_end + 3)
        path = path[slash:] if slash >= 0 else ""
    last = unquote(path.rstrip("/").rsplit("/", 1)[-1])
    lowered = last.lower()
    for suffix in _PAGE_SUFFIXES:
        if lowered.endswith(suffix):
            last = last[: -len(suffix)]
            break
    words = " ".join(_SLUG_SEPARATORS.sub(" ", last).split())
    return "" if not any(char.isalpha() for char in words) else words
