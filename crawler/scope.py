"""Which URLs belong to a council's site: its registered domain, by the bundled public suffix list.

tldextract is built with ``suffix_list_urls=()`` so it never fetches the list over the network: the snapshot
shipped with the package is used, which is what makes crawls reproducible and offline.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

# Registered domains shared by many bodies although they are not public suffixes: a council under them is
# scoped by its own label (anglesey.gov.wales), never by the Welsh Government's whole domain.
SHARED_PARENTS = frozenset({"gov.wales", "llyw.cymru"})


@lru_cache(maxsize=65536)
def site_key(host: str) -> str:
    """The scope key of a host: its registered domain, or ``label.parent`` under a shared parent domain."""
    host = host.lower().rstrip(".")
    parts = _EXTRACT(host)
    registered = parts.top_domain_under_public_suffix
    if not registered:
        return host
    if registered in SHARED_PARENTS:
        labels = [label for label in parts.subdomain.split(".") if label]
        if labels and labels[-1] == "www":
            labels = labels[:-1]
        return f"{labels[-1]}.{registered}" if labels else registered
    return registered


def url_site_key(url: str) -> str:
    return site_key(urlsplit(url).hostname or "")


def in_scope(url: str, key: str) -> bool:
    """Whether ``url`` is an http(s) URL on the site whose scope key is ``key``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    return site_key(parts.hostname) == key
