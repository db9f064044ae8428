"""Contact routes for the camera system (C05)."""

from __future__ import annotations

from collections.abc import Iterator

from crawler.extract.contacts import extract_contacts, is_specific
from crawler.extract.registry import extractor
from crawler.extract.source import ExtractedFact, Source, quote_around


@extractor("extract_contacts")
def contacts(source: Source) -> Iterator[ExtractedFact]:
    """Every email and phone, judged specific to the CCTV service or generic.

    A CCTV section's contacts are often given elsewhere on the same page (the DPO in a privacy notice), so
    for a section the whole page is read.
    """
    blocks = source.page_blocks if source.form == "section" and source.page_blocks else source.blocks
    seen: set[str] = set()
    for block in blocks:
        for contact in extract_contacts(block.text):
            if contact.address in seen:
                continue
            seen.add(contact.address)
            specific = is_specific(contact, block.text, block.heading)
            value = {"channel": contact.channel, "address": contact.address, "specific": specific}
            yield source.fact("contact", value, quote_around(block.text, contact.start), block.locator,
                              "extract_contacts")  # fmt: skip
