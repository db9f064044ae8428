"""Where the cameras are (C11): named sites in lists, tables and sentences, maps, broad areas, withheld locations,
and how many cameras there are.

Councils publish locations as a bulleted list or a table under a heading such as "Camera locations" or "Where are
the cameras?", as a PDF schedule of one site per line, as a sentence ("cameras are located at Church Green,
Market Place and Alcester Street"), or as a map. A list item counts as a *named* site when it carries a proper
name ("Priory Park", "High Street", "Kidderminster"); "the town centre", "car parks" and "council buildings" are
broad areas. Without a heading or an introduction that announces locations, a list only counts when at least
three of its items read like places ("Church Road", "Market Square"), so that a list of related links or of
purposes is not taken for one.

Facts:

- ``camera_locations``, value keys: ``kind`` (``sites``: places are listed; ``map``: a map of camera
  locations is linked or shown; ``withheld``: the council says it does not publish them), ``how`` (``list``,
  ``table``, ``lines`` for a document schedule, ``sentence``, ``link`` or ``text``), ``sites`` (up to 12 place
  names as written), ``count`` (how many of them are named places, not broad areas), ``map_url`` (the map's
  URL, or None);
- ``camera_count``, value keys: ``cameras`` (the number), ``phrase`` (as written, e.g. "over 100 CCTV cameras").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from crawler.extract.registry import extractor
from crawler.extract.retention import WORD_NUMBERS
from crawler.extract.source import ExtractedFact, Source, quote_around
from crawler.pages import Link, TextBlock

HEADING_CUE = re.compile(
    r"\blocations?\b|\bwhere (?:are |is )?(?:our |the |we |you |can )?(?:\w+ ){0,2}(?:cctv|cameras?)\b|"
    r"\bcamera (?:sites|list|positions|schedule)\b|\bsites\b|\blleoliad\w*|\bble mae(?:'r)? camer",
    re.I,
)
"""A heading, table header or title that announces a list of camera locations."""
INTRO_CUE = re.compile(r"locat|\bsites?\b|\bareas?\b|\bplaces\b|\bstreets\b|\bfollowing\b|\blleoliad", re.I)
NOT_PLACES_CUE = re.compile(r"\bpurposes?\b|\breasons?\b|\bused (?:to|for)\b|\bdibenion\b|\bamcanion\b", re.I)
"""Lists that follow "we use our cameras for the following purposes:" are purposes (C02), not places."""
COLUMN_CUE = re.compile(r"^(?:camera )?(?:locations?|sites?|streets?|address|area|ward|town|position|lleoliad)", re.I)
CAMERAS = re.compile(r"\bcameras?\b|\bcctv\b|camer[aâ]u|gamer[aâ]u|teledu cylch", re.I)
INLINE = re.compile(
    r"(?:\b(?:located|sited|situated|installed|positioned|placed|mounted)\b(?:\s+(?:at|in|on|around|across|"
    r"throughout|within))?|\bcover(?:s|ing)?\b(?:\s+(?:areas|sites|locations)\s+(?:such as|including|in|at))?|"
    r"\b(?:cameras?|cctv)\s+(?:(?:are|is)\s+)?(?:(?:also|currently|now|installed|operating|operational|mainly|"
    r"mostly|largely|generally|primarily|principally|chiefly)\s+)?"
    r"(?:in|at|on|across|throughout|around)\b|\b(?:in|at) the following(?:\s+\w+)?|"
    r"\b(?:the )?(?:locations|sites) (?:are|include)\b)\s*:?\s*",
    re.I,
)
TAIL_END = re.compile(
    r"[.;()!?]|\s(?:to|which|that|where|for|so|because|with|by|during|when|if|as|within|from|and (?:is|are|was|were|"
    r"we|it|they|these|those|the council|can|will|may))\b",
    re.I,
)
ITEM_SPLIT = re.compile(r"\s*[,;]\s*|\s+(?:and|&|or|a|ac)\s+")
PLACE = re.compile(
    r"\b(?:street|st|road|rd|lane|avenue|ave|square|park|parks|centres?|centers?|car parks?|station|market|place|way|"
    r"close|green|bridge|precinct|walk|row|hill|gate|parade|quay|estate|retail|shopping|library|hall|junction|"
    r"roundabout|town|village|city|offices|buildings?|depot|cemetery|subway|underpass|interchange|leisure|playground|"
    r"recreation|promenade|seafront|harbour|pier|beach|stadium|house|mall|arcade|court|terrace|crescent|drive|"
    r"grove|yard|wharf|heol|stryd|ffordd|sgw[aâ]r|maes|canol|parc)\b",
    re.I,
)
GENERIC = frozenset(
    "the a an our all various other some most main public open space spaces town towns centre centres center city "
    "car cars park parks parking bus buses station stations shopping council councils building buildings housing "
    "estate estates leisure industrial residential area areas road roads street streets multi storey cameras "
    "camera cctv locations location sites site village villages key high-street retail offices office depot "
    "depots hotspots redeployable mobile including include such as and in at on canol y dref".split()
)
"""Capitalised words that do not make a place *named*: "Town Centre" and "Car Parks" are broad areas."""
NOT_A_PLACE = re.compile(
    r"\b(?:council|police|constabulary|partnership|commissioner|service|agency|department|ltd|limited|officer|"
    r"manager|team|act|code|policy|notice|regulation|gdpr|email|telephone|phone|tel|contact)\b"
    r"(?!\s+(?:offices|house|buildings|depot|car park))|@|https?:|\d{5,}",
    re.I,
)
NOT_AN_ITEM = re.compile(
    r"\b(?:is|are|was|were|will|can|may|we|you|please|must|should|our cameras|view|see|find|click|read|download|"
    r"maps?)\b",
    re.I,
)
CLEAN_HEAD = re.compile(r"^\s*(?:(?:camera\s*)?(?:no\.?\s*)?\d+[.):]?\s+|[•·▪\-–*]\s*)", re.I)
CLEAN_TAIL = re.compile(r"\s*(?:[-–:(]\s*)?\d+\s*(?:cameras?|camer[aâ]u)?\)?\s*$|[\s.;,:]+$", re.I)
CLEAN_LEAD = re.compile(r"^(?:the|at|in|on|and|&|around|near|outside|y|yr)\s+", re.I)
MAP = re.compile(r"\bmaps?\b|\bmapping\b|\barcgis\b|\bgis\b|\bmapiau\b|\bmap viewer\b", re.I)
MAP_URL = re.compile(r"google\.[a-z.]+/maps|maps\.google|arcgis|/maps?[/.?-]|mapping|openstreetmap|gis\.", re.I)
MAP_SUBJECT = re.compile(r"camera|cctv|locat|lleoliad|camer[aâ]u|teledu", re.I)
NOT_SHOWN = re.compile(
    r"on request|\bnot\b|\bno\b|n't|\bunavailable\b|\bwithheld\b|\bcannot\b|\bpublish\w* (?:a|any) map\b", re.I
)
WITHHELD = re.compile(
    r"\b(?:do|does|will|can)\s*(?:not|n't)\s+(?:publish|disclose|release|share|make public|give out|provide|reveal|"
    r"list)\b[^.]{0,60}\blocations?\b|\blocations?\b[^.]{0,80}\b(?:are|is|will)\s+not\s+(?:be\s+)?(?:published|"
    r"disclosed|made public|released|listed|available)|\blocations?\b[^.]{0,60}\b(?:withheld|confidential|"
    r"exempt|available on request|on request)|\b(?:not|isn't|is not)\s+(?:possible|appropriate)\s+to\s+"
    r"(?:publish|disclose)[^.]{0,40}\blocations?\b|\bnid ydym yn cyhoeddi\b[^.]{0,40}\blleoliad",
    re.I,
)
_NUMBER_WORDS = "|".join(sorted((w for w in WORD_NUMBERS if len(w) > 2), key=len, reverse=True))
COUNT = re.compile(
    r"\b(?:(?:over|more than|around|about|approximately|nearly|almost|some|a total of|total of|up to)\s+)?"
    r"(\d{1,4}|" + _NUMBER_WORDS + r")\s+"
    r"(?:(?:public[- ]space|fixed|cctv|closed[- ]circuit|redeployable|re-deployable|mobile|high[- ]definition|hd|"
    r"digital|pan[- ]tilt[- ]zoom|ptz|surveillance|town centre|council|static|monitored|working|street|"
    r"television|tv|deployable|rapid)\s+){0,3}(?:cctv\s+)?cameras\b|"
    r"\b(\d{1,4}) o (?:g|c)amer[aâ]u\b",
    re.I,
)
NOT_COUNTED = re.compile(r"body[- ]?worn|\banpr\b|number plate|dash|vehicle|drone|doorbell", re.I)
MIN_PLACES = 3


@dataclass(frozen=True)
class Places:
    """Place names collected from a list, table, schedule or sentence, and where they were introduced."""

    how: str
    named: list[str]
    areas: list[str]
    quote: str
    locator: str


def clean_item(text: str) -> str:
    """A list item or table cell reduced to the place name: numbering, camera counts and punctuation gone."""
    text = CLEAN_HEAD.sub("", text.strip())
    text = CLEAN_TAIL.sub("", text)
    while True:
        stripped = CLEAN_LEAD.sub("", text)
        if stripped == text:
            return text.strip()
        text = stripped


def is_named(item: str) -> bool:
    """Whether an item names a particular place: a capitalised word that is not a generic area word."""
    words = re.findall(r"[\w'’-]+", item)
    return any(w[:1].isupper() and w.lower() not in GENERIC and not w.isdigit() for w in words)


def place_kind(text: str) -> str | None:
    """``named``, ``area`` (a broad area such as "car parks") or None when ``text`` is not a place."""
    item = clean_item(text)
    if not item or len(item.split()) > 10 or NOT_A_PLACE.search(item) or NOT_AN_ITEM.search(item):
        return None
    if item.endswith(".") or not re.search(r"[A-Za-zÀ-ÿ]", item):
        return None
    if is_named(item):
        return "named"
    return "area" if PLACE.search(item) else None


def _tag(locator: str) -> str:
    match = re.match(r"[a-z0-9]+", locator.rsplit(" > ", 1)[-1])
    return match.group(0) if match else ""


def _parent(locator: str) -> str:
    return locator.rsplit(" > ", 1)[0]


def _is_cue(block: TextBlock) -> bool:
    text = block.text
    if len(text) > 200:
        return False
    if block.level or _tag(block.locator) in ("th", "caption", "dt", "summary"):
        return bool(HEADING_CUE.search(text) or (_tag(block.locator) == "th" and COLUMN_CUE.search(text)))
    if NOT_PLACES_CUE.search(text):
        return False
    return text.rstrip().endswith(":") and bool(INTRO_CUE.search(text)) and bool(CAMERAS.search(text) or
                                                                                 HEADING_CUE.search(text))  # fmt: skip


def _collect(blocks: Sequence[TextBlock], start: int, document: bool) -> tuple[list[str], int]:
    """Items after a cue at ``blocks[start]``: list items, one cell per table row, or short document lines."""
    cue = blocks[start] if start >= 0 else None
    cue_level = cue.level if cue is not None and not document else 0
    cue_term = cue is not None and not document and _tag(cue.locator) in ("dt", "summary")
    items: list[str] = []
    rows: dict[str, list[str]] = {}
    mode = ""
    preamble = 0
    end = start + 1
    for end in range(start + 1, len(blocks)):
        block = blocks[end]
        tag = _tag(block.locator)
        short = len(block.text) <= 80
        if not document and block.level:
            if (cue_level and block.level <= cue_level) or (not cue_level and mode):
                break
            continue  # a sub-heading within the list's section, such as the town above its streets
        if tag == "th" or (cue is not None and block.text == cue.text):
            continue
        if cue_term and tag in ("dt", "summary"):
            break  # the cue was a term of a definition list (or an accordion's summary): the next one is not it
        line = short and not (block.text.rstrip().endswith(".") and len(block.text.split()) > 4)
        kind = "td" if tag == "td" else "li" if tag in ("li", "dd", "dt") else "line" if line else ""
        if not mode and (_is_cue(block) or block.text.rstrip().endswith(":")):
            kind = ""
        if mode and kind != mode:
            # A list ends where the next kind of block begins: a table's rows are not followed by its notes.
            break
        if not kind:
            preamble += 1
            if preamble > 2:
                break
            continue
        mode = kind
        if kind == "td":
            rows.setdefault(_parent(block.locator), []).append(block.text)
        else:
            items.append(block.text)
        if len(items) + len(rows) > 300:
            break
    for cells in rows.values():
        best = next((c for c in cells if place_kind(c) == "named"), None)
        best = best or next((c for c in cells if place_kind(c)), None)
        if best:
            items.append(best)
    return items, end


def _sort(items: Sequence[str]) -> tuple[list[str], list[str]]:
    named, areas = [], []
    for item in items:
        kind = place_kind(item)
        if kind == "named":
            named.append(clean_item(item))
        elif kind == "area":
            areas.append(clean_item(item))
    return list(dict.fromkeys(named)), list(dict.fromkeys(areas))


def find_lists(source: Source) -> Iterator[Places]:
    """Places listed after a cue, and lists of street-like items without one."""
    blocks = list(source.blocks)
    document = source.form == "document"
    used: set[int] = set()
    starts = [i for i, b in enumerate(blocks) if _is_cue(b)]
    if HEADING_CUE.search(source.title) and CAMERAS.search(source.title):
        starts.insert(0, -1)
    for start in starts:
        if start in used:
            continue
        items, end = _collect(blocks, start, document)
        used.update(range(start, end))
        named, areas = _sort(items)
        if not (named or areas):
            continue
        cue = blocks[start] if start >= 0 else blocks[0]
        locators = {_tag(b.locator) for b in blocks[start + 1 : end]}
        how = "lines" if document else ("table" if "td" in locators else "list")
        yield Places(how, named, areas, quote_around(cue.text, 0), cue.locator)
    yield from _uncued(blocks, used, {link.text for link in source.links})


def _uncued(blocks: Sequence[TextBlock], used: set[int], link_texts: set[str]) -> Iterator[Places]:
    """Lists and tables whose items mostly read like streets and places, with no heading announcing them."""
    groups: dict[str, list[int]] = {}
    for i, block in enumerate(blocks):
        tag = _tag(block.locator)
        if i in used or block.text in link_texts or tag not in ("li", "td"):
            continue
        key = _parent(block.locator) if tag == "li" else _parent(_parent(block.locator))
        groups.setdefault(key, []).append(i)
    for indexes in groups.values():
        texts = [blocks[i].text for i in indexes]
        placelike = [t for t in texts if place_kind(t) == "named" and PLACE.search(t) and len(t.split()) <= 6]
        if len(placelike) >= MIN_PLACES and len(placelike) >= 0.6 * len(texts):
            first = blocks[indexes[0]]
            how = "table" if _tag(first.locator) == "td" else "list"
            named = list(dict.fromkeys(clean_item(t) for t in placelike))
            yield Places(how, named, [], quote_around(first.text, 0), first.locator)


def find_inline(sentence: str, heading: str) -> tuple[list[str], list[str]] | None:
    """Places named in one sentence about where cameras are: "cameras are located at A, B and C"."""
    if not (CAMERAS.search(sentence) or HEADING_CUE.search(heading)):
        return None
    match = INLINE.search(sentence)
    if not match or NOT_COUNTED.search(sentence[max(0, match.start() - 60) : match.end()]):
        return None  # "ANPR cameras in some of our car parks" places another system, not public-space CCTV
    tail = sentence[match.end() :]
    stop = TAIL_END.search(tail)
    tail = tail[: stop.start()] if stop else tail
    items = [i for i in ITEM_SPLIT.split(tail) if i.strip()]
    named, areas = _sort(items)
    return (named, areas) if named or areas else None


def _link_block(link: Link, blocks: Sequence[TextBlock]) -> TextBlock | None:
    if link.text:
        found = next((b for b in blocks if link.text in b.text), None)
        if found:
            return found
    return next((b for b in blocks if b.level and b.text == link.heading), None)


def find_maps(source: Source) -> Iterator[tuple[str | None, TextBlock, str]]:
    """Maps of camera locations: a link to one from the content, or text that shows or points to one."""
    seen: set[str] = set()
    for link in source.links:
        url = unquote(link.url)
        is_map = MAP.search(link.text) or MAP_URL.search(url)
        about = MAP_SUBJECT.search(f"{link.text} {urlsplit(url).path}") or HEADING_CUE.search(link.heading)
        if is_map and about and not NOT_SHOWN.search(link.text):
            block = _link_block(link, source.blocks)
            if block is not None and block.locator not in seen:
                seen.add(block.locator)
                yield link.url, block, quote_around(block.text, max(0, block.text.find(link.text)))
    for sentence, block in source.sentences():
        if block.locator in seen:
            continue
        if MAP.search(sentence) and MAP_SUBJECT.search(sentence) and not NOT_SHOWN.search(sentence):
            seen.add(block.locator)
            yield None, block, quote_around(block.text, max(0, block.text.find(sentence)))


def find_counts(sentence: str) -> Iterator[tuple[int, str]]:
    """Camera counts in one sentence, not counting body-worn, ANPR or vehicle cameras."""
    for match in COUNT.finditer(sentence):
        if NOT_COUNTED.search(match.group(0)):
            continue
        raw = (match.group(1) or match.group(2)).lower()
        number = int(raw) if raw.isdigit() else WORD_NUMBERS.get(raw, 0)
        if number >= 2:
            yield number, match.group(0)


def _places_fact(source: Source, places: Places) -> ExtractedFact:
    value = {"kind": "sites", "how": places.how, "sites": (places.named + places.areas)[:12],
             "count": len(places.named), "map_url": None}  # fmt: skip
    return source.fact("camera_locations", value, places.quote, places.locator, "extract_locations")


MAX_PER_SOURCE = 5
"""Sentences naming places, and camera counts, kept per source: a long policy repeats them."""


@extractor("extract_locations")
def locations(source: Source) -> Iterator[ExtractedFact]:
    for places in find_lists(source):
        yield _places_fact(source, places)
    inline_seen: set[tuple[str, ...]] = set()
    counts: dict[int, ExtractedFact] = {}
    withheld = False
    for sentence, block in source.sentences():
        quote = quote_around(block.text, max(0, block.text.find(sentence)))
        inline = find_inline(sentence, block.heading)
        key = tuple(inline[0] + inline[1]) if inline else ()
        if inline and key not in inline_seen and len(inline_seen) < MAX_PER_SOURCE:
            inline_seen.add(key)
            yield _places_fact(source, Places("sentence", inline[0], inline[1], quote, block.locator))
        if not withheld and WITHHELD.search(sentence):
            withheld = True
            value = {"kind": "withheld", "how": "text", "sites": [], "count": 0, "map_url": None}
            yield source.fact("camera_locations", value, quote, block.locator, "extract_locations")
        for number, phrase in find_counts(sentence):
            if number not in counts:
                at = quote_around(block.text, max(0, block.text.find(phrase)))
                counts[number] = source.fact("camera_count", {"cameras": number, "phrase": phrase}, at,
                                             block.locator, "extract_locations")  # fmt: skip
    # The largest counts are the totals; per-site counts in a long table add nothing.
    yield from (counts[n] for n in sorted(counts, reverse=True)[:MAX_PER_SOURCE])
    for url, block, quote in find_maps(source):
        value = {"kind": "map", "how": "link" if url else "text", "sites": [], "count": 0, "map_url": url}
        yield source.fact("camera_locations", value, quote, block.locator, "extract_locations")
