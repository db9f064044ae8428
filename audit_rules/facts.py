"""What the rules engine consumes: a site's crawl outcome and the facts extracted from it.

The engine never sees Scrapy responses or database rows. The application turns stored facts into these
plain values, so the audit can be re-run from stored snapshots (``rescore``) and tested from data alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

# Crawl outcomes after which a criterion can be judged. Anything else makes every criterion ``unknown``.
JUDGEABLE_OUTCOMES = frozenset({"complete", "partial"})


@dataclass(frozen=True)
class Evidence:
    """Where a finding was seen."""

    url: str
    """The page or document the quote comes from."""
    quote: str
    """An exact quote of at most 300 characters."""
    locator: str
    """A CSS path for HTML, or ``page N`` for a document."""

    def as_dict(self) -> dict[str, str]:
        return {"url": self.url, "quote": self.quote, "locator": self.locator}


@dataclass(frozen=True)
class Fact:
    """One extracted statement about a site, with its provenance.

    ``kind`` names the extractor's output (``surveillance_page``, ``contact``, ``retention``, ``spoc``…);
    ``value`` is a small JSON-able mapping whose keys depend on the kind.
    """

    kind: str
    value: Mapping[str, Any]
    url: str
    quote: str
    locator: str

    @property
    def evidence(self) -> Evidence:
        return Evidence(self.url, self.quote[:300], self.locator)


@dataclass(frozen=True)
class SiteFacts:
    """Everything the rules know about one site."""

    outcome: str
    """The crawl outcome: complete, partial, blocked, robots_disallowed, unreachable or timeout."""
    facts: tuple[Fact, ...] = ()
    nation: str | None = None
    """``England`` or ``Wales`` when the site belongs to a registered authority."""
    pages_examined: int = 0
    documents_examined: int = 0
    candidates: tuple[str, ...] = field(default=())
    """The best candidate URLs seen, for the search trail of a ``not_met``."""

    def of_kind(self, kind: str) -> Iterator[Fact]:
        return (f for f in self.facts if f.kind == kind)

    @property
    def judgeable(self) -> bool:
        return self.outcome in JUDGEABLE_OUTCOMES

    @property
    def has_surveillance_content(self) -> bool:
        return any(True for _ in self.of_kind("surveillance_page"))
