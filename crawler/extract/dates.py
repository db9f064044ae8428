"""Dates in council documents, with the role each plays, and the periods that reports cover.

Codes of practice, policies, annual reports, DPIAs and certificates carry their dates in many shapes:
"12 March 2025", "12/03/2025", "March 2025", "2025-03-12", "Version 3.1 (June 2024)", "Date of next review:
April 2027", and reports name their period as "2024/25", "2024-2025", "April 2024 to March 2025" or "year ending
31 March 2025". The rules judge currency against the audit date, so each date is returned with its *role*
(approved, reviewed, next review…) taken from the label just before it, and each period with its end date.

Pure functions of text: no blocks, no sources, no audit date.

Roles: ``approved``, ``reviewed`` (a review that took place), ``review`` (a bare "Review date:", which councils
use both for the last and the next review: the rules decide by comparing it with the audit date),
``next_review``, ``version``, ``published``, ``updated``, ``effective``, ``awarded``, ``expires``, ``dated``
(labelled only "Date:") and ``unlabelled``.

A date given only to the month or year stands for the *last* day of that month or year: a document "approved
March 2023" gets the benefit of the doubt, as a careful reader would give it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
    # Welsh, with the soft-mutated forms that follow "i" (to) and "fis" (month of).
    "ionawr": 1, "chwefror": 2, "mawrth": 3, "fawrth": 3, "ebrill": 4, "mai": 5, "fai": 5, "mehefin": 6,
    "fehefin": 6, "gorffennaf": 7, "orffennaf": 7, "awst": 8, "medi": 9, "fedi": 9, "hydref": 10,
    "tachwedd": 11, "dachwedd": 11, "rhagfyr": 12, "ragfyr": 12,
}  # fmt: skip
_MONTH = r"(?P<{0}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?"
_YEAR = r"(?P<{0}>(?:19|20)\d{{2}})"

# Alternatives in order of preference: the longest, most precise shapes first.
_SHAPES = [
    r"\b" + _DAY.format("d1") + r"\s+" + _MONTH.format("m1") + r",?\s+" + _YEAR.format("y1") + r"\b",
    r"\b" + _MONTH.format("m2") + r"\s+" + _DAY.format("d2") + r",\s*" + _YEAR.format("y2") + r"\b",
    r"\b" + _YEAR.format("y3") + r"-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)\b",
    r"(?<![\d/.-])(?P<d4>[0-3]?\d)(?P<sep>[/.-])(?P<m4>[01]?\d)(?P=sep)(?P<y4>(?:19|20)\d{2}|\d{2})(?![\d/.-]|-\d)",
    r"\b" + _MONTH.format("m5") + r",?\s+" + _YEAR.format("y5") + r"\b",
]
DATE = re.compile("|".join(f"(?:{s})" for s in _SHAPES), re.I)
BARE_YEAR = re.compile(
    r"(?<![\d/£.,:-])(?<!\bact )(?<!\bact, )(?<!\bregulations )\b((?:19|20)\d{2})\b"
    r"(?![\d/-]|\s*(?:act|regulations?)\b)",
    re.I,
)
"""A year on its own, not a law's ("Data Protection Act 2018") nor a standard's ("BS 7958:2015")."""

# Labels, most specific first: at equal distance from the date, the earlier entry wins.
LABELS: list[tuple[str, re.Pattern[str]]] = [
    (role, re.compile(pattern, re.I))
    for role, pattern in [
        ("next_review", r"next (?:formal )?review\w*(?: date)?|review(?:ed)? (?:by|before|no later than)|"
                        r"due for (?:its next )?review|review due|to be reviewed|will be reviewed|next reviewed|"
                        r"review in|adolygiad nesaf|dyddiad adolygu nesaf|i'w adolygu"),
        ("review", r"review date|date of review|(?<!next )(?<!of )\breview\s*[:–-]|dyddiad adolygu"),
        ("reviewed", r"(?:last |was |been )?reviewed|last review|review(?:ed)? (?:on|in)|date (?:last )?reviewed|"
                     r"adolygwyd"),
        ("expires", r"expir\w*|valid (?:until|to|through)|renewal (?:date|due)|due for renewal|yn dod i ben"),
        ("awarded", r"awarded|achieved|granted|certified|gained|obtained|accredited|re-?accredited|"
                    r"re-?certified|dyfarnwyd"),
        ("approved", r"approv\w*|adopted|agreed|ratified|sign(?:ed)?[- ]off|endorsed|cymeradwy\w*|mabwysiad\w*"),
        ("version", r"\bversion\b|\bv\s?\d+(?:\.\d+)*|\bissue\b|\brevision\b|\brev\b|fersiwn"),
        ("published", r"published|publication|issued|date of issue|cyhoeddwyd|dyddiad cyhoeddi"),
        ("updated", r"updated|last modified|modified|amended|revised|diweddarwyd"),
        ("effective", r"effective|in force|into force|implemented|implementation|commenc\w*|yn weithredol"),
        ("dated", r"\bdated?\b|\bdyddiad\b"),
    ]
]  # fmt: skip
_LOOKBACK = 60
"""How far before a date its label may sit ("approved by the Cabinet Member on 12 March 2024")."""
_CLAUSE_BREAK = re.compile(r"[.;!?]\s|\n|\|")


@dataclass(frozen=True)
class FoundDate:
    """A date as written, what it dates, and where it starts in the text."""

    role: str
    value: date
    """The date; a month or a year alone stands for its last day."""
    precision: str
    """``day``, ``month`` or ``year``."""
    phrase: str
    """The date exactly as written."""
    start: int


@dataclass(frozen=True)
class Period:
    """A reporting period: the year or months a report or its figures cover."""

    end: date
    start: date | None
    phrase: str
    """The period exactly as written."""
    index: int


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


def _parse(match: re.Match[str]) -> tuple[date, str] | None:
    """The date a ``DATE`` match stands for, and its precision; None when it is not a real date."""
    groups = match.groupdict()
    try:
        for n in ("1", "2", "3", "4"):
            if groups.get(f"y{n}"):
                month_text = groups[f"m{n}"]
                month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower()]
                return date(_year(groups[f"y{n}"]), month, int(groups[f"d{n}"])), "day"
        if groups.get("y5"):
            return _end_of_month(int(groups["y5"]), MONTHS[groups["m5"].lower()]), "month"
    except (ValueError, KeyError):
        return None
    return None


def parse_date(text: str) -> date | None:
    """The first date written in ``text`` (month or year alone: its last day), or None."""
    for match in DATE.finditer(text):
        parsed = _parse(match)
        if parsed:
            return parsed[0]
    return None


def label_role(before: str) -> str | None:
    """The role given by the label nearest the end of ``before`` (the text just before a date)."""
    best: tuple[int, int, str] | None = None
    for rank, (role, pattern) in enumerate(LABELS):
        for match in pattern.finditer(before):
            key = (match.end(), -rank, role)
            if best is None or key[:2] > best[:2]:
                best = key
    return best[2] if best else None


def _label_window(text: str, start: int, floor: int) -> str:
    """The text a label for the date at ``start`` may sit in: back to the previous date or clause break."""
    begin = max(floor, start - _LOOKBACK)
    window = text[begin:start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    return window[breaks[-1].end() :] if breaks else window


def extract_dates(text: str, *, years: bool = False, two_digit_years: bool = False) -> list[FoundDate]:
    """Every date in ``text`` with its role, in order.

    ``years``: also read a bare year ("CCTV Policy 2024"), as in a title, link text or file name. Without it a
    bare year counts only right after a label ("Review date: 2027"), never "Data Protection Act 2018".
    ``two_digit_years``: accept "12/03/25" unlabelled; otherwise only with a label.
    """
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    floor = 0
    for match in DATE.finditer(text):
        parsed = _parse(match)
        if parsed is None:
            continue
        role = label_role(_label_window(text, match.start(), floor))
        # "12/03/25" only with a slash, and only when labelled: "v1.2.24" is a version number.
        short_year = bool(match.group("y4")) and len(match.group("y4")) == 2
        if short_year and (match.group("sep") != "/" or not (role or two_digit_years)):
            continue
        found.append(FoundDate(role or "unlabelled", parsed[0], parsed[1], match.group(0), match.start()))
        taken.append(match.span())
        floor = match.end()
    floor = 0
    for match in BARE_YEAR.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        window = _label_window(text, match.start(), floor)
        role = label_role(window[-25:])
        if not (role or years):
            continue
        value = date(int(match.group(1)), 12, 31)
        found.append(FoundDate(role or "unlabelled", value, "year", match.group(0), match.start()))
    return sorted(found, key=lambda d: d.start)


# "2024/25", "2024-25", "2024/2025", "2024 to 2025": a financial year, ending 31 March.
_FINANCIAL = re.compile(
    r"(?<![\d/.-])((?:19|20)\d{2})\s*(?:/|-|–|—|to|i)\s*(\d{4}|\d{2})(?![\d/]|-\d|\s*(?:act|regulations?)\b)", re.I
)
_POINT = (
    r"(?:(?:[0-3]?\d)(?:st|nd|rd|th)?\s+)?(?:"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\.?(?:,?\s+(?:19|20)\d{2})?|[0-3]?\d/[01]?\d/(?:19|20)\d{2}"
)
_RANGE = re.compile(
    r"(?:from\s+|rhwng\s+|o\s+)?(?P<a>"
    + _POINT
    + r")\s*(?:to|until|till|through|-|–|—|and|a|hyd at|i)\s*(?P<b>"
    + _POINT
    + r")",
    re.I,
)
_ENDING = re.compile(
    r"(?:year|period|twelve months|12 months|blwyddyn|cyfnod)\s+(?:ending|ended|to|up to|yn diweddu|a ddaeth i "
    r"ben(?: ar)?|hyd at)\s+(?:on\s+)?",
    re.I,
)
_IN_YEAR = re.compile(
    r"\b(?:calendar year|during|in|for|throughout|over|ystod|yn)\s+(?:the year\s+|the calendar year\s+)?"
    r"((?:19|20)\d{2})\b(?![\d/-])",
    re.I,
)


def _financial(match: re.Match[str]) -> Period | None:
    first, second = int(match.group(1)), match.group(2)
    follows = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    if follows != first + 1:
        return None
    return Period(date(follows, 3, 31), date(first, 4, 1), match.group(0), match.start())


def _range(match: re.Match[str]) -> Period | None:
    end_found = extract_dates(match.group("b"), two_digit_years=True)
    end = end_found[0].value if end_found else None
    if end is None:
        return None
    start_found = extract_dates(match.group("a"))
    start = start_found[0].value if start_found else None
    if start_found and start_found[0].precision == "month":
        start = start_found[0].value.replace(day=1)
    if start is None:
        # "January to December 2024": the first month takes the year of the second, or the one before it.
        month = next((MONTHS[w.lower().rstrip(".")] for w in match.group("a").split() if w.lower() in MONTHS), None)
        if month is None:
            return None
        year = end.year if month <= end.month else end.year - 1
        day = re.match(r"\s*(\d{1,2})", match.group("a"))
        try:
            start = date(year, month, int(day.group(1)) if day else 1)
        except ValueError:
            return None
    if not (start < end and (end - start).days <= 800):
        return None
    return Period(end, start, match.group(0).strip(), match.start())


def extract_periods(text: str, *, years: bool = False) -> list[Period]:
    """Every reporting period in ``text``, in order.

    ``years``: a bare year ("Annual Report 2024", in a title or file name) is the calendar year. Without it a
    year counts only when the sentence frames it ("during 2024", "in 2024", "calendar year 2024").
    """
    periods: list[Period] = []
    spans: list[tuple[int, int]] = []

    def add(period: Period | None, span: tuple[int, int]) -> None:
        if period and not any(a < span[1] and span[0] < b for a, b in spans):
            periods.append(period)
            spans.append(span)

    for match in _RANGE.finditer(text):
        add(_range(match), match.span())
    for match in _ENDING.finditer(text):
        found = extract_dates(text[match.end() : match.end() + 30], two_digit_years=True)
        if found and found[0].start == 0:
            end = found[0].value
            span = (match.start(), match.end() + len(found[0].phrase))
            add(Period(end, None, text[span[0] : span[1]], match.start()), span)
    for match in _FINANCIAL.finditer(text):
        add(_financial(match), match.span())
    dates = [m.span() for m in DATE.finditer(text)]
    year_pattern = BARE_YEAR if years else _IN_YEAR
    for match in year_pattern.finditer(text):
        if any(a <= match.start(1) < b for a, b in dates):
            continue  # "published March 2024" dates the report; it is not the calendar year it covers
        year = int(match.group(1))
        add(Period(date(year, 12, 31), date(year, 1, 1), match.group(0), match.start()), match.span(1))
    return sorted(periods, key=lambda p: p.index)
