"""Body-worn video transparency (C22), judged like ANPR (``anpr.judge_system``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from audit_rules.checks.anpr import judge_system
from audit_rules.facts import SiteFacts
from audit_rules.registry import check
from audit_rules.results import Outcome


@check("body_worn_video", topics=["recording", "retention", "access"])
def check_body_worn_video(site: SiteFacts, as_of: date, options: Mapping[str, Any]) -> Outcome:
    """BWV: n/a without council use; met by a BWV page or document covering every topic in ``topics``."""
    return judge_system(site, "bwv", "body-worn video", options["topics"])
