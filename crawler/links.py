"""How promising a link is for the focused crawl: an explainable 0–100 score that becomes a request priority.

A score starts at :data:`BASE_SCORE` (a link with nothing for or against it) and adds, each with a reason a
person can read in the crawl log:

- **terms** from the vocabularies below, found in the anchor text (full weight), in the URL's words (host, path
  and query: ``/community-safety/cctv`` reads "community safety cctv"; half weight) and in the heading the link
  sits under (0.3: on a real page the nearest heading above a footer link is often unrelated). Each label counts
  once per place; each place has a cap, so a long anchor that repeats every term cannot run away with it;
- **negative terms** (jobs, news, planning applications, licensing, bins, council tax, events, login, social
  media, print/share, pagination, home-CCTV advice, search, payments), which subtract and also cap the positive
  points at :data:`CAP_WHEN_NEGATIVE`: "CCTV operator vacancy" is a job advert whatever else it says, which is
  how ``criteria.md`` defines a passing mention;
- **the source page** (``source_kind``): links out of surveillance content lead to its policies, notices and
  partnership sites, so they get a boost, and documents linked from it get another;
- **depth**: beyond :data:`FREE_DEPTH` every level costs a few points, so weak navigation links stop being
  followed deep in a site while strong ones still are.

Vocabularies are data: ``(pattern, weight, label)`` rows, English and Welsh, compiled once at import (which
fails on a row the matcher cannot index). In a pattern a space means "any run of separators, or none", so one
row matches anchor text ("Community safety"), slugs (``community-safety``, ``communitysafety``) and query words
alike; ``\\b`` at the start of an alternative means it must start a word. Patterns are matched against
lower-cased text. Where two rows can match at the same place the earlier row wins, so longer phrases come first
("community safety" before "community"), which is why negatives sit between the medium and the weak terms
("council tax" must win over "your council").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from crawler.pages import Link

Term = tuple[str, float, str]

STRONG_TERMS: tuple[Term, ...] = (
    # The subject itself: a link naming it almost certainly leads to surveillance content or its documents.
    (r"cctv", 45, "cctv"),
    (r"\bclosed circuit (?:television|tv)\b", 45, "closed circuit television"),
    (r"surveillance cameras?", 45, "surveillance cameras"),
    (r"\bpublic spaces? (?:cameras?|cctv|surveillance)", 45, "public space cameras"),
    (r"\bcommunity safety cameras?|\btown cent(?:re|er) cameras?", 45, "community safety cameras"),
    (r"\bcamer[aâ]u diogelwch cymunedol|\bcamer[aâ]u canol (?:y )?dref", 45, "camerâu diogelwch cymunedol"),
    (r"\bbody ?worn (?:video|cameras?|cams?)|\bbodycams?\b|\bbwv\b", 45, "body worn video"),
    (r"\banpr\b|\bautomatic number plate recognition", 45, "anpr"),
    (r"\bteledu cylch (?:cyfyng|cae[eë]dig)", 45, "teledu cylch cyfyng"),
    (r"\btcc\b", 45, "tcc"),
    (r"camer[aâ]u", 45, "camerâu"),
    (r"\bsingle point of contact|\bspoc\b|\bpwynt cyswllt unigol", 45, "single point of contact"),
)
MEDIUM_TERMS: tuple[Term, ...] = (
    # The homes of CCTV information (criteria.md, C01) and the documents around it.
    (r"\bcommunity safety", 25, "community safety"),
    (r"\bdiogelwch cymunedol", 25, "diogelwch cymunedol"),
    (r"\bcrime prevention|\bprevent(?:ing|ion of)? crime", 25, "crime prevention"),
    (r"\batal troseddu?", 25, "atal troseddu"),
    # "Keeping safe", "Keeping our town centres safe", "Keep Bromsgrove safe": up to three words between.
    (r"\bkeep(?:ing)? (?:[a-z]+ ){0,3}safe\b|\bstay(?:ing)? safe", 25, "keeping safe"),
    (r"\bcadw n ddiogel", 25, "cadw'n ddiogel"),
    (r"\bsafer (?:communities|neighbourhoods|streets|towns?|places)", 25, "safer communities"),
    (r"\bcymunedau (?:mwy )?diogel(?:ach)?", 25, "cymunedau mwy diogel"),
    (r"\banti ?social behaviou?r|\basb\b", 25, "antisocial behaviour"),
    (r"\bymddygiad gwrthgymdeithasol", 25, "ymddygiad gwrthgymdeithasol"),
    # An index of every service's notices; before the row for one notice, which may be the corporate notice with
    # its CCTV section (a core term, followed once the main CCTV page is found; the index is not).
    (r"privacy notices|\bhysbysiadau preifatrwydd", 25, "privacy notices"),
    (r"privacy (?:notices?|statements?|polic(?:y|ies))", 25, "privacy notice"),
    (r"\bhysbysiad(?:au)? preifatrwydd", 25, "hysbysiad preifatrwydd"),
    (r"\bdata protection", 25, "data protection"),
    (r"\bdiogelu data", 25, "diogelu data"),
    (r"\btransparency", 25, "transparency"),
    (r"\btryloywder", 25, "tryloywder"),
    (r"\bparking enforcement|\bcivil (?:parking )?enforcement|\benforcement cameras?", 25, "parking enforcement"),
    (r"\bgorfodi parcio", 25, "gorfodi parcio"),
    (r"\bcontrol room|\bmonitoring cent(?:re|er)", 25, "control room"),
    (r"\bystafell reoli", 25, "ystafell reoli"),
    (r"\bcodes? of practice", 25, "code of practice"),
    (r"\bcod(?:au)? ymarfer", 25, "cod ymarfer"),
    (r"\bpolicies (?:and |& )?(?:plans )?(?:and |& )?strategies", 25, "policies and strategies"),
    (r"\bpolis[iï]au a strategaethau", 25, "polisïau a strategaethau"),
    (r"preifatrwydd", 20, "preifatrwydd"),
    (r"privacy", 20, "privacy"),
    (r"surveillance|gwyliadwriaeth", 20, "surveillance"),
    (r"\bcameras?\b", 20, "cameras"),
    (r"\binformation governance|\bllywodraethu gwybodaeth", 18, "information governance"),
    (r"\bfreedom of information|\brhyddid gwybodaeth|\bfoi\b", 15, "freedom of information"),
)
NEGATIVE_TERMS: tuple[Term, ...] = (
    # Subjects where CCTV is at most a passing mention, and links that are not pages at all.
    (
        r"\bjobs?\b|\bvacanc(?:y|ies)|\bcareers?\b|\brecruit(?:ment|ing)?\b|\bwork(?:ing)? for us|\bapprenticeships?|"
        r"\bswydd(?:i)?\b|\bgyrfaoedd|\brecriwtio|\bgweithio i ni",
        -40,
        "jobs",
    ),
    (r"\bnews\b|\bpress (?:releases?|office)|\bmedia releases?|\bnewyddion|\bdatganiad(?:au)? i r wasg", -35, "news"),
    (
        r"\bplanning applications?|\bplanning permission|\bceisiadau cynllunio|\bcais cynllunio",
        -40,
        "planning applications",
    ),
    (r"\bplanning\b|\bcynllunio\b", -15, "planning"),
    (r"\blicensing|\blicen[cs]es?\b|\btrwyddedu|\btrwydded(?:au)?\b", -35, "licensing"),
    (
        r"\bbins?\b|\bwaste\b|\brecycling|\brefuse\b|\brubbish|\bbiniau|\bgwastraff|\bailgylchu|\bsbwriel",
        -40,
        "bins and waste",
    ),
    (r"\bcouncil tax|\bbusiness rates|\btreth (?:y cyngor|gyngor)|\bardrethi busnes", -40, "council tax"),
    (
        r"\bevents?\b|\bwhat s on\b|\bcalendars?\b|\bdiary\b|\bdigwyddiad(?:au)?|\bcalendr|\bbeth sy n digwydd",
        -30,
        "events",
    ),
    (
        r"\blog ?in\b|\blog ?on\b|\bsign ?in\b|\bsign ?up\b|\bmy account|\baccount\b|\bmewngofnodi|\bfy nghyfrif|"
        r"\bcyfrif\b",
        -35,
        "login",
    ),
    (
        r"facebook|twitter|\bx com\b|instagram|youtube|\byoutu be|linkedin|tiktok|flickr|whatsapp|nextdoor|"
        r"\bfollow us|\bdilynwch ni",
        -40,
        "social media",
    ),
    # "rhannu" alone is not here: "cytundeb rhannu gwybodaeth" is the police information-sharing agreement.
    (r"\bprint\b|\bshare\b|\bemail this page|\bbookmark|\bargraffu|\brhannwch\b", -40, "print/share"),
    (
        r"^\W*(?:next|previous|prev|nesaf|blaenorol)\b.{0,12}$|^\W*(?:first|last|cyntaf|olaf)\W*$|^\W*\d{1,4}\W*$|"
        r"^[«»‹›<>\W]+$|\bpage \d+\b|\btudalen \d+\b|\bload more|\bshow more|\bmwy o ganlyniadau",
        -30,
        "pagination",
    ),
    (
        r"\bhome (?:cctv|cameras?|security)|\bdomestic (?:cctv|cameras?)|\bprivate (?:cctv|cameras?)|"
        r"\byour own (?:cctv|cameras?)|\bdoorbell|\bneighbou?rs?\b|\bcymdog(?:ion)?\b|\byn y cartref",
        -30,
        "home cctv advice",
    ),
    (r"\bsearch\b|\bchwilio\b", -20, "search"),
    # A service's own privacy notice (housing, elections…) says nothing about cameras; parking and
    # enforcement notices stay in, since they often cover ANPR and body-worn video.
    (
        r"\bhousing\b|\bhomeless|\bbenefits?\b|\belections?\b|\belectoral|\bvoting\b|\bleisure\b|"
        r"\blibrar(?:y|ies)\b|\bschools?\b|\badmissions\b|\bsocial care\b|\bcustomer services?\b|"
        r"\benvironmental health|\bcemeter(?:y|ies)\b|\bcrematori|\bregistrars?\b|\bfood\b|"
        r"\bcouncillors?\b|\bcommittees?\b|"
        r"\btai\b|\btâi\b|\bbudd[- ]daliadau|\betholiad(?:au)?|\bhamdden|\bllyfrgell|\bysgol(?:ion)?\b|"
        r"\bgofal cymdeithasol|\bcynghorwyr",
        -25,
        "another service",
    ),
    (r"\bpay\b|\bpayments?\b|\btalu\b", -15, "payments"),
)
WEAK_TERMS: tuple[Term, ...] = (
    # Navigation toward the homes: sections that hold community safety, data protection and transparency.
    (r"\bcrimes?\b|\btrosedd(?:au|u)?\b", 10, "crime"),
    (r"safety|\bdiogelwch\b", 10, "safety"),
    (r"\bcommunit(?:y|ies)\b|\bcymuned(?:au|ol)?\b", 10, "community"),
    (r"\bresidents?\b|\bpreswylwyr|\btrigolion", 10, "residents"),
    (
        r"\bcouncil services|\ball services|\bour services|\bgwasanaethau r cyngor|\bein gwasanaethau|"
        r"\bpob gwasanaeth",
        10,
        "council services",
    ),
    (
        r"\byour council|\babout the council|\bthe council|\bcouncil and democracy|\beich cyngor|\bam y cyngor|"
        r"\bcyngor a democratiaeth|\by cyngor\b",
        10,
        "your council",
    ),
    (r"\ba (?:to )?z\b|\ba (?:i )?y\b", 10, "a-z"),
    (r"\bsite ?map|\bmap o r wefan|\bmap (?:y )?safle", 10, "sitemap"),
    (r"\bdocuments?\b|\bdogfen(?:nau)?\b", 10, "documents"),
    (r"\bpublications?|\bcyhoeddiadau|\bcynllun cyhoeddi", 10, "publications"),
    (r"parking|\bparcio\b", 12, "parking"),
    (
        r"\btransport|\bstreets?\b|\broads?\b|\bhighways|\btrafnidiaeth|\bstrydoedd|\bffyrdd\b|\bpriffyrdd",
        10,
        "transport",
    ),
    (r"\bpolic(?:y|ies)|\bstrateg(?:y|ies)|\bpolis[iï](?:au)?|\bstrategaeth(?:au)?", 10, "policies"),
    (r"\bpolice\b|\bheddlu", 10, "police"),
    (r"\bpartnerships?|\bpartneriaeth(?:au)?", 8, "partnership"),
)
VOCABULARY: tuple[Term, ...] = STRONG_TERMS + MEDIUM_TERMS + NEGATIVE_TERMS + WEAK_TERMS
"""Every row, in matching order: at any place in the text the first row that matches wins."""

BASE_SCORE = 20.0
"""A link with nothing for or against it."""
RELEVANCE_THRESHOLD = 25.0
"""A link scoring above this is worth following; a site's crawl ends when no such link remains.

Between the base score and one weak term in the anchor (+10): navigation toward the homes of CCTV information
("Residents", "Your council", "A to Z", "Parking", "Community safety", "Privacy") passes, unrelated service
pages ("Housing", "Leisure centres", "Contact us") sit at the base and do not, and any negative term ("Council
tax", "Bins", "Jobs") pushes a link well below. A weak term only in the URL (+5) or the heading (+3) is not
enough on its own; every link out of surveillance content (+12) is.
"""
FIELD_FACTORS = {"anchor": 1.0, "url": 0.5, "heading": 0.3}
"""How much a term counts by where it is found."""
NEGATIVE_FACTORS = {"anchor": 1.0, "url": 0.8, "heading": 0.3}
"""How much a negative term counts by where it is found: a URL under /jobs/ is a job whatever its anchor says."""
FIELD_CAPS = {"anchor": 55.0, "url": 30.0, "heading": 15.0}
URL_NAVIGATION_CAP = 5.0
"""The most a URL with only navigation words (weak terms) adds."""
"""The most positive points one place can give."""
NEGATIVE_CAP = -60.0
"""The most negative points all places together can give."""
CAP_WHEN_NEGATIVE = 20.0
"""Positive points allowed when the anchor or URL names a negative subject."""
SOURCE_BOOSTS = {"surveillance": 12.0, "section": 6.0, "privacy": 6.0, "hub": 0.0, "other": 0.0}
"""By the kind of page the link is on: surveillance content, a general page with a CCTV section, a privacy
notices page, a hub (A–Z, sitemap: neutral, its links speak for themselves) or anything else."""
DOCUMENT_BOOST = 15.0
"""For a document (PDF, DOCX, ODT…) linked from surveillance content: its policy, code, report or notice."""
DOCUMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".odt", ".rtf")
FREE_DEPTH = 4
"""Links up to this many clicks from the start page cost nothing for their depth."""
DEPTH_PENALTY = 4.0
"""Points lost per level beyond ``FREE_DEPTH``."""

_SEPARATOR = r"[\W_]*"
_DOCUMENT_ANCHOR = re.compile(r"[(\[]\s*(?:pdf|docx?|odt|rtf)\b", re.IGNORECASE)
_URL_SEPARATORS = str.maketrans(dict.fromkeys("/-_.?&=+:;,~%!'\"()[]{}*@$|", " "))
_WORD = re.compile(r"[^\W_]+")
_META = frozenset(".^$*+?{}[]\\|() ")
_WORD_CHAR = re.compile(r"[^\W_]").match


# -- matching ------------------------------------------------------------------------------------------------
#
# One big alternation of every row is simple but slow in Python's regex engine (it tries every row at every
# character: ~90 µs for a URL). Instead each row is split into its top-level alternatives, and an alternative is
# only tried when the text can hold it: one that must start a word ("\bnews\b") when a word of the text starts
# with its first three letters (a set intersection), any other ("cctv", which also matches inside the host
# "northwalescctv") when its leading literal is a substring of the text. Alternatives anchored at the start
# ("^next") are tried at the start only. Overlaps are then settled as one alternation would: leftmost first,
# then the earlier row.


def _alternatives(pattern: str) -> list[str]:
    """The top-level ``|`` alternatives of a pattern."""
    parts, depth, start, i = [], 0, 0, 0
    in_class = False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _stem(alternative: str, label: str) -> tuple[str, bool]:
    """The literal an alternative must start with, and whether it must start a word (``\\b``)."""
    word_start = alternative.startswith(r"\b")
    i = 2 if word_start else 0
    literal = ""
    while i < len(alternative) and alternative[i] not in _META:
        literal += alternative[i]
        i += 1
    if i < len(alternative) and alternative[i] in "?*{" and literal:
        literal = literal[:-1]  # "crimes?": the s is optional
    whole_word = i == len(alternative) or alternative[i] == " " or alternative.startswith(r"\b", i)
    if not literal or (word_start and len(literal) < 3 and not whole_word):
        raise ValueError(f"term {label!r}: alternative {alternative!r} must start with a literal word")
    return literal, word_start


class _Group:
    """Alternatives tried together: one pattern whose numbered groups map back to vocabulary rows."""

    __slots__ = ("pattern", "rows")

    def __init__(self, alternatives: list[tuple[int, str]]) -> None:
        self.pattern = re.compile("|".join(f"({alternative})" for _, alternative in alternatives))
        self.rows = tuple(row for row, _ in alternatives)


def _index(rows: tuple[Term, ...]) -> tuple[dict[str, _Group], dict[str, _Group], _Group]:
    """Group the alternatives of every row: by the first three letters of a word they must start, by the
    literal they contain, or anchored at the start of the text; each group keeps vocabulary order."""
    by_word: dict[str, list[tuple[int, str]]] = {}
    by_substring: dict[str, list[tuple[int, str]]] = {}
    anchored: list[tuple[int, str]] = []
    for row, (pattern, weight, label) in enumerate(rows):
        if re.compile(pattern).groups:
            raise ValueError(f"term {label!r}: use (?:...) groups, a capturing group breaks the lookup")
        if not weight:
            raise ValueError(f"term {label!r}: weight must not be zero")
        for alternative in _alternatives(pattern):
            compiled = alternative.replace(" ", _SEPARATOR)
            if re.match(compiled, ""):
                raise ValueError(f"term {label!r}: alternative {alternative!r} matches empty text")
            if alternative.startswith("^"):
                anchored.append((row, compiled))
                continue
            literal, word_start = _stem(alternative, label)
            if word_start:
                # Without its leading \b the pattern starts with a literal, which the regex engine finds fast;
                # find_terms checks the word boundary itself.
                by_word.setdefault(literal[:3], []).append((row, compiled[2:]))
            else:
                by_substring.setdefault(literal, []).append((row, compiled))
    return (
        {key: _Group(group) for key, group in by_word.items()},
        {key: _Group(group) for key, group in by_substring.items()},
        _Group(anchored),
    )


_BY_WORD, _BY_SUBSTRING, _ANCHORED = _index(VOCABULARY)
_WORD_KEYS = frozenset(_BY_WORD)
_SUBSTRINGS = tuple(_BY_SUBSTRING.items())
_WEIGHTS = tuple(float(weight) for _, weight, _ in VOCABULARY)
_TOPICAL = len(STRONG_TERMS) + len(MEDIUM_TERMS)
"""Rows below this index are strong or medium terms (the vocabulary's order)."""
CORE_LABELS = frozenset(label for _, _, label in STRONG_TERMS) | {
    "privacy notice",
    "hysbysiad preifatrwydd",
    "privacy",
    "preifatrwydd",
    "surveillance",
    "cameras",
}
"""Terms that name the subject itself, or the privacy information that goes with it (a corporate privacy notice
often has the CCTV section): links with one of them are still worth following once the main CCTV page is found,
when navigation toward the homes of CCTV information (community safety, data protection…) no longer is."""
_CORE = frozenset(row for row, (_, _, label) in enumerate(VOCABULARY) if label in CORE_LABELS)
# Reason strings per place and row, made once: scoring a link formats nothing for the terms it finds.
_REASONS = {
    field: tuple(
        f"{field} {label!r} {weight * (FIELD_FACTORS if weight > 0 else NEGATIVE_FACTORS)[field]:+g}"
        for _, weight, label in VOCABULARY
    )
    for field in FIELD_FACTORS
}


def find_terms(text: str, *, url: bool = False) -> list[tuple[int, int, int]]:
    """Every ``(start, end, row)`` of ``VOCABULARY`` found in lower-cased ``text``, as one alternation would:
    leftmost first, the earlier row where two start at the same place, none inside another.

    ``url=True`` for :func:`url_words` output: its words are split on spaces alone, and patterns anchored at
    the start of the text (pagination: "Next »", "2") are not tried, as they are about anchor text.
    """
    found: list[tuple[int, int, int]] = []
    add = found.append
    if url:
        words = text.split()
    else:
        words = _WORD.findall(text)
        match = _ANCHORED.pattern.match(text)
        if match and match.lastindex:
            add((0, _ANCHORED.rows[match.lastindex - 1], match.end()))
    for key in {word[:3] for word in words} & _WORD_KEYS:
        group = _BY_WORD[key]
        for match in group.pattern.finditer(text):
            start = match.start()
            if start == 0 or not _WORD_CHAR(text[start - 1]):
                add((start, group.rows[(match.lastindex or 1) - 1], match.end()))
    for literal, group in _SUBSTRINGS:
        if literal in text:
            for match in group.pattern.finditer(text):
                add((match.start(), group.rows[(match.lastindex or 1) - 1], match.end()))
    if len(found) < 2:
        return [(start, stop, row) for start, row, stop in found]
    found.sort()
    kept: list[tuple[int, int, int]] = []
    end = 0
    for start, row, stop in found:
        if start >= end:
            kept.append((start, stop, row))
            end = stop
    return kept


def _rows(found: list[tuple[int, int, int]]) -> tuple[int, ...]:
    """The rows found, each once, in order of position."""
    rows: list[int] = []
    for _, _, row in found:
        if row not in rows:
            rows.append(row)
    return tuple(rows)


@lru_cache(maxsize=16384)
def _text_terms(text: str) -> tuple[int, ...]:
    """Rows in lower-cased anchor or heading text. Cached: menus repeat the same text on every page of a site."""
    return _rows(find_terms(text))


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


@lru_cache(maxsize=32768)  # the same menu URLs are scored on every page of a site
def url_words(url: str) -> str:
    """The words of a URL's host, path and query, lower-cased: ``https://x.gov.uk/cctv-policy?id=2`` reads
    ``x gov uk cctv policy id 2``."""
    text = url.split("#", 1)[0]
    # CamelCase paths (``/CrimeAndCommunitySafety/HousingPrivacyNotice.aspx``) are words too.
    text = _CAMEL.sub(" ", text).lower()
    scheme_end = text.find("://")
    if scheme_end >= 0:
        text = text[scheme_end + 3 :]
    if "%" in text:
        text = unquote(text)
    return text.translate(_URL_SEPARATORS)


def is_document(link: Link) -> bool:
    """Whether a link leads to a PDF, DOCX, ODT… by its path, or says so in its anchor ("Policy (PDF, 1 MB)")."""
    path = link.url.split("#", 1)[0].split("?", 1)[0].lower()
    return path.endswith(DOCUMENT_EXTENSIONS) or bool(_DOCUMENT_ANCHOR.search(link.text))


@dataclass(frozen=True, slots=True)
class LinkScore:
    """How promising a link is, 0–100, and why."""

    score: float
    reasons: tuple[str, ...] = ()
    topical: bool = False
    """Whether a strong or medium term matched (CCTV, privacy notice, community safety…), not only
    navigation words: the spider lets chains of merely navigational links die out."""
    core: bool = False
    """Whether the anchor or URL names the subject or a privacy notice (:data:`CORE_LABELS`), with no negative
    subject: once the main CCTV page is found, the spider follows only such links and links out of
    surveillance content."""

    @property
    def relevant(self) -> bool:
        """Whether the link is worth following (above :data:`RELEVANCE_THRESHOLD`)."""
        return self.score > RELEVANCE_THRESHOLD


def new_url_words(url: str, source_url: str | None) -> str:
    """The words of ``url`` that the page linking to it does not already have in its own URL.

    ``/community-safety/scams`` linked from ``/community-safety`` says "scams": the section slug describes
    where the link is, not where it leads.
    """
    words = url_words(url)
    if not source_url:
        return words
    inherited = set(url_words(source_url).split())
    return " ".join(w for w in words.split() if w not in inherited)


def score_link(link: Link, source_kind: str = "other", depth: int = 0, source_url: str | None = None) -> LinkScore:
    """Score ``link`` found on a page of kind ``source_kind`` (a key of :data:`SOURCE_BOOSTS`) at ``depth``.

    With ``source_url`` (the linking page), URL words the linking page's own URL already has do not count.
    """
    try:
        boost = SOURCE_BOOSTS[source_kind]
    except KeyError:
        raise ValueError(f"unknown source kind {source_kind!r}; expected one of {sorted(SOURCE_BOOSTS)}") from None
    reasons: list[str] = []
    positive = negative = 0.0
    vetoed = topical = core = False
    for field in ("anchor", "url", "heading"):
        if field == "url":
            found = _rows(find_terms(new_url_words(link.url, source_url), url=True))
        else:
            text = link.text if field == "anchor" else link.heading
            found = _text_terms(text.lower()) if text else ()
        if not found:
            continue
        gained = 0.0
        field_reasons = _REASONS[field]
        factor, negative_factor = FIELD_FACTORS[field], NEGATIVE_FACTORS[field]
        for index in found:
            weight = _WEIGHTS[index]
            if weight > 0:
                gained += weight * factor
                topical = topical or (field != "heading" and index < _TOPICAL)
                core = core or (field != "heading" and index in _CORE)
            else:
                negative += weight * negative_factor
                vetoed = vetoed or field != "heading"
            reasons.append(field_reasons[index])
        cap = FIELD_CAPS[field]
        if field == "url" and not any(i < _TOPICAL for i in found):
            # Navigation words in a slug alone ("/parking-and-transport/permits") are no reason to follow.
            cap = min(cap, URL_NAVIGATION_CAP)
        if gained > cap:
            reasons.append(f"{field} terms capped at +{cap:g}")
            gained = cap
        positive += gained
    if vetoed and positive > CAP_WHEN_NEGATIVE:
        reasons.append(f"negative subject: positive terms capped at +{CAP_WHEN_NEGATIVE:g}")
        positive = CAP_WHEN_NEGATIVE
    if negative < NEGATIVE_CAP:
        reasons.append(f"negative terms capped at {NEGATIVE_CAP:g}")
        negative = NEGATIVE_CAP
    total = BASE_SCORE + positive + negative
    if boost:
        total += boost
        reasons.append(f"on a {source_kind} page {boost:+g}")
    if source_kind == "surveillance" and is_document(link):
        total += DOCUMENT_BOOST
        reasons.append(f"document linked from surveillance content {DOCUMENT_BOOST:+g}")
    if depth > FREE_DEPTH:
        penalty = (depth - FREE_DEPTH) * DEPTH_PENALTY
        total -= penalty
        reasons.append(f"depth {depth} {-penalty:+g}")
    return LinkScore(round(min(max(total, 0.0), 100.0), 1), tuple(reasons), topical and not vetoed, core and not vetoed)


def priority(score: LinkScore, depth: int) -> int:
    """A Scrapy request priority (higher is fetched first): whole score points, then the shallower link.

    Scores are rounded to whole points so that near-equal links fall back on depth, and so the scheduler keeps
    a bounded number of priority queues (at most 101 × 100).
    """
    return round(score.score) * 100 - min(max(depth, 0), 99)
