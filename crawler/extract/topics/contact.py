"""Contact routes for the camera system (C05): emails, phones and contact forms."""

from __future__ import annotations

import re
from collections.abc import Iterator

from crawler.extract.contacts import extract_contacts, is_specific
from crawler.extract.registry import extractor
from crawler.extract.source import ExtractedFact, Source, quote_around
from crawler.extract.terms import SPECIFIC_CONTACT

OTHER_BODY = re.compile(
    r"\binformation commissioner|\bICO\b|\bico\.org\.uk|\bcomisiynydd gwybodaeth|\bcitizens advice\b", re.I
)
"""Contacts of another body given beside the cameras ("contact the Information Commissioner's Office on 0303 123
1113"): not a contact for the system."""


def _sentence_before(text: str, start: int) -> str:
    """The sentence a contact sits in, up to the contact."""
    begin = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    return text[begin:start]


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
            if contact.address in seen or OTHER_BODY.search(_sentence_before(block.text, contact.start)):
                continue
            seen.add(contact.address)
            specific = is_specific(contact, block.text, block.heading)
            value = {"channel": contact.channel, "address": contact.address, "specific": specific}
            yield source.fact("contact", value, quote_around(block.text, contact.start), block.locator,
                              "extract_contacts")  # fmt: skip


CONTACT_FORM = re.compile(
    r"\bcontact (?:us|form|the council|our\b)|\bonline (?:contact |enquiry )?form\b|\benquiry form\b|"
    r"\bget in touch\b|\bask a question\b|\bcysylltu â ni\b|\bcysylltwch â ni\b|\bffurflen (?:gyswllt|ymholiad)",
    re.I,
)
"""Link text of a contact form or page: "our online contact form", "contact us", "enquiry form"."""
FORM_PURPOSE = re.compile(r"complain|cwyn|subject access|request (?:footage|images|cctv)|freedom of information", re.I)
"""Forms for something else (complaints C06, footage requests C07): not the system's contact point."""


@extractor("extract_contact_forms")
def contact_forms(source: Source) -> Iterator[ExtractedFact]:
    """Contact forms linked from surveillance content, generic ("contact us") or the CCTV team's own.

    A form's link text decides: "CCTV enquiry form" or "contact the CCTV team" is the system's own route,
    "our online contact form" is the council's general one (criteria.md counts that as generic).
    """
    seen: set[str] = set()
    for link in source.links:
        if link.url in seen or not CONTACT_FORM.search(link.text) or FORM_PURPOSE.search(link.text):
            continue
        seen.add(link.url)
        block = next((b for b in source.blocks if link.text and link.text in b.text), None)
        if block is None:
            continue
        specific = bool(SPECIFIC_CONTACT.search(link.text))
        value = {"channel": "form", "address": link.url, "specific": specific}
        yield source.fact("contact", value, quote_around(block.text, block.text.find(link.text)), block.locator,
                          "extract_contact_forms")  # fmt: skip
