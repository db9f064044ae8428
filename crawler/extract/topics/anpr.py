"""Whether the council itself uses ANPR, and what its ANPR information covers (C21).

C21 is ``n/a`` unless the *council* uses ANPR, so a mention is not enough: "the Code covers CCTV, ANPR and
body-worn video" is a definition, "Kent Police operate ANPR cameras" is police use, and "the council does not
use ANPR" is a denial. ``survey_system`` reads a source's sentences about one kind of system and says which of
these it is; body-worn video (``bwv.py``) uses the same machinery with its own vocabulary.

Fact ``anpr``, one per source that mentions ANPR. Value keys:

- ``use``: ``council`` (the council uses it), ``none`` (it says it does not), ``police`` (only the police are
  said to operate it) or ``mention`` (named without saying whose, e.g. in a definition);
- ``dedicated``: the source's subject is ANPR (its title, link text or URL names it);
- ``purpose``, ``retention``, ``sharing``: whether the ANPR content says why it is used, how long the data
  is kept and who it is shared with (for a dedicated source, anywhere in it; else in ANPR sentences and
  ANPR-headed sections).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote, urlsplit

from crawler.extract.registry import extractor
from crawler.extract.retention import extract_retention
from crawler.extract.source import ExtractedFact, Source, quote_around
from crawler.extract.terms import ANPR

_WORDS = r"(?:[\w'-]+\s+){0,3}?"
OTHER_SYSTEMS = re.compile(
    r"\bcctv\b|closed[- ]circuit|\banpr\b|number[- ]plate|body[- ]?worn|\bbwv\b|drones?|dash(?:board)?[- ]?cam|"
    r"vehicle cameras?|redeployable|teledu cylch",
    re.I,
)
DEFINITION = re.compile(
    r"\b(?:such as|includ\w*|for example|e\.g\.|defin\w*|types? of|forms? of|covers?|applies to|refers? to|"
    r"relevant authorit\w*|code of practice)\b",
    re.I,
)
COUNCIL_VERB = re.compile(
    r"\b(?:we|the council|the authority|(?:borough|district|city|county) council)\s+(?:also\s+|currently\s+|now\s+|"
    r"may\s+|will\s+)?(?:use|uses|operate|operates|run|runs|has|have|deploy|deploys|employ|employs|own|owns|"
    r"installed|introduced|manage|manages|record|records)\b|"
    r"\b(?:operated|used|run|owned|managed|deployed)\s+by\s+(?:the|this|[A-Z]\w+)\s+(?:\w+\s+)?council\b",
    re.I,
)
POSSESSIVE = re.compile(r"\bour\b|\bcouncil(?:'s|’s)|\bein\b", re.I)
"""Whose systems a list is about: "the council's CCTV and ANPR systems" is use, "systems such as…" is not."""
WEAK_COUNCIL = re.compile(r"\b(?:we|our|us|the council|council's|cyngor|ein)\b", re.I)
POLICE_OPERATOR = re.compile(
    r"\bpolice(?:'s)?\s+(?:\w+\s+){0,2}?(?:use|uses|operate|operates|run|runs|own|owns|deploy|deploys|have|has|"
    r"wear|wears|carry|carries|manage|manages)\b|"
    r"\b(?:operated|run|owned|used|managed|deployed|installed|worn)\s+(?:solely\s+|only\s+)?by\s+(?:the\s+)?"
    r"(?:[A-Z][\w&-]*\s+){0,4}(?:police|constabulary)\b|"
    r"\bpolice (?:officers?|staff|pcsos?)\b[^.]{0,40}?\b(?:wear|wears|use|uses|carry|carries)\b|"
    r"\bpolice\s+(?:anpr|body[- ]?worn|cameras)|\bnational anpr\b|\bNADC\b|\bheddlu\b",
    re.I,
)
JOB = re.compile(
    r"\b(?:vacanc\w*|successful (?:candidate|applicant)|applicants?|job (?:description|profile)|"
    r"person specification|salary|apply (?:now|online)|you will (?:be (?:required|expected) to )?wear)\b",
    re.I,
)
ANPR_CONTEXT = re.compile(
    r"car parks?|parking|bus lanes?|bus gates?|moving traffic|clean air|low emission|\bCAZ\b|\bULEZ\b|"
    r"recycling centres?|household waste|\bHWRC\b|school streets?|penalty charge|\bPCNs?\b|"
    r"(?:civil|traffic|parking|environmental) enforcement|fly[- ]?tipping|waste sites?|barrier",
    re.I,
)
PURPOSE = re.compile(
    r"\bpurposes?\b|\bused (?:to|for|in order to)\b|\bin order to\b|\b(?:to|helps?(?: us)?(?: to)?)\s+"
    r"(?:enforce|detect|prevent|manage|monitor|identify|control|reduce|tackle|investigate|check|support|ensure|"
    r"keep|protect|improve)\b|\bfor the (?:prevention|detection|enforcement|management|purpose)\b|\bdiben\w*|"
    r"\bamcan\w*",
    re.I,
)
SHARING = re.compile(
    r"\bshar(?:e|es|ed|ing)\b|\bdisclos\w*|\bpass(?:ed)? (?:on )?to\b|\bprovided to\b|\brecipients?\b|\bDVLA\b|"
    r"\bthird part(?:y|ies)\b|\baccess(?:ed)? by\b|\bsent to\b|\bgiven to\b|\brhann\w*|\bdatgel\w*",
    re.I,
)
TopicTest = Callable[[str], bool]


def mentions_retention(sentence: str) -> bool:
    """A retention statement, also for data that ``extract_retention`` does not call recordings ("ANPR records")."""
    return extract_retention(sentence) is not None or extract_retention(f"Recordings: {sentence}") is not None


ANPR_TOPICS: Mapping[str, TopicTest] = {
    "purpose": lambda s: bool(PURPOSE.search(s)),
    "retention": mentions_retention,
    "sharing": lambda s: bool(SHARING.search(s)),
}


@cache
def negation(term: re.Pattern[str]) -> re.Pattern[str]:
    """Sentences that deny use of the system named by ``term``: "the council does not operate ANPR"."""
    t = term.pattern
    return re.compile(
        r"\b(?:do|does|did|will|shall)\s*(?:not|n['’]t)\s+(?:currently\s+|yet\s+|presently\s+)?(?:use|operate|run|"
        r"have|own|deploy|employ|wear|carry|install|record with)\s+(?:any\s+)?" + _WORDS + r"(?:" + t + r")|"
        r"\b(?:no|not any)\s+" + _WORDS + r"(?:" + t + r")|"
        r"(?:" + t + r")[^.;]{0,40}\b(?:is|are)\s+not\s+(?:currently\s+|presently\s+)?(?:used|operated|deployed|"
        r"in use|worn)\b(?!\s+(?:for|to|in order|as|other|outside|except|unless))|"
        r"\bnid\s+(?:yw|ydym|ydyn)\b[^.]{0,60}\bdefnyddio\b",
        re.I,
    )


@dataclass(frozen=True)
class SystemUse:
    """What a source says about one kind of camera system."""

    use: str
    """``council``, ``none``, ``police`` or ``mention``."""
    dedicated: bool
    topics: dict[str, bool]
    quote: str
    locator: str


def classify_use(sentence: str, term: re.Pattern[str], context: re.Pattern[str], denial: re.Pattern[str]) -> str:
    """Whose use of the system one sentence describes: council, none, police or a bare mention."""
    if denial.search(sentence):
        return "none"
    strong = bool(COUNCIL_VERB.search(sentence) or context.search(sentence))
    strong = strong or bool(re.search(r"\b(?:our|ein)\s+" + _WORDS + r"(?:" + term.pattern + ")", sentence, re.I))
    if POLICE_OPERATOR.search(sentence) and not strong:
        return "police"
    if strong:
        return "council"
    others = {m.group(0).lower()[:4] for m in OTHER_SYSTEMS.finditer(sentence)}
    if DEFINITION.search(sentence) and len(others) >= 2 and not POSSESSIVE.search(sentence):
        return "mention"
    return "council" if WEAK_COUNCIL.search(sentence) else "mention"


RANK = {"council": 3, "none": 2, "police": 1, "mention": 0}
"""How the sentences of one source combine: any council use wins, then a denial, then police use."""


def _dedicated(source: Source, term: re.Pattern[str], slug: re.Pattern[str]) -> bool:
    if source.form == "section":
        return False
    path = unquote(urlsplit(source.url).path)
    return bool(term.search(source.title) or term.search(source.anchor) or slug.search(path))


def survey_system(
    source: Source,
    term: re.Pattern[str],
    slug: re.Pattern[str],
    context: re.Pattern[str],
    topics: Mapping[str, TopicTest],
) -> SystemUse | None:
    """What ``source`` says about the system named by ``term``, or None when it does not name it."""
    dedicated = _dedicated(source, term, slug)
    denial = negation(term)
    best: tuple[int, str, str] | None = None
    covered = dict.fromkeys(topics, False)
    first: tuple[str, str] | None = None
    for sentence, block in source.sentences():
        in_sentence = bool(term.search(sentence))
        if block.level and not in_sentence:
            continue
        # A short heading about the system ("ANPR", "Use of body-worn cameras") gives its section's sentences
        # their subject; a heading naming several systems ("Body cameras, ANPR and other systems") does not.
        under = bool(term.search(block.heading)) and len(block.heading.split()) <= HEADING_WORDS
        relevant = dedicated or in_sentence or under
        if not relevant:
            continue
        for name, test in topics.items():
            covered[name] = covered[name] or test(sentence)
        if block.level or not (in_sentence or under) or JOB.search(sentence):
            continue
        if first is None:
            first = (quote_around(block.text, block.text.find(sentence)), block.locator)
        text = sentence if in_sentence else f"{block.heading}: {sentence}"
        use = classify_use(text, term, context, denial)
        if best is None or RANK[use] > best[0]:
            best = (RANK[use], quote_around(block.text, block.text.find(sentence)), block.locator)
    if best is None:
        if not dedicated or not source.blocks:
            return None
        block = source.blocks[0]
        return SystemUse("council", True, covered, block.text[:300], block.locator)
    use = next(k for k, v in RANK.items() if v == best[0])
    if dedicated and use == "mention":
        use = "council"
    quote, locator = best[1], best[2]
    if use == "mention" and first is not None:
        quote, locator = first
    return SystemUse(use, dedicated, covered, quote, locator)


HEADING_WORDS = 4

ANPR_SLUG = re.compile(r"anpr|number-?plate|numberplate", re.I)


@extractor("extract_anpr")
def anpr(source: Source) -> Iterator[ExtractedFact]:
    found = survey_system(source, ANPR, ANPR_SLUG, ANPR_CONTEXT, ANPR_TOPICS)
    if found:
        value = {"use": found.use, "dedicated": found.dedicated, **found.topics}
        yield source.fact("anpr", value, found.quote, found.locator, "extract_anpr")
