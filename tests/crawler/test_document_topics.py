"""Key documents and what they contain, from whole pages and documents: one table per topic.

Each row's input is an HTML page (``url``, ``html``) or a document (``url``, ``pages``, optional ``title`` and
``anchor``), with the fact ``kinds`` the row is about; the expected facts are compared in order, on the value
keys each row names. Every quote must be exact and found where its locator points.
"""

from __future__ import annotations

from typing import Any

import pytest

from crawler.documents import DocumentText
from crawler.extract.facts import QUOTE_MAX, ExtractedFact, extract_facts
from crawler.pages import HtmlPage, squash


def _run(given: dict[str, Any]) -> tuple[list[ExtractedFact], dict[str, str]]:
    """The facts of the row's kinds, and where each locator's text is (for checking quotes)."""
    kinds = set(given["kinds"])
    if "html" in given:
        page = HtmlPage(given["url"], given["html"].encode())
        found = extract_facts(page.url, page.title, page.h1, page.blocks, links=page.content_links,
                              anchor=given.get("anchor", ""), lang=page.lang, images=page.content_images)  # fmt: skip
        located = {"title": page.title, "h1": page.h1}
        for fact in found.facts:
            if fact.locator not in located:
                nodes = page.tree.css(fact.locator)
                assert len(nodes) == 1, f"{fact.locator!r} selects {len(nodes)} elements"
                located[fact.locator] = squash(nodes[0].text(separator=" "))
    else:
        doc = DocumentText(given["url"], "pdf", given["pages"], given.get("title", ""))
        found = extract_facts(given["url"], doc.title, "", doc.blocks, document=True, anchor=given.get("anchor", ""))
        located = {"title": doc.title}
        for block in doc.blocks:
            located[block.locator] = located.get(block.locator, "") + "\n" + block.text
    return [f for f in found.facts if f.kind in kinds], located


def _compare(case: dict[str, Any]) -> None:
    facts, located = _run(case["input"])
    got = []
    for fact, want in zip(facts, case["expected"], strict=False):
        row: dict[str, Any] = {"kind": fact.kind, "value": {k: fact.value.get(k) for k in want.get("value", {})}}
        row.update({key: getattr(fact, key) for key in ("quote", "locator") if key in want})
        got.append(row)
    assert got == [{"value": {}, **want} for want in case["expected"]], case.get("why", "")
    assert len(facts) == len(case["expected"]), [(f.kind, f.value) for f in facts]
    for fact in facts:
        assert 0 < len(fact.quote) <= QUOTE_MAX
        assert fact.quote in located[fact.locator], f"{fact.quote!r} is not at {fact.locator!r}"


@pytest.mark.table("documents_kind_sources.json")
def test_document_kinds(case: dict[str, Any]) -> None:
    _compare(case)


@pytest.mark.table("privacy.json")
def test_privacy_notices(case: dict[str, Any]) -> None:
    _compare(case)


@pytest.mark.table("impact.json")
def test_impact_assessments(case: dict[str, Any]) -> None:
    _compare(case)


@pytest.mark.table("reports.json")
def test_annual_reports(case: dict[str, Any]) -> None:
    _compare(case)


@pytest.mark.table("performance.json")
def test_performance_figures(case: dict[str, Any]) -> None:
    _compare(case)


@pytest.mark.table("selfassessment.json")
def test_self_assessments(case: dict[str, Any]) -> None:
    _compare(case)


@pytest.mark.table("certification.json")
def test_certifications(case: dict[str, Any]) -> None:
    _compare(case)
