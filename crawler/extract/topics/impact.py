"""Data protection (or privacy) impact assessments for the cameras: a published summary, or only a statement
that they are carried out (C10).

A DPIA published as its own page or document, or linked, is a ``document`` / ``document_link`` of kind
``dpia`` (see ``documents``). This module finds the rest:

- a *summary* published in the content: a section headed as a DPIA whose text deals with its substance
  (risks, necessity and proportionality, alternatives, mitigations, consultation) — at least two of those;
- a *statement* that DPIAs are carried out ("a DPIA has been completed for each camera system") without
  publishing one. A negated one ("we have not yet completed a DPIA") is not a statement.

Fact ``impact_assessment``, value keys: ``via`` (``summary`` or ``statement``), ``substance`` (for a summary,
the sorted substance headings found: ``risk``, ``necessity``, ``alternatives``, ``mitigation``,
``consultation``; else an empty list).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from crawler.extract.registry import extractor
from crawler.extract.sentences import iter_sentences, negated, quote_at
from crawler.extract.source import ExtractedFact, Source
from crawler.pages import TextBlock


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


DPIA = _re(
    r"\b(?:data protection|privacy) impact assessments?\b|(?-i:\bDPIAs?\b|\bPIAs?\b)|\basesiad(?:au)? (?:o'r )?"
    r"effaith (?:ar )?(?:ddiogelu data|diogelu data|breifatrwydd|preifatrwydd)"
)
DONE = _re(
    r"\b(?:carried out|carry out|carries out|completed?|undertaken?|undertakes|conducted?|in place|prepared|"
    r"produced|reviewed|updated|refreshed|approved|signed off|cynhal\w*|cwblhau|cwblhawyd)\b|"
    r"\b(?:we|council) (?:has|have|hold|holds) (?:a|an)\b"
)
SUBSTANCE: dict[str, re.Pattern[str]] = {
    "risk": _re(r"\brisks?\b|\bintrusion\b|\bintrusive\b|\bcollateral\b|\brisg\w*"),
    "necessity": _re(r"\bnecess\w+|\bproportion\w+|\bjustif\w+|\bangenrheidi\w*|\bcymesur\w*"),
    "alternatives": _re(r"\balternatives?\b|\bless intrusive\b|\bother options\b|\bdewisiadau eraill\b"),
    "mitigation": _re(r"\bmitigat\w+|\bsafeguards?\b|\bmeasures\b|\bcontrols\b|\bprivacy masking\b|\blliniaru\b"),
    "consultation": _re(r"\bconsult\w+|\bymgynghor\w*"),
}
MIN_SUBSTANCE = 2
ADVICE = _re(r"\bguidance\b|\btemplate\b|\bhow to\b|\bico\b.{0,40}\bsays\b")


def _section(blocks: Sequence[TextBlock], start: int) -> list[TextBlock]:
    heading = blocks[start]
    section = [heading]
    for following in blocks[start + 1 :]:
        if following.level and following.level <= heading.level:
            break
        section.append(following)
    return section


def _summaries(source: Source) -> Iterator[ExtractedFact]:
    for i, block in enumerate(source.blocks):
        if not (block.level and DPIA.search(block.text)) or ADVICE.search(block.text):
            continue
        body = _section(source.blocks, i)[1:]
        text = " ".join(b.text for b in body)
        substance = sorted(name for name, pattern in SUBSTANCE.items() if pattern.search(text))
        if len(substance) >= MIN_SUBSTANCE and len(text) >= 200:
            value = {"via": "summary", "substance": substance}
            yield source.fact("impact_assessment", value, block.text, block.locator, "extract_impact_assessment")
            return


@extractor("extract_impact_assessment")
def impact_assessments(source: Source) -> Iterator[ExtractedFact]:
    summaries = list(_summaries(source))
    yield from summaries
    if summaries:
        return
    for sentence in iter_sentences(source.blocks):
        text = sentence.text
        named = DPIA.search(text)
        if not named or negated(text, named.start()) or ADVICE.search(text):
            continue
        done = DONE.search(text, named.end()) or DONE.search(text[: named.start()])
        if not done or negated(text, done.start()):
            continue
        start = sentence.block.text.find(text)
        value = {"via": "statement", "substance": []}
        yield source.fact("impact_assessment", value, quote_at(sentence.block.text, max(start, 0) + named.start()),
                          sentence.block.locator, "extract_impact_assessment")  # fmt: skip
        return
