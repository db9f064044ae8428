"""URL hygiene: data/urls_canonicalize.json (one form per page) and data/urls_traps.json (URLs, or sequences
of URLs fed to one TrapDetector, with the reason each is a trap or null)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.urls import TrapDetector, TrapLimits, canonicalize, page_key, trap_reason

TODAY = datetime.date(2026, 11, 29)
"""The audit date the trap table is written for (rows may override it with ``today``)."""


@pytest.mark.table("urls_canonicalize.json")
def test_canonicalize(case: dict[str, Any]) -> None:
    assert canonicalize(case["input"]) == case["expected"], case.get("why", "")
    assert canonicalize(case["expected"]) == case["expected"], "canonical URLs are fixed points"


@pytest.mark.table("urls_traps.json")
def test_traps(case: dict[str, Any]) -> None:
    given_ = case["input"]
    today = datetime.date.fromisoformat(given_["today"]) if "today" in given_ else TODAY
    limits = TrapLimits(**given_.get("limits", {}))
    detector = TrapDetector(limits, today=today)
    assert len(given_["urls"]) == len(case["expected"])
    assert [detector.check(url) for url in given_["urls"]] == case["expected"], case.get("why", "")
    # The stateless checks agree with the detector on a URL seen first.
    first = canonicalize(given_["urls"][0])
    assert trap_reason(first, limits, today=today) == case["expected"][0]


def test_detector_counts_traps_by_kind() -> None:
    detector = TrapDetector(TrapLimits(max_variants=1), today=TODAY)
    for url in (
        "https://x.gov.uk/events/calendar/2031/04",
        "https://x.gov.uk/events/calendar/2031/05",
        "https://x.gov.uk/search?q=a",
        "https://x.gov.uk/search?q=b",
        "https://x.gov.uk/cctv",
    ):
        detector.check(url)
    assert detector.counts == {"calendar": 2, "query permutations": 1}


def test_trap_reason_defaults_to_today() -> None:
    this_month = datetime.date.today()
    url = f"https://x.gov.uk/events/calendar/{this_month.year}/{this_month.month:02d}"
    assert trap_reason(url) is None
    assert trap_reason(f"https://x.gov.uk/events/calendar/{this_month.year + 5}/01") is not None


_SEGMENT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@settings(database=None, max_examples=300, deadline=None)
@given(
    scheme=st.sampled_from(["http", "HTTPS", "https"]),
    host=st.sampled_from(["www.Leeds.gov.uk", "x.gov.uk.", "[::1]", "x.gov.uk:80", "x.gov.uk:8080", "u:p@x.gov.uk"]),
    segments=st.lists(
        st.one_of(_SEGMENT, st.sampled_from([".", "..", "", ";jsessionid=AB", "%7e", "%2f"])), max_size=6
    ),
    query=st.lists(
        st.tuples(st.sampled_from(["q", "sid", "utm_source", "f", "A", "%61", "page"]), _SEGMENT), max_size=5
    ),
    fragment=st.text(max_size=5),
)
def test_canonicalize_is_idempotent(
    scheme: str, host: str, segments: list[str], query: list[tuple[str, str]], fragment: str
) -> None:
    url = f"{scheme}://{host}/{'/'.join(s.replace('?', '').replace('#', '') for s in segments)}"
    if query:
        url += "?" + "&".join(f"{k}={v.replace('&', '').replace('#', '')}" for k, v in query)
    url += f"#{fragment}"
    once = canonicalize(url)
    assert canonicalize(once) == once
    assert "#" not in once
    assert TrapDetector(today=TODAY).check(url) == trap_reason(once, today=TODAY), "a fresh detector adds nothing"


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://x.gov.uk/community-safety/cctv/", "https://x.gov.uk/community-safety/cctv"),
        ("https://x.gov.uk/community-safety/cctv", "https://x.gov.uk/community-safety/cctv"),
        ("https://x.gov.uk/cctv/?lang=cy", "https://x.gov.uk/cctv?lang=cy"),
        ("https://x.gov.uk/", "https://x.gov.uk/"),
        ("https://x.gov.uk/?s=CCTV", "https://x.gov.uk/?s=CCTV"),
        ("https://x.gov.uk/search?q=a/", "https://x.gov.uk/search?q=a/"),
    ],
)
def test_page_key_ignores_a_trailing_slash(url: str, key: str) -> None:
    assert page_key(url) == key
