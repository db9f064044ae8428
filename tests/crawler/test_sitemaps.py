"""Reading sitemaps: URLs, child sitemaps, and the name a sitemap entry gives its page."""

from __future__ import annotations

import pytest

from crawler.sitemaps import parse_sitemap, slug_text


def test_urlset_and_index() -> None:
    urlset = b'<?xml version="1.0"?><urlset><url><loc> https://x.gov.uk/a?b=1&amp;c=2 </loc></url></urlset>'
    assert parse_sitemap(urlset).urls == ["https://x.gov.uk/a?b=1&c=2"]
    index = b'<?xml version="1.0"?><sitemapindex><sitemap><loc>https://x.gov.uk/page-sitemap.xml</loc></sitemap>'
    assert parse_sitemap(index).sitemaps == ["https://x.gov.uk/page-sitemap.xml"]
    assert parse_sitemap(b"<html>not a sitemap</html>").urls == []


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("https://x.gov.uk/community-safety/cctv-faqs/", "cctv faqs"),
        ("https://x.gov.uk/info/20012/community_safety/64/cctv", "cctv"),
        ("https://x.gov.uk/CommunityAndLiving/PublicSpaceCctv.aspx", "Public Space Cctv"),
        ("https://x.gov.uk/cy/diogelwch-cymunedol/teledu-cylch-cyfyng", "teledu cylch cyfyng"),
        ("https://x.gov.uk/a/Keeping%20town%20centres%20safe?lang=cy", "Keeping town centres safe"),
        ("https://x.gov.uk/documents/4092", ""),
        ("https://x.gov.uk/", ""),
        ("https://x.gov.uk", ""),
    ],
)
def test_slug_text_names_the_page(url: str, text: str) -> None:
    assert slug_text(url) == text
