"""Turn one page or document into facts with provenance: the classifier first, then the extractors."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from crawler.extract.classify import Classification, classify_page
from crawler.extract.contacts import EXTRACTOR_VERSION, extract_contacts, is_specific
from crawler.extract.retention import extract_retention
from crawler.extract.spoc import extract_spoc
from crawler.pages import TextBlock

QUOTE_MAX = 300
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class ExtractedFact:
    """One fact with where it was seen and what found it."""

    kind: str
    value: dict[str, Any]
    url: str
    quote: str
    locator: str
    extractor: str
    extractor_version: str = EXTRACTOR_VERSION


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
) -> PageFacts:
    """Classify the page; if it is surveillance content, extract contacts, retention and the SPOC."""
    kind = classify_page(url, title, h1, blocks, document=document, anchor=anchor)
    if not kind.is_surveillance:
        return PageFacts(kind)
    scope = list(kind.blocks)
    subject = title or h1 or (scope[0].text if scope else url)
    locator = "title" if title else ("h1" if h1 else (scope[0].locator if scope else ""))
    if kind.form == "section" and scope:
        subject, locator = scope[0].text, scope[0].locator
    facts = [
        ExtractedFact(
            "surveillance_page",
            {
                "form": kind.form,
                "title": subject[:200],
                "privacy_notice": kind.privacy_notice,
                "reasons": list(kind.reasons),
            },
            url,
            subject[:QUOTE_MAX],
            locator,
            "classify_page",
        ),
    ]
    # A CCTV section's contacts are often given elsewhere on the same page (the DPO in a privacy notice).
    contact_blocks = blocks if kind.form == "section" else scope
    facts += _contacts(url, contact_blocks)
    facts += _retention(url, scope)
    spoc = extract_spoc(scope)
    if spoc:
        facts.append(
            ExtractedFact(
                "spoc",
                {
                    "designated": spoc.designated,
                    "role": spoc.role,
                    "name": spoc.name,
                    "email": spoc.email,
                    "phone": spoc.phone,
                },
                url,
                spoc.quote,
                spoc.locator,
                "extract_spoc",
            )
        )
    return PageFacts(kind, facts)


def _contacts(url: str, blocks: Sequence[TextBlock]) -> list[ExtractedFact]:
    facts, seen = [], set()
    for block in blocks:
        for contact in extract_contacts(block.text):
            if contact.address in seen:
                continue
            seen.add(contact.address)
            specific = is_specific(contact, block.text, block.heading)
            value = {"channel": contact.channel, "address": contact.address, "specific": specific}
            facts.append(
                ExtractedFact(
                    "contact",
                    value,
                    url,
                    _quote(block.text, contact.start),
                    block.locator,
                    "extract_contacts",
                )
            )
    return facts


def _retention(url: str, blocks: Sequence[TextBlock]) -> list[ExtractedFact]:
    facts = []
    for block in blocks:
        for sentence in _sentences(block.text):
            found = extract_retention(sentence) or extract_retention(f"{block.heading}: {sentence}")
            if found:
                facts.append(
                    ExtractedFact(
                        "retention",
                        {"days": found.days, "phrase": found.phrase},
                        url,
                        sentence[:QUOTE_MAX],
                        block.locator,
                        "extract_retention",
                    )
                )
    return facts


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s]


def _quote(text: str, start: int) -> str:
    """Up to 300 characters of ``text`` around position ``start``, cut at word boundaries when possible."""
    if len(text) <= QUOTE_MAX:
        return text
    begin = max(0, start - 150)
    begin = text.rfind(" ", 0, begin) + 1 if begin else 0
    return text[begin : begin + QUOTE_MAX].strip()
