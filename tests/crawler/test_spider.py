"""The focused spider in real crawls over loopback: seeds, relevance threshold, traps, budget, one hop off-site."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from fixtures.server import DirectoryStore, running_server

SCRIPT = Path(__file__).with_name("crawl_job.py")
HOST = "www.example-council.gov.uk"
PARTNER = "www.county-cctv-partnership.org.uk"


def _page(title: str, body: str = "", links: dict[str, str] | None = None) -> str:
    nav = "".join(f'<li><a href="{href}">{text}</a></li>' for text, href in (links or {}).items())
    return (
        f"<!doctype html><html lang=en><head><title>{title}</title></head><body>"
        f'<form action="/search" method="get"><input type="search" name="q"></form>'
        f"<nav><ul><li><a href='/'>Home</a></li></ul></nav><main><h1>{title}</h1>{body}<ul>{nav}</ul></main>"
        "</body></html>"
    )


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("web")
    site = root / HOST
    files = {
        "index.html": _page(
            "Example Council",
            links={
                "Bins and recycling": "/bins",
                "Council tax": "/council-tax",
                "Residents": "/residents",
                "What's on": "/events/2026/11",
            },
        ),
        "bins/index.html": _page("Bins and recycling", "<p>Collections.</p>"),
        "council-tax/index.html": _page("Council tax", "<p>Pay.</p>"),
        "residents/index.html": _page("Residents", links={"Community safety": "/residents/community-safety"}),
        "residents/community-safety/index.html": _page(
            "Community safety", links={"Public space CCTV": "/residents/community-safety/cctv"}
        ),
        "residents/community-safety/cctv/index.html": _page(
            "Public space CCTV",
            "<p>Our cameras.</p>",
            links={"CCTV code of practice (PDF)": "/docs/cctv-code.pdf", "Partnership": f"http://{PARTNER}/about"},
        ),
        "docs/cctv-code.pdf": "%PDF-1.4 not really\n%%EOF",
        "hidden/cctv-privacy-notice/index.html": _page("CCTV privacy notice", "<p>Only in the sitemap.</p>"),
        "search/index.html": _page("Search results", links={"Body worn video": "/found/body-worn-video"}),
        "found/body-worn-video/index.html": _page("Body worn video", "<p>Only through search.</p>"),
        "events/2026/11/index.html": _page("Events November", links={"Next month": "/events/2026/12"}),
        "sitemap.xml": (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>http://{HOST}/hidden/cctv-privacy-notice/</loc></url>"
            f"<url><loc>http://{HOST}/bins</loc></url></urlset>"
        ),
        "robots.txt": "User-agent: *\nAllow: /\n",
    }
    for name, text in files.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    partner = root / PARTNER
    (partner / "about").mkdir(parents=True)
    (partner / "about" / "index.html").write_text(_page("About the partnership", links={"Jobs": "/jobs"}))
    (partner / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    return root


def _crawl(web: Path, **job: Any) -> dict[str, Any]:
    with running_server(DirectoryStore(web)) as server:
        env = {**os.environ, "http_proxy": server.proxy_url}
        job = {"targets": [[HOST, f"http://{HOST}/"]], "delay": 0, **job}
        done = subprocess.run(
            [sys.executable, str(SCRIPT)], input=json.dumps(job), env=env, capture_output=True, text=True, timeout=120
        )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def crawl(web: Path) -> dict[str, Any]:
    return _crawl(web)


def _urls(report: dict[str, Any]) -> set[str]:
    return {p["url"] for p in report["pages"]}


def test_follows_relevant_links_and_stops_by_itself(crawl: dict[str, Any]) -> None:
    urls = _urls(crawl)
    assert f"http://{HOST}/residents/community-safety/cctv" in urls
    assert f"http://{HOST}/docs/cctv-code.pdf" in urls
    assert f"http://{HOST}/bins" not in urls and f"http://{HOST}/council-tax" not in urls
    (site,) = crawl["sites"]
    assert site["outcome"] == "complete"
    assert site["trail"]["below_threshold"] >= 2


def test_sitemap_and_site_search_seed_the_frontier(crawl: dict[str, Any]) -> None:
    urls = _urls(crawl)
    assert f"http://{HOST}/hidden/cctv-privacy-notice/" in urls, "a page only in sitemap.xml was missed"
    assert f"http://{HOST}/found/body-worn-video" in urls, "a page only in the site's search was missed"
    assert crawl["sites"][0]["trail"]["seeds"] == ["sitemap.xml", "site search for 'CCTV'"]


def test_every_fetch_carries_its_link_score_and_reasons(crawl: dict[str, Any]) -> None:
    cctv = next(p for p in crawl["pages"] if p["url"].endswith("/community-safety/cctv"))
    assert cctv["score"] > 25 and any("cctv" in r.lower() for r in cctv["reasons"])


def test_one_hop_off_site_from_surveillance_content_only(crawl: dict[str, Any]) -> None:
    urls = _urls(crawl)
    assert f"http://{PARTNER}/about" in urls
    assert not any(u.startswith(f"http://{PARTNER}/jobs") for u in urls), "went beyond one hop off the site"


def test_budget_leaves_the_site_partial_with_its_unfollowed_links(web: Path) -> None:
    report = _crawl(web, max_pages=3)
    (site,) = report["sites"]
    assert site["requests"] == 3
    assert site["outcome"] == "partial"
    assert site["trail"]["unfollowed"] >= 1 and site["trail"]["unfollowed_links"]


OTHER = "www.other-council.gov.uk"


@pytest.fixture(scope="module")
def narrowing_web(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site whose main CCTV page is titled and linked without naming CCTV ("Keeping our town centres safe",
    "Town centres"), with its FAQ found through the site search and listed in the sitemap without the trailing
    slash the links use."""
    root = tmp_path_factory.mktemp("narrowing")
    site = root / OTHER
    faqs = "/our-area/town-centres/cctv-faqs"
    files = {
        "index.html": _page(
            "Other Council",
            links={
                "Community safety": "/community-safety",
                "Privacy notice": "/your-council/privacy-notice",
                "Transparency": "/your-council/transparency",
                "Data protection": "/your-council/data-protection",
            },
        ),
        "community-safety/index.html": _page(
            "Community safety",
            links={"Anti-social behaviour": "/community-safety/asb", "Town centres": "/our-area/town-centres"},
        ),
        "community-safety/asb/index.html": _page("Anti-social behaviour"),
        "our-area/town-centres/index.html": _page(
            "Keeping our town centres safe",
            "<p>Our public space CCTV cameras.</p>",
            links={"Code of practice (PDF)": "/docs/code.pdf", "Anti-social behaviour": "/community-safety/asb"},
        ).replace("</head>", '<link rel="alternate" hreflang="cy" href="/cy/ein-hardal/canol-trefi"></head>'),
        "cy/ein-hardal/canol-trefi/index.html": _page("Cadw canol ein trefi yn ddiogel", "<p>Ein camerâu TCC.</p>"),
        "our-area/town-centres/cctv-faqs/index.html": _page("CCTV frequently asked questions"),
        "docs/code.pdf": "%PDF-1.4 not really\n%%EOF",
        "your-council/privacy-notice/index.html": _page("Privacy notice", "<p>CCTV: we record public spaces.</p>"),
        "your-council/transparency/index.html": _page("Transparency"),
        "your-council/data-protection/index.html": _page("Data protection"),
        "parking/car-parks/index.html": _page("Car parks", "<p>CCTV in operation.</p>"),
        "search/index.html": (
            "<!doctype html><html lang=en><head><title>Search results: CCTV</title></head><body><main>"
            f"<h1>Search results: CCTV</h1><ul><li><a href='{faqs}/'>CCTV frequently asked questions</a></li>"
            "<li><a href='/parking/car-parks'>Car parks</a></li></ul></main></body></html>"
        ),
        "sitemap.xml": (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(
                f"<url><loc>http://{OTHER}{path}</loc></url>"
                for path in (faqs, "/our-area/town-centres", "/your-council/transparency", "/parking")
            )
            + "</urlset>"
        ),
        "robots.txt": "User-agent: *\nAllow: /\n",
    }
    for name, text in files.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.fixture(scope="module")
def narrowed(narrowing_web: Path) -> dict[str, Any]:
    return _crawl(narrowing_web, targets=[[OTHER, f"http://{OTHER}/"]])


def test_after_the_main_page_only_the_subject_and_privacy_notices_are_followed(narrowed: dict[str, Any]) -> None:
    urls = _urls(narrowed)
    assert f"http://{OTHER}/your-council/privacy-notice" in urls, "a privacy notice may have the CCTV section"
    for navigation in ("/your-council/transparency", "/your-council/data-protection", "/community-safety/asb"):
        assert f"http://{OTHER}{navigation}" not in urls, f"{navigation} followed after the CCTV page was found"
    assert narrowed["sites"][0]["trail"]["skipped_after_found"] >= 2


def test_the_page_above_a_cctv_subpage_is_followed(narrowed: dict[str, Any]) -> None:
    urls = _urls(narrowed)
    assert f"http://{OTHER}/our-area/town-centres" in urls, "the main page above the FAQ was missed"
    assert f"http://{OTHER}/docs/code.pdf" in urls


def test_the_other_language_version_of_a_cctv_page_is_followed(narrowed: dict[str, Any]) -> None:
    assert f"http://{OTHER}/cy/ein-hardal/canol-trefi" in _urls(narrowed), "the Welsh twin (hreflang) was missed"


def test_a_cctv_subpage_is_not_the_main_page() -> None:
    from crawler.pages import HtmlPage
    from crawler.spider import is_main_cctv_page

    def page(title: str) -> HtmlPage:
        return HtmlPage("https://x.gov.uk/a", _page(title).encode())

    assert is_main_cctv_page(page("Public space CCTV"))
    assert is_main_cctv_page(page("Community safety cameras (CCTV)"))
    assert not is_main_cctv_page(page("CCTV frequently asked questions")), "narrowed on the FAQ"
    assert not is_main_cctv_page(page("Request CCTV footage"))
    assert not is_main_cctv_page(page("CCTV camera locations"))


def test_a_page_is_fetched_once_with_or_without_its_trailing_slash(narrowed: dict[str, Any]) -> None:
    faqs = [u for u in _urls(narrowed) if "cctv-faqs" in u]
    assert len(faqs) == 1, faqs


def test_search_results_heading_does_not_vouch_for_every_result(narrowed: dict[str, Any]) -> None:
    assert f"http://{OTHER}/parking/car-parks" not in _urls(narrowed)
    scored = {link["url"]: link for link in narrowed["sites"][0]["trail"]["best_links"]}
    car_parks = scored.get(f"http://{OTHER}/parking/car-parks")
    assert car_parks is None or car_parks["score"] <= 25, f"'Search results: CCTV' vouched for {car_parks}"


def test_a_better_link_to_a_waiting_url_moves_it_up_the_frontier() -> None:
    from crawler.links import LinkScore
    from crawler.spider import Candidate, SiteState, SiteTarget

    state = SiteState(SiteTarget("x", "https://x.gov.uk/"), {"x.gov.uk"})
    low, high = (
        LinkScore(32.5, ("url 'community safety' +12.5",), True),
        LinkScore(95.0, ("anchor 'cctv' +45",), True, True),
    )
    state.push(Candidate((0, 0, 0), "https://x.gov.uk/a/cctv", 1, None, "", low))
    state.push(Candidate((0, 0, 0), "https://x.gov.uk/b", 1, None, "", LinkScore(57.5)))
    state.improve(Candidate((0, 0, 0), "https://x.gov.uk/a/cctv/", 2, "https://x.gov.uk/?s=CCTV", "CCTV", high))
    first, second = state.pop(), state.pop()
    assert first is not None and second is not None and state.pop() is None, "each URL comes up once"
    assert (first.url, first.score.score, first.score.core) == ("https://x.gov.uk/a/cctv", 95.0, True)
    assert second.url == "https://x.gov.uk/b"
