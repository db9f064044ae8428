"""The HTML renderers: crawled text is always escaped, crawled URLs are never trusted, the site is complete."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from cctv_audit.report import charts, hexmap
from cctv_audit.report.archive import attach_archives, extension
from cctv_audit.report.html import hex_maps, render_card, render_diff, render_site, safe_url
from cctv_audit.report.model import build_report, single_result_model

from .conftest import HOSTILE, SampleDB

TEMPLATES = Path(__file__).resolve().parents[3] / "cctv_audit" / "report" / "templates"
HOSTILE_TEXT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def hostile_result() -> dict[str, Any]:
    """A site result in which every crawled field tries to inject markup or a javascript: link."""
    return {
        "schema": "cctv-audit/site-result/1",
        "authority": {
            "gss_code": None,
            "name": f"Evil {HOSTILE_TEXT}",
            "nation": None,
            "homepage": "javascript:alert(1)",
        },
        "as_of": "2026-11-29",
        "rulepack": "1.0.0",
        "crawl": {"outcome": "complete", "reason": HOSTILE_TEXT, "pages": 1, "documents": 0, "seconds": 1.0},
        "score": 50.0,
        "grade": "C",
        "coverage": 1.0,
        "spoc": {
            "name": HOSTILE_TEXT,
            "role": None,
            "email": 'x@y.gov.uk" onmouseover="alert(1)',
            "phone": "javascript:1",
            "url": "javascript:alert(2)",
        },
        "cctv_pages": ["javascript:alert(3)"],
        "results": [
            {
                "code": "C01",
                "name": "cctv-page",
                "status": "met",
                "weight": 3,
                "explanation": HOSTILE_TEXT,
                "evidence": [{"url": "javascript:alert(4)", "quote": HOSTILE_TEXT, "locator": HOSTILE_TEXT}],
                "how_to_fix": None,
            },
            {
                "code": "C05",
                "name": "contact-point",
                "status": "not_met",
                "weight": 2,
                "explanation": "none",
                "evidence": [],
                "how_to_fix": HOSTILE_TEXT,
            },
        ],
    }


def assert_inert(html: str) -> None:
    assert HOSTILE_TEXT not in html
    assert "&lt;script&gt;alert(" in html
    assert not re.search(r"<img[^>]*onerror", html)
    assert 'href="javascript:' not in html and 'onmouseover="alert' not in html


def test_single_file_card_escapes_everything_crawled() -> None:
    model = single_result_model(hostile_result())
    html = render_card(model, model["councils"][0])
    assert_inert(html)
    assert html.count("<script") == 1, "only the card's own inline script"
    assert "Content-Security-Policy" in html and "'unsafe-inline'" not in html
    assert 'lang="en-GB"' in html


def test_diff_page_escapes_quotes() -> None:
    diff = {
        "a": {"id": 1, "as_of": "2026-08-30"},
        "b": {"id": 2, "as_of": "2026-11-29"},
        "summary": {"fixed": 1},
        "councils": [
            {
                "key": "x",
                "gss_code": None,
                "name": HOSTILE_TEXT,
                "status": "compared",
                "score": {"from": 1, "to": 2},
                "grade": {"from": None, "to": None},
                "outcome": {"from": "complete", "to": "complete"},
                "changes": [
                    {
                        "code": "C01",
                        "name": "cctv-page",
                        "kind": "fixed",
                        "from": "not_met",
                        "to": "met",
                        "evidence_added": [{"url": "u", "quote": HOSTILE_TEXT}],
                        "evidence_removed": [],
                    }
                ],
            }
        ],
    }
    html = render_diff(diff)
    assert_inert(html)
    assert "<script" not in html


def test_crawled_text_is_never_marked_safe_in_a_template() -> None:
    for template in TEMPLATES.glob("*.html"):
        for match in re.finditer(r"\{\{([^}]*)\|\s*safe\b", template.read_text()):
            assert match.group(1).strip() in ("inline_css", "inline_js"), f"{template.name}: |safe on {match.group(1)}"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.gov.uk/x", "https://a.gov.uk/x"),
        ("http://a.gov.uk/", "http://a.gov.uk/"),
        ("javascript:alert(1)", None),
        (" JAVASCRIPT:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//evil.example/", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_charts_escape_labels() -> None:
    svg = charts.column_chart("c", [(HOSTILE_TEXT, 3, "g-A")], title="<b>t</b>", desc="d")
    assert "<script>" not in svg and "&lt;b&gt;t&lt;/b&gt;" in svg
    bars = charts.stacked_bars(
        "s", [(HOSTILE_TEXT, {"met": 1})], [charts.Segment("met", "met", "s-met")], title="t", desc="d"
    )
    assert "<script>" not in bars


def test_hex_map_draws_all_339_authorities_once(session: Session) -> None:
    model = build_report(session)
    maps = hex_maps(model)
    lower = re.findall(r'data-gss="([EW]\d{8})"', maps["lower"])
    upper = re.findall(r'data-gss="([EW]\d{8})"', maps["upper"])
    assert (len(lower), len(upper)) == (318, 21)
    assert len(set(lower) | set(upper)) == 339
    assert maps["upper"].count('class="hex-context"') == len(hexmap.layout(hexmap.UPPER)) - 21


def test_hex_centres_follow_odd_r_with_north_up() -> None:
    x0, y0 = hexmap.centre(0, 0, 10)
    x1, y1 = hexmap.centre(0, 1, 10)
    xm, ym = hexmap.centre(0, -1, 10)
    assert x1 - x0 == pytest.approx(10 * 3**0.5 / 2) and y1 < y0, "odd rows shift right; r grows northwards (up)"
    assert xm == pytest.approx(x1) and ym > y0, "negative odd rows shift right too"


def test_archived_html_becomes_text(session: Session, sample: SampleDB, tmp_path: Path) -> None:
    assert extension("text/html; charset=utf-8") == ".txt" and extension("application/pdf") == ".pdf"
    assert extension(None) == ".txt"
    model = build_report(session)
    written = attach_archives(model["councils"], tmp_path, sample.evidence)
    assert written > 0
    council = next(c for c in model["councils"] if c["gss_code"] == HOSTILE)
    copies = {a["copy"] for a in council["archives"].values()}
    assert any(c.endswith(".txt") for c in copies) and any(c.endswith(".pdf") for c in copies)
    text = next(tmp_path / c for c in copies if c.endswith(".txt")).read_text()
    assert "<script>alert(1)</script>" in text  # kept byte for byte, as text


def test_missing_evidence_is_reported_not_linked(session: Session, tmp_path: Path) -> None:
    from storage.evidence import EvidenceStore

    model = build_report(session)
    assert attach_archives(model["councils"], tmp_path, EvidenceStore(tmp_path / "nowhere")) == 0
    council = next(c for c in model["councils"] if c["archives"])
    assert all(a["copy"] is None for a in council["archives"].values())
    html = render_card(model, council)
    assert "archived in the evidence store" in html


def test_render_site_writes_every_page(session: Session, sample: SampleDB, tmp_path: Path) -> None:
    model = copy.deepcopy(build_report(session))
    attach_archives(model["councils"], tmp_path, sample.evidence)
    index = render_site(model, tmp_path)
    assert index == tmp_path / "index.html"
    for name in ("trends.html", "methodology.html", "assets/style.css", "assets/report.js", "LICENSE-hexmaps.txt"):
        assert (tmp_path / name).exists(), name
    assert len(list((tmp_path / "councils").glob("*.html"))) == len(model["councils"])
    card = (tmp_path / "councils" / f"{HOSTILE}.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; CCTV" in card and "<script>alert(1)" not in card
    assert "../archive/" in card
    dashboard = index.read_text()
    assert "Hex layouts adapted from Open Innovations (ODI Leeds) hexmaps" in dashboard
    for deliverable in ("5.1", "5.2", "5.3", "5.4", "5.5", "5.6"):
        assert f'<span class="deliv">{deliverable}</span>' in dashboard
    methodology = (tmp_path / "methodology.html").read_text()
    assert "Permission is hereby granted" in methodology and "cctv-audit/" in methodology
    assert "CC BY 4.0" in methodology and "unknown" in methodology
