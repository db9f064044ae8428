"""Table-driven extractor tests: a test marked ``@pytest.mark.table("x.json")`` runs once per row of
``data/x.json``, with the row as its ``case`` argument and an id made of file and case name.

A row is ``{"name": ..., "input": ..., "expected": ...}`` (zyte-parsers' ``{html, expected}`` habit); an optional
``"why"`` says what the row pins down, so a failure explains itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crawler.extract.facts import QUOTE_MAX, ExtractedFact, extract_facts
from crawler.pages import HtmlPage, TextBlock

DATA_DIR = Path(__file__).parent / "data"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "table(filename): run the test once per row of tests/crawler/data/<filename>")


def load_table(filename: str) -> list[dict[str, Any]]:
    path = DATA_DIR / filename
    rows = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(rows, list) and rows, f"{path} must be a non-empty list of cases"
    names = [row["name"] for row in rows]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"{path}: duplicate case names {duplicates}"
    for row in rows:
        assert {"name", "input", "expected"} <= row.keys(), f"{path}: case {row.get('name')!r} lacks a key"
    return rows


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marker = metafunc.definition.get_closest_marker("table")
    if marker is None:
        return
    filename = marker.args[0]
    stem = Path(filename).stem
    rows = load_table(filename)
    metafunc.parametrize("case", rows, ids=[f"{stem}::{row['name']}" for row in rows])


# Topic extractors' table rows: an HTML page (``body`` inside ``<main>``) or a document's ``blocks``.
TOPIC_URL = "https://www.council.gov.uk/community-safety/cctv"


def topic_facts(given: dict[str, Any], kind: str) -> tuple[list[ExtractedFact], list[TextBlock]]:
    """The facts of ``kind`` from a row: an HTML page (``body`` inside ``<main>``) or a document's ``blocks``."""
    url = given.get("url", TOPIC_URL)
    if "blocks" in given:
        blocks = [TextBlock(**block) for block in given["blocks"]]
        found = extract_facts(url, given.get("title", ""), "", blocks, document=True, anchor=given.get("anchor", ""))
    else:
        html = (f"<html lang='{given.get('lang', 'en')}'><head><title>{given.get('title', 'CCTV')}</title>"
                f"{given.get('head', '')}</head><body><main>{given['body']}</main></body></html>")  # fmt: skip
        page = HtmlPage(url, html.encode())
        blocks = page.blocks
        found = extract_facts(url, page.title, page.h1, blocks, links=page.content_links, lang=page.lang,
                              alternates=page.alternates, anchor=given.get("anchor", ""))  # fmt: skip
    return [f for f in found.facts if f.kind == kind], blocks


def check_topic_row(case: dict[str, Any], kind: str) -> None:
    """A table row for a topic extractor: the facts of ``kind``, their values, quotes and locators."""
    facts, blocks = topic_facts(case["input"], kind)
    got = [{k: fact.value.get(k) for k in want} for fact, want in zip(facts, case["expected"], strict=False)]
    assert got == case["expected"], case.get("why", "")
    assert len(facts) == len(case["expected"]), [f.value for f in facts]
    for fact in facts:
        assert 0 < len(fact.quote) <= QUOTE_MAX
        assert any(fact.quote in b.text and fact.locator == b.locator for b in blocks), "quote and locator agree"


@pytest.fixture
def check_topic() -> Any:
    """``check_topic(case, kind)`` checks one table row against the facts of ``kind`` it yields."""
    return check_topic_row
