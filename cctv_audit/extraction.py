"""Facts from a response's bytes: one place that the crawl, ``rescore`` and ``check --file`` all use."""

from __future__ import annotations

from collections.abc import Mapping

from crawler.documents import DocumentText, extract_document
from crawler.extract.facts import PageFacts, extract_facts
from crawler.pages import HtmlPage


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
