"""What the methodology page says, gathered from its sources: the rule pack, the crawler's settings, the licences.

Read from the rule files, ``crawler/settings.py`` and the data README rather than written again here, so the
report can never describe a different crawler or rule pack from the one that ran.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import Any

from audit_rules.loader import RuleError, load_pack
from audit_rules.results import POINTS
from audit_rules.scoring import GRADE_FLOORS, MIN_COVERAGE
from crawler.settings import DEFAULT_DELAY, crawl_settings

HEX_CREDIT = (
    "Hex layouts adapted from Open Innovations (ODI Leeds) hexmaps, https://github.com/odileeds/hexmaps, "
    "MIT licence © 2017- Open Innovations."
)
HEX_SOURCE_URL = "https://github.com/odileeds/hexmaps"
REGISTER_SOURCE_URL = "https://github.com/mysociety/uk_local_authority_names_and_codes"


@lru_cache(maxsize=1)
def hex_licence() -> str:
    """The MIT notice of the hex layouts, which must travel with every copy of the map."""
    return (files("cctv_audit") / "report" / "static" / "LICENSE-hexmaps.txt").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def register_attribution() -> list[str]:
    """The register's required attribution, as the quoted block under "Attribution required" in the data README."""
    text = (files("cctv_audit") / "data" / "README.md").read_text(encoding="utf-8")
    lines: list[str] = []
    inside = False
    for line in text.splitlines():
        if line.startswith("### Attribution required"):
            inside = True
            continue
        if inside:
            if line.startswith(">"):
                lines.append(line.lstrip("> ").rstrip().replace("*", ""))
            elif lines:
                break
    paragraph = " ".join(line for line in lines if line)
    # Split the block back into its three sentences-with-sources for display.
    parts = [p.strip() for p in paragraph.replace(". Homepage", ".\nHomepage").replace(". GSS", ".\nGSS").split("\n")]
    return [p for p in parts if p]


def rules(profile: str) -> dict[str, Any]:
    """The rule pack as the methodology page lists it (the current files, under the run's profile)."""
    try:
        pack = load_pack(profile)
    except RuleError:
        pack = load_pack()
    return {
        "version": pack.version,
        "profile": pack.profile,
        "rules": [
            {
                "code": r.code,
                "name": r.name,
                "title": r.title,
                "failure_title": r.failure_title,
                "description": r.description,
                "source": r.source,
                "deliverables": list(r.deliverables),
                "principles": list(r.principles),
                "weight": r.weight,
                "how_to_fix": r.how_to_fix,
                "nations": list(r.nations),
            }
            for r in pack.rules
        ],
    }


def crawler_identity(delay: float | None) -> dict[str, Any]:
    """Who the crawler says it is and how politely it behaves, from the settings a crawl actually uses."""
    settings = crawl_settings(DEFAULT_DELAY if delay is None else float(delay))
    return {
        "user_agent": settings["USER_AGENT"],
        "robots_txt_obeyed": settings["ROBOTSTXT_OBEY"],
        "robots_user_agent": settings["ROBOTSTXT_USER_AGENT"],
        "requests_per_host": settings["CONCURRENT_REQUESTS_PER_DOMAIN"],
        "delay_seconds": settings["DOWNLOAD_DELAY"],
        "autothrottle": settings["AUTOTHROTTLE_ENABLED"],
        "crawl_delay_honoured": settings["POLITENESS_CRAWL_DELAY_ENABLED"],
        "retry_after_honoured": settings["POLITENESS_RETRY_AFTER_ENABLED"],
        "cookies": settings["COOKIES_ENABLED"],
        "timeout_seconds": settings["DOWNLOAD_TIMEOUT"],
    }


def methodology(profile: str = "default", delay: float | None = None) -> dict[str, Any]:
    """Everything the methodology page shows."""
    return {
        "rulepack": rules(profile),
        "scoring": {
            "points": dict(POINTS),
            "grades": [{"grade": g, "floor": f} for g, f in GRADE_FLOORS] + [{"grade": "E", "floor": 0.0}],
            "min_coverage": MIN_COVERAGE,
        },
        "crawler": crawler_identity(delay),
        "attribution": {
            "register": register_attribution(),
            "register_source": REGISTER_SOURCE_URL,
            "hex_credit": HEX_CREDIT,
            "hex_source": HEX_SOURCE_URL,
            "hex_licence": hex_licence(),
        },
    }
