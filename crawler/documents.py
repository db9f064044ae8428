"""Text out of documents (PDF, DOCX, ODT), page by page, with failures recorded rather than raised."""

from __future__ import annotations

import io
import logging
import re
import time
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from crawler.pages import TextBlock, squash

logger = logging.getLogger(__name__)

MAX_DOCUMENT_PAGES = 200
MAX_PARSE_SECONDS = 20.0
"""Extraction stops after this long, between two pages, keeping the pages read (``too_slow``): a hostile PDF can
make one page costly, but not hold up a sweep's writer for long."""
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
}
DOCUMENT_EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".odt": "odt"}
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(£•-])")
_NUMBERED = re.compile(r"^\d+(?:\.\d+)*\.?\s+[A-Z]\S*(?:\s+\S+){0,8}$")
_LABEL = re.compile(r"^[A-Z][\w ]{0,30}:\s")
SHORT_LINE = 60
"""Lines shorter than this with no full stop are headings or labels, not wrapped prose."""


@dataclass(frozen=True)
class DocumentText:
    """A document's text, one string per page, or the reason there is none."""

    url: str
    kind: str
    pages: list[str] = field(default_factory=list)
    title: str = ""
    error: str | None = None
    """``encrypted``, ``truncated``, ``malformed``, ``too_many_pages``, ``too_slow``, ``too_large`` or ``empty``."""

    @property
    def text(self) -> str:
        return "\f".join(self.pages)

    @property
    def blocks(self) -> list[TextBlock]:
        """Sentence-sized blocks per page, located as ``page N``, each with the heading above it."""
        blocks: list[TextBlock] = []
        for number, page in enumerate(self.pages, 1):
            heading = ""
            for paragraph, is_heading in _paragraphs(page):
                if is_heading:
                    heading = paragraph[:200]
                for sentence in [paragraph] if is_heading else _SENTENCE.split(paragraph):
                    if sentence:
                        blocks.append(TextBlock(sentence, f"page {number}", heading, 2 if is_heading else 0))
        return blocks


def _paragraphs(page: str) -> list[tuple[str, bool]]:
    """Rejoin a page's wrapped lines into paragraphs; short unpunctuated lines stand alone.

    PDF text comes out one printed line at a time. A numbered or short line without a full stop is a heading
    or a label ("5. Retention", "Telephone: 01562 732928") and must not run into the next paragraph.
    """
    paragraphs: list[tuple[str, bool]] = []
    current: list[str] = []
    for raw in page.splitlines():
        line = squash(raw)
        if not line:
            if current:
                paragraphs.append((" ".join(current), False))
                current = []
            continue
        standalone = bool(_NUMBERED.match(line)) or (len(line) < SHORT_LINE and not line.endswith((".", ",")))
        if standalone:
            if current:
                paragraphs.append((" ".join(current), False))
                current = []
            paragraphs.append((line, not _LABEL.match(line)))
            continue
        current.append(line)
        if line.endswith((".", "!", "?")):
            paragraphs.append((" ".join(current), False))
            current = []
    if current:
        paragraphs.append((" ".join(current), False))
    return paragraphs


def document_kind(url: str, content_type: str | None) -> str | None:
    """``pdf``/``docx``/``odt`` from the content type, else from the URL's extension; None for other files."""
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in DOCUMENT_TYPES:
        return DOCUMENT_TYPES[mime]
    path = url.split("?", 1)[0].lower()
    for ext, kind in DOCUMENT_EXTENSIONS.items():
        if path.endswith(ext):
            return kind
    return None


def extract_document(url: str, body: bytes, kind: str) -> DocumentText:
    """Extract a document's text; a broken document yields an ``error``, never an exception."""
    try:
        if kind == "pdf":
            return _pdf(url, body)
        if kind in ("docx", "odt"):
            return _office(url, body, kind)
    except Exception as exc:  # a hostile document must never stop a sweep
        logger.info("could not read %s: %s", url, exc)
        return DocumentText(url, kind, error="malformed")
    return DocumentText(url, kind, error="unsupported")


def _pdf(url: str, body: bytes) -> DocumentText:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not body.lstrip()[:5].startswith(b"%PDF"):
        return DocumentText(url, "pdf", error="malformed")
    truncated = b"%%EOF" not in body[-2048:]
    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return DocumentText(url, "pdf", error="encrypted")
        deadline = time.monotonic() + MAX_PARSE_SECONDS
        pages: list[str] = []
        for page in reader.pages[:MAX_DOCUMENT_PAGES]:
            if time.monotonic() > deadline:
                logger.info("gave up reading %s after %g s, at page %d", url, MAX_PARSE_SECONDS, len(pages) + 1)
                return DocumentText(url, "pdf", pages, _pdf_title(reader), error="too_slow")
            pages.append(page.extract_text() or "")
        if len(reader.pages) > MAX_DOCUMENT_PAGES:
            return DocumentText(url, "pdf", pages, _pdf_title(reader), error="too_many_pages")
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        logger.info("broken PDF %s: %s", url, exc)
        return DocumentText(url, "pdf", error="truncated" if truncated else "malformed")
    if not any(p.strip() for p in pages):
        return DocumentText(url, "pdf", pages, _pdf_title(reader), error="truncated" if truncated else "empty")
    return DocumentText(url, "pdf", pages, _pdf_title(reader), error="truncated" if truncated else None)


def _pdf_title(reader: object) -> str:
    try:
        meta = reader.metadata  # type: ignore[attr-defined]
        return squash(str(meta.title)) if meta and meta.title else ""
    except Exception:
        return ""


_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _office(url: str, body: bytes, kind: str) -> DocumentText:
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        member = "word/document.xml" if kind == "docx" else "content.xml"
        info = archive.getinfo(member)
        if info.file_size > 50 * 1024 * 1024:
            return DocumentText(url, kind, error="too_large")
        root = ElementTree.fromstring(archive.read(member))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return DocumentText(url, kind, error="malformed")
    if kind == "docx":
        paragraphs = ["".join(t.text or "" for t in p.iter(f"{_WORD_NS}t")) for p in root.iter(f"{_WORD_NS}p")]
    else:
        paragraphs = ["".join(p.itertext()) for p in root.iter() if p.tag in (f"{_ODF_TEXT}p", f"{_ODF_TEXT}h")]
    text = "\n".join(p for p in paragraphs if p.strip())
    # Word-processor files have no fixed pages; the whole text is reported as page 1.
    return DocumentText(url, kind, [text], error=None if text.strip() else "empty")
