"""How people ask for footage: subject access requests, third-party requests, response times, fees (C07).

Fact ``footage_request``, one per sentence (or linked block) about asking for footage. Value keys:

- ``subject_access``: true when it is about individuals asking for footage or data about themselves.
- ``how``: true when it tells individuals how to ask for footage of themselves (a subject access request or a
  footage request by form, email, portal, letter or phone), in prose rather than as a bare link.
- ``third_party``: true when it gives the route for the police, insurers, solicitors or other third parties.
- ``response_time``: true when it says how soon requests are answered (one month, 30 days).
- ``kept``: true when it says how long footage stays available to request (kept, overwritten, "ask within 28
  days of the incident").
- ``obsolete_40_days``: true when it gives the repealed 40-day response time as current (C25 flags it).
- ``fee_10``: true when it asks for the repealed £10 fee as current (C25 flags it).
- ``free``: true when it says requests are free of charge.
- ``link``: the URL of a subject access or footage request page the content links to, or null. A fact with a
  ``link`` and no ``how`` is a bare link to the request page.

A sentence about requests where the police or an insurer is the only requester is a third-party route, not
the individual's. "No longer £10" and "previously 40 days" are history, not obsolete rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from crawler.extract.contacts import extract_contacts
from crawler.extract.registry import extractor
from crawler.extract.retention import extract_retention
from crawler.extract.sentences import Sentence, block_of_link, is_bare_link, iter_sentences, quote_at, same_passage
from crawler.extract.source import ExtractedFact, Source
from crawler.pages import Link


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


SAR = _re(
    r"\bsubject access|\bSARs?\b|\bright (?:of|to) access\b|\baccess (?:to )?(?:your|their|his|her) (?:own )?"
    r"(?:personal )?(?:data|information|images|footage)|\bdata subject|\bcais (?:am )?(?:fynediad|wybodaeth)"
    r"(?: at ddata)? (?:gan|gan y|y) (?:g|w)wrthrych|\bcais gwrthrych|\bmynediad at ddata"
)
FOOTAGE_REQUEST = _re(
    r"\b(?:request|ask(?:ing)? for|apply(?:ing)? for|obtain|get|see|view|access|cop(?:y|ies) of|receive|gweld|"
    r"gofyn am|cael)\w*(?:\W+\w+){0,4}?\W+(?:cctv |camera |recorded )?(?:footage|images?|recordings?|video|"
    r"pictures|stills|delweddau|lluniau|ffilm|recordiadau)\b|\b(?:footage|cctv|image|recording|video)[- ]requests?\b|"
    r"\brequests? (?:for|to (?:view|see)) (?:cctv |the |any )?(?:footage|images|recordings)|"
    r"\b(?:images?|footage|recordings?) of (?:yourself|you)\b|\bdelweddau ohonoch"
)
INDIVIDUAL = _re(
    r"\byou\b|\byour\b|\byourself\b|\bindividuals?\b|\bmembers? of the public\b|\bdata subjects?\b|\banyone\b|"
    r"\bpeople\b|\bpersons?\b|\beich\b|\bchi\b|\bunigolion\b"
)
THIRD = _re(
    r"\bpolice\b|\bofficers?\b|\binsur(?:ers?|ance (?:compan(?:y|ies)|firms?|providers?))\b|\bsolicitors?\b|\blegal "
    r"(?:representatives?|advisers?)\b|\bthird[- ]part(?:y|ies)\b|\blaw enforcement\b|\bheddlu\b|\byswirwyr\b|"
    r"\bcwmn[iï]au yswiriant\b|\bcyfreithwyr\b|\btrydydd part[iï]on\b|\btrydydd parti\b"
)
POLICE_ONLY = _re(r"^(?:(?!\binsur|\bsolicitor|\blegal rep|\bthird[- ]part|\byswir|\bcyfreithwyr|\btrydydd).)*$")
"""A sentence whose only third party is the police: they contact the control room for many reasons."""
REQUEST_WORD = _re(
    r"\brequest\w*|\bapply\b|\bapplication|\bask\b|\benquir\w*|\bcontact\b|\bshould\b|\bmust\b|\bneed to\b|"
    r"\bvia\b|\bthrough\b|\bform\b|\bcais\b|\bgwneud cais|\bgofyn"
)
NOT_A_REQUEST = _re(r"\bunauthori[sz]ed (?:access|copying|disclosure|viewing)\b")
"""A security risk in an impact assessment ("unauthorised access to recordings"), not a request."""
RIGHTS_LIST = _re(r"\b(?:correct|rectif|eras|delet|restrict|object|portab)\w*")
NAMED_SAR = _re(r"\bsubject access|\bSARs?\b|\bcais (?:am )?(?:fynediad|wybodaeth)|\bcais gwrthrych")
ROUTE_CUE = _re(
    r"\bshould\b|\bmust\b|\bcan\b|\bmay\b|\bneed to\b|\bvia\b|\bthrough\b|\bplease\b|"
    r"\b(?:are|is|will be) (?:handled|dealt with|processed)\b|\bdylai\b|\brhaid\b|\bgall\b"
)
"""Words that make a sentence about third parties' requests a route ("the police should…"), not a statistic ("566
requests for footage from the police")."""
METHOD = _re(
    r"\bform\b|\be-?mail\w*|\bonline\b|\bportal\b|\bwrite\b|\bwriting\b|\bletter\b|\bcomplet\w+|\bfill\w*|"
    r"\bsubmit\w*|\bsend\w*|\bpost\b|\bcontact\w*|\bcall\b|\bphone\b|\btelephone\b|\bvia (?:our|the) "
    r"(?:website|web ?site|portal|link)|\bffurflen|\be-bost|\bar-lein|\bysgrifennu|\bcysylltu|\blenwi|\bffonio"
)
REQUEST_CONTEXT = _re(
    r"\brequest\w*|\bsubject access|\bSARs?\b|\brespond\w*|\bresponse|\breply|\bapplication|\bcais\b|\bymateb"
)
RESPONSE_TIME = _re(
    r"\b(?:within|in|o fewn)\s+(?:one|1|a|un)\s+(?:calendar\s+)?(?:month|mis)\b|\bone calendar month|"
    r"\b(?:within|in)\s+(?:30|thirty)\s+(?:calendar\s+)?days\b|\bmis calendr"
)
DEADLINE_OF = _re(r"\W*(?:of|after|from)\s+(?:the\s+)?(?:incident|recording|event|date (?:of|the))")
"""What follows a period that makes it a deadline for asking ("within one month of the incident")."""
KEPT = _re(
    r"\b(?:within|after|for)\s+(?:\d{1,3}|[a-z-]+)\s+(?:calendar\s+)?(?:days|weeks|month|months)\b(?:\W+\w+){0,8}?"
    r"\W+(?:overwritten|over-written|deleted|erased|wiped|recorded over|destroyed|no longer (?:available|held))|"
    r"\b(?:overwritten|over-written|deleted|erased|wiped|recorded over)\b(?:\W+\w+){0,4}?\W+(?:after|within)\s+"
    r"(?:\d{1,3}|[a-z-]+)\s+(?:calendar\s+)?(?:days|weeks|month|months)"
)
FORTY_DAYS = _re(r"\b(?:40|forty)[- ](?:calendar[- ])?days?\b|\b40-day\b|\b40 diwrnod\b")
RETAIN = _re(r"\b(?:kept|retain\w*|stored|held|overwritten|deleted|erased|cedwir)\b")
TEN_POUNDS = _re(r"£\s?10(?:\.00)?(?![\d,.]\d)|\bten pounds\b|\b10 pounds\b")
FEE_WORD = _re(r"\bfee\b|\bcharge\w*|\bcosts?\b|\bpay\w*|\badministration\b|\bffi\b|\btâl\b")
HISTORY = _re(
    r"\bno longer\b|\babolish\w*|\bremoved\b|\bscrapped\b|\breplac\w*|\bprevious\w*|\bused to\b|\bformer\w*|"
    r"\bprior to\b|\buntil (?:25 )?may 2018|\bbefore (?:25 )?may 2018|\bnot? (?:required|charged|payable)\b|"
    r"\bbellach\b"
)
FREE = _re(r"\bfree of charge\b|\bno (?:fee|charge)\b|\bfree\b|\bnot charge\b|\bdim tâl\b|\bam ddim\b|\bdi-dâl\b")
REQUEST_LINK = _re(
    r"subject[- _]?access|\bsar\b|access[- _](?:to[- _])?(?:your|personal)[- _](?:data|information)|"
    r"request[- _](?:cctv[- _])?footage|cctv[- _](?:footage[- _])?request|footage[- _]request|"
    r"request[- _](?:your|personal|my)[- _](?:data|information)|cais[- _]gwrthrych"
)


def extract_footage_request(sentence: str, heading: str = "") -> dict[str, bool]:
    """What one sentence says about asking for footage; all false when it says nothing about it.

    ``heading`` is the context the sentence inherits its subject from: its heading and the sentence before it.
    """
    if NOT_A_REQUEST.search(sentence):
        return dict.fromkeys(FLAGS, False)
    sar = bool(SAR.search(sentence))
    if sar and RIGHTS_LIST.search(sentence) and not NAMED_SAR.search(sentence):
        sar = False  # a privacy notice's list of rights: access, correction, erasure…
    footage = bool(FOOTAGE_REQUEST.search(sentence))
    third = bool(THIRD.search(sentence))
    about = sar or footage or bool(SAR.search(heading) or FOOTAGE_REQUEST.search(heading))
    individual = sar or (about and (bool(INDIVIDUAL.search(sentence)) or not third))
    method = bool(METHOD.search(sentence) or extract_contacts(sentence))
    context = about or bool(REQUEST_CONTEXT.search(sentence) or REQUEST_CONTEXT.search(heading))
    history = bool(HISTORY.search(sentence))
    response = False
    deadline = False
    for match in RESPONSE_TIME.finditer(sentence):
        if DEADLINE_OF.match(sentence, match.end()):
            deadline = True
        elif context:
            response = True
    kept = context and (deadline or bool(KEPT.search(sentence)) or _retention(sentence))
    forty = (
        context
        and not history
        and any(not RETAIN.search(sentence[max(0, m.start() - 40) : m.start()]) for m in FORTY_DAYS.finditer(sentence))
    )
    fee = context and not history and bool(TEN_POUNDS.search(sentence)) and bool(FEE_WORD.search(sentence))
    return {
        "subject_access": individual,
        "how": individual and method,
        "third_party": third
        and bool(REQUEST_WORD.search(sentence))
        and bool(ROUTE_CUE.search(sentence) or method)
        and (footage or about or not POLICE_ONLY.search(sentence)),
        "response_time": response,
        "kept": kept,
        "obsolete_40_days": forty,
        "fee_10": fee,
        "free": context and bool(FREE.search(sentence)) and not TEN_POUNDS.search(sentence),
    }


FLAGS = ("subject_access", "how", "third_party", "response_time", "kept", "obsolete_40_days", "fee_10", "free")


def _retention(sentence: str) -> bool:
    found = extract_retention(sentence)
    return found is not None and found.days is not None


def _request_links(source: Source) -> list[Link]:
    return [link for link in source.links if REQUEST_LINK.search(f"{link.text} {link.url}")]


@extractor("extract_footage_requests")
def footage_requests(source: Source) -> Iterator[ExtractedFact]:
    links = _request_links(source)
    covered: set[str] = set()  # blocks whose sentences already gave the route or the link
    previous: Sentence | None = None
    for sentence in iter_sentences(source.blocks):
        block = sentence.block
        before = previous.text if previous and same_passage(previous, sentence) else ""
        previous = sentence
        if block.level or sentence.text.rstrip().endswith("?"):
            continue  # headings and questions name the subject; the answers under them give the route
        # The sentence before in the same passage is context too: "…right of access. To make a request, write to…"
        found = extract_footage_request(sentence.text, f"{block.heading} {before}")
        said = {k for k, v in found.items() if v}
        if not said or (
            said == {"subject_access"} and not (SAR.search(sentence.text) or FOOTAGE_REQUEST.search(sentence.text))
        ):
            continue  # nothing, or only the heading's subject ("Yes." under "Can I see footage of myself?")
        url = next((link.url for link in links if link.text and link.text in sentence.text), None)
        if found["how"] and is_bare_link(block, source.links):
            found["how"] = False
        if found["how"] or url:
            covered.add(block.locator)
        match = SAR.search(sentence.text) or FOOTAGE_REQUEST.search(sentence.text) or THIRD.search(sentence.text)
        quote = quote_at(sentence.text, match.start() if match else 0)
        yield source.fact("footage_request", {**found, "link": url}, quote, block.locator,
                          "extract_footage_requests")  # fmt: skip
    for link in links:
        linked = block_of_link(source.blocks, link)
        if linked is None or linked.locator in covered:
            continue
        covered.add(linked.locator)
        value: dict[str, bool | str] = {**dict.fromkeys(FLAGS, False), "link": link.url}
        quote = quote_at(linked.text, linked.text.index(link.text.strip()))
        yield source.fact("footage_request", value, quote, linked.locator, "extract_footage_requests")
