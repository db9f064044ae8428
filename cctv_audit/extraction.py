"""Facts from a response's bytes: one place that the crawl, ``rescore`` and ``check --file`` all use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from crawler.documents import DocumentText, extract_document
from crawler.extract.facts import ExtractedFact, PageFacts, extract_facts
from crawler.items import FetchedPage
from crawler.pages import HtmlPage


@dataclass
class Extracted:
    """What one fetched response says, ready to store: its text, and the facts found in it."""

    title: str | None = None
    text: str | None = None
    """The page's readable text or the document's text (pages joined by form feeds); None for an error page."""
    page_count: int | None = None
    """A document's page count."""
    error: str | None = None
    """Why a document has no text (``encrypted``, ``HTTP 404``…)."""
    facts: list[ExtractedFact] = field(default_factory=list)
    classified: bool = False
    """Whether the classifier ran (not on error pages or documents without text)."""
    surveillance: bool = False
    """Whether the classifier judged it surveillance content."""
    reasons: tuple[str, ...] = ()
    """The classifier's reasons."""


def html_facts(page: HtmlPage, anchor: str = "") -> PageFacts:
    """Classify an HTML page and extract facts from its surveillance content."""
    return extract_facts(
        page.url,
        page.title,
        page.h1,
        page.blocks,
        anchor=anchor,
        links=page.content_links,
        lang=page.lang,
        alternates=page.alternates,
        images=page.content_images,
    )


def document_facts(url: str, body: bytes, kind: str, anchor: str = "") -> tuple[DocumentText, PageFacts | None]:
    """Read a document and, when it has text, classify it and extract facts."""
    doc = extract_document(url, body, kind)
    if not doc.pages:
        return doc, None
    return doc, extract_facts(url, doc.title, "", doc.blocks, document=True, anchor=anchor)


def response_facts(
    url: str, kind: str, body: bytes, headers: Mapping[str, str] | None = None, anchor: str = ""
) -> PageFacts | None:
    """Facts from a stored or local response: ``kind`` is ``html`` or a document kind (pdf, docx, odt)."""
    if kind == "html":
        return html_facts(HtmlPage(url, body, headers), anchor)
    return document_facts(url, body, kind, anchor)[1]


def extract_response(
    url: str,
    kind: str,
    status: int,
    body: bytes,
    headers: Mapping[str, str] | None = None,
    anchor: str = "",
    page: HtmlPage | None = None,
) -> Extracted:
    """Everything the crawl stores about one response besides its metadata.

    A pure function of the response, so a sweep can run it in a worker process (cctv_audit/extraction_pool.py);
    ``page`` is the already parsed HTML page, when the caller has one, to save parsing it again.
    """
    if kind == "html":
        page = page or HtmlPage(url, body, headers, status)
        if status >= 400:
            return Extracted(title=page.title)
        found = html_facts(page, anchor)
        return Extracted(
            title=page.title,
            text=page.text,
            facts=found.facts,
            classified=True,
            surveillance=found.classification.is_surveillance,
            reasons=found.classification.reasons,
        )
    if status >= 400:
        return Extracted(error=f"HTTP {status}")
    doc, in_doc = document_facts(url, body, kind, anchor)
    extracted = Extracted(title=doc.title, text=doc.text, page_count=len(doc.pages), error=doc.error)
    if in_doc is not None:
        extracted.facts = in_doc.facts
        extracted.classified = True
        extracted.surveillance = in_doc.classification.is_surveillance
        extracted.reasons = in_doc.classification.reasons
    return extracted


def extract_fetched(item: FetchedPage) -> Extracted:
    """:func:`extract_response` of a fetched response, reusing its parsed page when it still has one."""
    return extract_response(item.final_url, item.kind, item.status, item.body, item.headers, item.anchor, item.page)
