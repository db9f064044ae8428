"""The stated purposes of the camera system (C02).

Fact ``purpose``, one per sentence that states a purpose. Value keys:

- ``purposes``: the distinct purposes the sentence states, sorted, from ``crime`` (prevent/detect crime),
  ``fear_of_crime``, ``public_safety``, ``asb`` (anti-social behaviour, public disorder), ``evidence``
  (evidence for prosecutions, identifying offenders), ``traffic``, ``town_centre`` (town-centre management, the
  local economy, events), ``property`` (protecting council property, vandalism), ``emergency`` (major incidents,
  the emergency services), ``safeguarding`` (missing or vulnerable people), ``environmental`` (fly-tipping).
- ``vague``: true when the sentence only gives a vague purpose ("for security purposes").

A purpose phrase counts on its own when it carries its verb or is a set phrase ("prevent and detect crime",
"fear of crime", "public safety"). A bare noun ("anti-social behaviour", "crime") counts only where the sentence
or its heading frames purposes ("used to", "Why we use CCTV", "amcanion"), so a "Report a crime" link does not
make a purpose. A negated purpose ("not used to monitor traffic") does not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from crawler.extract.registry import extractor
from crawler.extract.sentences import is_bare_link, iter_sentences, negated, quote_at
from crawler.extract.source import ExtractedFact, Source

_NEAR = r"(?:\W+\w+){0,3}?\W+"
"""Up to three words between a verb and its object ("prevention and detection of crime")."""


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


STRONG: dict[str, re.Pattern[str]] = {
    "crime": _re(
        r"\b(?:prevent|detect|deter|reduc|tackl|combat|fight|investigat|cut|solv|curb|lower|minimi[sz])\w*"
        + _NEAR
        + r"(?:crimes?|criminal\w*|offences|offending)\b(?!\s+and\s+disorder\s+act)|\bcrime (?:prevention|reduction|"
        r"detection|deterrence)|\b(?:act|acts|acting) as a deterrent|\batal\w*(?:\W+\w+){0,2}?\W+troseddu?\w*|"
        r"\bcanfod troseddau|\blleihau troseddu?\w*"
    ),
    "fear_of_crime": _re(
        r"\bfear of crime|\bofn (?:troseddu|trosedd)|\bpublic reassurance|\breassur\w+(?:\W+\w+){0,2}?\W+(?:public|"
        r"residents|communit\w+|people|visitors|shoppers)|\b(?:feel|feeling|feels) (?:safer|more secure)|"
        r"\bteimlo'n fwy diogel"
    ),
    "public_safety": _re(
        r"\bpublic safety|\bpersonal safety|\bsafety of (?:the )?(?:public|people|residents|visitors|shoppers|"
        r"members of the public|communit\w+|staff|employees|pedestrians|users|everyone)|\b(?:improv|enhanc|promot|"
        r"support|increas|contribut\w* to|help)\w*(?:\W+\w+){0,2}?\W+community safety\b(?!\s+(?:team|partnership|"
        r"manager|officer|department|service|unit|hub|strategy|plan|section))|"
        r"\b(?:keep|keeping|make|making|help(?:s|ing)? keep)\s+(?:\w+\s+){0,4}?safer?\b|\bsafer (?:place|"
        r"environment|streets|communit\w+|town|city|borough|county)|\bdiogelwch (?:y cyhoedd|cyhoeddus)|"
        r"\bcadw\s+(?:\w+\s+){0,3}?yn ddiogel"
    ),
    "asb": _re(
        r"\b(?:prevent|reduc|tackl|deter|combat|address|deal\w* with|detect|respond\w* to|monitor|curb|cut|"
        r"manag)\w*" + _NEAR + r"(?:anti-?\s?social behaviou?r|asb\b|nuisance|(?<!crime and )(?<!crime & )disorder)|"
        r"\bpublic disorder\b|\bymddygiad gwrthgymdeithasol"
    ),
    "evidence": _re(
        r"\bevidence\w*(?:\W+\w+){0,6}?\W+(?:prosecut\w*|courts?|proceedings|convict\w*|criminal|legal|"
        r"investigat\w*|police|offenders?)\b|\bevidential|\b(?:identif|apprehen|prosecut|catch|convict|arrest|"
        r"trac)\w*" + _NEAR + r"(?:offenders?|criminals?|suspects?|perpetrators?|those responsible)\b|"
        r"\bbring\w*" + _NEAR + r"to justice|\btystiolaeth|\berlyn\w*|\bdal troseddwyr"
    ),
    "traffic": _re(
        r"\btraffic (?:management|monitoring|flow|control|enforcement|congestion|offences)|\b(?:manag|monitor|"
        r"control)\w*(?:\W+\w+){0,2}?\W+traffic|\broad safety|\bhighways? (?:management|safety)|\bbus lane "
        r"enforcement|\bparking enforcement|\bmoving traffic|\brheoli traffig|\bdiogelwch ar y ffyrdd"
    ),
    "town_centre": _re(
        r"\b(?:town|city)[- ]centre management|\bmanag\w*(?:\W+\w+){0,3}?\W+(?:town|city) centres?|\b(?:support|"
        r"boost|promot|improv|enhanc|protect|help|encourag)\w*(?:\W+\w+){0,3}?\W+(?:local |night-?time |evening )?"
        r"econom(?:y|ies)\b|\bnight-?time economy|\b(?:vitality|viability) of|\bevents? management|\bmanag\w*"
        r"(?:\W+\w+){0,2}?\W+(?:major |public |large )?events|\bcanol (?:y )?dref"
    ),
    "property": _re(
        r"\b(?:protect|secur|safeguard|prevent\w* damage to|reduc\w* damage to)\w*(?:\W+\w+){0,4}?\W+(?:council |"
        r"public |our )?(?:property|buildings|assets|premises|facilities)\b|\bcriminal damage|\bvandalism|"
        r"\bgraffiti|\bfandaliaeth"
    ),
    "emergency": _re(
        r"\b(?:assist|support|help)\w*(?:\W+\w+){0,3}?\W+(?:the )?emergency services|\bmajor incidents?|"
        r"\bcivil (?:emergenc\w+|contingenc\w+)|\bemergency (?:response|planning)|\bgwasanaethau brys"
    ),
    "safeguarding": _re(
        r"\bmissing (?:and vulnerable )?(?:persons?|people|children)|\bvulnerable (?:people|persons|adults|children)|"
        r"\bsafeguard\w*(?:\W+\w+){0,3}?\W+(?:vulnerable|children|people|adults)|\bpobl agored i niwed"
    ),
    "environmental": _re(
        r"\b(?:tackl|prevent|deter|detect|reduc|combat|enforc|investigat|catch|identif|monitor)\w*(?:\W+\w+){0,3}?"
        r"\W+(?:fly-?tipping|littering|dog fouling|environmental (?:crime|offences))|\benvironmental (?:crime|"
        r"enforcement)|\btipio anghyfreithlon"
    ),
}
"""Purpose phrases that count wherever they stand."""

WEAK: dict[str, re.Pattern[str]] = {
    "crime": _re(r"(?<!fear of )\bcrime\b(?!\s+and\s+disorder\s+act)|\btroseddu?\b"),
    "asb": _re(r"\banti-?\s?social behaviou?r|\bASB\b|(?<!crime and )(?<!crime & )\bdisorder\b"),
    "public_safety": _re(r"(?<!health and )(?<!health & )\bsafety\b(?! regulations| at work)|\bdiogelwch\b"),
    "evidence": _re(r"\bevidence\b(?!\s+of\s+(?:your\s+)?(?:identity|id|address))"),
    "traffic": _re(r"\btraffic\b|\btraffig\b"),
    "environmental": _re(r"\bfly-?tipping\b"),
}
"""Purpose nouns that count only where the sentence or its heading frames purposes."""

FRAME = _re(
    r"\bpurposes?\b|\baims?\b|\bobjectives?\b|\bused (?:to|for)\b|\buse[sd]? (?:cctv|cameras|the (?:system|cameras|"
    r"scheme)|them|it) (?:to|for)\b|\bdesigned to\b|\bintended to\b|\binstalled to\b|\bin order to\b|"
    r"\bhelps? (?:to |us |the police |police )?(?:to )?(?:prevent|reduc|deter|detect|tackl|keep|make|manag|improv|"
    r"protect|support|provid|identif|combat|monitor|deal)\w*|\bwhy (?:do )?we\b|"
    r"\bwhat (?:is|are) (?:cctv|the (?:system|cameras|scheme)|it|they) (?:used )?for\b|"
    r"\breasons? (?:for|why)\b|\bbenefits?\b|\bamcan\w*|\bdiben\w*|\bpwrpas|\bdefnyddi\w*|\ber mwyn\b|\bpam\b"
)
VAGUE = _re(
    r"\b(?:for|of) (?:general |site |building )?security(?: purposes| reasons)?\b|\bsecurity purposes\b|"
    r"\bsafety and security\b|\bsecurity and safety\b|\bdibenion diogelwch\b"
)
LIST_ITEM = re.compile(r"(?:^|> )(?:li|dd|td)(?::nth-of-type\(\d+\))?$")
"""A locator that ends in a list item or table cell, which a lead-in paragraph ending in ":" introduces."""
EXCLUDED = _re(
    r"\bdealt with separately\b|\bapproved devices?\b|\btype[- ]approved\b|\bRoad Traffic Offenders Act\b|"
    r"\b(?:not|never) (?:part of|covered by) (?:this|the|our) (?:scheme|system|policy|code)"
)
"""Cameras outside the scheme ("bus lane enforcement cameras are approved devices … dealt with separately"): what
they do is not a purpose of the system."""
RECORD_CELL = _re(r"^\s*(?:[\d,.%]+|(?:fully |partly |partially |not |non-?)?compliant|yes|no|n/a)\s*$")
"""A table cell that is a figure or a compliance status: the row is a statistic or a self-assessment line
("Missing or vulnerable people located | 32", "Principle 1: Purpose | Compliant | …"), not a stated purpose."""
FINDING_PEOPLE = _re(
    r"\bemergency services (?:in|with|to|by) (?:locat|find|search|trac)\w*(?: for)? (?:missing|vulnerable)"
)
SECURITY_OF = _re(r"\bsecurity of (?:council |our |the council's )?(?:property|buildings|assets|premises)")
""""the security of council buildings" names property, not a vague purpose."""


def extract_purposes(sentence: str, context: str = "") -> tuple[list[tuple[str, int]], bool]:
    """The purposes a sentence states, each with where it starts, and whether it gives a vague purpose.

    ``context`` is the sentence's heading and any lead-in ("The aims of the scheme are:") above its list.
    """
    found: dict[str, int] = {}
    for key, pattern in STRONG.items():
        for match in pattern.finditer(sentence):
            if key == "crime" and "fear" in match.group(0).lower():
                continue
            if not negated(sentence, match.start()):
                found.setdefault(key, match.start())
                break
    if FRAME.search(sentence) or FRAME.search(context):
        for key, pattern in WEAK.items():
            for match in pattern.finditer(sentence):
                if key not in found and not negated(sentence, match.start()):
                    found[key] = match.start()
    if "emergency" in found and "safeguarding" in found and FINDING_PEOPLE.search(sentence):
        del found["emergency"]  # "assisting the emergency services in locating missing people": one purpose
    security_of = SECURITY_OF.search(sentence)
    if security_of and "property" not in found:
        found["property"] = security_of.start()
    vague = VAGUE.search(sentence)
    if found or not vague:
        return sorted(found.items(), key=lambda kv: kv[1]), False
    return [], True


@extractor("extract_purpose")
def purpose(source: Source) -> Iterator[ExtractedFact]:
    lead_in = ""
    for sentence in iter_sentences(source.blocks):
        block = sentence.block
        if sentence.index == 0:
            if block.text.rstrip().endswith(":"):
                lead_in = block.text
            elif block.level or not LIST_ITEM.search(block.locator):
                lead_in = ""
        heading = block.level and source.form != "document"  # a PDF's short lines are read as headings
        if sentence.text.rstrip().endswith("?") or is_bare_link(block, source.links) or heading:
            continue  # a question asks about a purpose, a link ("Crime prevention advice") or a heading names a page
        if EXCLUDED.search(sentence.text) or any(RECORD_CELL.match(cell) for cell in sentence.text.split(" | ")[1:]):
            continue
        found, vague = extract_purposes(sentence.text, f"{block.heading} {lead_in}")
        if not found and not vague:
            continue
        vague_at = VAGUE.search(sentence.text)
        start = found[0][1] if found else (vague_at.start() if vague_at else 0)
        value = {"purposes": sorted(k for k, _ in found), "vague": vague}
        yield source.fact("purpose", value, quote_at(sentence.text, start), block.locator, "extract_purpose")
