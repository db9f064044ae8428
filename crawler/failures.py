"""Why a request got no response, in the crawl outcomes' terms and in plain words."""

from __future__ import annotations

from collections.abc import Iterator

from OpenSSL.SSL import Error as SSLError
from scrapy.exceptions import IgnoreRequest
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


# Scrapy ≥ 2.19 raises its own exceptions from the download handlers (scrapy.exceptions) instead of Twisted's;
# matched by name so that older Scrapy versions, which lack them, work too.
_TIMEOUT_NAMES = frozenset({"DownloadTimeoutError"})
_DNS_NAMES = frozenset({"CannotResolveHostError"})
_REFUSED_NAMES = frozenset({"DownloadConnectionRefusedError"})


def _named(causes: list[BaseException], names: frozenset[str]) -> bool:
    return any(type(c).__name__ in names for c in causes)


def classify_failure(failure: Failure) -> tuple[str, str]:
    """(crawl outcome, plain message) for a request that got no response."""
    causes = list(_causes(failure.value))
    if any(isinstance(c, IgnoreRequest) and "robots.txt" in str(c) for c in causes):
        return "robots_disallowed", "robots.txt forbids it"
    if any(isinstance(c, (TimeoutError, TCPTimedOutError)) for c in causes) or _named(causes, _TIMEOUT_NAMES):
        return "timeout", "no answer within the download timeout"
    if any(isinstance(c, DNSLookupError) for c in causes) or _named(causes, _DNS_NAMES):
        return "unreachable", "the host name does not resolve (DNS)"
    if any(isinstance(c, ConnectionRefusedError) for c in causes) or _named(causes, _REFUSED_NAMES):
        return "unreachable", "the connection was refused"
    if any(isinstance(c, SSLError) for c in causes):
        return "unreachable", "the TLS handshake failed"
    if any(type(c).__name__ == "TunnelError" for c in causes):
        return "unreachable", "the proxy could not connect to the host"
    if any(isinstance(c, (ResponseNeverReceived, ConnectionDone, ConnectionLost)) for c in causes):
        return "unreachable", "the server closed the connection without answering"
    return "unreachable", f"{type(failure.value).__name__}: {failure.getErrorMessage()[:200]}"
