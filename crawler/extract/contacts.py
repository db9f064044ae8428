"""Emails and UK phone numbers, and whether a contact belongs to the surveillance service or is generic."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from crawler.extract.terms import GENERIC_CONTACT, GENERIC_MAILBOX, SPECIFIC_CONTACT

EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][\w.+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?<![.-])")


@dataclass(frozen=True)
class Contact:
    """A contact route found in text."""

    channel: str
    """``email`` or ``phone``."""
    address: str
    """The email address (lower case) or the phone number in E.164."""
    start: int
    """Where it starts in the text it was found in."""
    end: int = -1
    """Where it ends in that text (exclusive); -1 if unknown."""


def extract_emails(text: str) -> list[Contact]:
    return [Contact("email", m.group(0).lower().rstrip("."), m.start(), m.end()) for m in EMAIL.finditer(text)]


UK_DIALLED = re.compile(r"^(?:\+44\s*(?:\(0\)\s*)?|\(?0)[1-37-9]")
"""How a UK number is written: with its trunk 0 or +44, then an area code or a 03/07/08/09 range."""


def extract_phones(text: str) -> list[Contact]:
    """UK phone numbers as E.164, via libphonenumber.

    A number counts when libphonenumber knows it is allocated, or when it is written as a UK number (0 or +44,
    then ten digits) even if its range is not on libphonenumber's list: the audit records what is published, and
    a council's number in a range newer than the library (or a typo in one digit) is still its contact.
    """
    found = []
    try:
        for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
            number = match.number
            written = UK_DIALLED.match(match.raw_string) and len(str(number.national_number)) == 10
            if phonenumbers.is_valid_number(number) or (number.country_code == 44 and written):
                e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
                found.append(Contact("phone", e164, match.start, match.end))
    except Exception:  # libphonenumber on hostile text: no phones rather than a crash
        return found
    return found


def extract_contacts(text: str) -> list[Contact]:
    """Emails and phones in the order they appear."""
    return sorted(extract_emails(text) + extract_phones(text), key=lambda c: c.start)


def is_specific(contact: Contact, text: str, heading: str = "") -> bool:
    """Whether a contact belongs to the CCTV service rather than a switchboard, mailbox or the DPO.

    An email's mailbox name decides first (cctv@ vs enquiries@). Otherwise the words just before the contact
    decide (back to the previous contact, so "CCTV team 01… or customer services 01…" splits right); then
    the block's heading.
    """
    if contact.channel == "email":
        local = contact.address.split("@", 1)[0]
        if SPECIFIC_CONTACT.search(local):
            return True
        if GENERIC_MAILBOX.match(local):
            return False
    # From the end of the previous contact: "cctv.enquiries@… or call 01…" must not read "enquiries" as the label.
    previous = [c.end if c.end >= 0 else c.start + 1 for c in extract_contacts(text) if c.start < contact.start]
    window = text[max([0, *previous]) : contact.start][-120:]
    cue = _nearest_cue(window)
    if cue is not None:
        return cue
    # The block up to the contact, with each CCTV mailbox read as the word "cctv" rather than for its parts:
    # "For enquiries about the CCTV system, contact the CCTV Manager on 01…" is the manager's number.
    prose = EMAIL.sub(_mailbox_as_word, text[: contact.start])
    cue = _nearest_cue(prose)
    if cue is not None:
        return cue
    rest = EMAIL.sub(_mailbox_as_word, text[contact.start :])
    if GENERIC_CONTACT.search(rest):
        return False
    return bool(SPECIFIC_CONTACT.search(heading) or SPECIFIC_CONTACT.search(rest))


def _mailbox_as_word(match: re.Match[str]) -> str:
    return " cctv " if SPECIFIC_CONTACT.search(match.group(0).split("@", 1)[0]) else match.group(0)


def _nearest_cue(text: str) -> bool | None:
    """True when the last cue in ``text`` is surveillance-specific, False when it is generic, None if none.

    The words nearest a contact say whose it is: "for enquiries, contact the CCTV Manager on …" is the
    manager's; "for CCTV questions call the switchboard on …" is the switchboard's.
    """
    generic = max((m.end() for m in GENERIC_CONTACT.finditer(text)), default=-1)
    specific = max((m.end() for m in SPECIFIC_CONTACT.finditer(text)), default=-1)
    if generic < 0 and specific < 0:
        return None
    return specific > generic
