"""Turn one page or document into facts with provenance: the classifier first, then every extractor."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from crawler.extract.classify import Classification, classify_page
from crawler.extract.registry import all_extractors
from crawler.extract.source import QUOTE_MAX, ExtractedFact, Source
from crawler.pages import Link, TextBlock

__all__ = ["QUOTE_MAX", "ExtractedFact", "PageFacts", "extract_facts"]


@dataclass(frozen=True)
class PageFacts:
    """A page's classification and the facts extracted from its surveillance content."""

    classification: Classification
    facts: list[ExtractedFact] = field(default_factory=list)


def extract_facts(
    url: str,
    title: str,
    h1: str,
    blocks: Sequence[TextBlock],
    *,
    document: bool = False,
    anchor: str = "",
    links: Sequence[Link] = (),
    lang: str = "",
    alternates: Mapping[str, str] | None = None,
    images: Sequence[Link] = (),
) -> PageFacts:
    """Classify the page; if it is surveillance content, run every registered extractor over it."""
    kind = classify_page(url, title, h1, blocks, document=document, anchor=anchor)
    if not kind.is_surveillance:
        return PageFacts(kind)
    scope = list(kind.blocks)
    subject = title or h1 or (scope[0].text if scope else url)
    locator = "title" if title else ("h1" if h1 else (scope[0].locator if scope else ""))
    if kind.form == "section" and scope:
        subject, locator = scope[0].text, scope[0].locator
    source = Source(
        url=url,
        title=subject,
        form=kind.form or "page",
        blocks=scope,
        page_blocks=blocks,
        links=links,
        lang=lang,
        alternates=dict(alternates or {}),
        privacy_notice=kind.privacy_notice,
        anchor=anchor,
        images=images,
    )
    value = {"form": kind.form, "title": subject[:200], "privacy_notice": kind.privacy_notice,
             "reasons": list(kind.reasons), "lang": lang}  # fmt: skip
    facts = [ExtractedFact("surveillance_page", value, url, subject[:QUOTE_MAX], locator, "classify_page")]
    for extract in all_extractors().values():
        facts.extend(extract(source))
    return PageFacts(kind, facts)
