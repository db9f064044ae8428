"""``bench/results/latest.json``: each benchmark command replaces its own sections and keeps the others'."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

LATEST = Path(__file__).parent / "results" / "latest.json"


def merge_results(sections: dict[str, Any]) -> Path:
    """Write ``sections`` (section name → figures) into the results file, keeping every other section."""
    LATEST.parent.mkdir(exist_ok=True)
    merged = json.loads(LATEST.read_text()) if LATEST.exists() else {}
    LATEST.write_text(json.dumps({**merged, **sections}, indent=2) + "\n")
    return LATEST
