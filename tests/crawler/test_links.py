"""Link relevance for the focused crawl: data/links_threshold.json (followed or not), data/links_order.json
(which of two links is more promising) and data/links_reasons.json (what the score says about itself)."""

from __future__ import annotations

import random
import time
from typing import Any

import pytest

from crawler.links import (
    BASE_SCORE,
    RELEVANCE_THRESHOLD,
    SOURCE_BOOSTS,
    VOCABULARY,
    LinkScore,
    _text_terms,
    find_terms,
    priority,
    score_link,
)
from crawler.pages import Link


def _score(given: dict[str, Any]) -> LinkScore:
    link = Link(given["url"], given["text"], given.get("heading", ""))
    return score_link(link, given.get("source_kind", "other"), given.get("depth", 0))


@pytest.mark.table("links_threshold.json")
def test_threshold(case: dict[str, Any]) -> None:
    score = _score(case["input"])
    assert score.relevant is case["expected"], f"{score} — {case.get('why', '')}"
    assert score.relevant == (score.score > RELEVANCE_THRESHOLD)


@pytest.mark.table("links_order.json")
def test_order(case: dict[str, Any]) -> None:
    assert case["expected"] == "higher"
    higher, lower = _score(case["input"]["higher"]), _score(case["input"]["lower"])
    assert higher.score > lower.score, f"{higher} should beat {lower} — {case.get('why', '')}"


@pytest.mark.table("links_reasons.json")
def test_reasons(case: dict[str, Any]) -> None:
    score, expected = _score(case["input"]), case["expected"]
    why = f"{score} — {case.get('why', '')}"
    for reason in expected["reasons"]:
        assert reason in score.reasons, why
    if not expected["reasons"]:
        assert score.reasons == (), why
    assert expected.get("min", 0) <= score.score <= expected.get("max", 100), why


def test_priority_orders_by_score_then_depth() -> None:
    strong, weak = LinkScore(90.0), LinkScore(35.0)
    assert priority(strong, 6) > priority(weak, 0), "a better link first, however deep"
    assert priority(weak, 1) > priority(weak, 2), "equal scores: the shallower first"
    assert priority(LinkScore(35.4), 3) == priority(LinkScore(35.0), 3), "whole points: near-equal scores tie"
    assert priority(weak, 500) == priority(weak, 99), "depth is clamped, so it never outweighs a point of score"
    assert priority(LinkScore(36.0), 99) > priority(weak, 0)


def test_base_and_threshold() -> None:
    assert BASE_SCORE < RELEVANCE_THRESHOLD, "a link with nothing for it is not followed"
    assert score_link(Link("https://x.gov.uk/accessibility", "Accessibility")).score == BASE_SCORE
    assert not LinkScore(RELEVANCE_THRESHOLD).relevant, "the threshold is a floor to rise above"


@pytest.mark.parametrize("kind", sorted(SOURCE_BOOSTS))
def test_every_source_kind_scores(kind: str) -> None:
    score = score_link(Link("https://x.gov.uk/cctv", "CCTV"), kind)
    assert 0 <= score.score <= 100


def test_unknown_source_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown source kind 'cctv'"):
        score_link(Link("https://x.gov.uk/", "Home"), "cctv")


def test_overlapping_terms_resolve_like_one_alternation() -> None:
    """'community safety' is one medium term, not also the weak 'community' and 'safety'."""
    labels = [VOCABULARY[row][2] for _, _, row in find_terms("community safety and crime")]
    assert labels == ["community safety", "crime"]
    assert [VOCABULARY[row][2] for _, _, row in find_terms("council tax")] == ["council tax"]


def test_word_terms_need_a_word_start_but_cctv_does_not() -> None:
    assert [VOCABULARY[row][2] for _, _, row in find_terms("www northwalescctv org uk", url=True)] == ["cctv"]
    assert find_terms("prevents") == [], "'events' inside a word is not the events term"
    assert find_terms("newsletter") == []


def test_anchored_terms_apply_to_anchor_text_only() -> None:
    assert [VOCABULARY[row][2] for _, _, row in find_terms("2")] == ["pagination"]
    assert find_terms("www x gov uk 2024", url=True) == []


def test_scores_are_bounded_and_explained() -> None:
    for link in (
        Link("https://x.gov.uk/cctv/cctv-privacy-notice/cctv-code.pdf", "CCTV CCTV ANPR TCC camerâu (PDF)", "CCTV"),
        Link("https://www.facebook.com/x/jobs/news", "Jobs news events login print share", "Latest news"),
        Link("", "", ""),
    ):
        for kind in SOURCE_BOOSTS:
            score = score_link(link, kind, 30)
            assert 0 <= score.score <= 100
            assert all(isinstance(reason, str) and reason for reason in score.reasons)


# -- speed ----------------------------------------------------------------------------------------------------

_COUNCILS = ("bromsgrove", "redditchbc", "rutland", "ceredigion", "malvernhills", "wyreforestdc", "leeds", "powys")
_SECTIONS = (
    "residents",
    "community-safety",
    "council-and-democracy",
    "bins-and-recycling",
    "council-tax",
    "planning",
    "parking",
    "housing",
    "leisure",
    "jobs",
    "cy/preswylwyr",
    "cy/diogelwch-cymunedol",
    "business",
    "transport-and-streets",
)
_PAGES = (
    ("CCTV", "cctv"),
    ("Community safety", "community-safety"),
    ("Council tax", "council-tax"),
    ("Bins and recycling", "bins-and-recycling"),
    ("Report a pothole", "report-a-pothole"),
    ("Apply for a blue badge", "blue-badge"),
    ("Opening times", "opening-times"),
    ("Privacy notice", "privacy"),
    ("Housing benefit", "housing-benefit"),
    ("Contact us", "contact-us"),
    ("Read more", "more"),
    ("Anti-social behaviour", "asb"),
    ("Libraries", "libraries"),
    ("Sign in to your account", "account/login"),
    ("Planning applications", "planning-applications"),
    ("Teledu cylch cyfyng", "teledu-cylch-cyfyng"),
    ("Treth y Cyngor", "treth-y-cyngor"),
    ("A to Z of services", "a-z"),
    ("Adult social care", "adult-social-care"),
    ("Car parks", "car-parks"),
    ("Events", "events"),
    ("Keeping safe", "keeping-safe"),
    ("CCTV Code of Practice (PDF, 300KB)", "cctv-code-of-practice.pdf"),
)
_HEADINGS = ("", "", "Related pages", "Popular pages", "Community safety", "Latest news", "Services", "Gwasanaethau")
_HEADLINE = ("council", "agrees", "budget", "new", "park", "opens", "town", "centre", "cameras", "winter", "roads")


def _crawl_like_links(count: int) -> list[tuple[Link, str, int]]:
    """Links shaped like a national crawl's: menus repeat, URLs are unique, a quarter are unique news headlines."""
    rng = random.Random(2026)
    links = []
    for i in range(count):
        host = f"https://www.{rng.choice(_COUNCILS)}.gov.uk"
        if rng.random() < 0.25:
            words = rng.sample(_HEADLINE, rng.randint(3, 7))
            anchor, url = " ".join(words).capitalize() + f" {i}", f"{host}/news/{'-'.join(words)}-{i}"
        else:
            anchor, slug = rng.choice(_PAGES)
            url = f"{host}/{rng.choice(_SECTIONS)}/{slug}/{i}"
        links.append((Link(url, anchor, rng.choice(_HEADINGS)), rng.choice(("other", "hub", "surveillance")), i % 9))
    return links


def test_scoring_speed(capsys: pytest.CaptureFixture[str]) -> None:
    """Prints links scored per second (the bar is 50,000 on the development machine); asserts only results."""
    links = _crawl_like_links(50_000)
    _text_terms.cache_clear()  # start cold: the anchor and heading cache fills as a crawl would fill it
    started = time.perf_counter()
    scores = [score_link(link, kind, depth) for link, kind, depth in links]
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nscore_link: {len(links) / elapsed:,.0f} links/s over {len(links):,} crawl-like links")
    assert len(scores) == len(links)
    assert all(0 <= score.score <= 100 for score in scores)
    assert any(score.relevant for score in scores) and not all(score.relevant for score in scores)


@pytest.mark.parametrize(
    ("text", "url", "core"),
    [
        ("Public space CCTV", "https://x.gov.uk/community-safety/cctv", True),
        ("Community safety cameras", "https://x.gov.uk/community-safety/community-safety-cameras", True),
        ("How we use your information", "https://x.gov.uk/your-council/privacy-notice", True),
        ("Hysbysiad preifatrwydd", "https://x.gov.uk/cy/eich-cyngor/hysbysiad-preifatrwydd", True),
        ("Community safety", "https://x.gov.uk/community-safety", False),
        ("Data protection", "https://x.gov.uk/your-council/data-protection", False),
        ("Privacy notices", "https://x.gov.uk/your-council/privacy-notices", False),
        ("Hysbysiadau preifatrwydd", "https://x.gov.uk/cy/eich-cyngor/hysbysiadau-preifatrwydd", False),
        ("Policies and strategies", "https://x.gov.uk/your-council/policies", False),
        ("CCTV operator vacancy", "https://x.gov.uk/jobs/cctv-operator", False),
        ("Residents", "https://x.gov.uk/residents", False),
    ],
)
def test_core_links_name_the_subject_or_a_privacy_notice(text: str, url: str, core: bool) -> None:
    assert score_link(Link(url, text)).core is core


def test_community_safety_cameras_is_the_subject() -> None:
    score = score_link(Link("https://x.gov.uk/a/b", "Community safety cameras"))
    assert "anchor 'community safety cameras' +45" in score.reasons
    assert score.score > score_link(Link("https://x.gov.uk/a/b", "Community safety")).score


@pytest.mark.parametrize(
    ("text", "relevant"),
    [("Keeping our town centres safe", True), ("Keep Bromsgrove safe", True), ("Keeping safe", True),
     ("Keep your home safer", False)],
)  # fmt: skip
def test_keeping_places_safe_is_a_home_of_cctv_information(text: str, relevant: bool) -> None:
    score = score_link(Link("https://x.gov.uk/info/20028/about/87/page", text))
    assert score.relevant is relevant and score.topical is relevant, score
