"""Where the cameras are (C11): a list of named sites or a map, or only a count, broad areas or a refusal."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.facts import Fact, SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome


def _cameras(counts: list[Fact]) -> int | None:
    """The largest camera count stated: per-site counts ("Church Green (4 cameras)") are smaller than totals."""
    numbers = [f.value["cameras"] for f in counts if isinstance(f.value.get("cameras"), int)]
    return max(numbers) if numbers else None


@check("camera_locations", min_sites=3)
def check_camera_locations(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """Met by a list of at least ``min_sites`` named sites or a map of camera locations.

    Partly by a camera count alone, broad areas ("the town centre and car parks"), fewer named sites than
    ``min_sites``, or a statement that locations are withheld or available on request.
    """
    found = list(site.of_kind("camera_locations"))
    counts = list(site.of_kind("camera_count"))
    cameras = _cameras(counts)
    data = {"cameras": cameras}
    lists = [f for f in found if f.value.get("kind") == "sites" and f.value.get("count", 0) >= options["min_sites"]]
    maps = [f for f in found if f.value.get("kind") == "map"]
    if lists or maps:
        parts = []
        if lists:
            best = max(lists, key=lambda f: f.value.get("count", 0))
            names = ", ".join(best.value.get("sites", [])[:6])
            parts.append(f"a list of {best.value.get('count')} named camera sites ({names}…)")
        if maps:
            where = next((f.value["map_url"] for f in maps if f.value.get("map_url")), None)
            parts.append(f"a map of camera locations{f' ({where})' if where else ''}")
        evidence = tuple(f.evidence for f in [*lists[:2], *maps[:2]])
        return Outcome("met", f"Camera locations are published: {' and '.join(parts)}.", evidence, data)
    sites = [f for f in found if f.value.get("kind") == "sites"]
    withheld = [f for f in found if f.value.get("kind") == "withheld"]
    if sites or withheld or counts:
        parts = []
        if sites:
            places = list(dict.fromkeys(p for f in sites for p in f.value.get("sites", [])))
            parts.append(f"only broad areas or fewer than {options['min_sites']} named sites ({', '.join(places[:6])})")
        if withheld:
            parts.append("a statement that camera locations are not published")
        if cameras is not None:
            parts.append(f"a count of {cameras} cameras")
        evidence = tuple(f.evidence for f in [*sites[:2], *withheld[:1], *counts[:1]])
        return Outcome("partly", f"No list or map of camera locations; found {'; '.join(parts)}.", evidence, data)
    return Outcome("not_met", "No list, map, count or description of where the cameras are was found.")
