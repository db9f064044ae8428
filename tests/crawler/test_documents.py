"""Document kinds and text out of real PDFs, DOCX and ODT files, from data/documents*.json.

PDFs are written by ``fixtures.pdfgen``; DOCX and ODT files are built here with zipfile, so every case is a
real file that a council could publish, broken in the ways real downloads are.
"""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from crawler.documents import document_kind, extract_document
from fixtures.pdfgen import write_pdf

WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def build_docx(paragraphs: list[list[str]]) -> bytes:
    """A minimal Word file: one ``w:p`` per paragraph, one ``w:r`` run per string."""
    body = "".join(
        "<w:p>" + "".join(f'<w:r><w:t xml:space="preserve">{escape(run)}</w:t></w:r>' for run in runs) + "</w:p>"
        for runs in paragraphs
    )
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{WORD_NS}"><w:body>{body}</w:body>'
    document += "</w:document>"
    return _zip({"[Content_Types].xml": DOCX_TYPES, "word/document.xml": document})


def build_odt(heading: str, paragraphs: list[list[str]]) -> bytes:
    """A minimal OpenDocument text: a ``text:h`` then ``text:p`` paragraphs, later strings in ``text:span``."""
    body = f'<text:h text:outline-level="1">{escape(heading)}</text:h>'
    for first, *spans in paragraphs:
        body += f"<text:p>{escape(first)}" + "".join(f"<text:span>{escape(s)}</text:span>" for s in spans) + "</text:p>"
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{ODF_OFFICE}" '
        f'xmlns:text="{ODF_TEXT}"><office:body><office:text>{body}</office:text></office:body>'
        "</office:document-content>"
    )
    return _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": content})


def build(given: dict[str, Any], tmp_path: Path) -> tuple[str, bytes]:
    """The kind and bytes a case describes."""
    make = given["make"]
    if make == "pdf":
        body = write_pdf(tmp_path / "document.pdf", given["pages"], given.get("title")).read_bytes()
        if "cut" in given:
            body = body[: int(len(body) * given["cut"])]
        return "pdf", body
    if make == "docx":
        return "docx", build_docx(given["paragraphs"])
    if make == "odt":
        return "odt", build_odt(given["heading"], given["paragraphs"])
    if make == "zip":
        return given["kind"], _zip(given["members"])
    if make == "bytes":
        body = base64.b64decode(given["body_base64"]) if "body_base64" in given else given["text"].encode()
        return given["kind"], body
    raise ValueError(f"unknown make {make!r}")


@pytest.mark.table("documents_kind.json")
def test_document_kind(case: dict[str, Any]) -> None:
    given = case["input"]
    assert document_kind(given["url"], given["content_type"]) == case["expected"], case.get("why", "")


@pytest.mark.table("documents.json")
def test_extract_document(case: dict[str, Any], tmp_path: Path) -> None:
    kind, body = build(case["input"], tmp_path)
    url = f"https://www.bromsgrove.gov.uk/media/document.{kind}"
    document = extract_document(url, body, kind)
    expected, why = case["expected"], case.get("why", "")
    assert (document.url, document.kind) == (url, kind)
    assert document.error == expected["error"], why
    if "pages" in expected:
        assert document.pages == expected["pages"], why
    if "title" in expected:
        assert document.title == expected["title"], why
    # Where sentences land, not how the text is cut into blocks: each expected text is inside a block on its page.
    for text, locator in expected.get("located", []):
        assert any(text in b.text for b in document.blocks if b.locator == locator), f"{text!r} not on {locator}"
    numbers = [int(b.locator.removeprefix("page ")) for b in document.blocks]
    assert numbers == sorted(numbers) and all(1 <= n <= len(document.pages) for n in numbers)
    assert document.text == "\f".join(document.pages)


def test_pdf_page_numbers_follow_the_pages(tmp_path: Path) -> None:
    """Each block's ``page N`` is the page its text is printed on, over a longer document."""
    pages = [f"# Section {n}\nThis is page {n} of the CCTV code." for n in range(1, 13)]
    body = write_pdf(tmp_path / "code.pdf", pages).read_bytes()
    document = extract_document("https://www.bromsgrove.gov.uk/code.pdf", body, "pdf")
    assert document.error is None
    assert len(document.pages) == 12
    for block in document.blocks:
        number = int(block.locator.removeprefix("page "))
        assert f"page {number} of" in block.text or block.text == f"Section {number}", block


@pytest.mark.parametrize("fraction", [0.1, 0.25, 0.5, 0.75, 0.9, 0.99])
def test_truncated_pdf_never_raises(fraction: float, tmp_path: Path) -> None:
    pages = ["# CCTV policy\nRecordings are kept for 31 days.", "Contact cctv@bromsgrove.gov.uk."]
    body = write_pdf(tmp_path / "p.pdf", pages).read_bytes()
    document = extract_document("https://x.gov.uk/p.pdf", body[: int(len(body) * fraction)], "pdf")
    assert document.error is not None, "a cut-off PDF is never reported as sound"
