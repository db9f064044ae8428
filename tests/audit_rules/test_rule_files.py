"""Meta-tests of the rule pack: every rule is documented, and loading fails fast on bad rule files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from audit_rules.loader import RULES_DIR, RuleError, load_pack, load_rule

PACK = load_pack()


@pytest.mark.parametrize("rule", PACK.rules, ids=lambda r: r.code)
def test_rule_is_documented(rule) -> None:  # type: ignore[no-untyped-def]
    for field in ("title", "failure_title", "description", "source", "how_to_fix"):
        assert len(getattr(rule, field)) >= 20, f"{rule.code}: {field} is too short to help a reader"
    assert rule.deliverables and rule.principles
    assert rule.path is not None and rule.path.name == f"{rule.code}-{rule.name}.yaml"


WEIGHTS = {
    "C01": 3, "C02": 2, "C03": 1, "C04": 2, "C05": 2, "C06": 1, "C07": 2, "C08": 2, "C09": 2, "C10": 1,
    "C11": 1, "C12": 1, "C13": 1, "C14": 2, "C15": 1, "C16": 1, "C17": 1, "C18": 3, "C19": 1, "C20": 2,
    "C21": 1, "C22": 1, "C23": 1, "C24": 1, "C25": 1,
}  # fmt: skip
"""The weights of criteria.md's table."""


def test_pack_version_and_all_25_criteria_with_their_weights() -> None:
    assert PACK.version == "1.0.0"
    assert [r.code for r in PACK.rules] == sorted(WEIGHTS)
    assert {r.code: r.weight for r in PACK.rules} == WEIGHTS
    assert PACK.rule("C24").nations == ("Wales",)


def _copy_rules(tmp_path: Path) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    return rules


def test_unknown_check_fails_fast(tmp_path: Path) -> None:
    rules = _copy_rules(tmp_path)
    path = rules / "C05-contact-point.yaml"
    path.write_text(path.read_text().replace("check: contact_point", "check: no_such_check"))
    with pytest.raises(RuleError, match="unknown check 'no_such_check'"):
        load_rule(path)


def test_unknown_option_fails_fast(tmp_path: Path) -> None:
    rules = _copy_rules(tmp_path)
    path = rules / "C08-retention-period.yaml"
    path.write_text(path.read_text() + "options: {max_days: 3}\n")
    with pytest.raises(RuleError, match="no option"):
        load_rule(path)


def test_duplicate_code_fails_fast(tmp_path: Path) -> None:
    rules = _copy_rules(tmp_path)
    text = (rules / "C05-contact-point.yaml").read_text()
    (rules / "C05-contact-point-copy.yaml").write_text(text)
    with pytest.raises(RuleError, match="duplicate code C05"):
        load_pack(rules_dir=rules)


def test_missing_field_is_named(tmp_path: Path) -> None:
    rules = _copy_rules(tmp_path)
    path = rules / "C01-cctv-page.yaml"
    path.write_text("\n".join(line for line in path.read_text().splitlines() if not line.startswith("source")))
    with pytest.raises(RuleError, match=r"missing field.*source"):
        load_rule(path)


def test_profile_extends_and_reweights(tmp_path: Path) -> None:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "default.yaml").write_text("weights: {}\ndisabled: []\n")
    (profiles / "strict.yaml").write_text("extends: default\nweights: {C05: 5}\ndisabled: [C08]\n")
    pack = load_pack("strict", profiles_dir=profiles)
    assert [r.code for r in pack.rules] == [c for c in sorted(WEIGHTS) if c != "C08"]
    assert pack.rule("C05").weight == 5


def test_unknown_profile_is_named() -> None:
    with pytest.raises(RuleError, match="unknown profile 'nope'"):
        load_pack("nope")
