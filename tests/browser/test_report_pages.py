"""The HTML report in a real browser: it renders cleanly, the map is complete, sorting and filters work, and
crawled text can never run as script. Screenshots go to ``tests/browser/artifacts/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cctv_audit.report.build import Written
from cctv_audit.report.html import render_card
from cctv_audit.report.sample import SCRIPT_TITLE

from .conftest import ARTIFACTS, Tab

HOSTILE = "E07000234"  # the council whose CCTV page title carries <script>alert(1)</script>
ENTER = ("Enter", 13, "\r")


def _open(tab: Tab, path: Path) -> None:
    tab.goto(path.resolve().as_uri())


def _visible_rows(tab: Tab) -> int:
    return int(tab.eval("[...document.querySelectorAll('#league tbody tr')].filter(r => !r.hidden).length"))


def test_dashboard_renders_without_errors(tab: Tab, built_report: tuple[Path, Written]) -> None:
    site, _ = built_report
    _open(tab, site / "index.html")
    assert tab.problems() == []
    assert tab.eval("document.documentElement.lang") == "en-GB"
    assert tab.eval("getComputedStyle(document.querySelector('header.site')).backgroundColor") != "rgba(0, 0, 0, 0)"
    # Every chart is an accessible image with a title.
    assert tab.eval(
        "[...document.querySelectorAll('svg.chart')]"
        ".every(s => s.getAttribute('role') === 'img' && !!s.querySelector('title'))"
    )
    tab.screenshot(ARTIFACTS / "dashboard.png", max_height=2600)
    tab.screenshot(ARTIFACTS / "dashboard-top.png", max_height=1960)  # the README's picture (docs/img/)
    tab.screenshot(ARTIFACTS / "dashboard-full.png")


def test_map_shows_every_authority_once(tab: Tab, built_report: tuple[Path, Written]) -> None:
    site, _ = built_report
    _open(tab, site / "index.html")
    codes = tab.eval("[...document.querySelectorAll('svg.hexmap .hex[data-gss]')].map(h => h.dataset.gss)")
    assert len(codes) == 339 and len(set(codes)) == 339
    assert tab.eval("document.querySelectorAll('#map-lower .hex[data-gss]').length") == 318
    assert tab.eval("document.querySelectorAll('#map-upper .hex[data-gss]').length") == 21
    assert tab.eval(
        "[...document.querySelectorAll('#map-upper .hex[data-gss]')].every(h => h.dataset.type === 'county')"
    )
    assert "Open Innovations" in tab.eval("document.querySelector('.credit').textContent")


def _column(tab: Tab, index: int) -> list[Any]:
    return list(
        tab.eval(f"[...document.querySelectorAll('#league tbody tr')].map(r => r.cells[{index}].dataset.value)")
    )


def test_league_table_sorts_with_the_keyboard(tab: Tab, built_report: tuple[Path, Written]) -> None:
    site, _ = built_report
    _open(tab, site / "index.html")
    scores = [float(v) for v in _column(tab, 3)]
    assert scores == sorted(scores, reverse=True), "the table starts sorted by score, best first"
    tab.eval("document.querySelectorAll('#league thead button')[0].focus()")
    tab.press(*ENTER)
    names = _column(tab, 0)
    assert names == sorted(names, key=str.lower)
    assert tab.eval("document.querySelectorAll('#league thead th')[0].getAttribute('aria-sort')") == "ascending"
    tab.press(*ENTER)
    assert _column(tab, 0) == sorted(names, key=str.lower, reverse=True)
    tab.eval("document.querySelectorAll('#league thead button')[3].click()")
    scores = [float(v) for v in _column(tab, 3)]
    assert scores == sorted(scores, reverse=True)
    tab.eval("document.querySelectorAll('#league thead button')[3].click()")
    assert [float(v) for v in _column(tab, 3)] == sorted(scores)
    assert tab.problems() == []


def test_filters_narrow_the_table_and_the_map(tab: Tab, built_report: tuple[Path, Written]) -> None:
    site, written = built_report
    councils = written.model["councils"]
    _open(tab, site / "index.html")
    assert _visible_rows(tab) == len(councils)

    def choose(select_id: str, value: str) -> None:
        tab.eval(
            f"(s => {{ s.value = {value!r}; s.dispatchEvent(new Event('change', {{bubbles: true}})); }})"
            f"(document.getElementById({select_id!r}))"
        )

    choose("f-nation", "Wales")
    welsh = sum(1 for c in councils if c["nation"] == "Wales")
    assert _visible_rows(tab) == welsh == 22
    assert tab.eval("document.querySelectorAll('svg.hexmap .hex[data-gss]:not(.dim)').length") == 22
    assert tab.eval("document.getElementById('filter-count').textContent") == f"Showing 22 of {len(councils)} councils."
    choose("f-nation", "")
    choose("f-type", "county")
    assert _visible_rows(tab) == 21
    choose("f-region", "South East")
    expected = sum(1 for c in councils if c["type"] == "county" and c["region"] == "South East")
    assert _visible_rows(tab) == expected > 0
    tab.eval("document.querySelector('#filters button[type=reset]').click()")
    tab.eval("new Promise(r => setTimeout(r, 50))")
    assert _visible_rows(tab) == len(councils)
    tab.eval(
        "(i => { i.value = 'leeds'; i.dispatchEvent(new Event('input', {bubbles: true})); })"
        "(document.getElementById('f-name'))"
    )
    assert _visible_rows(tab) == 1
    assert tab.problems() == []


def test_report_card_shows_a_hostile_title_as_text(tab: Tab, built_report: tuple[Path, Written]) -> None:
    site, _ = built_report
    _open(tab, site / "councils" / f"{HOSTILE}.html")
    assert tab.problems() == []  # includes: no alert() dialog opened
    assert SCRIPT_TITLE in tab.eval("document.body.innerText")
    scripts = tab.eval("[...document.scripts].map(s => s.src.split('/').pop() + '|' + s.textContent)")
    assert scripts == ["report.js|"]
    assert tab.eval("document.querySelectorAll('article.criterion').length") >= 20
    tab.screenshot(ARTIFACTS / "report-card.png", max_height=2600)


def test_archived_copy_is_served_as_text(tab: Tab, built_report: tuple[Path, Written]) -> None:
    site, written = built_report
    council = next(c for c in written.model["councils"] if c["gss_code"] == HOSTILE)
    copies = [a["copy"] for a in council["archives"].values() if a.get("copy", "").endswith(".txt")]
    assert copies
    _open(tab, site / copies[0])
    assert tab.eval("document.contentType") == "text/plain"
    assert "<script>" in tab.eval("document.body.innerText")
    assert tab.problems() == []


def test_other_pages_render_without_errors(tab: Tab, built_report: tuple[Path, Written]) -> None:
    site, written = built_report
    for page in (
        "trends.html",
        "methodology.html",
        *(f"councils/{c['slug']}.html" for c in written.model["councils"][:25]),
    ):
        _open(tab, site / page)
        assert tab.problems() == [], page
        assert tab.eval("document.querySelectorAll('h1').length") == 1, page
    _open(tab, site / "trends.html")
    assert tab.eval("document.querySelectorAll('svg.lines polyline').length") == 6
    tab.screenshot(ARTIFACTS / "trends.png", max_height=2000)


def test_print_layout_hides_the_controls(tab: Tab, built_report: tuple[Path, Written]) -> None:
    site, _ = built_report
    _open(tab, site / "index.html")
    tab.send("Emulation.setEmulatedMedia", {"media": "print"})
    assert tab.eval("getComputedStyle(document.getElementById('filters')).display") == "none"
    assert tab.eval("getComputedStyle(document.querySelector('header.site nav')).display") == "none"


def test_single_file_card_works_on_its_own(tab: Tab, built_report: tuple[Path, Written], tmp_path: Path) -> None:
    _, written = built_report
    council = next(c for c in written.model["councils"] if c["gss_code"] == HOSTILE)
    card = tmp_path / "report-card.html"
    card.write_text(render_card(written.model, council), encoding="utf-8")
    _open(tab, card)
    assert tab.problems() == []  # the inline style and script are allowed by their CSP hashes, nothing else
    assert tab.eval("getComputedStyle(document.querySelector('header.site')).backgroundColor") == "rgb(18, 38, 63)"
    assert tab.eval("document.querySelectorAll('link[rel=stylesheet], script[src]').length") == 0
    assert SCRIPT_TITLE in tab.eval("document.body.innerText")
    tab.screenshot(ARTIFACTS / "report-card-single-file.png", max_height=1400)
