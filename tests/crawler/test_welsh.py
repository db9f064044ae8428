"""Welsh-language versions of the CCTV page, privacy notice and policy: data/welsh.json."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.table("welsh.json")
def test_extract_welsh(case: dict[str, Any], check_topic: Any) -> None:
    check_topic(case, "welsh_version")
