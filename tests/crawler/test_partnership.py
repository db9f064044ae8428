"""CCTV partnerships, hubs and who monitors the cameras on whose behalf: data/partnership.json."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.table("partnership.json")
def test_extract_partnership(case: dict[str, Any], check_topic: Any) -> None:
    check_topic(case, "partnership")
