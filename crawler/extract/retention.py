"""Retention periods for recordings, in days."""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fourteen": 14,
    "twenty": 20,
    "twenty-one": 21,
    "twenty-eight": 28,
    "thirty": 30,
    "thirty-one": 31,
    "ninety": 90,
    "a": 1,
    "un": 1,
    "dau": 2,
    "tri": 3,
    "pedwar": 4,
}
UNIT_DAYS = {
    "day": 1,
    "days": 1,
    "diwrnod": 1,
    "niwrnod": 1,
    "week": 7,
    "weeks": 7,
    "wythnos": 7,
    "month": 30,
    "months": 30,
    "mis": 30,
    "fis": 30,
}
# "twenty-one" is also written "twenty one"; the lookup normalises the space to a hyphen.
_WORDS = "|".join(re.escape(w).replace("\\-", "[- ]") for w in sorted(WORD_NUMBERS, key=len, reverse=True))
_NUMBER = r"\b(\d{1,3}|" + _WORDS + r")"
DURATION = re.compile(
    _NUMBER + r"(?:\s*\((?:\d{1,3}|" + _WORDS + r")\))?\s*(?:calendar\s+|working\s+)?(" + "|".join(UNIT_DAYS) + r")\b",
    re.I,
)
# "24 hours a day", "7 days a week": how often the cameras run, not how long recordings are kept.
RATE_AFTER = re.compile(r"\s*(?:a|per|each)\s+(?:day|week|month|year)\b", re.I)
RATE_BEFORE = re.compile(r"\b(?:hours?|days?|times?|weeks?)\s*$", re.I)
RETAIN_VERB = re.compile(
    r"\b(?:kept|keep|retain(?:ed|s)?|stored?|held|hold|overwritten|over-written|deleted|erased|wiped|"
    r"destroyed|recorded over|(?:c|ch|g)edwir|cadw|dileu|trosysgrifo)\b",
    re.I,
)
RECORDING = re.compile(
    r"record(?:ing|ings|ed)|footage|images?|video|cctv|camera|data|recordiad|delwedd|lluniau|ffilm|tcc", re.I
)
VAGUE = re.compile(
    r"no longer than (?:is )?(?:necessary|needed|required)|only (?:for )?as long as (?:is )?(?:necessary|needed)|"
    r"(?:for )?as long as (?:we|it is|they are) (?:need(?:ed)?|necessary|required)(?: (?:it|them))?\b|"
    r"yn hwy nag sydd (?:ei )?angen|"
    r"retention (?:schedule|policy|period set out)|dim hwy nag sydd (?:ei )?angen|amserlen gadw",
    re.I,
)
NOT_RETENTION = re.compile(r"respond|reply|within one month|ymateb|request", re.I)
WITHIN = re.compile(r"\b(?:within|o fewn)\s*$", re.I)


@dataclass(frozen=True)
class Retention:
    """A retention statement: a period in days, or None for a vague one."""

    days: int | None
    phrase: str


def extract_retention(sentence: str) -> Retention | None:
    """A retention period from one sentence about recordings, or a vague statement, or None."""
    if not RETAIN_VERB.search(sentence) or not RECORDING.search(sentence):
        return None
    for match in DURATION.finditer(sentence):
        number, unit = re.sub(r"\s+", "-", match.group(1).lower()), match.group(2).lower()
        before = sentence[: match.start()]
        if RATE_AFTER.match(sentence, match.end()) or RATE_BEFORE.search(before):
            continue
        # After request/response words a period is a deadline ("requests must be made within 7 days"), unless
        # a retention verb follows them and the period is not "within" ("if you ask, footage is kept for 31 days").
        asked = [m.end() for m in NOT_RETENTION.finditer(before)]
        if asked:
            retained = [m.end() for m in RETAIN_VERB.finditer(before, asked[-1])]
            if not retained or WITHIN.search(before):
                continue
        value = int(number) if number.isdigit() else WORD_NUMBERS[number]
        days = value * UNIT_DAYS[unit]
        if 1 <= days <= 3650:
            return Retention(days, match.group(0))
    vague = VAGUE.search(sentence)
    if vague:
        return Retention(None, vague.group(0))
    return None
