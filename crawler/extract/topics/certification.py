"""Certification of the camera operation: the Commissioner's third-party scheme, BS 7958, NSI, SSAIB (C17, C25).

A claim is a sentence in which the council (its system, control room, partnership) holds, was awarded or
displays a certification. Aspirations ("working towards certification"), negations, descriptions of the
scheme in general, and an installer's or maintenance contractor's own approval ("our contractor is NSI Gold
approved") are not claims. Operating "in accordance with BS 7958" is compliance, not certification.

The Commissioner's certification mark is often only an image; extractors see text, so the mark is found by the
link text, title attribute or file name of links in the content ("scc-certification-mark.png",
"certificate-of-compliance.pdf"), and by the ``alt`` text, title or file name of images in the content.

Fact ``certification``, value keys: ``scheme`` (``scc`` — the Surveillance Camera Commissioner's third-party
certification —, ``bs7958``, ``nsi`` or ``ssaib``), ``step`` (1 desktop, 2 full, or null), ``claim``
(``current``, or ``past`` when the text says it expired, lapsed, ended or the scheme closed), ``awarded`` and
``expires`` (ISO or null), ``mark`` (true when found from the mark or certificate link rather than a sentence).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import unquote

from crawler.extract.dates import extract_dates
from crawler.extract.registry import extractor
from crawler.extract.sentences import Sentence, block_of_link, iter_sentences, negated, quote_at
from crawler.extract.source import ExtractedFact, Source


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


SCHEMES: dict[str, re.Pattern[str]] = {
    "scc": _re(
        r"\bthird[- ]party certification\b|\bcertificate of compliance\b|\bcertification mark\b|\bcommissioner'?s?'? "
        r"(?:third[- ]party )?certification\b|(?-i:\bSCC\b) certification\b|\b(?:step|stage) (?:one|1|two|2) "
        r"(?:\(?(?:desktop|full)\)? )?certification\b|\bdesktop certification\b|\bfull certification\b|"
        r"\bcertified (?:as )?(?:being )?(?:compliant|in compliance) with the (?:surveillance camera )?code\b|"
        r"\bcertified against the (?:surveillance camera )?code\b|\bardystiad trydydd parti\b|"
        r"\btystysgrif cydymffurfio\b|\bnod ardystio\b"
    ),
    "bs7958": re.compile(r"\bBS\s?7958\b", re.I),
    "nsi": re.compile(r"(?-i:\bNSI\b)|\bNational Security Inspectorate\b", re.I),
    "ssaib": re.compile(r"(?-i:\bSSAIB\b)|\bSecurity Systems and Alarms Inspection Board\b", re.I),
}
CERTIFIED = _re(r"\bcertif\w*|\baccredit\w*|\baudited\b|\binspected\b|\bawarded\b|\bapproved\b|\bardyst\w*")
"""An independent standard counts only as a certification, not "operating in accordance with BS 7958"."""
HOLDS = _re(
    r"\b(?:hold|holds|held|has|have|had|achieved?|awarded|gained|obtained|received|granted|certified|accredited|"
    r"re-?certified|re-?accredited|retained|renewed|maintains?|successfully|displays?|passed|dyfarnwyd|"
    r"enillwyd|wedi ennill)\b|\bour (?:certificate|certification)\b"
)
WHO = _re(
    r"\bwe\b|\bour\b|\bcouncil\b|\bcyngor\b|\bpartnership\b|\bsystem\b|\bscheme\b|\bcontrol room\b|\bservice\b|"
    r"\boperation\b|\bcctv\b|\bmonitoring cent(?:re|er)\b|\bein\b|\bteledu\b"
)
ASPIRATION = _re(
    r"\bworking towards\b|\baim(?:s|ing)? to\b|\bintend\w*\b|\bplan(?:s|ned|ning)? to\b|\bwill (?:apply|seek)\b|"
    r"\bseek(?:s|ing)?\b|\bapply(?:ing)? for\b|\bhope\b|\bconsidering\b|\bwould\b|\bcan apply\b|\bmay apply\b"
)
CONTRACTOR = _re(r"\binstall\w*|\bcontractors?\b|\bmaintenance\b|\bmaintain\w*|\bsuppliers?\b|\bengineers?\b|"
                 r"\bcompany\b|\bfirm\b|\bguarding\b")  # fmt: skip
PAST = _re(
    r"\bexpired\b|\bno longer\b|\bpreviously\b|\bformerly\b|\bwithdrawn\b|\bclosed\b(?![\s-]*circuit)|\bended\b|"
    r"\bceased\b|\blapsed\b|\bused to\b|\bhad held\b|\bwas valid until\b|\bnot been renewed\b|\binvalid\b|"
    r"\bdaeth i ben\b"
)
STEP2 = _re(r"\b(?:step|stage) (?:two|2)\b|\bfull (?:third[- ]party )?certification\b|\bfull certificate\b")
STEP1 = _re(r"\b(?:step|stage) (?:one|1)\b|\bdesktop\b")
STANDARD_NUMBER = _re(
    r"\bBS\s?(?:EN\s?)?\d{4,5}(?:[-:]\d+)*(?::\s?(?:19|20)\d{2})?|\bISO\s?\d{4,5}(?::(?:19|20)\d{2})?"
)
CERTIFICATE_DATE = _re(r"\bcertif\w*|\bvalid\b|\bexpir\w*|\brenew\w*|\bawarded\b|\bdilys\b")
MARK = _re(
    r"certification[\s_-]*mark|\bscc[\s_-]*(?:mark|logo|certif\w*)|certificate[\s_-]*of[\s_-]*compliance|"
    r"third[\s_-]*party[\s_-]*certification|surveillance[\s_-]*camera[\s_-]*commissioner[\s_-]*(?:mark|logo)"
)


def _dates(sentence: str) -> tuple[str | None, str | None]:
    """The award and expiry dates a claim gives; a date with no other label dates the award.

    A date just after "expired", "closed", "ended" is when the certificate ended, as an expiry date.
    """
    awarded: list[str] = []
    expires: list[str] = []
    text = STANDARD_NUMBER.sub(" ", sentence)
    for found in extract_dates(text, years=True):
        ended = PAST.search(text[max(0, found.start - 30) : found.start])
        if found.role in ("expires", "next_review") or ended:
            expires.append(found.value.isoformat())
        else:
            awarded.append(found.value.isoformat())
    return (max(awarded) if awarded else None), (max(expires) if expires else None)


def _claim(scheme: str, text: str, mark: bool = False) -> dict[str, Any]:
    step = None
    if scheme == "scc":
        step = 2 if STEP2.search(text) else (1 if STEP1.search(text) else None)
    awarded, expires = _dates(text) if not mark else (None, None)
    claim = "past" if PAST.search(text) else "current"
    return {"scheme": scheme, "step": step, "claim": claim, "awarded": awarded, "expires": expires, "mark": mark}


def claims_in(text: str) -> Iterator[tuple[str, int]]:
    """Each scheme ``text`` claims the council holds (or held), with where its name starts."""
    if ASPIRATION.search(text) or not HOLDS.search(text) or CONTRACTOR.search(text) or not WHO.search(text):
        return
    for scheme, pattern in SCHEMES.items():
        match = pattern.search(text)
        if match is None or negated(text, match.start()):
            continue
        if scheme != "scc" and not CERTIFIED.search(text):
            continue
        yield scheme, match.start()


def _dates_nearby(value: dict[str, Any], following: Sequence[Sentence]) -> None:
    """Dates the next sentence gives for the same certificate ("The certificate is valid until March 2027")."""
    for sentence in following:
        if not CERTIFICATE_DATE.search(sentence.text) or any(p.search(sentence.text) for p in SCHEMES.values()):
            continue
        awarded, expires = _dates(sentence.text)
        value["awarded"] = value["awarded"] or awarded
        value["expires"] = value["expires"] or expires
        if PAST.search(sentence.text):
            value["claim"] = "past"


@extractor("extract_certification")
def certifications(source: Source) -> Iterator[ExtractedFact]:
    seen: set[tuple[Any, ...]] = set()
    sentences = list(iter_sentences(source.blocks))
    for index, sentence in enumerate(sentences):
        for scheme, start in claims_in(sentence.text):
            value = _claim(scheme, sentence.text)
            _dates_nearby(value, sentences[index + 1 : index + 2])
            key = (scheme, value["awarded"], value["expires"], value["claim"])
            if key in seen:
                continue
            seen.add(key)
            offset = max(sentence.block.text.find(sentence.text), 0)
            yield source.fact("certification", value, quote_at(sentence.block.text, offset + start),
                              sentence.block.locator, "extract_certification")  # fmt: skip
    yield from _marks(source, seen)


def _marks(source: Source, seen: set[tuple[Any, ...]]) -> Iterator[ExtractedFact]:
    """The Commissioner's mark or certificate, known by a link's (or an image's) text, title or file name."""
    for link in [*source.links, *source.images]:
        if not MARK.search(f"{link.text} {unquote(link.url)}"):
            continue
        if ("scc", "mark") in seen:
            return
        seen.add(("scc", "mark"))
        block = block_of_link(source.blocks, link)
        if block is not None:
            quote, locator = quote_at(block.text, max(block.text.find(link.text), 0)), block.locator
        elif source.blocks and source.title == source.blocks[0].text:
            quote, locator = source.blocks[0].text, source.blocks[0].locator
        else:
            quote, locator = source.title, "title"
        value = _claim("scc", link.text, mark=True)
        yield source.fact("certification", value, quote, locator, "extract_certification")
