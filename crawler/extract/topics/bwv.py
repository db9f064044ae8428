"""Whether the council's own officers use body-worn video, and what its BWV information covers (C22).

The same reading as ANPR (``anpr.survey_system``): police officers' cameras, a denial ("our wardens do not wear
body cameras"), a definition, or a job advert ("you will be required to wear a body-worn camera") are not
council use. Council use is usually told through the officers who wear them: civil enforcement officers,
parking attendants, wardens, environmental enforcement and housing staff.

Fact ``bwv``, one per source that mentions body-worn video. Value keys:

- ``use``: ``council``, ``none``, ``police`` or ``mention`` (as for ``anpr``);
- ``dedicated``: the source's subject is body-worn video;
- ``recording``: it says when the cameras record (switched on for incidents, not continuously, a warning);
- ``retention``: it says how long the footage is kept;
- ``access``: it says who can see or is given the footage.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from crawler.extract.registry import extractor
from crawler.extract.source import ExtractedFact, Source
from crawler.extract.terms import BODY_WORN
from crawler.extract.topics.anpr import TopicTest, mentions_retention, survey_system

OFFICERS = re.compile(
    r"\b(?:civil|parking|traffic|environmental|enforcement|neighbourhood|community|street|dog|litter|housing|"
    r"licensing|council|car park|frontline|front-line|our)\s+(?:enforcement\s+|safety\s+|protection\s+)?"
    r"(?:officers?|wardens?|attendants?|staff|teams?|rangers?|patrollers?)\b|\bCEOs\b|\bwardens?\b|"
    r"\bemployees\b|\bstaff\b|\bswyddogion\b|\bwardeiniaid\b",
    re.I,
)
WHEN_RECORDING = re.compile(
    r"\b(?:switch|turn)(?:ed|es|s)? (?:it |them |the camera |the cameras )?on\b|\bactivat\w*|"
    r"\b(?:start|begin|begins|starts|started)\s+(?:to\s+)?record\w*|\bpress(?:es|ed)? (?:a|the) button|"
    r"\bnot\s+(?:be\s+)?(?:record\w*|switched on|turned on)\s+(?:all the time|continuously|at all times|"
    r"constantly|routinely)|\brecord(?:s|ed|ing)?\s+(?:only\s+)?(?:when|if|during|where)\b|"
    r"\bonly\s+(?:be\s+)?record\w*|\bcontinuous(?:ly)?\s+record\w*|"
    r"\b(?:tell|inform|advise|notify|warn)\w*\s+(?:you|people|the person|individuals|members of the public)\b[^.]"
    r"{0,60}\brecord\w*|\b(?:verbal|audible|spoken)\s+(?:warning|announcement|notice)|\bannounce\w*|"
    r"\brecord\w* (?:will|is) (?:started|stopped)|\bdechrau recordio|\bcofnodi pan",
    re.I,
)
ACCESS = re.compile(
    r"\baccess(?:ed)?\b|\bview(?:ed|s)?\b|\bshar(?:e|es|ed|ing)\b|\bdisclos\w*|\bpass(?:ed)? (?:on )?to\b|"
    r"\bprovided to\b|\bgiven to\b|\bsubject access\b|\bauthorised (?:staff|officers|persons|personnel)\b|"
    r"\bwho can see\b|\bpolice\b|\binsurers?\b|\bsolicitors?\b|\bmynediad\b|\brhann\w*",
    re.I,
)
BWV_TOPICS: Mapping[str, TopicTest] = {
    "recording": lambda s: bool(WHEN_RECORDING.search(s)),
    "retention": mentions_retention,
    "access": lambda s: bool(ACCESS.search(s)),
}
BWV_SLUG = re.compile(r"body-?worn|bodyworn|\bbwv\b|body-cam", re.I)


@extractor("extract_bwv")
def bwv(source: Source) -> Iterator[ExtractedFact]:
    found = survey_system(source, BODY_WORN, BWV_SLUG, OFFICERS, BWV_TOPICS)
    if found:
        value = {"use": found.use, "dedicated": found.dedicated, **found.topics}
        yield source.fact("bwv", value, found.quote, found.locator, "extract_bwv")
