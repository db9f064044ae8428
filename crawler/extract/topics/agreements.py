"""Agreements between the council (or its CCTV partnership) and the police: published, or only referred to (C20).

criteria.md asks for the agreement itself to be *published*. It is published when the council puts it online:
a page or document whose subject is the agreement, or a link to it from surveillance content ("Information
sharing agreement with West Mercia Police (PDF)", or "the agreement is <a>available here</a>" in a sentence
about it). A sentence saying one exists ("footage is shared with the police under an information sharing
agreement") only refers to it. An agreement with anyone but the police (the DVLA, insurers), the national
framework SLA or a template, and an agreement still being drafted or said not to exist do not count.

Fact ``police_agreement``. Value keys:

- ``type``: ``isa`` (information sharing), ``dsa`` (data sharing), ``sla``, ``mou``, ``protocol`` or
  ``agreement`` (named only as "an agreement with the police");
- ``published``: the agreement itself is online (``how`` is ``subject`` or ``link``);
- ``how``: ``subject`` (this page or document is the agreement), ``link`` (surveillance content links to it)
  or ``mention`` (referred to only);
- ``force``: the named police force (canonical name), or None when only "the police" are named;
- ``document``: the URL of the agreement when it is linked, else None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from crawler.extract.police import POLICE, find_force
from crawler.extract.registry import extractor
from crawler.extract.source import ExtractedFact, Source, quote_around
from crawler.pages import Link, TextBlock

AGREEMENT = re.compile(
    r"(?P<isa>information[- ]sharing (?:agreement|protocol)s?|(?:c|g|ngh|ch)ytundeb(?:au)? rhannu gwybodaeth|"
    r"protocol rhannu gwybodaeth)|"
    r"(?P<dsa>data[- ]sharing (?:agreement|protocol)s?|(?:c|g|ngh|ch)ytundeb(?:au)? rhannu data)|"
    r"(?P<sla>service[- ]level agreements?|(?:c|g|ngh|ch)ytundeb(?:au)? lefel gwasanaeth)|"
    r"(?P<mou>memorand(?:um|a) of understanding|memorandwm (?:cyd-?)?ddealltwriaeth)|"
    r"(?P<protocol>(?:joint |partnership |operating |working |access |disclosure |information |police )"
    r"(?:working )?protocols?)",
    re.I,
)
ABBREVIATION = re.compile(r"\b(?P<isa>ISAs?)\b|\b(?P<dsa>DSAs?)\b|\b(?P<sla>SLAs?)\b|\b(?P<mou>MO[Uu]s?)\b")
"""Abbreviations, case-sensitive so that "isa" and "sla" inside words or names do not count."""
BARE = re.compile(r"\b(?:formal |written |signed )?(?:agreement|protocol)s?\b[^.;]{0,40}?\b(?:with|between)\b", re.I)
SLUG = re.compile(
    r"(?P<isa>information-sharing|\bisa\b)|(?P<dsa>data-sharing|\bdsa\b)|(?P<sla>service-level|\bsla\b)|"
    r"(?P<mou>memorandum|\bmou\b)",
    re.I,
)
NOT_THE_COUNCILS = re.compile(r"\bframework\b|\btemplate\b|\bmodel\b|\bguidance\b|\bexample\b|\bdraft\b", re.I)
NOT_IN_FORCE = re.compile(
    r"\b(?:no|not|without|yet to)\b[^.;]{0,30}\b(?:agreement|protocol|ISA|SLA|MoU)|n't\s+(?:\w+\s+){0,3}"
    r"(?:an?\s+)?(?:\w+\s+){0,3}(?:agreement|protocol)|\b(?:being|to be|will be)\s+(?:drafted|developed|"
    r"prepared|agreed|finalised|reviewed and signed)|\bin draft\b|\bdraft\b",
    re.I,
)
GENERIC_LINK = re.compile(r"^(?:here|click here|read (?:it|more)|download|view|pdf|document|this|link)\b", re.I)
HOSTS_NOT_THE_COUNCILS = ("gov.uk", "www.gov.uk", "assets.publishing.service.gov.uk", "ico.org.uk")


def agreement_type(text: str) -> str | None:
    """The kind of agreement ``text`` names (isa, dsa, sla, mou, protocol), or None."""
    for pattern in (AGREEMENT, ABBREVIATION):
        match = pattern.search(text)
        if match:
            return next(k for k, v in match.groupdict().items() if v)
    return None


def _mention_type(sentence: str, heading: str) -> str | None:
    """The kind of police agreement one sentence refers to, or None."""
    if not POLICE.search(sentence) or NOT_IN_FORCE.search(sentence) or NOT_THE_COUNCILS.search(sentence):
        return None
    kind = agreement_type(sentence)
    if kind:
        return kind
    if BARE.search(sentence) or (re.search(r"\bagreement|\bprotocol", sentence, re.I) and agreement_type(heading)):
        return "agreement"
    return None


def _link_type(link: Link) -> str | None:
    text = f"{link.text} {unquote(urlsplit(link.url).path)}"
    if NOT_THE_COUNCILS.search(text) or urlsplit(link.url).hostname in HOSTS_NOT_THE_COUNCILS:
        return None
    kind = agreement_type(link.text)
    if kind:
        return kind
    slug = SLUG.search(unquote(urlsplit(link.url).path).replace("_", "-"))
    return next(k for k, v in slug.groupdict().items() if v) if slug else None


def _block_of(link: Link, blocks: list[TextBlock]) -> TextBlock | None:
    """The block that holds the link's text."""
    if not link.text:
        return None
    pattern = re.compile(r"(?<!\w)" + re.escape(link.text) + r"(?!\w)")
    same_section = [b for b in blocks if b.heading == link.heading] or blocks
    return next((b for b in same_section if pattern.search(b.text)), None)


def _subject(source: Source, force: str | None) -> ExtractedFact | None:
    """The source itself is the agreement (its title or the link that led to it names one)."""
    subject = f"{source.title} {source.anchor}"
    kind = agreement_type(subject)
    if source.form == "section" or not kind or NOT_THE_COUNCILS.search(subject):
        return None
    if not (POLICE.search(subject) or POLICE.search(source.text)):
        return None
    block = next((b for b in source.blocks if agreement_type(b.text)), source.blocks[0] if source.blocks else None)
    if block is None:
        return None
    value = {"type": kind, "published": True, "how": "subject", "force": force, "document": source.url}
    return source.fact("police_agreement", value, _quote(block.text), block.locator, "extract_agreements")


def _quote(text: str, offset: int = 0) -> str:
    """Up to 300 characters of ``text`` around the first agreement term after ``offset``."""
    match = AGREEMENT.search(text, offset) or ABBREVIATION.search(text, offset)
    return quote_around(text, match.start() if match else offset)


@extractor("extract_agreements")
def agreements(source: Source) -> Iterator[ExtractedFact]:
    blocks = list(source.blocks)
    everywhere = find_force(f"{source.title}\n{source.text}")
    site_force = everywhere.force if everywhere else None
    found = _subject(source, site_force)
    if found:
        yield found
    published = found is not None
    seen: set[str] = set()
    for link in source.links:
        block = _block_of(link, blocks)
        kind = _link_type(link)
        if not kind and block is not None and GENERIC_LINK.match(link.text):
            kind = _mention_type(block.text, block.heading)
        if not kind or link.url in seen:
            continue
        context = f"{link.text} {link.url} {link.heading} {block.text if block else ''}"
        if not (POLICE.search(context) or POLICE.search(source.text)):
            continue
        quote_block = block or next((b for b in blocks if agreement_type(b.text)), None)
        if quote_block is None:
            continue
        seen.add(link.url)
        published = True
        force = find_force(context)
        value = {"type": kind, "published": True, "how": "link", "force": force.force if force else site_force,
                 "document": link.url}  # fmt: skip
        quote = quote_around(block.text, block.text.find(link.text)) if block else _quote(quote_block.text)
        yield source.fact("police_agreement", value, quote, quote_block.locator, "extract_agreements")
    if published:
        return  # a mention beside the published agreement adds nothing
    for sentence, block in source.sentences():
        kind = _mention_type(sentence, block.heading)
        if kind:
            force = find_force(sentence)
            value = {"type": kind, "published": False, "how": "mention",
                     "force": force.force if force else site_force, "document": None}  # fmt: skip
            quote = _quote(block.text, max(0, block.text.find(sentence)))
            yield source.fact("police_agreement", value, quote, block.locator, "extract_agreements")
            return
