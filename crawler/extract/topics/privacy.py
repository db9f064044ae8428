"""Privacy notices dedicated to the cameras, and which of the nine elements they cover (C09).

A notice is *dedicated* when the page or document itself is a privacy notice about CCTV, body-worn video or
ANPR ("CCTV privacy notice", a page at ``/privacy-notices/cctv``), or when a section is headed as one ("CCTV
privacy notice" on a page of service notices, "Privacy notice" on the CCTV page). A corporate privacy notice
with a CCTV section is not dedicated: the classifier already marks it (``surveillance_page`` with
``privacy_notice`` true and form ``section``), and the rule reads that, so no fact is made for it here.

Facts and their value keys:

- ``privacy_notice`` — one per dedicated notice: ``scope`` (``source``: the whole page or document;
  ``section``: a section headed as a notice), ``title`` (its title or heading), ``elements`` (sorted names of
  the elements it covers), ``count``.
- ``privacy_element`` — the first place each element is covered, for evidence: ``element``.

Elements: ``controller`` (the data controller named), ``dpo`` (the data protection officer with a way to reach
them), ``purposes``, ``lawful_basis``, ``recipients`` (who it is shared with or disclosed to, or that it is
not), ``retention``, ``rights`` (individuals' rights), ``ico_complaint`` (the right to complain to the
Information Commissioner), ``ico_registration`` (the ICO registration number: Z and seven characters).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from crawler.extract.registry import extractor
from crawler.extract.retention import extract_retention
from crawler.extract.sentences import iter_sentences, quote_at
from crawler.extract.source import ExtractedFact, Source
from crawler.extract.topics.documents import classify_source
from crawler.pages import TextBlock


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


NOTICE = _re(
    r"\bprivacy (?:notices?|statements?|information)\b|\bfair processing notice\b|\bhow we use your (?:personal )?"
    r"(?:information|data)\b|\bhysbysiad(?:au)? preifatrwydd\b|\bdatganiad preifatrwydd\b"
)
"""A heading that makes the section under it a privacy notice."""
NOT_NOTICE = _re(r"impact assessment|\bDPIA\b|\bPIA\b|asesiad")
ELEMENTS: dict[str, re.Pattern[str]] = {
    "controller": _re(
        r"\bdata controllers?\b|\b(?:joint |the )?controller (?:for|of)\b|\bis (?:the|a|joint) controllers?\b|"
        r"\brheolydd data\b|\brheolwr data\b"
    ),
    "dpo": _re(r"\bdata protection officer\b|(?-i:\bDPO\b)|\bswyddog diogelu data\b"),
    "purposes": _re(
        r"\bpurposes?\b|\bwhy we (?:use|collect|process|have|operate)\b|\bwe use (?:cctv|the cameras|this "
        r"information|your (?:personal )?(?:data|information)|the images|images) (?:to|for)\b|"
        r"\bprevent(?:ion)? (?:and|or) detect(?:ion)?\b|\bto (?:help )?(?:protect|prevent|deter|detect|gather|reduce|"
        r"support|assist|investigate|tackle|provide evidence|keep (?:people|the public|staff|you) safe)\b|"
        r"\bdiben(?:ion)?\b|\bpwrpas\w*"
    ),
    "lawful_basis": _re(
        r"\blawful bas[ie]s\b|\blegal bas[ie]s\b|\bpublic task\b|\btask carried out in the public interest\b|"
        r"\bofficial authority\b|\bart(?:icle|\.)?\s*6\s*\(|\blegal obligation\b|\blegitimate interests?\b|"
        r"\bsail gyfreithiol\b|\bcondition(?:s)? for processing\b|\bsubstantial public interest\b"
    ),
    "recipients": _re(
        r"\bshar(?:e|ed|es|ing)\b|\bdisclos\w+|\brecipients?\b|\bpass(?:ed)? (?:on )?to\b|\bprovided? (?:it |them "
        r"|footage |images )?to the police\b|\bhave access to\b|\brhannu\b|\bdatgel\w+"
    ),
    "retention": _re(
        r"\bhow long\b|\bretention\b|\bretain\w*|\bkept for\b|\bkeep (?:it|them|the (?:images|footage|data))\b|"
        r"\boverwritten\b|\bcyfnod cadw\b|\bcedwir\b|\bam ba hyd\b"
    ),
    "rights": _re(
        r"\byour (?:data protection |information |legal )?rights\b|\bright (?:of|to) (?:access|erasure|rectification|"
        r"object|restrict\w*|be informed|data portability|be forgotten)\b|\bsubject access\b|\beich hawliau\b|"
        r"\bhawl i\b|\bhawliau\b"
    ),
    "ico_registration": re.compile(r"\bZ(?=[A-Z0-9]{7}\b)(?:[A-Z]?\d{6,7})\b"),
}
ICO = _re(r"\binformation commissioner|(?-i:\bICO\b)|\bico\.org\.uk\b|\bcomisiynydd gwybodaeth\b")
COMPLAIN = _re(r"\bcomplain\w*|\bconcerns?\b|\bdissatisfied\b|\bunhappy\b|\bnot (?:happy|satisfied)\b|\bcwyn\w*")
REACH = _re(r"@|\b\d{4,5}\s?\d{5,6}\b|\bcontact\b|\bwrite to\b|\bemail\b|\bcysyllt\w*|\be-bost\b")
MIN_SECTION_ELEMENTS = 2
"""A section headed "Privacy notice" that covers fewer elements is a pointer to a notice, not a notice."""


def covered(blocks: Sequence[TextBlock]) -> dict[str, tuple[str, TextBlock]]:
    """Each element covered in ``blocks``, with the quote and block that first covers it."""
    found: dict[str, tuple[str, TextBlock]] = {}
    for sentence in iter_sentences(blocks):
        text, block = sentence.text, sentence.block
        start = block.text.find(text)
        for element, pattern in ELEMENTS.items():
            match = pattern.search(text)
            if element not in found and match:
                if element == "dpo" and not (REACH.search(block.text) or REACH.search(block.heading)):
                    continue
                found[element] = (quote_at(block.text, max(start, 0) + match.start()), block)
        if "retention" not in found and extract_retention(text):
            found["retention"] = (quote_at(block.text, max(start, 0)), block)
        ico = ICO.search(text)
        if "ico_complaint" not in found and ico and (COMPLAIN.search(text) or COMPLAIN.search(block.heading)):
            found["ico_complaint"] = (quote_at(block.text, max(start, 0) + ico.start()), block)
    return found


def _sections(blocks: Sequence[TextBlock]) -> Iterator[list[TextBlock]]:
    """The sections headed as privacy notices: the heading and the blocks under it."""
    for i, block in enumerate(blocks):
        if block.level and NOTICE.search(block.text) and not NOT_NOTICE.search(block.text):
            section = [block]
            for following in blocks[i + 1 :]:
                if following.level and following.level <= block.level:
                    break
                section.append(following)
            yield section


def _is_notice(source: Source) -> bool:
    """Whether the whole page, document or section is itself a notice about the cameras."""
    if source.form == "section":
        heading = source.blocks[0].text if source.blocks else ""
        return bool(NOTICE.search(heading)) and not NOT_NOTICE.search(heading)
    kind = classify_source(source)
    if kind is not None:
        return kind.kind == "privacy_notice"
    return source.privacy_notice


@extractor("extract_privacy_notice")
def privacy_notices(source: Source) -> Iterator[ExtractedFact]:
    if _is_notice(source):
        first = source.blocks[0] if source.blocks else None
        if first is not None and (source.form == "section" or source.title == first.text):
            quote, locator = first.text, first.locator
        else:
            quote, locator = source.title, "title"
        yield from _notice(source, "source", list(source.blocks), quote, locator)
        return
    for section in _sections(source.blocks):
        if len(covered(section)) >= MIN_SECTION_ELEMENTS:
            yield from _notice(source, "section", section, section[0].text, section[0].locator)
            return


def _notice(source: Source, scope: str, blocks: list[TextBlock], quote: str, locator: str) -> Iterator[ExtractedFact]:
    found = covered(blocks)
    value = {"scope": scope, "title": quote[:200], "elements": sorted(found), "count": len(found)}
    yield source.fact("privacy_notice", value, quote, locator, "extract_privacy_notice")
    for element, (text, block) in found.items():
        yield source.fact("privacy_element", {"element": element}, text, block.locator, "extract_privacy_notice")
