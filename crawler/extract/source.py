"""What every extractor reads: one piece of surveillance content, as blocks of text with their locators."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from crawler.pages import Link, TextBlock

EXTRACTOR_VERSION = "0.2.0"
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
class Source:
    """A page, a CCTV section of a page, or a document whose subject is the council's surveillance cameras.

    ``blocks`` are the surveillance content itself (the whole page, or only the section); ``page_blocks`` are
    every block of the page, for facts that sit elsewhere on it (the DPO's address in a privacy notice).
    """

    url: str
    title: str
    form: str
    """``page``, ``section`` or ``document``."""
    blocks: Sequence[TextBlock]
    page_blocks: Sequence[TextBlock] = ()
    links: Sequence[Link] = ()
    """Links inside the content (not the menus), with their text."""
    lang: str = ""
    alternates: dict[str, str] = field(default_factory=dict)
    """hreflang alternates: language → URL."""
    privacy_notice: bool = False
    anchor: str = ""
    """The text of the link that led to it."""
    images: Sequence[Link] = ()
    """Images inside the content: ``url`` is the image, ``text`` its alt text (or title)."""

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    def sentences(self) -> Iterator[tuple[str, TextBlock]]:
        """Every sentence of the content with the block it comes from."""
        for block in self.blocks:
            for sentence in _SENTENCE_END.split(block.text):
                if sentence:
                    yield sentence, block

    def fact(self, kind: str, value: dict[str, Any], quote: str, locator: str, extractor: str) -> ExtractedFact:
        """A fact from this source, its quote cut to 300 characters around what matters."""
        return ExtractedFact(kind, value, self.url, quote[:QUOTE_MAX], locator, extractor)


def quote_around(text: str, start: int) -> str:
    """Up to 300 characters of ``text`` around position ``start``, cut at word boundaries when possible."""
    if len(text) <= QUOTE_MAX:
        return text
    begin = max(0, start - 150)
    begin = text.rfind(" ", 0, begin) + 1 if begin else 0
    return text[begin : begin + QUOTE_MAX].strip()
