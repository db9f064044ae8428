"""Every rule's test cases, from data: one parametrised runner, ids made of file and case name."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from audit_rules.engine import audit_site
from audit_rules.facts import Fact, SiteFacts
from audit_rules.loader import load_pack

CASES_DIR = Path(__file__).parent / "cases"
PACK = load_pack()
URL = "https://www.council.gov.uk/page"


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("C*.yaml")):
        code = path.name[:3]
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            params.append(pytest.param(code, case, id=f"{path.stem}::{case['name']}"))
    return params


def _site(case: dict[str, Any]) -> SiteFacts:
    facts = tuple(
        Fact(f["kind"], f["value"], f.get("url", URL), f["quote"], f["locator"]) for f in case.get("facts", [])
    )
    return SiteFacts(outcome=case.get("outcome", "complete"), facts=facts, nation=case.get("nation", "England"))


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_case(code: str, case: dict[str, Any]) -> None:
    as_of = date.fromisoformat(str(case.get("as_of", "2026-11-29")))
    audit = audit_site(_site(case), PACK, as_of)
    result = audit.result(code)
    assert result is not None, f"{code} is not in the rule pack"
    assert result.status == case["expect"], result.explanation
    for key, value in (case.get("data") or {}).items():
        assert result.data[key] == value
    if result.status in ("met", "partly"):
        assert result.evidence, "a met or partly result needs evidence"
        assert all(len(e.quote) <= 300 for e in result.evidence)
    if result.status == "not_met":
        assert "Examined" in result.explanation, "a not_met result carries its search trail"


def test_every_rule_has_met_partly_and_not_met_cases() -> None:
    for rule in PACK.rules:
        files = list(CASES_DIR.glob(f"{rule.code}-*.yaml"))
        assert len(files) == 1, f"{rule.code} needs exactly one case file"
        expected = {c["expect"] for c in yaml.safe_load(files[0].read_text(encoding="utf-8"))}
        assert {"met", "partly", "not_met", "unknown"} <= expected, f"{rule.code} lacks cases for some statuses"


def test_every_case_file_names_a_rule_in_the_pack() -> None:
    codes = {r.code for r in PACK.rules}
    for path in CASES_DIR.glob("*.yaml"):
        assert path.name[:3] in codes, f"{path.name} names no rule in the pack"
