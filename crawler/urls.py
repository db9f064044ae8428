"""URL hygiene for the crawl: one canonical form per page, and explainable detection of crawler traps.

:func:`canonicalize` is conservative: it only makes changes that cannot lead to a different page on any sane
server (RFC 3986 §6 normalisation, plus removing session ids and tracking parameters). It never changes the case
of a path or adds or removes a trailing slash, because council CMSs treat ``/CCTV`` and ``/cctv/`` differently.

:class:`TrapDetector` says *why* a URL is not worth fetching ("calendar: 2031-04", "query permutations: over
25 variants of /search"), so a skipped link is a line in the crawl log a person can check, never a silent drop.
Session ids are not a trap here: canonicalisation removes them, so the endless ``;jsessionid=`` variants of a
page collapse into one URL before the crawler dedupes.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote_plus, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
SESSION_PARAMS = frozenset({"sid", "sessionid", "session_id", "phpsessid", "jsessionid", "cfid", "cftoken"})
"""Query parameters (compared case-insensitively) that carry a session, never a page's identity."""
SESSION_PARAM_PREFIXES = ("aspsessionid",)
"""Classic ASP names its cookie ``ASPSESSIONID`` plus random letters."""
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl"})
"""Click and campaign identifiers added by ad and mail platforms: the page is the same without them."""
TRACKING_PARAM_PREFIXES = ("utm_",)

_PATH_SESSION = re.compile(r";jsessionid=[^/;?#]*", re.IGNORECASE)
_SLASHES = re.compile(r"/{2,}")
# A percent escape (normalised), a stray percent sign, or a character that must be escaped. Everything else is
# an unreserved character, a sub-delimiter or one of ":@/?", which RFC 3986 allows as-is in paths and queries.
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}|%|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?]")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _escape(match: re.Match[str]) -> str:
    text = match.group(0)
    if len(text) == 3:
        char = chr(int(text[1:], 16))
        return char if char in _UNRESERVED else text.upper()
    return "".join(f"%{byte:02X}" for byte in text.encode("utf-8", "surrogatepass"))


def _normalise_escapes(text: str) -> str:
    """Upper-case hex in escapes, decode escaped unreserved characters, escape what must be (UTF-8)."""
    return _ESCAPE.sub(_escape, text)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4: ``/a/./b/../c`` is ``/a/c``; a trailing ``.`` or ``..`` leaves a trailing slash."""
    if "." not in path:
        return path
    segments = path.split("/")
    if not any(segment in (".", "..") for segment in segments):
        return path
    output: list[str] = []
    for segment in segments[1:]:
        if segment == ".":
            continue
        if segment == "..":
            if output:
                output.pop()
            continue
        output.append(segment)
    if segments[-1] in (".", ".."):
        output.append("")
    return "/" + "/".join(output)


def _netloc(scheme: str, netloc: str, hostname: str | None) -> str:
    """Lower-case host without a trailing dot, and the port only when it is not the scheme's default."""
    if hostname is None:
        return netloc.lower()
    userinfo, at, hostport = netloc.rpartition("@")
    host = hostname.rstrip(".")
    port = ""
    if not hostport.endswith("]"):  # "[::1]" has colons but no port
        _, colon, port = hostport.rpartition(":")
        port = port if colon else ""
    if port and not (port.isascii() and port.isdecimal()):
        return netloc.lower()  # not a port we understand: leave it alone rather than guess
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port and int(port) != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{int(port)}"
    return f"{userinfo}{at}{host}"


def _dropped_param(key: str) -> bool:
    name = unquote_plus(key).lower()
    return (
        name in SESSION_PARAMS
        or name in TRACKING_PARAMS
        or name.startswith(SESSION_PARAM_PREFIXES)
        or name.startswith(TRACKING_PARAM_PREFIXES)
    )


def _query(query: str) -> str:
    """Drop empty pieces, session ids and trackers; sort by key, keeping repeated keys in their order."""
    kept = []
    for piece in query.split("&"):
        if not piece:
            continue
        key = piece.split("=", 1)[0]
        if _dropped_param(key):
            continue
        piece = _normalise_escapes(piece)
        kept.append((piece.split("=", 1)[0], piece))
    kept.sort(key=lambda pair: pair[0])  # stable: f=b&f=a keeps its order, which a server may rely on
    return "&".join(piece for _, piece in kept)


@lru_cache(maxsize=32768)  # menus repeat the same links on every page of a site
def canonicalize(url: str) -> str:
    """The URL as the crawler dedupes and requests it.

    Lower-case scheme and host, no default port, no fragment, no session ids (``;jsessionid=`` path parameters,
    ``sid``/``sessionid``/``phpsessid``/``jsessionid``/``aspsessionid…`` query parameters) or tracking
    parameters (``utm_*``, ``fbclid``, ``gclid``…), query parameters sorted by name, ``//`` in the path
    collapsed, dot segments removed, percent escapes normalised, and ``/`` for an empty path. URLs that are not
    http(s) only lose their fragment; a URL that cannot be parsed is returned as it is.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1/": a broken link is deduped as written, never a crash mid-crawl
        return url
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.netloc:
        return urlunsplit((scheme, parts.netloc, parts.path, parts.query, ""))
    try:
        hostname = parts.hostname
    except ValueError:
        hostname = None
    netloc = _netloc(scheme, parts.netloc, hostname)
    path = _normalise_escapes(parts.path)
    if ";" in path:
        path = _PATH_SESSION.sub("", path)
    if "//" in path:
        path = _SLASHES.sub("/", path)
    path = _remove_dot_segments(path) or "/"
    if not path.startswith("/"):
        path = "/" + path
    query = _query(parts.query) if parts.query else ""
    return urlunsplit((scheme, netloc, path, query, ""))


def page_key(url: str) -> str:
    """What the crawler dedupes a canonical URL on: the URL without the trailing slash of a path below the root
    (``/community-safety/cctv/`` and ``/community-safety/cctv`` are one page).

    The URL requested stays as it was found (:func:`canonicalize` never adds or removes the slash). A server
    that answers both forms either serves the same page or redirects one to the other; fetching both costs a
    request and finds nothing new. A site serving two different pages there would lose one of them, which is
    far rarer than a sitemap listing ``/a`` while the menus link to ``/a/``.
    """
    head, mark, query = url.partition("?")
    scheme_end = head.find("://")
    path_start = head.find("/", scheme_end + 3) if scheme_end >= 0 else -1
    if path_start >= 0 and head.endswith("/"):
        head = head[:path_start] + (head[path_start:].rstrip("/") or "/")
    return head + mark + query


# -- traps ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrapLimits:
    """Where a URL stops being a page and starts being a trap. Defaults suit council sites."""

    max_length: int = 300
    """Characters in the canonical URL."""
    max_segments: int = 12
    """Path segments (``/a/b/c`` has 3)."""
    max_repeats: int = 3
    """Consecutive repeats of a run of segments (``/a/b/a/b/a/b`` repeats ``a/b`` 3 times) at which to stop."""
    max_params: int = 6
    """Query parameters; more is a faceted search being permuted."""
    max_same_param: int = 3
    """Values of one repeated parameter (``f=a&f=b&f=c``)."""
    max_page: int = 50
    """Highest page number of paginated listings worth reading."""
    max_variants: int = 25
    """Distinct queries on one path (``TrapDetector`` only); the next new one is a trap."""
    calendar_months: int = 3
    """Months either side of today a calendar or events URL may point at."""
    future_months: int = 12
    """Months ahead of today any other dated URL may point at (uploads and archives are never in the future)."""
    past_years: int = 30
    """Years before today any other dated URL may point at (``/wp-content/uploads/2009/05/`` is fine)."""


DEFAULT_LIMITS = TrapLimits()

CALENDAR_SEGMENTS = frozenset(
    {
        "calendar",
        "calendars",
        "event",
        "events",
        "diary",
        "whats-on",
        "what-s-on",
        "whatson",
        "agenda",
        "calendr",
        "digwyddiadau",
        "digwyddiad",
        "dyddiadur",
        "beth-sy-mlaen",
    }
)
"""Path segments (lower-cased) that make any date in the URL a calendar date."""
DATE_PARAMS = frozenset(
    {"date", "day", "month", "year", "week", "from", "to", "start", "end", "caldate", "mis", "blwyddyn"}
)
"""Query parameters whose value is a date (``mis``, ``blwyddyn``: Welsh month, year)."""
PAGE_PARAMS = frozenset({"page", "pg", "pagenum", "page_num", "paged", "tudalen"})
"""Not ``p``: WordPress uses ``?p=4567`` for a post id."""

_YEAR = re.compile(r"(?:19|20|21)\d\d")
_ANY_YEAR = re.compile(r"-?\d{1,7}")
_MONTH = re.compile(r"0?[1-9]|1[0-2]")
_DATE_SEGMENT = re.compile(r"(-?\d{1,7})-(0?[1-9]|1[0-2])(?:-(?:0?[1-9]|[12]\d|3[01]))?")
_DATE_VALUE = re.compile(
    r"(?P<y>-?\d{1,7})[-/](?P<m>0?[1-9]|1[0-2])(?:[-/]\d{1,2})?|(?:\d{1,2}[-/])?(?P<m2>0?[1-9]|1[0-2])[-/](?P<y2>\d{4})"
)


def _today(today: datetime.date | None) -> datetime.date:
    return today or datetime.date.today()


def _label(year: int, month: int | None) -> str:
    text = f"{year:04d}" if year >= 0 else str(year)
    return f"{text}-{month:02d}" if month else text


def _months_away(year: int, month: int | None, today: datetime.date) -> int:
    """How many months from today; a bare year is as near as its nearest month."""
    if month is not None:
        return (year - today.year) * 12 + month - today.month
    if year == today.year:
        return 0
    return (year - today.year) * 12 + (1 - today.month if year > today.year else 12 - today.month)


def _path_dates(segments: list[str], calendar: bool) -> list[tuple[int, int | None]]:
    """Dates in path segments: ``2031/04``, ``2031-04(-05)`` or a bare four-digit year.

    In a calendar any integer is a year when a month follows it (``/events/calendar/-7/12``: a calendar that
    links to the month before forever runs past year 0), but a bare number there is an event id, not a year.
    """
    dates: list[tuple[int, int | None]] = []
    i = 0
    while i < len(segments):
        segment = segments[i]
        following = segments[i + 1] if i + 1 < len(segments) else ""
        month = int(following) if _MONTH.fullmatch(following) else None
        match = _DATE_SEGMENT.fullmatch(segment)
        if match and (calendar or _YEAR.fullmatch(match[1])):
            dates.append((int(match[1]), int(match[2])))
        elif _YEAR.fullmatch(segment) or (calendar and month is not None and _ANY_YEAR.fullmatch(segment)):
            dates.append((int(segment), month))
            i += 2 if month is not None else 1  # the month (and a day after it) is not a year
            continue
        i += 1
    return dates


def _query_pairs(query: str) -> list[tuple[str, str]]:
    pairs = []
    for piece in query.split("&"):
        if piece:
            key, _, value = piece.partition("=")
            pairs.append((unquote_plus(key).lower(), unquote_plus(value)))
    return pairs


def _query_dates(pairs: list[tuple[str, str]]) -> list[tuple[int, int | None]]:
    dates: list[tuple[int, int | None]] = []
    year = month = None
    for key, value in pairs:
        if key not in DATE_PARAMS:
            continue
        value = value.strip()
        match = _DATE_VALUE.fullmatch(value)
        if match:
            if match["y"] is not None:
                dates.append((int(match["y"]), int(match["m"])))
            else:
                dates.append((int(match["y2"]), int(match["m2"])))
        elif key in ("year", "blwyddyn") and _ANY_YEAR.fullmatch(value):
            year = int(value)
        elif key in ("month", "mis") and _MONTH.fullmatch(value):
            month = int(value)
    if year is not None:
        dates.append((year, month))
    return dates


def _repeating_run(segments: list[str], max_repeats: int) -> tuple[str, int] | None:
    """The first run of 1–4 segments repeated ``max_repeats`` times or more in a row."""
    count = len(segments)
    for size in range(1, 5):
        for start in range(count - size * max_repeats + 1):
            run = segments[start : start + size]
            repeats = 1
            while segments[start + size * repeats : start + size * (repeats + 1)] == run:
                repeats += 1
            if repeats >= max_repeats:
                return "/".join(run), repeats
    return None


def _calendar_reason(
    segments: list[str], pairs: list[tuple[str, str]], limits: TrapLimits, today: datetime.date
) -> str | None:
    calendar = any(segment.lower() in CALENDAR_SEGMENTS for segment in segments)
    query_dates = _query_dates(pairs)
    for year, month in _path_dates(segments, calendar):
        away = _months_away(year, month, today)
        if (calendar and abs(away) > limits.calendar_months) or away > limits.future_months:
            return f"{'calendar' if calendar else 'date out of range'}: {_label(year, month)}"
        if away < -12 * limits.past_years:
            return f"date out of range: {_label(year, month)}"
    for year, month in query_dates:
        # A date parameter is a calendar by its nature: the window is the calendar's.
        if abs(_months_away(year, month, today)) > limits.calendar_months:
            return f"calendar: {_label(year, month)}"
    return None


def trap_reason(url: str, limits: TrapLimits = DEFAULT_LIMITS, *, today: datetime.date | None = None) -> str | None:
    """Why ``url`` alone looks like a crawler trap, or None. Pass a canonical URL; ``today`` pins the calendar.

    Checks, in order: length, depth, repeating path segments, too many query parameters or values of one,
    deep pagination, and dates outside a window around today. Query permutations need memory of the URLs
    already seen on a path: see :class:`TrapDetector`.
    """
    if len(url) > limits.max_length:
        return f"long URL: {len(url)} characters"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "malformed URL"
    segments = [segment for segment in parts.path.split("/") if segment]
    if len(segments) > limits.max_segments:
        return f"deep path: {len(segments)} segments"
    if len(segments) >= limits.max_repeats:
        repeating = _repeating_run([segment.lower() for segment in segments], limits.max_repeats)
        if repeating:
            return f"repeating path: {repeating[0]!r} ×{repeating[1]}"
    pairs = _query_pairs(parts.query) if parts.query else []
    if len(pairs) > limits.max_params:
        return f"faceted query: {len(pairs)} parameters"
    if pairs:
        key, values = Counter(key for key, _ in pairs).most_common(1)[0]
        if values > limits.max_same_param:
            return f"faceted query: {values} values of {key!r}"
    page = _page_number(segments, pairs)
    if page is not None and page > limits.max_page:
        return f"pagination: page {page}"
    return _calendar_reason(segments, pairs, limits, _today(today))


def _page_number(segments: list[str], pairs: list[tuple[str, str]]) -> int | None:
    for key, value in pairs:
        if key in PAGE_PARAMS and value.isascii() and value.isdecimal() and len(value) < 10:
            return int(value)
    for before, after in itertools.pairwise(segments):
        if before.lower() in ("page", "tudalen") and after.isascii() and after.isdecimal() and len(after) < 10:
            return int(after)
    return None


@lru_cache(maxsize=32768)  # menus repeat the same links on every page of a site
def _cached_trap_reason(url: str, limits: TrapLimits, today: datetime.date) -> str | None:
    return trap_reason(url, limits, today=today)


class TrapDetector:
    """Trap checks for one crawl, with memory: the distinct queries seen on each path.

    A search or listing page that links to every combination of its filters makes a new URL for every
    combination; each variant may look harmless alone, so the detector admits the first ``max_variants``
    distinct queries on a path and calls every further new one a trap. ``counts`` tallies the traps by kind
    (the reason up to its colon), for crawl stats.
    """

    def __init__(self, limits: TrapLimits = DEFAULT_LIMITS, *, today: datetime.date | None = None) -> None:
        self.limits = limits
        self.today = today
        self.counts: Counter[str] = Counter()
        self._variants: dict[str, set[str]] = {}

    def check(self, url: str) -> str | None:
        """Why ``url`` is a trap, or None, in which case its query is remembered as admitted."""
        url = canonicalize(url)
        reason = _cached_trap_reason(url, self.limits, self.today or datetime.date.today())
        if reason is None:
            reason = self._permutation(url)
        if reason is not None:
            self.counts[reason.split(":", 1)[0]] += 1
        return reason

    def _permutation(self, url: str) -> str | None:
        base, question, query = url.partition("?")
        if not question:
            return None
        seen = self._variants.setdefault(base, set())
        if query in seen:
            return None
        if len(seen) >= self.limits.max_variants:
            path = urlsplit(base).path
            return f"query permutations: over {self.limits.max_variants} variants of {path}"
        seen.add(query)
        return None
