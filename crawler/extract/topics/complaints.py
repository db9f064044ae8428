"""How to complain about the cameras, and the right to complain to the Information Commissioner (C06).

Fact ``complaint``, one per sentence (or linked block) that gives a route to complain or names the ICO as a
place to complain. Value keys:

- ``route``: true when it tells people how to complain to the council (a complaints procedure, form or page,
  "make a complaint", a complaints mailbox, a contact under a "Complaints" heading).
- ``ico``: true when it mentions complaining to the Information Commissioner (ICO), or links to the ICO's
  complaints pages.
- ``link``: the URL of a complaints page the content links to, or null.

An ICO mention counts only with a complaint or concern beside it (or under a complaints heading), so "we are
registered with the Information Commissioner" is not a right to complain. "Complaints" as a count ("we received
12 complaints") is not a route.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from crawler.extract.contacts import extract_contacts
from crawler.extract.registry import extractor
from crawler.extract.sentences import block_of_link, iter_sentences, quote_at
from crawler.extract.source import ExtractedFact, Source

ICO = re.compile(
    r"\binformation commissioner\b(?:['’]?s? office)?|\bICO\b|\bico\.org\.uk|\bcomisiynydd gwybodaeth|"
    r"\bswyddfa['’]r comisiynydd",
    re.I,
)
COMPLAINT = re.compile(
    r"\bcomplain\w*|\bconcerns?\b|\bdissatisfied\b|\bunhappy\b|\bnot (?:happy|satisfied)\b|\bdisagree\w*|"
    r"\blodge\b|\bappeal\b|\bescalate\b|\brefer (?:it|the matter|your case)\b|\bcwyn\w*|\bgwyno\b|\banfodlon\b",
    re.I,
)
# "complain to the ICO", "lodge a complaint with the Information Commissioner": the ICO route, not the council's.
TO_ICO = re.compile(
    r"\b(?:complain\w*|cwyn\w*|gwyno)\b(?:\W+(?!(?:us|or|and|council|we|ni|neu)\b)\w+){0,3}?\W+(?:to|with|i|at|gyda)\s+(?:the\s+|y\s+|r\s+)?(?:UK\s+)?"
    r"(?:information commissioner\w*(?:['’]?s? office)?|ICO|comisiynydd gwybodaeth|swyddfa['’]r comisiynydd\w*"
    r"(?: gwybodaeth)?)",
    re.I,
)
ROUTE = re.compile(
    r"\bcomplaints? (?:procedure|process|policy|form|page|team|scheme|system|section|officer|unit|service)|"
    r"\bcorporate complaints?\b|\b(?:comments|compliments),? (?:compliments )?(?:and|&) complaints|"
    r"\bcomplaints? (?:and|&) (?:compliments|comments|feedback)|\bfeedback (?:and|&) complaints|"
    r"\b(?:make|making|submit|raise|lodge|log|register|send|file)\w* (?:a |your |any )?(?:formal |written )?"
    r"complaint|\b(?:wish|want|like|need|how) to complain|\bto complain about\b|\bcomplain (?:to us|to the council|"
    r"in writing|online|by|using|via|through)\b|\byou (?:can|may|could) complain\b|\bcomplaints@|"
    r"\b(?:complaints?|concerns?)\b(?:\W+\w+){0,6}?\W+(?:should|can|may|must|will) be (?:made|sent|addressed|directed|"
    r"submitted|raised|referred|put|emailed|made in writing)\b|"
    r"\bgwneud cwyn|\bgweithdrefn (?:gwyno|gwynion|cwynion)|\bpolisi cwynion|\bffurflen gwyno|\bam gwyno\b",
    re.I,
)
COMPLAINTS_HEADING = re.compile(r"\bcomplain\w*|\bcwyn\w*|\bgwyno\b|\bconcerns?\b", re.I)
CONTACT_CUE = re.compile(
    r"\bcontact\b|\bwrite\b|\bwriting\b|\be-?mail\b|\bcall\b|\bphone\b|\btelephone\b|\bform\b|\bonline\b|"
    r"\bcysylltu\b|\bysgrifennu\b|\bffurflen\b|\be-bost\b|\bffonio\b",
    re.I,
)
REGISTRATION = re.compile(r"\bregist(?:ered|ration)\b|\bnotif(?:ied|ication)\b|\bZ[A-Z0-9]\d{6}\b|\bcofrestr", re.I)
COMPLAINT_LINK = re.compile(r"complain|cwyn|gwyno", re.I)


def extract_complaint(sentence: str, heading: str = "") -> tuple[bool, bool]:
    """Whether a sentence gives a route to complain to the council, and whether it names the ICO as one."""
    to_ico = list(TO_ICO.finditer(sentence))
    rest = TO_ICO.sub(" ", sentence)
    ico = bool(to_ico)
    if not ico and ICO.search(sentence):
        about_complaint = COMPLAINT.search(sentence) or COMPLAINTS_HEADING.search(heading)
        ico = bool(about_complaint) and not (REGISTRATION.search(sentence) and not COMPLAINT.search(sentence))
    route = bool(ROUTE.search(rest))
    if not route and COMPLAINTS_HEADING.search(heading) and not ICO.search(rest):
        route = bool(CONTACT_CUE.search(rest) or extract_contacts(rest))
    return route, ico


@extractor("extract_complaints")
def complaints(source: Source) -> Iterator[ExtractedFact]:
    links = [link for link in source.links if COMPLAINT_LINK.search(f"{link.text} {link.url}")]
    seen: dict[str, set[tuple[bool, bool]]] = {}
    for sentence in iter_sentences(source.blocks):
        if sentence.block.level:
            continue  # a heading names the subject; the sentences under it give the route
        route, ico = extract_complaint(sentence.text, sentence.block.heading)
        if route or ico:
            match = ROUTE.search(sentence.text) or ICO.search(sentence.text) or COMPLAINT.search(sentence.text)
            quote = quote_at(sentence.text, match.start() if match else 0)
            linked = next((link.url for link in links if link.text and link.text in sentence.text), None)
            seen.setdefault(sentence.block.locator, set()).add((route, ico))
            value = {"route": route, "ico": ico, "link": linked}
            yield source.fact("complaint", value, quote, sentence.block.locator, "extract_complaints")
    for link in links:
        block = block_of_link(source.blocks, link)
        if block is None:
            continue
        ico = "ico.org.uk" in link.url.lower() or bool(ICO.search(link.text))
        if any((ico and i) or (not ico and r) for r, i in seen.get(block.locator, ())):
            continue  # the sentence around the link already says it
        seen.setdefault(block.locator, set()).add((not ico, ico))
        quote = quote_at(block.text, block.text.index(link.text.strip()))
        value = {"route": not ico, "ico": ico, "link": link.url}
        yield source.fact("complaint", value, quote, block.locator, "extract_complaints")
