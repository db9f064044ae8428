"""Where the cameras are: named sites in lists, tables, schedules and sentences, maps, withheld locations
and camera counts, from whole pages and documents: data/locations.json."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.table("locations.json")
def test_extract_locations(case: dict[str, Any], check_topic: Any) -> None:
    check_topic(case, "camera_locations")


@pytest.mark.table("locations_counts.json")
def test_extract_camera_counts(case: dict[str, Any], check_topic: Any) -> None:
    check_topic(case, "camera_count")
