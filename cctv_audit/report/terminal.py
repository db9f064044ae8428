"""``cctv-audit diff --format table``: the changes between two sweeps as a rich table for a terminal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

KIND_STYLE = {"fixed": "green", "regressed": "red", "new_evidence": "cyan", "not_comparable": "magenta"}


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def render_diff_table(diff: Mapping[str, Any], console: Console) -> None:
    """One row per changed criterion, grouped by council, then the totals."""
    a, b = diff["a"], diff["b"]
    console.print(
        f"[bold]Sweep {a['id']}[/bold] (as of {a['as_of']}) → [bold]sweep {b['id']}[/bold] (as of {b['as_of']})"
    )
    table = Table(expand=True)
    table.add_column("Council", ratio=3, min_width=16)
    table.add_column("Score", no_wrap=True)
    table.add_column("Criterion", ratio=2, min_width=12)
    table.add_column("Change", no_wrap=True)
    table.add_column("From → to", no_wrap=True)
    for council in diff["councils"]:
        name = escape(str(council["name"] or council["key"]))
        score = f"{_score(council['score']['from'])} → {_score(council['score']['to'])}"
        if not council["changes"]:
            table.add_row(name, score, "", council["status"], "")
        for i, change in enumerate(council["changes"]):
            style = KIND_STYLE.get(change["kind"], "")
            kind = f"[{style}]{change['kind']}[/{style}]" if style else change["kind"]
            table.add_row(name if i == 0 else "", score if i == 0 else "", f"{change['code']} {change['name']}", kind,
                          f"{change['from'] or '–'} → {change['to'] or '–'}")  # fmt: skip
    console.print(table)
    console.print(", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in diff["summary"].items()))
