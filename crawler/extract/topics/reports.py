"""Annual reports and reviews of the camera system published in the content, or only said to happen (C14).

A report published as its own page or document, or linked, is a ``document`` / ``document_link`` of kind
``annual_report`` with its period (see ``documents``). This module finds the rest:

- a *section*: a heading such as "Annual review 2024/25" or "Annual reports" on a CCTV page, with the review
  itself under it (two paragraphs or more, or links to the reports) and a period in the heading or just below
  it. A section with no period, or one that only promises a report ("will be presented to the committee"), is
  not taken as a published report.
- a *statement* that the system is reviewed or reported on every year ("an annual report on the operation of
  the scheme is produced", "the effectiveness of the system is reviewed annually"). The annual review of a
  policy, a code or a notice is not a review of the system, and a negated statement does not count.

Fact ``annual_report``, value keys: ``via`` (``section`` or ``statement``), ``period`` (as written, or null),
``period_end`` (its last day, ISO, or null).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from crawler.extract.dates import extract_periods
from crawler.extract.registry import extractor
from crawler.extract.sentences import iter_sentences, negated, quote_at
from crawler.extract.source import ExtractedFact, Source
from crawler.extract.topics.documents import classify_source
from crawler.pages import TextBlock


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


ANNUAL_HEADING = _re(
    r"\bannual (?:reports?|reviews?|statements?|updates?|performance)\b|"
    r"\b(?:yearly|end of year) (?:reports?|reviews?)\b|\breview of the year\b|\byear in review\b|"
    r"\badroddiad(?:au)? blynyddol\b|\badolygiad(?:au)? blynyddol\b"
)
ANNUAL = _re(
    r"\bannual(?:ly)? (?:report|review|audit|evaluation|assessment|statement)s?\b|\b(?:reviewed|audited|evaluated|"
    r"assessed|reported on|reports?)\s+(?:on\s+)?(?:annually|every year|each year|once a year|yearly)\b|"
    r"\b(?:yearly|end of year) (?:report|review)\b|\badroddiad blynyddol\b|\badolygiad blynyddol\b|"
    r"\bei adolygu(?:'n)? bob blwyddyn\b"
)
DOCUMENT_SUBJECT = _re(
    r"\bpolicy\b|\bcode of practice\b|\bthis code\b|\bthe code\b|\bdocument\b|\bnotice\b|\bprocedures?\b|"
    r"\bstrategy\b|\bagreement\b|\bprotocol\b|\bDPIA\b|\bimpact assessment\b|\bpolisi\b|\bcod ymarfer\b"
)
SYSTEM = _re(
    r"\bsystems?\b|\bscheme\b|\bcameras?\b|\boperation\b|\beffectiveness\b|\bperformance\b|\bcontrol room\b|"
    r"\bservice\b|\bcynllun\b"
)
PROMISE = _re(
    r"\bwill be (?:published|produced|presented|prepared|reported|made available)\b|\b(?:is|are) (?:produced|"
    r"presented|prepared|reported)\b|\bon request\b|\bavailable from\b|\bcan be requested\b|\bar gais\b"
)
NEAR_BLOCKS = 3
"""How far below a report heading its period may be stated."""


def _section(blocks: Sequence[TextBlock], start: int) -> list[TextBlock]:
    heading = blocks[start]
    section = [heading]
    for following in blocks[start + 1 :]:
        if following.level and following.level <= heading.level:
            break
        section.append(following)
    return section


def _sections(source: Source) -> Iterator[ExtractedFact]:
    for i, block in enumerate(source.blocks):
        if not (block.level and ANNUAL_HEADING.search(block.text)):
            continue
        section = _section(source.blocks, i)
        linked = any(link.heading == block.text for link in source.links)
        promised = PROMISE.search(" ".join(b.text for b in section[1:3]))
        if not linked and (len(section) < 3 or promised):
            continue  # a line or two, or a promise, under the heading: a statement at most, not the review itself
        for candidate in [block, *section[1 : 1 + NEAR_BLOCKS]]:
            periods = extract_periods(candidate.text, years=candidate is block)
            if periods:
                latest = max(periods, key=lambda p: p.end)
                value = {"via": "section", "period": latest.phrase, "period_end": latest.end.isoformat()}
                yield source.fact("annual_report", value, block.text, block.locator, "extract_annual_report")
                return


def _statements(source: Source) -> Iterator[ExtractedFact]:
    for sentence in iter_sentences([b for b in source.blocks if not b.level]):  # a heading alone states nothing
        text = sentence.text
        match = ANNUAL.search(text)
        if not match or negated(text, match.start()):
            continue
        before = text[max(0, match.start() - 80) : match.start()]
        if DOCUMENT_SUBJECT.search(before) and not SYSTEM.search(before):
            continue  # "this policy will be reviewed annually" is not a review of the system
        periods = extract_periods(text)
        latest = max(periods, key=lambda p: p.end) if periods else None
        value = {"via": "statement", "period": latest.phrase if latest else None,
                 "period_end": latest.end.isoformat() if latest else None}  # fmt: skip
        start = sentence.block.text.find(text)
        yield source.fact("annual_report", value, quote_at(sentence.block.text, max(start, 0) + match.start()),
                          sentence.block.locator, "extract_annual_report")  # fmt: skip
        return


@extractor("extract_annual_report")
def annual_reports(source: Source) -> Iterator[ExtractedFact]:
    kind = classify_source(source)
    if kind is not None and kind.kind == "annual_report":
        return  # the report itself: a ``document`` fact with its period
    sections = list(_sections(source))
    yield from sections
    if not sections:
        yield from _statements(source)
