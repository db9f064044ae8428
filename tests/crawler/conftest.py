"""Table-driven extractor tests: a test marked ``@pytest.mark.table("x.json")`` runs once per row of
``data/x.json``, with the row as its ``case`` argument and an id made of file and case name.

A row is ``{"name": ..., "input": ..., "expected": ...}`` (zyte-parsers' ``{html, expected}`` habit); an optional
``"why"`` says what the row pins down, so a failure explains itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

DATA_DIR = Path(__file__).parent / "data"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "table(filename): run the test once per row of tests/crawler/data/<filename>")


def load_table(filename: str) -> list[dict[str, Any]]:
    path = DATA_DIR / filename
    rows = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(rows, list) and rows, f"{path} must be a non-empty list of cases"
    names = [row["name"] for row in rows]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"{path}: duplicate case names {duplicates}"
    for row in rows:
        assert {"name", "input", "expected"} <= row.keys(), f"{path}: case {row.get('name')!r} lacks a key"
    return rows


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marker = metafunc.definition.get_closest_marker("table")
    if marker is None:
        return
    filename = marker.args[0]
    stem = Path(filename).stem
    rows = load_table(filename)
    metafunc.parametrize("case", rows, ids=[f"{stem}::{row['name']}" for row in rows])
