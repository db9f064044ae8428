"""Police forces named the ways councils write them, and names that are not forces: data/police.json."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.extract.police import FORCES, find_forces


@pytest.mark.table("police.json")
def test_find_forces(case: dict[str, Any]) -> None:
    found = find_forces(case["input"])
    assert [m.force for m in found] == case["expected"], case.get("why", "")
    for mention in found:
        assert case["input"][mention.start :].startswith(mention.phrase)


def test_every_force_of_england_and_wales_is_listed() -> None:
    """39 English and 4 Welsh territorial forces, and British Transport Police."""
    assert len(FORCES) == 44
    for name in FORCES:
        assert [m.force for m in find_forces(f"We work with {name}.")] == [name]
