"""Published performance figures for the camera system, with the period they cover (C15).

A figure is a number tied to an indicator: "1,234 incidents", "Arrests: 56", "98% of cameras were working",
"an average response time of 3 minutes"; in a table, the cell after a label ("Arrests" | "56"). Numbers that
are years, deadlines ("requests must be made within 28 days"), retention periods, camera counts, fees or
section numbers are not figures. A commitment ("we respond within one month") is not a response-time figure:
that needs a measured average or a share of requests met.

The period a figure covers is read from its sentence ("in 2024/25", "during 2024"), else from the heading
above it, else from the page or document it is in (an annual report's title), else the source's own date.

Fact ``performance_figure``, value keys: ``indicator`` (``incidents``, ``arrests``, ``footage_requests``,
``prosecutions``, ``camera_availability``, ``response_time``, ``missing_persons``, ``calls``, ``faults``,
``evidence``), ``number`` (int or float), ``unit`` (``%``, ``minutes``, ``seconds`` or ``""``), ``period``
(as written, or null), ``period_end`` (ISO, or null), ``period_from`` (``sentence``, ``heading``,
``source``, ``date`` or null).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from crawler.extract.dates import DATE, extract_periods
from crawler.extract.registry import extractor
from crawler.extract.sentences import iter_sentences, negated, quote_at
from crawler.extract.source import ExtractedFact, Source
from crawler.extract.topics.documents import naming_blocks, summarise_dates, text_dates
from crawler.pages import TextBlock


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


INDICATORS: dict[str, str] = {
    "footage_requests": r"(?:requests?|applications?) (?:for|to view|to see) (?:cctv |the )?(?:footage|images|"
    r"recordings|data|reviews?)|(?:footage|subject access|data|disclosure|police|third[- ]party|evidence|viewing|"
    r"review|insurance) requests?|(?-i:SARs?)|disclosures?|footage (?:reviews?|disclosed|provided|released|"
    r"downloads?)|(?:reviews|downloads) of (?:cctv )?footage|evidential (?:discs|downloads|packages)|"
    r"ceisiadau (?:am|i weld) (?:ddelweddau|luniau|ffilm)",
    "prosecutions": r"prosecutions?|convictions?|(?:people |persons |offenders )?charged|cautions|"
    r"fixed penalty notices?|(?-i:FPNs?)|erlyniad\w*",
    "missing_persons": r"missing (?:people|persons?|children)|vulnerable (?:people|persons?|adults) (?:located|found|"
    r"traced|assisted)|pobl (?:ar goll|fregus)",
    "arrests": r"arrests?|arrested|arestiad\w*|arestio",
    "evidence": r"pieces of evidence|evidence (?:packages|discs|bundles)|(?:images|footage) (?:used|provided) "
    r"(?:as|in) evidence",
    "incidents": r"incidents?|occurrences|events (?:recorded|monitored|logged)|d?digwyddiad\w*",
    "calls": r"(?:radio |telephone )?calls (?:received|handled|from)|radio (?:calls|messages)|(?:shop|pub)watch calls",
    "faults": r"(?:camera )?faults? (?:reported|repaired|fixed|logged|rectified)",
}
INDICATOR = {key: _re(rf"\b(?:{pattern})\b") for key, pattern in INDICATORS.items()}
ANY_INDICATOR = _re(r"\b(?:" + "|".join(f"(?:{p})" for p in INDICATORS.values()) + r")\b")
_NUMBER = r"(?<![\w£$/.,:-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w/]|[.,]\d|:\d)"
NUMBER = re.compile(_NUMBER + r"(\s*%|\s*per ?cent\b|\s+(?:minutes|mins|seconds|secs)\b)?", re.I)
NUMBER_ONLY = re.compile(r"^\s*(?:[~c]\.?\s*)?" + _NUMBER + r"(\s*%)?\s*$", re.I)
TIME_UNIT = _re(
    r"^\s*(?:\(\w+\)\s*)?(?:calendar |working )?(?:days?|weeks?|months?|years?|hours?|hrs|cameras?|sites?)\b"
)
DEADLINE = _re(r"\b(?:within|up to|at least|at most|no (?:more|later) than|after|under|section|article|principle|"
               r"version|page|para(?:graph)?|£|o fewn)\s*$")  # fmt: skip
AVAILABILITY = _re(
    r"\b(?:cameras?|system|network)\b.{0,60}\b(?:working|operational|available|functional|in (?:good )?working "
    r"order|serviceable|online|live)\b|\b(?:availability|uptime|up-time|operational|serviceability)\b"
)
RESPONSE = _re(
    r"\b(?:average|mean|median|typical)\s+(?:response|reaction|attendance)\s+times?\b|\brespon\w+\s+(?:to\s+)?"
    r"(?:\w+\s+){0,3}within\b"
)
WINDOW = 40
"""How many characters may separate a number from its indicator in a sentence."""
MAX_FIGURES = 40


def _number(text: str) -> float | int:
    value = float(text.replace(",", ""))
    return int(value) if value.is_integer() else value


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d{2}", text))


def _is_phone(text: str, match: re.Match[str]) -> bool:
    """Part of a phone number: a leading zero, or a run of digit groups ("01527 534040")."""
    return (match.group(1).startswith("0") and len(match.group(1)) > 2) or bool(
        re.match(r"\s\d{3,}", text[match.end() :]) or re.search(r"\d\s$", text[: match.start()])
    )


def _figures(text: str) -> Iterator[tuple[str, float | int, str, int]]:
    """``(indicator, number, unit, position)`` for each figure in one sentence or table line."""
    dates = [m.span() for m in DATE.finditer(text)]
    for match in NUMBER.finditer(text):
        if any(a <= match.start() < b for a, b in dates):
            continue  # "incidents on 12 March 2024": a date, not a count
        raw, unit = match.group(1), (match.group(2) or "").strip().lower()
        unit = "%" if unit.startswith(("%", "per")) else ("minutes" if unit.startswith("min") else unit)
        unit = "seconds" if unit.startswith("sec") else unit
        before, after = text[max(0, match.start() - WINDOW) : match.start()], text[match.end() : match.end() + WINDOW]
        if _is_year(raw) or DEADLINE.search(before) or negated(text, match.start()) or _is_phone(text, match):
            continue
        if unit == "%" and AVAILABILITY.search(f"{before} {after}"):
            yield "camera_availability", _number(raw), unit, match.start()
            continue
        lead = text[max(0, match.start() - 2 * WINDOW) : match.start()]
        if (unit in ("minutes", "seconds") and RESPONSE.search(lead)) or (unit == "%" and RESPONSE.search(after)):
            yield "response_time", _number(raw), unit, match.start()
            continue
        if TIME_UNIT.match(after) or unit in ("minutes", "seconds"):
            continue
        following = ANY_INDICATOR.search(after)
        preceding = [m for m in ANY_INDICATOR.finditer(before)]
        if following and len(after[: following.start()].split()) <= 4 and not NUMBER.search(after[: following.start()]):
            name = _which(following.group(0))
        elif (
            preceding
            and re.fullmatch(r"[^.;]*", before[preceding[-1].end() :])
            and not NUMBER.search(before[preceding[-1].end() :])
        ):
            if len(before[preceding[-1].end() :].split()) > 5:
                continue
            name = _which(preceding[-1].group(0))
        else:
            continue
        yield name, _number(raw), unit, match.start()


def _which(phrase: str) -> str:
    return next(key for key, pattern in INDICATOR.items() if pattern.fullmatch(phrase) or pattern.search(phrase))


def _period(texts: list[tuple[str, str]]) -> dict[str, Any]:
    for where, text in texts:
        periods = extract_periods(text, years=where in ("heading", "source"))
        if periods:
            latest = max(periods, key=lambda p: p.end)
            return {"period": latest.phrase, "period_end": latest.end.isoformat(), "period_from": where}
    return {"period": None, "period_end": None, "period_from": None}


def _source_period(source: Source) -> dict[str, Any]:
    """The period the whole source covers (an annual report's title), else its own newest date."""
    heads = [("source", source.title), *(("source", b.text) for b in naming_blocks(source))]
    period = _period(heads)
    if period["period"] is None:
        dates = [{"role": d.role, "date": d.value.isoformat()} for d, _ in text_dates(source)]
        newest = summarise_dates(dates)["date"]
        if newest:
            period = {"period": None, "period_end": newest, "period_from": "date"}
    return period


@extractor("extract_performance")
def performance(source: Source) -> Iterator[ExtractedFact]:
    whole: dict[str, Any] | None = None
    seen: set[tuple[str, float | int, str]] = set()
    count = 0
    previous: TextBlock | None = None
    for block in source.blocks:
        found: list[tuple[str, float | int, str, str, int]] = []  # indicator, number, unit, sentence, position
        cell = NUMBER_ONLY.match(block.text)
        if cell and previous is not None and len(previous.text) <= 80 and not _is_year(cell.group(1)):
            label = ANY_INDICATOR.search(previous.text)
            unit = "%" if cell.group(2) else ""
            if unit and AVAILABILITY.search(previous.text):
                found.append(("camera_availability", _number(cell.group(1)), unit, previous.text, 0))
            elif label:
                found.append((_which(label.group(0)), _number(cell.group(1)), unit, previous.text, 0))
        else:
            for part in iter_sentences([block]):
                for name, number, unit, position in _figures(part.text):
                    found.append((name, number, unit, part.text, position))
        for name, number, unit, sentence, position in found:
            key = (name, number, block.locator)
            if key in seen or count >= MAX_FIGURES:
                continue
            seen.add(key)
            count += 1
            period = _period([("sentence", sentence), ("heading", block.heading)])
            if period["period"] is None:
                whole = whole if whole is not None else _source_period(source)
                period = whole
            quoted = previous if cell and previous is not None else block
            start = quoted.text.find(sentence)
            value = {"indicator": name, "number": number, "unit": unit, **period}
            yield source.fact("performance_figure", value, quote_at(quoted.text, max(start, 0) + position),
                              quoted.locator, "extract_performance")  # fmt: skip
        previous = block
