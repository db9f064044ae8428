"""Which hosts and URLs belong to a council's site: data/scope_site_key.json and data/scope_in_scope.json."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.scope import in_scope, site_key, url_site_key


@pytest.mark.table("scope_site_key.json")
def test_site_key(case: dict[str, Any]) -> None:
    assert site_key(case["input"]) == case["expected"], case.get("why", "")


@pytest.mark.table("scope_in_scope.json")
def test_in_scope(case: dict[str, Any]) -> None:
    given = case["input"]
    key = site_key(given["site"])
    assert in_scope(given["url"], key) is case["expected"], case.get("why", "")
    if case["expected"]:
        assert url_site_key(given["url"]) == key
