"""Read sitemap.xml files: the URLs of a ``urlset`` and the child sitemaps of a ``sitemapindex``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
