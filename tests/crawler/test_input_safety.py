"""Input safety: what a hostile or broken site can make the crawler fetch, hold, parse or print.

Only http(s) URLs are fetched, whatever links and redirects say; redirects are capped and must stay in the
site; responses are capped in size before and after decompression (a gzip bomb); documents are capped in pages
and parse time; crawled text printed on a terminal cannot carry escape sequences or rich markup.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console

from cctv_audit.render import render_table
from crawler import documents
from crawler.documents import MAX_DOCUMENT_PAGES, extract_document
from crawler.settings import crawl_settings
from fixtures.pdfgen import write_pdf
from fixtures.server import DirectoryStore, RunningServer, running_server

SCRIPT = Path(__file__).with_name("crawl_job.py")
HOST = "www.example-council.gov.uk"
ELSEWHERE = "www.evil-tracker.example"
CHAIN = 12
"""Hops in the long redirect chain: more than REDIRECT_MAX_TIMES."""
BOMB_INFLATED = 100 * 2**20
HUGE = 21 * 2**20


def _page(title: str, links: dict[str, str]) -> str:
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for text, href in links.items())
    return f"<!doctype html><html lang=en><head><title>{title}</title></head><body><main><h1>{title}</h1>" \
           f"<p>Information about our public space CCTV cameras.</p><ul>{items}</ul></main></body></html>"  # fmt: skip


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    site = root / HOST
    files = {
        "index.html": _page(
            "Example Council",
            {
                "CCTV": "/community-safety/cctv",
                "CCTV javascript": "javascript:alert('CCTV')",
                "CCTV email": "mailto:cctv@example-council.gov.uk",
                "CCTV local file": "file:///etc/passwd",
                "CCTV ftp": "ftp://ftp.example-council.gov.uk/cctv.pdf",
                "CCTV data": "data:text/html,<h1>CCTV</h1>",
                "CCTV policy (old)": "/cctv-to-file",
                "CCTV report (old)": "/cctv-to-ftp",
                "CCTV cameras (older)": "/cctv-chain-0",
                "CCTV camera map": "/cctv-map",
            },
        ),
        "community-safety/cctv/index.html": _page(
            "Public space CCTV",
            {"CCTV code of practice (PDF)": "/docs/cctv-code.pdf", "CCTV annual report": "/docs/cctv-report.html"},
        ),
        "cctv-final/index.html": _page("CCTV cameras", {}),
    }
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text)
    # A gzip bomb: 100 MB of zeros in about 100 KB, sent with Content-Encoding: gzip.
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as bomb:
        chunk = bytes(2**20)
        for _ in range(BOMB_INFLATED // len(chunk)):
            bomb.write(chunk)
    (site / "docs").mkdir()
    (site / "docs" / "cctv-code.pdf").write_bytes(buffer.getvalue())
    (site / "docs" / "cctv-report.html").write_bytes(b"<html><body>" + b"CCTV " * (HUGE // 5) + b"</body></html>")
    routes: dict[str, Any] = {
        "/docs/cctv-code.pdf": {"headers": {"Content-Encoding": "gzip"}, "content_type": "application/pdf"},
        "/cctv-to-file": {"status": 302, "location": "file:///etc/passwd"},
        "/cctv-to-ftp": {"status": 302, "location": "ftp://ftp.example-council.gov.uk/cctv.pdf"},
        "/cctv-map": {"status": 302, "location": f"http://{ELSEWHERE}/cctv"},
    }
    for hop in range(CHAIN):
        target = f"/cctv-chain-{hop + 1}" if hop + 1 < CHAIN else "/cctv-final"
        routes[f"/cctv-chain-{hop}"] = {"status": 301, "location": target}
    (site / "_routes.yaml").write_text(yaml.safe_dump(routes))
    elsewhere = root / ELSEWHERE
    (elsewhere / "cctv").mkdir(parents=True)
    (elsewhere / "cctv" / "index.html").write_text(_page("Tracking", {}))
    return root


@pytest.fixture(scope="module")
def server(web: Path) -> Iterator[RunningServer]:
    with running_server(DirectoryStore(web)) as running:
        yield running


@pytest.fixture(scope="module")
def crawl(server: RunningServer) -> dict[str, Any]:
    env = {**os.environ, "http_proxy": server.proxy_url}
    job = {"targets": [[HOST, f"http://{HOST}/"]], "delay": 0}
    done = subprocess.run([sys.executable, str(SCRIPT)], input=json.dumps(job), env=env, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_only_http_urls_of_the_site_are_requested(crawl: dict[str, Any], server: RunningServer) -> None:
    hosts = {entry.host for entry in server.requests}
    assert hosts == {HOST}, "nothing but the council's own host was asked for (no file, ftp, data or other host)"
    assert all(p["url"].startswith(f"http://{HOST}/") for p in crawl["pages"])
    assert not any("passwd" in entry.path for entry in server.requests)
    assert crawl["sites"][0]["outcome"] == "complete"


def test_a_redirect_out_of_the_site_is_not_followed(crawl: dict[str, Any], server: RunningServer) -> None:
    assert server.requests.count(host=ELSEWHERE) == 0
    assert crawl["stats"].get("redirect/out_of_scope", 0) >= 1


def test_redirects_are_capped(crawl: dict[str, Any], server: RunningServer) -> None:
    limit = crawl_settings()["REDIRECT_MAX_TIMES"]
    chain = [e for e in server.requests if e.host == HOST and e.path.startswith("/cctv-chain-")]
    assert 0 < len(chain) <= limit + 1
    assert server.requests.count(host=HOST, path="/cctv-final") == 0, "the chain was given up before its end"


def test_a_compression_bomb_and_a_huge_page_are_cut_off(crawl: dict[str, Any]) -> None:
    maxsize = crawl_settings()["DOWNLOAD_MAXSIZE"]
    assert maxsize < BOMB_INFLATED and maxsize < HUGE
    kept = {p["url"] for p in crawl["pages"]}
    assert f"http://{HOST}/docs/cctv-code.pdf" not in kept, "the bomb was inflated past DOWNLOAD_MAXSIZE"
    assert f"http://{HOST}/docs/cctv-report.html" not in kept
    errors = " ".join(crawl["sites"][0]["trail"]["errors"])
    assert "cctv-code.pdf" in errors and "cctv-report.html" in errors


def test_documents_are_capped_in_pages(tmp_path: Path) -> None:
    body = write_pdf(tmp_path / "long.pdf", [f"Page {n} of the CCTV code." for n in range(MAX_DOCUMENT_PAGES + 3)])
    document = extract_document("https://www.example-council.gov.uk/long.pdf", body.read_bytes(), "pdf")
    assert document.error == "too_many_pages" and len(document.pages) == MAX_DOCUMENT_PAGES


def test_documents_are_capped_in_parse_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = write_pdf(tmp_path / "slow.pdf", ["CCTV code, page one.", "Page two."]).read_bytes()
    monkeypatch.setattr(documents, "MAX_PARSE_SECONDS", -1.0)  # every page is already too late
    document = extract_document("https://www.example-council.gov.uk/slow.pdf", body, "pdf")
    assert document.error == "too_slow" and document.pages == []


def test_crawled_text_cannot_drive_the_terminal() -> None:
    hostile = "Cameras \x1b]0;owned\x07\x1b[2J [bold red]shouting[/bold red] \x9b31m"
    result = {
        "authority": {"name": None, "homepage": "https://www.example-council.gov.uk/"},
        "crawl": {"outcome": "partial", "pages": 1, "documents": 0, "seconds": 1.0, "reason": hostile},
        "score": None,
        "grade": None,
        "coverage": 0.0,
        "as_of": "2026-11-29",
        "rulepack": "1.0.0",
        "spoc": {"name": hostile, "role": None, "email": None, "phone": None},
        "results": [
            {"code": "C01", "name": "cctv-page", "status": "met", "explanation": hostile, "how_to_fix": None,
             "evidence": [{"url": "https://www.example-council.gov.uk/\x1b[2J", "quote": hostile}]},
        ],
    }  # fmt: skip
    console = Console(file=io.StringIO(), width=200, color_system=None)
    render_table(result, console)
    printed = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b" not in printed and "\x9b" not in printed and "\x07" not in printed
    assert "[bold red]shouting[/bold red]" in printed, "markup from a page is printed as text, not applied"
