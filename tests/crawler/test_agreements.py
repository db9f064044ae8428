"""Police agreements, published or only referred to, from whole pages and documents: data/agreements.json."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.table("agreements.json")
def test_extract_agreements(case: dict[str, Any], check_topic: Any) -> None:
    check_topic(case, "police_agreement")
