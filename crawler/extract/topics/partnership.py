"""CCTV partnerships, hubs, shared services and who monitors the cameras on whose behalf (C23).

Three things are told apart, because C23 is met only by the first two together:

- an *arrangement*: a CCTV partnership, hub, shared service, joint or shared control room, or monitoring
  contracted out ("the North Worcestershire CCTV Partnership", "a shared control room", "monitored under
  contract by a security company");
- *who monitors on whose behalf*: a monitoring verb with "on our behalf", "on behalf of", "for Bromsgrove and
  Redditch councils", or "monitored by <another body>" ("monitored from Wyre Forest House by West Mercia
  Police"). Monitoring by the council's own staff in its own control room is not partnership working, so
  "monitored by trained staff" or "monitored by Redditch Borough Council" on Redditch's own page is not this;
- a *generic* statement: "we work closely with the police and partner agencies".

Fact ``partnership``, one per source that says any of these. Value keys: ``name`` (the partnership, hub or
monitoring body as written, or None), ``arrangement`` (an arrangement is named), ``monitoring`` (it says who
monitors on whose behalf), ``generic`` (only a generic statement of working with partners was found).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from crawler.extract.registry import extractor
from crawler.extract.sentences import is_bare_link
from crawler.extract.source import ExtractedFact, Source, quote_around
from crawler.pages import TextBlock

ARRANGEMENT = re.compile(
    r"\b(?:cctv|camera|surveillance|monitoring)\s+(?:partnership|hub|consortium|shared service|collaboration)\b|"
    r"\b(?:shared|joint|jointly[- ]run|multi[- ]agency|regional|sub[- ]regional|county[- ]?wide|collaborative)\s+"
    r"(?:cctv\s+|camera\s+)?(?:control (?:room|centre)|monitoring(?: centre| hub| service| suite)?|service|hub|"
    r"facility|partnership|arrangements?)\b|"
    r"\b(?:monitor\w*|operat\w*)\b[^.]{0,60}\b(?:under (?:a |the )?contract|contracted|outsourced|"
    r"private (?:security )?company|security (?:company|contractor|provider)|third[- ]party (?:provider|"
    r"contractor|company))|\b(?:cctv|camera|monitoring|control room|surveillance)\b[^.]{0,40}\bhub\b|"
    r"\bhub\b[^.]{0,40}\b(?:cctv|cameras?|monitor\w*|control room)\b|"
    r"\bpartneriaeth (?:teledu cylch cyfyng|tcc)\b|\bystafell reoli ar y cyd\b|"
    r"\bgwasanaeth (?:a )?rennir\b",
    re.I,
)
NAMED = re.compile(
    r"\b((?:[A-Z][\w&'’-]*\s+){1,6}(?:CCTV\s+|Camera\s+)?(?:Partnership|Consortium|Hub|Shared Service|"
    r"Control Room|Monitoring Centre|Monitoring Service))\b"
)
"""A proper name for the arrangement: "North Worcestershire CCTV Partnership", "Tees Valley CCTV Hub"."""
MONITOR = re.compile(
    r"\b(?:monitor(?:s|ed|ing)?|watch(?:es|ed)|operat(?:es|ed|ing)|runs?|managed|manages|staffed|provides?|"
    r"provided|hosts?|hosted|fonitro|monitro)\b",
    re.I,
)
BEHALF = re.compile(
    r"\bon (?:our|its|their|his|her|the council's|the councils'|the authority's|(?:[A-Z][\w'’-]*\s+){1,4}"
    r"(?:Council|Councils|Police)(?:'s|’s|'|’)?)\s+behalf\b|\bon behalf of\b|\bar ran\b|"
    r"\bfor (?:the )?(?:neighbouring|partner|other|member|participating|several|a number of|\d+|two|three|four|"
    r"five|six|seven|eight) (?:councils|authorities|local authorities|partners|districts|boroughs|organisations)\b|"
    r"\bfor\s+(?:the\s+)?[A-Z][\w'’-]*(?:[\s,]+(?:and\s+|&\s+)?[A-Z][\w'’-]*)*\s+(?:(?i:borough|district|city|"
    r"county|town)\s+)?(?i:councils?)\b"
)
BY_OTHER = re.compile(
    r"\b(?:monitored|operated|run|managed|staffed|provided|watched)\s+(?:24/7\s+|24 hours a day\s+|around the "
    r"clock\s+|remotely\s+)?(?:by|from)\s+(?:the\s+)?(?P<who>police\b|[A-Z][\w&'’-]*(?:\s+(?:[A-Z][\w&'’-]*|of|and|&)){0,6})"
)
OWN = re.compile(r"^(?:Council|CCTV|Control|Our|Council's|Councils|Trained|Staff|SIA|Operators?)\b")
GENERIC = re.compile(
    r"\b(?:work(?:s|ing)?|liaise[sd]?|liaising|partnership)\s+(?:closely\s+)?(?:with|alongside)\s+(?:the\s+)?"
    r"(?:\w+\s+){0,3}?(?:police|constabulary|partners|partner agencies|agencies|businesses|retailers|"
    r"organisations)\b|"
    r"\bpartner (?:agencies|organisations)\b|\bin partnership with\b|\bcommunity safety partnership\b|"
    r"\bpartneriaid\b|\bgweithio gyda'r heddlu\b",
    re.I,
)
CONTRACTOR = re.compile(
    r"\b(?:operators?|staff|officers|guards|personnel)\s+(?:employed|provided|supplied|contracted)\s+by\s+"
    r"(?:an?\s+)?(?P<who>[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,4})"
)
"""Monitoring contracted out by name: "operators employed by Securitas UK on behalf of the council"."""
LABEL = re.compile(r"(?:^|[\s>])(?:dt|summary)(?::nth-of-type\(\d+\))?$")
"""A definition term or an accordion's summary: a label like a heading."""
NEGATED = re.compile(r"\b(?:not|no|never)\b[^.]{0,30}\b(?:partnership|hub|shared|joint)\b", re.I)


def _label(block: TextBlock) -> bool:
    """A short line with no sentence end: a table's label cell ("Working with the police"), not a statement."""
    return len(block.text.split()) <= 6 and not block.text.rstrip().endswith((".", "!", ";", ":"))


def _own_council(who: str, title: str, url: str = "") -> bool:
    """Whether ``who`` is the council itself: its name is in the page title (or a document's cover, passed in
    ``title``) or in the site's host name ("Hartlepool Borough Council" on www.hartlepool.gov.uk, "Stockton-on-Tees
    Borough Council" on www.stockton.gov.uk runs its own cameras)."""
    who = re.sub(r"(?:\s+(?:and|&|or|of))+$", "", who.strip())
    first = who.split()[0]
    host = urlsplit(url).hostname or ""
    stem = re.split(r"[-’']", first)[0].lower()
    return (
        bool(OWN.match(who))
        or (len(first) > 3 and (first in title or first.lower() in host or (len(stem) > 3 and stem in host)))
        or (len(who.split()) > 1 and who in title)
    )


def monitoring_by_other(sentence: str, title: str, url: str = "") -> str | None:
    """The body that monitors the cameras on someone's behalf, named or not ("" when unnamed), or None."""
    if not MONITOR.search(sentence):
        return None
    if BEHALF.search(sentence):
        by = BY_OTHER.search(sentence)
        return by.group("who").strip() if by else ""
    by = BY_OTHER.search(sentence)
    if by and not _own_council(by.group("who"), title, url):
        return by.group("who").strip()
    return None


@extractor("extract_partnership")
def partnership(source: Source) -> Iterator[ExtractedFact]:
    arrangement: tuple[str, str, str | None] | None = None
    monitoring: tuple[str, str, str | None] | None = None
    generic: tuple[str, str] | None = None
    # A document's cover names its council ("South Staffordshire Council"): that body runs its own cameras.
    cover = source.blocks[:3] if source.form == "document" else []
    owner = " | ".join([source.title, *(b.text for b in cover if len(b.text) <= 80 and not b.text.endswith("."))])
    labels = {id(b) for b in source.blocks if is_bare_link(b, source.links) or LABEL.search(b.locator) or _label(b)}
    for sentence, block in source.sentences():
        if NEGATED.search(sentence):
            continue
        quote = quote_around(block.text, max(0, block.text.find(sentence)))
        named = NAMED.search(sentence)
        name = named.group(1).strip() if named else None
        contractor = CONTRACTOR.search(sentence)
        if contractor and not _own_council(contractor.group("who"), owner, source.url):
            name = name or contractor.group("who").strip()
        else:
            contractor = None
        has_arrangement = (
            bool(ARRANGEMENT.search(sentence)) or bool(named and MONITOR.search(sentence)) or bool(contractor)
        )
        who = monitoring_by_other(sentence, owner, source.url)
        if who is not None and (monitoring is None or (has_arrangement and not monitoring[2])):
            monitoring = (quote, block.locator, name or who or None)
            if has_arrangement:
                arrangement = arrangement or (quote, block.locator, name)
                break
        if has_arrangement and arrangement is None:
            arrangement = (quote, block.locator, name)
        # A heading such as "Working with the police" announces a section; it is not a statement of it.
        # So is a definition term or an accordion's summary, and a bare link ("Community safety partnership").
        if generic is None and not block.level and id(block) not in labels and GENERIC.search(sentence):
            generic = (quote, block.locator)
    if monitoring:
        name = monitoring[2] or (arrangement[2] if arrangement else None)
        value = {"name": name, "arrangement": bool(arrangement or name), "monitoring": True, "generic": False}
        yield source.fact("partnership", value, monitoring[0], monitoring[1], "extract_partnership")
    elif arrangement:
        value = {"name": arrangement[2], "arrangement": True, "monitoring": False, "generic": False}
        yield source.fact("partnership", value, arrangement[0], arrangement[1], "extract_partnership")
    elif generic:
        value = {"name": None, "arrangement": False, "monitoring": False, "generic": True}
        yield source.fact("partnership", value, generic[0], generic[1], "extract_partnership")
