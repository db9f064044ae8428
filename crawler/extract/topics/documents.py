"""What each piece of surveillance content *is* — code of practice, annual report, privacy notice, DPIA,
self-assessment, agreement — with its dates; and links to and mentions of such documents (C04, C09, C10, C14,
C16, C20, C25).

The kind is read from what names the source — a document by its cover headings, metadata title, the link text
that led to it and its file name; a page by its title, main heading and URL (never by a menu's link text) —
and only when one of them also names the cameras (a "Data protection policy" whose first page mentions CCTV
is not a CCTV policy). Sections of general pages are not classified. The national Surveillance Camera Code,
the ICO's guidance and other external guidance are recognised and reported as ``guidance``, so a link to them
never passes for the council's own code of practice.

Facts and their value keys:

- ``document`` — one per page or document whose subject is a key document: ``kind`` (``code_of_practice`` —
  a code of practice or policy —, ``annual_report``, ``privacy_notice``, ``dpia``, ``self_assessment``,
  ``agreement`` or ``guidance``), ``label`` (the words that named it), ``signal`` (``title``, ``heading``,
  ``anchor`` or ``url``), ``title``; and, except for ``guidance``: ``date`` (the newest approval, review,
  version, publication, update or issue date, ISO, or null), ``review`` (ISO dates labelled only "Review
  date", which councils use for the last and the next review alike: the rules compare them with the audit
  date), ``next_review`` (ISO or null), ``period`` and ``period_end`` (for an annual report, the reporting
  period as written and its last day, ISO; else null), ``dates`` (up to eight ``{role, date, phrase,
  where}``; ``where`` is ``text``, ``title``, ``anchor`` or ``url``).
- ``document_date`` — one per date read from the text of a key document, for evidence: ``kind``, ``role``,
  ``date`` (ISO), ``precision``, ``phrase``.
- ``document_link`` — a link in surveillance content whose text or file name names a key document: ``kind``,
  ``label``, ``target`` (the URL), ``text``, ``date``, ``period``, ``period_end`` (as for ``document``, from
  the link text and file name).
- ``document_mention`` — a sentence saying a key document exists but is available only on request: ``kind``,
  ``on_request`` (true).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from crawler.extract.dates import FoundDate, extract_dates, extract_periods, label_role
from crawler.extract.registry import extractor
from crawler.extract.sentences import block_of_link, iter_sentences, negated, quote_at
from crawler.extract.source import ExtractedFact, Source
from crawler.extract.terms import SURVEILLANCE
from crawler.pages import TextBlock


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# In order of precedence: "Privacy impact assessment" is a DPIA, not a privacy notice; "CCTV privacy policy" is a
# privacy notice, not a CCTV policy; "Self-assessment against the Code of Practice" is a self-assessment.
KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("dpia", _re(r"\b(?:data protection|privacy) impact assessments?\b|(?-i:\bDPIAs?\b|\bPIAs?\b)|"
                 r"\basesiad(?:au)? (?:o'r )?effaith (?:ar )?(?:ddiogelu data|diogelu data|breifatrwydd|"
                 r"preifatrwydd)")),
    ("self_assessment", _re(r"\bself[- ]?assess(?:ments?|ed)\b|(?-i:\bSAT\b)|\bhunan[- ]?asesiad\w*|"
                            r"\bcompliance (?:statement|assessment|review) against\b")),
    ("privacy_notice", _re(r"\bprivacy (?:notices?|statements?|polic(?:y|ies)|information)\b|"
                           r"\bfair processing notice\b|\bhysbysiad preifatrwydd\b|\bdatganiad preifatrwydd\b")),
    ("annual_report", _re(r"\bannual (?:reports?|reviews?|statements?|updates?|performance reports?)\b|"
                          r"\b(?:yearly|end of year) (?:reports?|reviews?)\b|\breview of the year\b|"
                          r"\badroddiad(?:au)? blynyddol\b|\badolygiad(?:au)? blynyddol\b")),
    ("agreement", _re(r"\b(?:information|data) sharing (?:agreements?|protocols?)\b|\bservice level agreements?\b|"
                      r"\bmemorandum of understanding\b|(?-i:\b(?:ISA|DSA|SLA|MOU|MoU)\b)|\bprotocol\b|"
                      r"\bpartnership agreement\b|\bcytundeb\b|\bprotocol rhannu\b")),
    ("code_of_practice", _re(r"\bcodes? of practice\b|\bpolicy\b|\bpolicies\b|\bpolicy statement\b|"
                             r"\b(?:c|ch|g)od(?:au)? ymarfer\b|\bpolisi\b")),
]  # fmt: skip
NATIONAL = _re(
    r"\bsurveillance camera code of practice\b|\bcode of practice for surveillance cameras?\b|"
    r"\bsurveillance camera commissioner'?s? code\b|\bhome office\b|\bsecretary of state\b|"
    r"\bpresented to parliament\b|\bpursuant to section 30\b|\bin the picture\b|\bvideo surveillance guidance\b|"
    r"\bico'?s? (?:cctv )?code\b|\bdata protection code of practice for surveillance cameras\b|"
    r"\bcod ymarfer camer[aâ]u gwyliadwriaeth\b"
)
"""Names of the national code and the regulators' guidance, which are not the council's own documents."""
CODE = _re(r"\bcodes? of practice\b|\b(?:c|ch|g)od ymarfer\b")
OWN = _re(
    r"\bour\b|\bpublic[- ]space\b|\bcouncil\b|\bcyngor\b|\bborough\b|\bdistrict\b|\bcounty\b|\bcity\b|"
    r"\bpartnership\b"
)
"""Words that make a document named like the national code the council's own: "our", the council, or the
qualifier "public space" (the national code is never called "Public Space Surveillance Camera Code of
Practice"; councils often call theirs that)."""
EXTERNAL_HOSTS = ("gov.uk", "www.gov.uk", "assets.publishing.service.gov.uk", "ico.org.uk", "www.ico.org.uk",
                  "legislation.gov.uk", "www.legislation.gov.uk")  # fmt: skip
SIGNATURE = _re(r"\bpresented to parliament\b|\bpursuant to section 30\b|\blaid before parliament\b")
"""Words on the cover of the national code, wherever it is hosted."""
COVERT = _re(r"\bcovert\b|\bRIPA\b|investigatory powers|directed surveillance")
URL_SURVEILLANCE = _re(
    r"cctv|closed.circuit|surveillance.camera|public.space.camera|teledu.cylch|body.worn|anpr|\btcc\b"
)
LISTING = _re(r"\bpolicies\b|\bcodes of practice\b|\bpolis[iï]au\b|\bcodau ymarfer\b")
"""A page named for several policies ("CCTV policies and reports") lists documents; it is not one of them."""
PASSING_LINK = _re(r"\bguidance\b|\btemplate\b|\bhow to\b|\bcanllawiau\b")
"""Link text that points at advice about a kind of document, not at the council's own one."""
ON_REQUEST = _re(
    r"\bavailable (?:up)?on request\b|\b(?:up)?on request\b|\bcan be requested\b|\bcopy (?:of\b.{0,60})?(?:is|can "
    r"be) (?:obtained|requested|made available)|\bcontact\b.{0,60}\bfor a copy\b|\brequest a copy\b|\bar gais\b"
)
EXTERNAL_CONTEXT = _re(
    r"\bparliament\b|\bhome office\b|\bsecretary of state\b|\bcommissioner\b|\bact\b|\bregulations?\b|\bgdpr\b|"
    r"\bsurveillance camera code\b|\bamended code\b|\bcertification scheme\b|\bscheme closed\b"
)
"""Sentences about the law, the national code or the certification scheme: their dates are not the document's."""
DOCUMENT_CONTROL = _re(r"document (?:control|history|information|details)|version (?:control|history)|"
                       r"revision history|change (?:log|history)|rheoli dogfen")  # fmt: skip
VERSION_ROW = re.compile(r"^\s*(?:v(?:ersion)?\.?\s*)?\d{1,2}(?:\.\d{1,2}){1,2}\s+$", re.I)
VERSION_CELL = re.compile(r"^(?:v(?:ersion)?\.?\s*)?\d{1,2}(?:\.\d{1,2}){0,2}$", re.I)
PAGE_STAMP = _re(r"\b(?:page\s+)?(?:last\s+)?(?:updated|modified|diweddarwyd)(?:\s+on)?\s*[:–-]?\s*$")
"""A web page's "Last updated: 05.09.2025": when the CMS last touched the page, not a version, approval or review
date of the code or report it carries (criteria.md C04)."""
OWN_ROLES = frozenset({"approved", "reviewed", "version", "published", "updated", "effective", "dated"})
OPENING = 8
"""How many blocks at the top of a document are its cover page, where an unlabelled date dates it."""
DOCUMENT_FILE = re.compile(r"\.(?:pdf|docx?|odt)$", re.I)
MAX_DATES = 8
MAX_LINKS = 40
"""A page listing every year's report links them all; forty is more than any council publishes."""


@dataclass(frozen=True)
class Kind:
    """What a source is, the words that say so, and where they were seen."""

    kind: str
    label: str
    signal: str
    quote: str
    locator: str


def kind_of(text: str) -> tuple[str, str] | None:
    """The kind of key document ``text`` (a title, heading, link text or file name) names, and the words."""
    for kind, pattern in KINDS:
        match = pattern.search(text)
        if match and not (kind == "code_of_practice" and COVERT.search(text)):
            return kind, match.group(0)
    return None


def is_external(url: str, text: str = "") -> bool:
    """Whether ``url`` or ``text`` is the national code or the regulators' guidance, not a council document."""
    host = (urlsplit(url).hostname or "").lower()
    if host in EXTERNAL_HOSTS:
        return True
    return bool(NATIONAL.search(text)) and not OWN.search(_strip_site_name(text))


def _strip_site_name(title: str) -> str:
    """A page title without the site name after its last separator ("CCTV policy | Anytown Council")."""
    return re.split(r"\s+[|–—-]\s+(?=[^|–—-]*$)", title)[0]


def file_words(url: str) -> str:
    """The file or last path segment of ``url`` as words: ``CCTV_Annual_Report_2023-24.pdf`` → words."""
    segment = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    segment = re.sub(r"\.(?:pdf|docx?|odt|html?|aspx?|php)$", "", segment, flags=re.I)
    return re.sub(r"[_+]|(?<=[a-z])-(?=[a-z])", " ", segment, flags=re.I).strip()


def _names_cameras(text: str) -> bool:
    return bool(SURVEILLANCE.search(text) or URL_SURVEILLANCE.search(text))


def _title_locator(source: Source) -> tuple[str, str]:
    """The title as quoted evidence: a document without a title of its own is named by its first block."""
    if source.blocks and source.title == source.blocks[0].text:
        return source.blocks[0].text, source.blocks[0].locator
    return source.title, "title"


def naming_blocks(source: Source) -> list[TextBlock]:
    """The blocks that name a source: a page's main heading, or the short lines of a document's cover."""
    if source.form == "document":
        return [b for b in source.blocks[:6] if b.level and len(b.text) <= 150 and b.locator == "page 1"]
    return [b for b in source.blocks[:5] if b.level == 1]


def classify_source(source: Source) -> Kind | None:
    """The kind of key document ``source`` is, or None; ``guidance`` for the national code and the like.

    A document is named first by its cover (PDF metadata titles are often left over from a template), then
    by its title, the link text that led to it and its file name; a page by its title, main heading and URL,
    never by the link text (a menu's "CCTV policy" link may lead to the general CCTV page).
    """
    if source.form == "section":
        return None
    title, title_locator = _title_locator(source)
    opening = " ".join(b.text for b in source.blocks[:12])[:800]
    guidance = Kind("guidance", "national guidance", "title", title[:300], title_locator)
    if is_external(source.url) or SIGNATURE.search(opening):
        return guidance
    first = source.blocks[0] if source.blocks else None
    fallback = (title, title_locator) if title else ((first.text, first.locator) if first else ("", ""))
    named_by_title = ("title", _strip_site_name(title), title, title_locator)
    heads = [("heading", b.text, b.text, b.locator) for b in naming_blocks(source)]
    signals = [*heads, named_by_title] if source.form == "document" else [named_by_title, *heads]
    if source.anchor and source.form == "document":
        signals.append(("anchor", source.anchor, *fallback))
    signals.append(("url", file_words(source.url), *fallback))
    if not (any(_names_cameras(text) for _, text, _, _ in signals) or _names_cameras(source.url)):
        return None
    national = False
    for signal, text, quote, locator in signals:
        found = kind_of(text)
        if found and found[0] == "code_of_practice" and is_external("", text):
            national = True  # the national code by name: look on for what else names it (a self-assessment)
            continue
        if found and found[0] == "code_of_practice" and source.form != "document" and LISTING.search(text):
            continue  # a page of CCTV documents: its links are the code of practice, not the page
        if found and quote:
            return Kind(found[0], found[1], signal, quote[:300], locator)
    return guidance if national else None


def label_of(block: TextBlock | None) -> str | None:
    """The role a table cell or term names for the date in the cell after it ("Date approved" | "12/03/2024")."""
    if block is None or len(block.text) > 40:
        return None
    if VERSION_CELL.match(block.text):
        return "version"
    if extract_dates(block.text):
        return None
    return label_role(block.text)


def text_dates(source: Source) -> Iterator[tuple[FoundDate, TextBlock]]:
    """The dates that date the source itself, with their blocks.

    A labelled date counts anywhere except in a sentence about the law, the national code or the certification
    scheme; an unlabelled one only on the cover, in a document-control table, or in the cell after a label.
    """
    previous: TextBlock | None = None
    for index, block in enumerate(source.blocks):
        for found in extract_dates(block.text):
            sentence = _sentence_at(block.text, found.start)
            if EXTERNAL_CONTEXT.search(sentence):
                continue
            role = found.role
            if role == "unlabelled" and VERSION_ROW.match(block.text[: found.start]):
                role = "version"  # a row of a version table read out of a PDF: "4.1 15/03/2024 J Smith"
            if role == "unlabelled":
                role = label_of(previous) or ""
                if not role and DOCUMENT_CONTROL.search(block.heading):
                    role = "version"
                if not role and index < OPENING and len(block.text) <= 80:
                    role = "dated"
            if role and role != "unlabelled":
                yield FoundDate(role, found.value, found.precision, found.phrase, found.start), block
        previous = block


def _sentence_at(text: str, start: int) -> str:
    begin = max(text.rfind(". ", 0, start), text.rfind("; ", 0, start)) + 1
    end = text.find(". ", start)
    return text[begin : end if end >= 0 else len(text)]


def _labelled(text: str, where: str) -> list[dict[str, Any]]:
    """Dates in a title, link text or file name: a bare year there dates the document ("CCTV Policy 2024")."""
    dates = []
    for found in extract_dates(text, years=True, two_digit_years=True):
        role = "dated" if found.role == "unlabelled" else found.role
        dates.append({"role": role, "date": found.value.isoformat(), "phrase": found.phrase, "where": where})
    return dates


def summarise_dates(dates: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """``date`` (newest own date), ``review`` (ambiguous review dates) and ``next_review`` from a date list."""
    own = [d["date"] for d in dates if d["role"] in OWN_ROLES]
    nexts = [d["date"] for d in dates if d["role"] == "next_review"]
    return {
        "date": max(own) if own else None,
        "review": sorted({d["date"] for d in dates if d["role"] == "review"}),
        "next_review": max(nexts) if nexts else None,
    }


def period_of(*texts: str) -> dict[str, Any]:
    """The reporting period named first in ``texts`` (title, headings, link text, file name)."""
    for text in texts:
        periods = extract_periods(text, years=True)
        if periods:
            latest = max(periods, key=lambda p: p.end)
            return {"period": latest.phrase, "period_end": latest.end.isoformat()}
    return {"period": None, "period_end": None}


@extractor("extract_documents")
def documents(source: Source) -> Iterator[ExtractedFact]:
    kind = classify_source(source)
    if kind is not None:
        yield from _document(source, kind)
    yield from _links(source)
    yield from _mentions(source)


def _document(source: Source, kind: Kind) -> Iterator[ExtractedFact]:
    if kind.kind == "guidance":
        named = {"kind": "guidance", "label": kind.label, "signal": kind.signal, "title": source.title[:200]}
        yield source.fact("document", named, kind.quote, kind.locator, "extract_documents")
        return
    dated: list[dict[str, Any]] = []
    evidence: list[ExtractedFact] = []
    for found, block in text_dates(source):
        if found.role == "updated" and source.form != "document" and PAGE_STAMP.search(block.text[: found.start]):
            continue  # the page's own stamp, not the document's date
        dated.append({"role": found.role, "date": found.value.isoformat(), "phrase": found.phrase, "where": "text"})
        when = {"kind": kind.kind, "role": found.role, "date": found.value.isoformat(),
                "precision": found.precision, "phrase": found.phrase}  # fmt: skip
        evidence.append(source.fact("document_date", when, quote_at(block.text, found.start), block.locator,
                                    "extract_documents"))  # fmt: skip
    dated += _labelled(_strip_site_name(source.title), "title")
    if source.anchor:
        dated += _labelled(source.anchor, "anchor")
    dated += _labelled(file_words(source.url), "url")
    period: dict[str, Any] = {"period": None, "period_end": None}
    if kind.kind == "annual_report":
        heads = [b.text for b in naming_blocks(source)]
        period = period_of(source.title, *heads, source.anchor, file_words(source.url))
        if period["period"] is None:
            period = period_of(" ".join(b.text for b in source.blocks[:OPENING]))
    value = {"kind": kind.kind, "label": kind.label, "signal": kind.signal, "title": source.title[:200],
             **summarise_dates(dated), **period, "dates": _unique(dated)[:MAX_DATES]}  # fmt: skip
    yield source.fact("document", value, kind.quote, kind.locator, "extract_documents")
    yield from evidence[:MAX_DATES]


def _unique(dates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for d in sorted(dates, key=lambda d: d["date"], reverse=True):
        if (d["role"], d["date"]) not in seen:
            seen.add((d["role"], d["date"]))
            kept.append(d)
    return kept


def _links(source: Source) -> Iterator[ExtractedFact]:
    seen: set[str] = set()
    for link in source.links:
        if len(seen) >= MAX_LINKS:
            return
        if link.url in seen or link.url.split("#")[0] == source.url:
            continue
        words = file_words(link.url)
        found = kind_of(link.text) or kind_of(words)
        if found is None and DOCUMENT_FILE.search(urlsplit(link.url).path) and len(link.text) <= 60:
            # "2023/24 (PDF)" under the heading "Annual reports": the heading names what the file is.
            found = kind_of(link.heading)
        if found is None or PASSING_LINK.search(link.text) or is_external(link.url, link.text):
            continue
        if found[0] == "code_of_practice" and not (_names_cameras(f"{link.text} {words}") or CODE.search(link.text)):
            continue  # "Council policies" in a related-links list is not the CCTV policy
        if found[0] == "code_of_practice" and LISTING.search(link.text) and not DOCUMENT_FILE.search(link.url):
            continue  # "CCTV policies and reports" leads to a page of documents, which the crawl reads itself
        context = f"{link.text} {words} {link.heading}"
        if source.form == "section" and not _names_cameras(context) and not _names_cameras(link.url):
            continue
        block = block_of_link(source.blocks, link) or block_of_link(source.page_blocks, link)
        if block is None:
            continue
        seen.add(link.url)
        dated = _labelled(link.text, "anchor") + _labelled(words, "url")
        period = period_of(link.text, words) if found[0] == "annual_report" else {"period": None, "period_end": None}
        value = {"kind": found[0], "label": found[1], "target": link.url, "text": link.text[:200],
                 "date": summarise_dates(dated)["date"], **period}  # fmt: skip
        start = block.text.find(link.text)
        yield source.fact("document_link", value, quote_at(block.text, max(start, 0)), block.locator,
                          "extract_documents")  # fmt: skip


def _mentions(source: Source) -> Iterator[ExtractedFact]:
    for sentence in iter_sentences(source.blocks):
        request = ON_REQUEST.search(sentence.text)
        if not request or negated(sentence.text, request.start()):
            continue
        # The document is named just before the request words: "A copy of our CCTV policy is available on
        # request", not "Footage is available on request in line with our policy".
        named = sentence.text[max(0, request.start() - 100) : request.start()]
        found = kind_of(named)
        if found is None or found[0] == "privacy_notice" or is_external("", sentence.text):
            continue
        if found[0] == "code_of_practice" and not (CODE.search(named) or _names_cameras(named)):
            continue
        start = sentence.block.text.find(sentence.text)
        yield source.fact("document_mention", {"kind": found[0], "on_request": True},
                          quote_at(sentence.block.text, max(start, 0) + request.start()), sentence.block.locator,
                          "extract_documents")  # fmt: skip
