"""The designated Single Point of Contact (SPOC) for surveillance cameras, or a CCTV manager post."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from crawler.extract.contacts import EMAIL, extract_emails, extract_phones, is_specific
from crawler.pages import TextBlock

DESIGNATION = re.compile(r"single point of contact|\bSPOC\b|pwynt cyswllt unigol", re.I)
_CAP = r"(?:[A-Z][\w'&-]*|CCTV|and|of|&|for|the)"
ROLE = re.compile(
    r"\b((?:[A-Z][\w'&-]*\s+)(?:" + _CAP + r"\s+){0,5}?(?:Manager|Officer|Co-?ordinator|Lead|Supervisor|"
    r"Team|Unit|Controller|Director|Partnership)|Head of(?:\s+" + _CAP + r"){1,5}|"
    r"(?:Rheolwr|Swyddog|Tîm|Pennaeth|Cydlynydd)(?:\s+[A-Z][\w'-]*){1,4})\b"
)
MANAGER_POST = re.compile(
    r"\b((?:Public Space\s+)?(?:CCTV|Surveillance Camera|Control Room|Camera)(?:\s+(?:and|&)\s+[A-Z]\w+)?"
    r"(?:\s+[A-Z]\w+)?\s+(?:Manager|Co-?ordinator|Supervisor)|Rheolwr (?:TCC|Teledu Cylch Cyfyng))\b"
)
PERSON = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+)+")
NAME_AFTER_ROLE = re.compile(r"^,\s+([A-Z][a-z]+(?:\s+[A-Z][a-z'-]+){1,2}),")
"""A person named in apposition after the post: "the CCTV Manager, Helen Ashworth, is…"."""
NOT_ROLES = re.compile(r"^(?:Single Point|Point of|Contact|The Single|Our Single|Data Protection Officer$)", re.I)
WINDOW = 4
LABEL = re.compile(r"(?:^|[\s>])(?:dt|summary)(?::nth-of-type\(\d+\))?$")
"""A block that labels the next as a heading would: a definition term, an accordion's summary."""
"""How many blocks after a designation to look in for the role and contact route."""


@dataclass(frozen=True)
class Spoc:
    """A SPOC designation (or a manager post standing in for one) with its contact route."""

    designated: bool
    role: str | None
    name: str | None
    email: str | None
    phone: str | None
    quote: str
    locator: str


def _role(text: str) -> tuple[str | None, str | None]:
    """The first post title in ``text``, and a person named right after it, if any."""
    for match in ROLE.finditer(text):
        role = re.sub(r"^(?:The|Our|Ein|Y|Yr)\s+", "", match.group(1)).strip()
        if not NOT_ROLES.search(role) and not DESIGNATION.search(role):
            named = NAME_AFTER_ROLE.match(text[match.end() :])
            return role, named.group(1) if named else None
    return None, None


def _route(blocks: Sequence[TextBlock], context: str = "") -> tuple[str | None, str | None]:
    """The first specific email and phone in ``blocks``, judged with ``context`` as part of their heading.

    Passing the designation as ``context`` makes an unlabelled contact next to it (``jane.smith@…``) the
    SPOC's own, while a switchboard, a generic mailbox or the DPO still is not.
    """
    emails, phones = [], []
    for block in blocks:
        heading = f"{block.heading} {context}".strip()
        for contact in extract_emails(block.text):
            emails.append((is_specific(contact, block.text, heading), contact.address))
        for contact in extract_phones(block.text):
            phones.append((is_specific(contact, block.text, heading), contact.address))

    def best(found: list[tuple[bool, str]]) -> str | None:
        specific = [a for s, a in found if s]
        return specific[0] if specific else None

    return best(emails), best(phones)


def _window(blocks: Sequence[TextBlock], i: int) -> Sequence[TextBlock]:
    """The designation at ``i`` and what follows it in its own section, up to ``WINDOW`` blocks.

    A designating sentence's section ends at the next heading ("Contact us: call the council on…" under
    another heading is the switchboard, not the SPOC's line); a designating heading's section runs to the next
    heading of its level or above.
    """
    level = blocks[i].level
    end = i + 1
    while end < len(blocks) and end < i + WINDOW:
        following = blocks[end].level
        if (following and (not level or following <= level)) or (not level and LABEL.search(blocks[end].locator)):
            break
        end += 1
    return blocks[i:end]


def extract_spoc(blocks: Sequence[TextBlock]) -> Spoc | None:
    """The first SPOC designation in ``blocks`` with the role, name and contact given alongside it.

    Without a designation, a named CCTV manager post with a direct contact in its own or the next block is
    returned with ``designated=False`` (criteria.md counts it as partly meeting C18).
    """
    # "spoc@council.gov.uk" is a mailbox, not a designation: look for the words with addresses taken out.
    designations = [i for i, b in enumerate(blocks) if DESIGNATION.search(EMAIL.sub(" ", b.text))]
    # A heading that says "Single point of contact" introduces the designation; prefer the sentence itself.
    for i in sorted(designations, key=lambda j: (blocks[j].level > 0 or bool(LABEL.search(blocks[j].locator)), j)):
        window = _window(blocks, i)
        joined = " ".join(b.text for b in window)
        email, phone = _route(window, blocks[i].text)
        person = PERSON.search(joined)
        role, named = _role(joined)
        if not (email or phone or person or role):
            continue  # "Surveillance camera single point of contact" as a link in a list designates nobody
        if not (email or phone):
            email, phone = _route(blocks)
        return Spoc(
            True,
            role,
            person.group(0) if person else named,
            email,
            phone,
            blocks[i].text[:300],
            blocks[i].locator,
        )
    for i, block in enumerate(blocks):
        post = MANAGER_POST.search(block.text)
        if post:
            email, phone = _route(blocks[i : i + 2])
            if email or phone:
                person = PERSON.search(block.text)
                return Spoc(
                    False,
                    post.group(1),
                    person.group(0) if person else None,
                    email,
                    phone,
                    block.text[:300],
                    block.locator,
                )
    return None
