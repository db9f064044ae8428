"""The designated Single Point of Contact (C18), or a CCTV manager post standing in for one."""

from __future__ import annotations

from collections.abc import Iterator

from crawler.extract.registry import extractor
from crawler.extract.source import ExtractedFact, Source
from crawler.extract.spoc import extract_spoc


@extractor("extract_spoc")
def spoc(source: Source) -> Iterator[ExtractedFact]:
    found = extract_spoc(source.blocks)
    if found:
        value = {"designated": found.designated, "role": found.role, "name": found.name, "email": found.email,
                 "phone": found.phone}  # fmt: skip
        yield source.fact("spoc", value, found.quote, found.locator, "extract_spoc")
