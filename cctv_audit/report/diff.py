"""What changed between two sweeps, per council and criterion: fixed, regressed, new evidence.

Pure functions over two lists of site results, so ``cctv-audit diff`` and the trends in the HTML report classify
changes identically. Only judged statuses are ranked (``not_met`` < ``partly`` < ``met``): a move to or from
``unknown`` or ``n/a`` says the site could not be compared, not that the council did better or worse.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from cctv_audit.report.measures import result_key

RANK = {"not_met": 0, "partly": 1, "met": 2}
KINDS = ("fixed", "regressed", "new_evidence", "not_comparable", "added", "removed", "unchanged")
"""``fixed``: a better judged status (to met, or not_met to partly); ``regressed``: a worse one; ``new_evidence``:
the same status backed by different quotes; ``not_comparable``: to or from unknown or n/a; ``added`` /
``removed``: a criterion (or council) present on one side only."""


def _evidence_set(row: Mapping[str, Any] | None) -> set[tuple[str, str]]:
    return {(e.get("url", ""), e.get("quote", "")) for e in (row or {}).get("evidence", [])}


def classify(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> str:
    """The kind of change between two results of one criterion (either may be missing)."""
    if old is None and new is None:
        return "unchanged"
    if old is None:
        return "added"
    if new is None:
        return "removed"
    before, after = old["status"], new["status"]
    if before in RANK and after in RANK and RANK[before] != RANK[after]:
        return "fixed" if RANK[after] > RANK[before] else "regressed"
    if before != after:
        return "not_comparable"
    if _evidence_set(old) != _evidence_set(new):
        return "new_evidence"
    return "unchanged"


def diff_council(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> dict[str, Any]:
    """Every criterion change for one council, with the scores and grades on both sides."""
    rows_old = {r["code"]: r for r in (old or {}).get("results", [])}
    rows_new = {r["code"]: r for r in (new or {}).get("results", [])}
    changes = []
    for code in sorted(set(rows_old) | set(rows_new)):
        a, b = rows_old.get(code), rows_new.get(code)
        kind = classify(a, b)
        if kind == "unchanged":
            continue
        ev_a, ev_b = _evidence_set(a), _evidence_set(b)
        changes.append(
            {
                "code": code,
                "name": (b or a or {}).get("name", ""),
                "kind": kind,
                "from": a["status"] if a else None,
                "to": b["status"] if b else None,
                "evidence_added": [{"url": u, "quote": q} for u, q in sorted(ev_b - ev_a)],
                "evidence_removed": [{"url": u, "quote": q} for u, q in sorted(ev_a - ev_b)],
            }
        )
    authority = (new or old or {}).get("authority") or {}
    return {
        "key": result_key(new or old or {}),
        "gss_code": authority.get("gss_code"),
        "name": authority.get("name") or authority.get("homepage"),
        "score": {"from": (old or {}).get("score"), "to": (new or {}).get("score")},
        "grade": {"from": (old or {}).get("grade"), "to": (new or {}).get("grade")},
        "outcome": {
            "from": ((old or {}).get("crawl") or {}).get("outcome"),
            "to": ((new or {}).get("crawl") or {}).get("outcome"),
        },
        "status": "added" if old is None else "removed" if new is None else "compared",
        "changes": changes,
    }


def diff_results(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Per council (by GSS code) what changed from ``old`` to ``new``; councils with no change are left out."""
    before = {result_key(r): r for r in old}
    after = {result_key(r): r for r in new}
    councils = []
    totals: Counter[str] = Counter()
    for key in sorted(set(before) | set(after)):
        entry = diff_council(before.get(key), after.get(key))
        if entry["status"] == "compared" and not entry["changes"] and entry["score"]["from"] == entry["score"]["to"]:
            continue
        totals.update(c["kind"] for c in entry["changes"])
        councils.append(entry)
    return {
        "schema": "cctv-audit/diff/1",
        "summary": {kind: totals[kind] for kind in KINDS if kind != "unchanged"},
        "councils": councils,
    }
