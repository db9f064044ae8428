"""Self-assessment against the Surveillance Camera Code: a completed assessment, or only a statement (C16).

The Commissioner's self-assessment tool published as a page or document, or linked, is a ``document`` /
``document_link`` of kind ``self_assessment`` (see ``documents``). This module finds the rest:

- a *principle-by-principle* compliance statement: at least ten of the twelve guiding principles, each named
  ("Principle 4", or by its wording) and each answered — the council's own response next to it ("we", "our",
  "yes", "complies", "in place", "evidence"). The twelve principles copied from the Code, with no answers, are
  not a compliance statement.
- a *statement* that the self-assessment was completed ("we completed the Commissioner's self-assessment tool
  in 2024") without publishing it. A negated or planned one does not count.

Fact ``self_assessment``, value keys: ``via`` (``principles`` or ``statement``), ``principles`` (how many
principles were answered; 0 for a statement), ``date`` (ISO: for a statement, the date it gives; for a
principle-by-principle statement, the newest date of the page or document; or null).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from crawler.extract.dates import extract_dates
from crawler.extract.registry import extractor
from crawler.extract.sentences import iter_sentences, negated, quote_at
from crawler.extract.source import ExtractedFact, Source
from crawler.extract.topics.documents import classify_source, summarise_dates, text_dates
from crawler.pages import TextBlock


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip
NUMBERED = _re(
    r"\b(?:guiding )?(?:principle|egwyddor)\s*(?:no\.?\s*)?(\d{1,2}|" + "|".join(WORDS) + r")\b(?!\s*(?:-|to|–)\s*\d)"
)
WORDING: dict[int, re.Pattern[str]] = {
    number: _re(pattern)
    for number, pattern in {
        1: r"specified purpose",
        2: r"effect on individuals and their privacy",
        3: r"as much transparency",
        4: r"clear responsibility and accountability",
        5: r"clear rules,? policies and procedures",
        6: r"no more images and information should be stored",
        7: r"access to retained images and information should be restricted",
        8: r"approved operational,? technical and competency standards",
        9: r"(?:subject to )?appropriate security measures|security safeguards",
        10: r"effective review and audit mechanisms",
        11: r"(?:most )?effective(?:ly)? (?:support for )?public safety and law enforcement",
        12: r"reference database",
    }.items()
}  # fmt: skip
ANSWER = _re(
    r"\bwe\b|\bour\b|\bthe council\b|\byes\b|\bpartially\b|\bcompl(?:y|ies|iant|iance)\b|\bin place\b|"
    r"\bachieved\b|\bevidence\b|\bmet\b|\baction\w*\b|\brydym\b|\bein\b|\bcydymffurfio\b|\bie\b"
)
MIN_PRINCIPLES = 10
SELF_ASSESSMENT = _re(
    r"\bself[- ]?assess(?:ment|ed)\b|(?-i:\bSAT\b)|\bhunan[- ]?asesiad\w*|\bcompliance (?:assessment|review) "
    r"against the (?:surveillance camera )?code\b"
)
COMPLETED = _re(
    r"\b(?:completed?|completes|carried out|carries out|undertaken?|undertakes|conducted|submitted|done|"
    r"finished|self-assessed|cwblhau|cwblhawyd|wedi cwblhau)\b"
)
PLANNED = _re(r"\bwill\b|\bplan\w*\b|\bintend\w*\b|\baim\w*\b|\bshould\b|\bencourag\w+\b|\bcan\b|\bmay\b")


def _principles_in(block: TextBlock) -> set[int]:
    found = set()
    for match in NUMBERED.finditer(block.text):
        word = match.group(1).lower()
        number = int(word) if word.isdigit() else WORDS[word]
        if 1 <= number <= 12:
            found.add(number)
    for number, pattern in WORDING.items():
        if pattern.search(block.text):
            found.add(number)
    return found


def answered_principles(blocks: Sequence[TextBlock]) -> tuple[set[int], TextBlock | None]:
    """The principles named one at a time with the council's answer beside them, and the first such block."""
    answered: set[int] = set()
    first: TextBlock | None = None
    for i, block in enumerate(blocks):
        named = _principles_in(block)
        if len(named) != 1:
            continue
        response = [block.text]
        for following in blocks[i + 1 : i + 4]:
            if _principles_in(following):
                break
            response.append(following.text)
        if ANSWER.search(" ".join(response)):
            answered |= named
            first = first or block
    return answered, first


def _statement(source: Source) -> Iterator[ExtractedFact]:
    for sentence in iter_sentences(source.blocks):
        text = sentence.text
        named = SELF_ASSESSMENT.search(text)
        if not named or negated(text, named.start()):
            continue
        done = COMPLETED.search(text)
        if not done or negated(text, done.start()) or PLANNED.search(text[: done.start()][-30:]):
            continue
        dates = [d for d in extract_dates(text, years=True) if d.role != "next_review"]
        date = max(d.value for d in dates).isoformat() if dates else None
        start = sentence.block.text.find(text)
        value = {"via": "statement", "principles": 0, "date": date}
        yield source.fact("self_assessment", value, quote_at(sentence.block.text, max(start, 0) + named.start()),
                          sentence.block.locator, "extract_self_assessment")  # fmt: skip
        return


@extractor("extract_self_assessment")
def self_assessments(source: Source) -> Iterator[ExtractedFact]:
    kind = classify_source(source)
    if kind is not None and kind.kind == "self_assessment":
        return  # the assessment itself: a ``document`` fact with its dates
    answered, first = answered_principles(source.blocks)
    if len(answered) >= MIN_PRINCIPLES and first is not None:
        dates = [{"role": d.role, "date": d.value.isoformat()} for d, _ in text_dates(source)]
        value = {"via": "principles", "principles": len(answered), "date": summarise_dates(dates)["date"]}
        yield source.fact("self_assessment", value, first.text[:300], first.locator, "extract_self_assessment")
        return
    yield from _statement(source)
