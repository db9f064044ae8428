"""Renderers over the site-result JSON: the terminal report card. They never query the database."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

STATUS_STYLE = {"met": "green", "partly": "yellow", "not_met": "red", "n/a": "dim", "unknown": "magenta"}
# C0 and C1 control characters but tab and newline: ESC starts terminal escape sequences (set the title, clear
# the screen, rewrite what was printed), and rich keeps ESC in the text it prints.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(value: object) -> str:
    """Text that may come from a crawled page, for a terminal: control characters dropped, rich markup escaped."""
    return escape(_CONTROL.sub("", str(value)))


def render_table(result: dict[str, Any], console: Console) -> None:
    """A report card for a terminal: the headline, one row per criterion, then how to fix the gaps."""
    authority, crawl = result["authority"], result["crawl"]
    name = authority.get("name") or "(not in the register)"
    console.print(f"[bold]{safe(name)}[/bold]  {safe(authority.get('homepage') or '')}")
    console.print(
        f"Crawl: {crawl['outcome']} ({crawl['pages']} pages, {crawl['documents']} documents"
        + (f", {crawl['seconds']:.1f} s" if crawl.get("seconds") is not None else "")
        + ")"
        + (f" — {safe(crawl['reason'])}" if crawl.get("reason") and crawl["outcome"] != "complete" else "")
    )
    if result["score"] is None:
        console.print(f"Score: not assessed (coverage {result['coverage']:.0%})   as of {result['as_of']}")
    else:
        console.print(
            f"Score: [bold]{result['score']:.1f}[/bold]  Grade: [bold]{result['grade']}[/bold]  "
            f"Coverage: {result['coverage']:.0%}   as of {result['as_of']}, rule pack {result['rulepack']}"
        )
    spoc = result.get("spoc")
    if spoc:
        who = ", ".join(safe(str(v)) for v in (spoc.get("name"), spoc.get("role")) if v)
        route = ", ".join(safe(str(v)) for v in (spoc.get("email"), spoc.get("phone")) if v)
        console.print(f"SPOC: {who or '(unnamed)'} — {route or 'no contact route'}")
    table = Table(show_lines=False, expand=True)
    table.add_column("Code", no_wrap=True)
    table.add_column("Criterion", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Why, and the evidence")
    for row in result["results"]:
        style = STATUS_STYLE.get(row["status"], "")
        why = safe(row["explanation"])
        if row["evidence"]:
            first = row["evidence"][0]
            why += f"\n[dim]“{safe(first['quote'][:160])}” — {safe(first['url'])}[/dim]"
        table.add_row(row["code"], row["name"], f"[{style}]{row['status']}[/{style}]", why)
    console.print(table)
    fixes = [r for r in result["results"] if r.get("how_to_fix") and r["status"] in ("not_met", "partly")]
    if fixes:
        console.print("[bold]How to fix[/bold]")
        for row in fixes:
            console.print(f"  {row['code']} {row['name']}: {safe(row['how_to_fix'])}")
