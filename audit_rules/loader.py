"""Load the rule pack (one YAML file per criterion) and the profiles that weight and enable rules."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from audit_rules.registry import Check, get_check

RULES_DIR = Path(__file__).parent / "rules"
PROFILES_DIR = Path(__file__).parent / "profiles"

REQUIRED_FIELDS = (
    "code",
    "name",
    "title",
    "failure_title",
    "description",
    "source",
    "deliverables",
    "principles",
    "weight",
    "check",
    "how_to_fix",
)
CODE_RE = re.compile(r"^C\d{2}$")
NATIONS = ("England", "Wales")


class RuleError(ValueError):
    """A rule file or profile is malformed; the message names the file."""


@dataclass(frozen=True)
class Rule:
    """One criterion as its rule file defines it, with its check resolved."""

    code: str
    name: str
    title: str
    failure_title: str
    description: str
    source: str
    deliverables: tuple[str, ...]
    principles: tuple[str, ...]
    weight: int
    how_to_fix: str
    check: Check
    options: Mapping[str, Any]
    nations: tuple[str, ...] = NATIONS
    """The nations the criterion applies to; elsewhere it is ``n/a``."""
    path: Path | None = None


@dataclass(frozen=True)
class RulePack:
    """The versioned set of rules, ordered by code, as a profile selects and weights them."""

    version: str
    profile: str
    rules: tuple[Rule, ...] = field(default=())

    def rule(self, code: str) -> Rule:
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise KeyError(code)


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleError(f"{path.name}: expected a mapping at the top level")
    return data


def load_rule(path: Path) -> Rule:
    """Read one rule file, failing fast on a missing field, a bad code, or an unknown check or option."""
    data = _load_yaml(path)
    missing = [f for f in REQUIRED_FIELDS if f not in data]
    if missing:
        raise RuleError(f"{path.name}: missing field(s) {', '.join(missing)}")
    code = str(data["code"])
    if not CODE_RE.match(code):
        raise RuleError(f"{path.name}: code {code!r} is not of the form C01")
    if not path.name.startswith(f"{code}-{data['name']}"):
        raise RuleError(f"{path.name}: file name must be {code}-{data['name']}.yaml")
    weight = data["weight"]
    if not isinstance(weight, int) or weight < 1:
        raise RuleError(f"{path.name}: weight must be a positive whole number")
    nations = tuple(data.get("applies_to", {}).get("nations", NATIONS))
    if not set(nations) <= set(NATIONS):
        raise RuleError(f"{path.name}: applies_to.nations must be among {NATIONS}")
    try:
        chk = get_check(str(data["check"]))
        options = chk.options(data.get("options") or {})
    except ValueError as exc:
        raise RuleError(f"{path.name}: {exc}") from exc
    return Rule(
        code=code,
        name=str(data["name"]),
        title=str(data["title"]).strip(),
        failure_title=str(data["failure_title"]).strip(),
        description=str(data["description"]).strip(),
        source=str(data["source"]).strip(),
        deliverables=tuple(str(d) for d in data["deliverables"]),
        principles=tuple(str(p) for p in data["principles"]),
        weight=weight,
        how_to_fix=str(data["how_to_fix"]).strip(),
        check=chk,
        options=options,
        nations=nations,
        path=path,
    )


def load_profile(name: str, profiles_dir: Path = PROFILES_DIR) -> dict[str, Any]:
    """Read a profile, resolving ``extends:`` so a variant only lists what it changes."""
    path = profiles_dir / f"{name}.yaml"
    if not path.exists():
        known = sorted(p.stem for p in profiles_dir.glob("*.yaml"))
        raise RuleError(f"unknown profile {name!r}; known: {', '.join(known)}")
    data = _load_yaml(path)
    base: dict[str, Any] = {"weights": {}, "disabled": []}
    if "extends" in data:
        base = load_profile(str(data["extends"]), profiles_dir)
    return {
        "weights": {**base["weights"], **(data.get("weights") or {})},
        "disabled": sorted({*base["disabled"], *(data.get("disabled") or [])}),
    }


def load_pack(profile: str = "default", rules_dir: Path = RULES_DIR, profiles_dir: Path = PROFILES_DIR) -> RulePack:
    """Load every rule file and apply a profile's weights and disabled rules."""
    meta = _load_yaml(rules_dir / "pack.yaml")
    rules: dict[str, Rule] = {}
    for path in sorted(rules_dir.glob("C*.yaml")):
        rule = load_rule(path)
        if rule.code in rules:
            raise RuleError(f"{path.name}: duplicate code {rule.code} (also in {rules[rule.code].path})")
        rules[rule.code] = rule
    prof = load_profile(profile, profiles_dir)
    for code in [*prof["weights"], *prof["disabled"]]:
        if code not in rules:
            raise RuleError(f"profile {profile!r} names unknown rule {code}")
    selected = []
    for code, rule in sorted(rules.items()):
        if code in prof["disabled"]:
            continue
        if code in prof["weights"]:
            rule = _reweighted(rule, prof["weights"][code], profile)
        selected.append(rule)
    return RulePack(version=str(meta["version"]), profile=profile, rules=tuple(selected))


def _reweighted(rule: Rule, weight: Any, profile: str) -> Rule:
    if not isinstance(weight, int) or weight < 1:
        raise RuleError(f"profile {profile!r}: weight for {rule.code} must be a positive whole number")
    return replace(rule, weight=weight)
