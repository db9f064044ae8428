"""The check registry: rule files name a check, and the check's Python function says how to judge it.

A check is a pure function of the site's facts, the audit date and its options. It declares the options it
accepts with their defaults, so a rule file with an unknown option fails at load time, not mid-sweep.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from audit_rules.facts import SiteFacts
from audit_rules.results import Outcome

CheckFn = Callable[[SiteFacts, date, Mapping[str, Any]], Outcome]


@dataclass(frozen=True)
class Check:
    """A registered check: its name, its options with defaults, and the function."""

    name: str
    fn: CheckFn
    defaults: Mapping[str, Any]

    def options(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Merge a rule's options over the defaults, refusing any the check does not know."""
        unknown = sorted(set(given) - set(self.defaults))
        if unknown:
            raise ValueError(f"check {self.name!r} has no option(s) {', '.join(unknown)}")
        return {**self.defaults, **given}


CHECKS: dict[str, Check] = {}


def check(name: str, **defaults: Any) -> Callable[[CheckFn], CheckFn]:
    """Register ``fn`` as the check ``name`` with the given option defaults."""

    def register(fn: CheckFn) -> CheckFn:
        if name in CHECKS:
            raise ValueError(f"check {name!r} is registered twice")
        CHECKS[name] = Check(name, fn, dict(defaults))
        return fn

    return register


def get_check(name: str) -> Check:
    # Importing the package registers every check module.
    import audit_rules.checks  # noqa: F401

    try:
        return CHECKS[name]
    except KeyError:
        raise ValueError(f"unknown check {name!r}; known: {', '.join(sorted(CHECKS))}") from None
