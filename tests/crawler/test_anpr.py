"""Council use of ANPR (not police use, denials or definitions) and what its ANPR content covers: data/anpr.json."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.table("anpr.json")
def test_extract_anpr(case: dict[str, Any], check_topic: Any) -> None:
    check_topic(case, "anpr")
