"""``docs/rules.md`` is generated from the rule files and must not drift from them."""

from __future__ import annotations

from pathlib import Path

from audit_rules.docs import render_rules_markdown
from audit_rules.loader import load_pack

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_rules_reference_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render_rules_markdown(load_pack()), (
        "docs/rules.md is stale: run `python -m audit_rules.docs > docs/rules.md`"
    )


def test_self_check_profile_gives_the_national_verdict() -> None:
    national, self_check = load_pack("default"), load_pack("self-check")
    assert [(r.code, r.weight) for r in self_check.rules] == [(r.code, r.weight) for r in national.rules]
    assert self_check.profile == "self-check"
