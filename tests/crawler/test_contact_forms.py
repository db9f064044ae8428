"""Contact forms linked from surveillance content: the council's general form is a generic contact (C05)."""

from __future__ import annotations

from crawler.extract.facts import extract_facts
from crawler.pages import HtmlPage


def _contacts(body: str) -> list[dict[str, object]]:
    html = f"<html><head><title>CCTV</title></head><body><main><h1>CCTV</h1>{body}</main></body></html>"
    page = HtmlPage("https://www.council.gov.uk/cctv", html.encode())
    found = extract_facts(page.url, page.title, page.h1, page.blocks, links=page.content_links)
    return [dict(f.value) for f in found.facts if f.kind == "contact"]


def test_general_contact_form_is_generic() -> None:
    got = _contacts(
        '<p>If you have a question about CCTV, please use our <a href="/contact">online contact form</a>.</p>'
    )
    assert got == [{"channel": "form", "address": "https://www.council.gov.uk/contact", "specific": False}]


def test_cctv_team_form_is_specific() -> None:
    got = _contacts('<p>Use the <a href="/forms/cctv">CCTV enquiry form</a> to reach the team.</p>')
    assert got == [{"channel": "form", "address": "https://www.council.gov.uk/forms/cctv", "specific": True}]


def test_complaint_and_footage_forms_are_not_contact_points() -> None:
    assert _contacts('<p>Use our <a href="/complain">online complaint form</a>.</p>') == []
    assert _contacts('<p>Use the <a href="/sar">form to request footage</a>.</p>') == []
