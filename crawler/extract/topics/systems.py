"""Which kinds of camera system beyond public-space CCTV the content covers (C19).

Fact ``camera_systems``, one per sentence that says the council uses (or its policy covers) a kind of camera
other than public-space CCTV. Value keys:

- ``kinds``: sorted, from ``body_worn`` (body-worn video), ``anpr``, ``vehicle`` (vehicle-mounted or dash
  cameras, camera cars), ``redeployable`` (redeployable, mobile, rapid-deployment, temporary or covert
  cameras), ``drone`` and ``premises`` (CCTV in council buildings, offices, leisure centres, housing).

Coverage, not transparency (C21 and C22 judge that): any positive mention counts. A negated mention ("we do
not use drones", "this policy does not cover ANPR"), someone else's system ("ANPR cameras operated by the
police") and a FAQ question not answered "Yes" do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from crawler.extract.registry import extractor
from crawler.extract.sentences import Sentence, iter_sentences, negated, quote_at
from crawler.extract.source import ExtractedFact, Source

_PLACES = (
    r"(?:buildings?|offices|premises|civic cent(?:re|er)s?|town halls?|leisure cent(?:re|er)s?|librar(?:y|ies)|"
    r"depots?|housing|(?:housing )?estates|tower blocks|high[- ]rise blocks|blocks of flats|flats|sheltered "
    r"(?:housing|schemes?)|hostels?|council homes|receptions?|customer service cent(?:re|er)s?|museums?|"
    r"crematori(?:um|a)|schools?|care homes?)"
)
KINDS: dict[str, re.Pattern[str]] = {
    "body_worn": re.compile(
        r"\bbody[- ]?worn\b|\bBWV\b|\bBWCs?\b|\bbody[- ]cam(?:era)?s?\b|\bcamer[aâ]u? (?:a wisgir ar y corff|corff)|"
        r"\bfideo a wisgir ar y corff",
        re.I,
    ),
    "anpr": re.compile(
        r"\bANPR\b|\bautomatic number plate recognition|\bnumber plate recognition|\badnabod platiau rhif", re.I
    ),
    "vehicle": re.compile(
        r"\b(?:vehicle|van|car)[- ]mounted (?:cameras?|cctv)|\bdash(?:board)?[- ]?cam(?:era)?s?\b|\bin[- ]vehicle "
        r"(?:cameras?|cctv)|\b(?:cameras?|cctv) (?:systems? )?(?:are |is )?(?:fitted|mounted|installed|used) "
        r"(?:on|in|to) (?:our |council |its |the council['’]s |all )?(?:\w+ ){0,2}(?:vehicles?|fleet|lorries|lorry|"
        r"vans?|buses|cars|trucks?)\b|\b(?:cctv|camera)(?:[- ]enforcement)? (?:cars?|vans?|vehicles?)\b|"
        r"\bfleet cameras?|\bcamer[aâ]u (?:ar|mewn) (?:g|ch)erbydau",
        re.I,
    ),
    "redeployable": re.compile(
        r"\b(?:re-?)?deployable\b|\bmobile (?:cctv|cameras?|camera units?|surveillance)(?! (?:cars?|vans?|vehicles?))|"
        r"\brapid[- ]deploy\w*|\btemporary (?:cctv|cameras?)|\bcovert (?:cctv|cameras?)|\bre-?deploy(?:ed|ing|ment)\b|"
        r"\btransportable (?:cctv|cameras?)|\bcamer[aâ]u (?:symudol|dros dro|y gellir eu hail-?leoli)",
        re.I,
    ),
    "drone": re.compile(
        r"\bdrones?\b|\bunmanned aerial (?:vehicles?|systems?|aircraft)|\bUAVs?\b|\bUAS\b|\bdronau\b|"
        r"\bremotely piloted aircraft",
        re.I,
    ),
    "premises": re.compile(
        r"\b(?:cctv|cameras?)(?:\W+\w+){0,3}?\W+(?:in|at|inside|around|within|on|cover|covers|covering|monitor|"
        r"monitors) (?:our |council |the council['’]s |its |some |all |many )?(?:\w+ ){0,2}" + _PLACES + r"\b|"
        r"\b" + _PLACES + r" (?:have|has|are (?:covered|monitored) by|are fitted with) (?:cctv|cameras)\b|"
        r"\b(?:building|premises|housing|office|internal|estate|concierge|door[- ]entry) (?:cctv|cameras?|camera "
        r"systems?)\b|\bcamer[aâ]u (?:yn|mewn) (?:adeiladau|swyddfeydd)",
        re.I,
    ),
}
NOT_OURS_BEFORE = re.compile(
    r"\b(?:police|national highways|highways england|dvla|private|third[- ]party|partner|businesses['’]?|shops['’]?|"
    r"retailers['’]?|heddlu)\s*(?:force['’]?s?\s*)?$",
    re.I,
)
NOT_OURS_AFTER = re.compile(
    r"[^.,;]{0,60}?\b(?:operated|owned|run|managed|used|installed) (?:solely |only )?by (?:the )?(?:police|national "
    r"highways|highways england|private|third|other|individual|businesses|shops)|[^.,;]{0,60}?\bnot (?:operated|"
    r"owned|run|managed|used) by (?:the|this|our) (?:council|authority)",
    re.I,
)
ANSWER_YES = re.compile(r"^\W*(?:yes|ydy|ydyn|ydym|do|oes)\b", re.I)


def extract_kinds(sentence: str) -> dict[str, int]:
    """The kinds of camera system a sentence says the council uses or covers, each with where it is named."""
    found: dict[str, int] = {}
    for kind, pattern in KINDS.items():
        for match in pattern.finditer(sentence):
            before = sentence[: match.start()]
            if negated(sentence, match.start()):
                break  # later mentions in the sentence repeat the denied one: "does not use … (ANPR) cameras"
            if NOT_OURS_BEFORE.search(before[-40:]):
                continue
            if NOT_OURS_AFTER.match(sentence, match.end()):
                continue
            found[kind] = match.start()
            break
    return found


@extractor("extract_camera_systems")
def camera_systems(source: Source) -> Iterator[ExtractedFact]:
    sentences = list(iter_sentences(source.blocks))
    for i, sentence in enumerate(sentences):
        if sentence.block.level and not sentence.text.rstrip().endswith("?"):
            # A heading ("Body cameras, ANPR and other systems") names a section, not a system in use; an FAQ
            # question in a heading is judged by its answer below.
            continue
        found = extract_kinds(sentence.text)
        if not found:
            continue
        if sentence.text.rstrip().endswith("?") and not _answered_yes(sentences, i):
            continue  # "Do we use drones?" says nothing until it is answered
        quote = quote_at(sentence.text, min(found.values()))
        yield source.fact("camera_systems", {"kinds": sorted(found)}, quote, sentence.block.locator,
                          "extract_camera_systems")  # fmt: skip


def _answered_yes(sentences: list[Sentence], i: int) -> bool:
    following = sentences[i + 1] if i + 1 < len(sentences) else None
    return following is not None and bool(ANSWER_YES.match(following.text))
