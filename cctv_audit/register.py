"""The register of principal local authorities in England and Wales: loading, validating, matching URLs."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

from crawler.scope import url_site_key

COLUMNS = ("gss_code", "name", "type", "nation", "region", "homepage", "source")
TYPES = frozenset(
    {
        "county",
        "district",
        "unitary",
        "metropolitan_borough",
        "london_borough",
        "city_corporation",
        "welsh_principal_area",
    }
)
NATION_PREFIX = {"E": "England", "W": "Wales"}
GSS = re.compile(r"^[EW]\d{8}$")
HOST = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$")


@dataclass(frozen=True)
class Authority:
    """One row of the register."""

    gss_code: str
    name: str
    type: str
    nation: str
    region: str | None
    homepage: str
    source: str = ""

    def as_row(self) -> dict[str, str | None]:
        return {c: getattr(self, c) for c in COLUMNS}


class RegisterError(ValueError):
    """The register file has bad rows; ``problems`` lists them, each naming its line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def default_register_path() -> Path:
    return Path(str(files("cctv_audit") / "data" / "local_authorities.csv"))


def validate_rows(rows: Iterable[dict[str, str]], start_line: int = 2) -> list[str]:
    """Every problem in ``rows``, as ``line N: …`` (line 1 is the header)."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start_line):
        gss = (row.get("gss_code") or "").strip()
        if not GSS.match(gss):
            problems.append(f"line {line}: GSS code {gss!r} is malformed (expected E or W and 8 digits)")
        elif gss in seen:
            problems.append(f"line {line}: GSS code {gss} is a duplicate of line {seen[gss]}")
        else:
            seen[gss] = line
        if not (row.get("name") or "").strip():
            problems.append(f"line {line}: the name is empty")
        kind = (row.get("type") or "").strip()
        if kind not in TYPES:
            problems.append(f"line {line}: unknown type {kind!r} (expected one of {', '.join(sorted(TYPES))})")
        nation = (row.get("nation") or "").strip()
        if nation not in NATION_PREFIX.values():
            problems.append(f"line {line}: unknown nation {nation!r} (expected England or Wales)")
        elif GSS.match(gss) and NATION_PREFIX[gss[0]] != nation:
            problems.append(f"line {line}: GSS code {gss} is not a code for {nation}")
        homepage = (row.get("homepage") or "").strip()
        parts = urlsplit(homepage)
        if parts.scheme not in ("http", "https") or not HOST.match(parts.hostname or ""):
            problems.append(f"line {line}: homepage {homepage!r} is not an http(s) URL with a host name")
    return problems


def load_register(path: Path | None = None) -> list[Authority]:
    """Read and validate a register CSV; raise ``RegisterError`` naming every bad line."""
    path = path or default_register_path()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS[:6] if c not in (reader.fieldnames or [])]
        if missing:
            raise RegisterError([f"line 1: missing column(s) {', '.join(missing)}"])
        rows = list(reader)
    problems = validate_rows(rows)
    if problems:
        raise RegisterError(problems)
    return [
        Authority(
            r["gss_code"].strip(),
            r["name"].strip(),
            r["type"].strip(),
            r["nation"].strip(),
            (r.get("region") or "").strip() or None,
            r["homepage"].strip(),
            (r.get("source") or "").strip(),
        )
        for r in rows
    ]


def write_listing(path: Path, gss_codes: Iterable[str]) -> Path:
    """Write a list of authorities as ``sweep --authorities`` reads it: a CSV with one ``gss_code`` column."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["gss_code"], *[[code] for code in sorted(gss_codes)]])
    return path


@lru_cache(maxsize=1)
def packaged_register() -> tuple[Authority, ...]:
    """The register shipped with the package, read once per process."""
    return tuple(load_register())


def match_authorities(url: str, register: Iterable[Authority]) -> list[Authority]:
    """The authorities whose homepage is on the same site as ``url`` (two for a shared website)."""
    key = url_site_key(url)
    return sorted((a for a in register if url_site_key(a.homepage) == key), key=lambda a: a.gss_code)
