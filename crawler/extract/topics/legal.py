"""The legal framework named: the Surveillance Camera Code / PoFA 2012 and data-protection law (C03).

Fact ``legal``, one per sentence that names a law. Value keys:

- ``laws``: the laws named, sorted, from ``sc_code`` (the Surveillance Camera Code of Practice, the Home Office
  or the (Biometrics and) Surveillance Camera Commissioner's code), ``pofa`` (Protection of Freedoms Act 2012),
  ``dpa_2018``, ``dpa_1998``, ``dpa`` (the Data Protection Act with no year), ``uk_gdpr``, ``gdpr`` (GDPR
  without "UK"), ``lawful_basis`` (a lawful basis: public task, Article 6(1)(e)…).
- ``dpa_1998_superseded``: true when the same sentence says the 1998 Act was replaced or repealed, so that
  citing it is history, not a stale claim (C25 reads this).

A council's own "CCTV Code of Practice" and the ICO's CCTV code are not the Surveillance Camera Code, and
"data protection legislation" with no law named is not counted: criteria.md asks for the law to be named.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from crawler.extract.registry import extractor
from crawler.extract.sentences import iter_sentences, quote_at
from crawler.extract.source import ExtractedFact, Source

_A = r"[aâ]"
LAWS: dict[str, re.Pattern[str]] = {
    "sc_code": re.compile(
        r"\bsurveillance[- ]camera(?:s)? (?:commissioner['’]?s?['’]? )?code\b|\bsurveillance camera code of practice|"
        r"\bSC Code\b|\bhome office(?:'s)? (?:surveillance camera |cctv )?code of practice|"
        r"\bcod ymarfer (?:ar gyfer )?camer" + _A + r"u gwyliadwriaeth|\bcod camer" + _A + r"u gwyliadwriaeth",
        re.I,
    ),
    "pofa": re.compile(r"\bprotection of freedoms? act\b|\bPoFA\b|\bdeddf diogelu rhyddid(?:au)?\b", re.I),
    "dpa_2018": re.compile(
        r"\bdata protection act,? (?:of |\(DPA\) )?2018|\bDPA\)?\s*\(?2018|\bdeddf diogelu data,? 2018", re.I
    ),
    "dpa_1998": re.compile(
        r"\bdata protection act,? (?:of |\(DPA\) )?1998|\bDPA\)?\s*\(?1998|\bdeddf diogelu data,? 1998", re.I
    ),
    "dpa": re.compile(
        r"\bdata protection acts?\b(?!,? (?:of |\(DPA\) )?(?:19|20)\d\d)|(?<!\()\bDPA\b(?!\)?\s*\(?(?:19|20)\d\d)|"
        r"\bdeddf diogelu data\b(?!,? (?:19|20)\d\d)",
        re.I,
    ),
    "uk_gdpr": re.compile(
        r"\bUK GDPR\b|\bUK[- ]General Data Protection Regulations?\b|\bGDPR y DU\b|\bGDPR'r DU\b", re.I
    ),
    "gdpr": re.compile(
        r"(?<!UK )(?<!UK-)\bGDPR\b(?! y DU)(?!'r DU)|(?<!UK )(?<!UK-)\bGeneral Data Protection Regulations?\b|"
        r"\bRheoliad(?:au)? Cyffredinol (?:ar|ynghylch) Diogelu Data",
        re.I,
    ),
    "lawful_basis": re.compile(
        r"\blawful bas[ie]s\b|\blegal bas[ie]s (?:for|of) (?:the |this |our )?processing|\bpublic task\b|"
        r"\btask carried out in the public interest|\bexercise of official authority|"
        r"\bart(?:icle|\.)?\s*6\s*\(\s*1\s*\)\s*\(?\s*e\b|\bsail gyfreithiol|\btasg gyhoeddus|\berthygl 6\s*\(1\)",
        re.I,
    ),
}
SUPERSEDED = re.compile(r"\breplac|\bsupersed|\brepeal|\bno longer\b|\bprevious|\bformer|\bdisodli|\bdiddymu", re.I)


def extract_laws(sentence: str) -> dict[str, int]:
    """The laws a sentence names, each with where it is first named."""
    found = {}
    for key, pattern in LAWS.items():
        match = pattern.search(sentence)
        if match:
            found[key] = match.start()
    return found


@extractor("extract_legal")
def legal(source: Source) -> Iterator[ExtractedFact]:
    for sentence in iter_sentences(source.blocks):
        found = extract_laws(sentence.text)
        if not found:
            continue
        superseded = "dpa_1998" in found and bool(SUPERSEDED.search(sentence.text))
        value = {"laws": sorted(found), "dpa_1998_superseded": superseded}
        quote = quote_at(sentence.text, min(found.values()))
        yield source.fact("legal", value, quote, sentence.block.locator, "extract_legal")
