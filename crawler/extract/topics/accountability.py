"""Who owns the camera system and who is responsible for running it (C13).

Fact ``accountability``, one per sentence (or label and value pair, "Data controller | Anytown Council") that
names the owner or the responsible manager. Value keys:

- ``owner``: the organisation named as owner or data controller ("Anytown Borough Council", or "the council"
  when the text says "we are the data controller"), or null.
- ``manager``: the post (or person) named as responsible for the system: a Senior Responsible Officer, a
  post "responsible for" / "managing" the system, or a CCTV or control room manager post; or null.
- ``sro``: true when the post is designated Senior Responsible Officer (or Owner), "SRO".

The data protection officer and the Senior Information Risk Owner (SIRO) are not the system's manager, and
"the council operates 80 cameras" does not by itself name an owner: criteria.md asks for the owner or data
controller to be named as such.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import pairwise

from crawler.extract.registry import extractor
from crawler.extract.sentences import iter_sentences, negated, quote_at
from crawler.extract.source import ExtractedFact, Source
from crawler.extract.spoc import MANAGER_POST, PERSON, ROLE
from crawler.pages import TextBlock

CONTROLLER = re.compile(
    r"\bdata controllers?\b|\b(?:the|as|joint|a|is|are) controllers?\b(?! room)|\bcontrollers?\s*(?::|for\b|of\b)|"
    r"\brheolydd data\b|\breolydd data\b|\bsystem owner\b|\bowner of (?:the |this )?"
    r"(?:cctv |camera |surveillance )?(?:system|scheme|cameras|network)|\b(?:is|are|being) owned\b|\bowned and "
    r"(?:operated|managed|run|maintained)\b|\b(?:owns|own) (?:and (?:operates|manages|runs) )?(?:the |this |all |its "
    r"|our )?(?:public space )?(?:cctv|cameras|system|scheme|surveillance)|\bresponsible for (?:the |this )?(?:whole |"
    r"overall )?(?:cctv |camera |surveillance )?(?:system|scheme)\b|\byn berchen ar\b|\bperchennog\b|\bsy['’]n berchen",
    re.I,
)
ORG = re.compile(
    r"\b((?:[A-Z][\w'’&.-]*\s+(?:of\s+|and\s+|upon\s+|on\s+|&\s+|the\s+)?){1,6}(?:Council|Authority|Partnership|"
    r"Corporation)\b|Cyngor(?:\s+(?:[A-Z][\w'’-]*|a|ac)){1,5}|"
    r"(?:(?:London|Royal|Metropolitan)\s+)?(?:Borough|City|County|District) of"
    r"(?:\s+(?:and|upon|on|&)?\s*[A-Z][\w'’-]*)+)"
)
"""An authority by name: "Anytown District Council", "Cyngor Sir …", or "London Borough of Bromley", "City of
Westminster", "Royal Borough of Kingston upon Thames"."""
WE = re.compile(r"\b(?:we|the council|the authority|us|ni|y cyngor)\b", re.I)
SRO = re.compile(r"\bsenior responsible (?:officer|owner)\b|\bSRO\b|\buwch swyddog cyfrifol\b", re.I)
RESPONSIBLE = re.compile(
    r"\bresponsib\w+|\bmanag(?:es|ed|ing)\b|\boversee\w*|\boverseen\b|\bin charge\b|\baccountable\b|"
    r"\bday[- ]to[- ]day\b|\boperational (?:control|management)\b|\bsupervis\w+|\bleads? (?:on|the)\b|"
    r"\byn gyfrifol\b|\brheoli\b",
    re.I,
)
NOT_MANAGER = re.compile(
    r"data protection|information governance|\bDPO\b|information risk|\bSIRO\b|single point|point of contact|"
    r"diogelu data|^(?:Senior Responsible|Responsible) (?:Officer|Owner)$",
    re.I,
)
LABEL = re.compile(
    r"^(?:the )?(?:(?:data )?controller|system owner|owner|senior responsible (?:officer|owner)(?: \(SRO\))?|SRO|"
    r"responsible (?:officer|manager)|(?:scheme|system) manager|rheolydd data|perchennog|uwch swyddog cyfrifol)"
    r"\s*:?$",
    re.I,
)
"""A label whose value sits in the next block: a table row or definition list ("Data controller | …")."""


SENIOR_POST = re.compile(
    r"\b((?:Assistant |Deputy |Corporate |Strategic |Executive )?(?:Director|Head|Chief Executive|Chief Officer)"
    r"(?:\s+(?:of|for)(?:\s+(?:[A-Z][\w'&-]*|and|&)){1,5})?)"
)
"""Senior posts that the manager pattern misses after a lower-case "the" ("the Director of Environment")."""


def _role(text: str) -> str | None:
    for pattern in (ROLE, SENIOR_POST):
        for match in pattern.finditer(text):
            role = re.sub(r"^(?:The|Our|Ein|Y|Yr)\s+", "", match.group(1)).strip()
            if not NOT_MANAGER.search(role):
                return role
    person = PERSON.search(text)
    return person.group(0) if person else None


def _owner(text: str) -> str | None:
    org = ORG.search(text)
    if org:
        name = re.sub(r"^(?:The|Our)\s+", "", org.group(1)).strip()
        return "the council" if name in ("Council", "Authority") else name
    return "the council" if WE.search(text) else None


def extract_accountability(sentence: str) -> tuple[str | None, str | None, bool, int]:
    """The owner, the responsible post, whether it is the SRO, and where the first of them is stated."""
    owner = manager = None
    sro = False
    starts = []
    controller = CONTROLLER.search(sentence)
    if controller and not negated(sentence, controller.start()):
        owner = _owner(sentence)
        if owner:
            starts.append(controller.start())
    designation = SRO.search(sentence)
    if designation and not negated(sentence, designation.start()):
        after, before = sentence[designation.end() :], sentence[: designation.start()]
        # "Approved by the Senior Responsible Officer" names no one: criteria.md asks for a name or post title.
        manager = _role(SRO.sub(" ", after)) or _role(before)
        sro = bool(manager)
        if manager:
            starts.append(designation.start())
    if not manager and (RESPONSIBLE.search(sentence) or MANAGER_POST.search(sentence)):
        post = MANAGER_POST.search(sentence)
        manager = post.group(1) if post else _role(sentence)
        if manager:
            starts.append(sentence.find(manager))
    if manager and owner and manager in owner:
        manager = None
    return owner, manager, sro, min(starts) if starts else 0


def _labelled(blocks: Sequence[TextBlock]) -> Iterator[tuple[TextBlock, str]]:
    """Value blocks under a label block ("Data controller" then "Anytown Council"), with the label."""
    for label, value in pairwise(blocks):
        if LABEL.match(label.text.strip()) and not LABEL.match(value.text.strip()):
            yield value, label.text.strip().rstrip(":")


@extractor("extract_accountability")
def accountability(source: Source) -> Iterator[ExtractedFact]:
    for sentence in iter_sentences(source.blocks):
        owner, manager, sro, start = extract_accountability(sentence.text)
        if owner or manager:
            value = {"owner": owner, "manager": manager, "sro": sro}
            quote = quote_at(sentence.text, start)
            yield source.fact("accountability", value, quote, sentence.block.locator, "extract_accountability")
    for block, label in _labelled(source.blocks):
        is_owner = bool(CONTROLLER.search(label) or re.search(r"owner|perchennog", label, re.I)) and not SRO.search(
            label
        )
        owner = _owner(block.text) if is_owner else None
        manager = None if is_owner else (_role(block.text) or block.text[:80])
        if owner or manager:
            value = {"owner": owner, "manager": manager, "sro": bool(SRO.search(label))}
            yield source.fact("accountability", value, quote_at(block.text, 0), block.locator, "extract_accountability")
