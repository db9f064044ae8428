"""Council use of body-worn video (not police officers' cameras or job adverts) and what it covers: data/bwv.json."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.table("bwv.json")
def test_extract_bwv(case: dict[str, Any], check_topic: Any) -> None:
    check_topic(case, "bwv")
