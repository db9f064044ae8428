"""How long recordings are kept (C08)."""

from __future__ import annotations

from collections.abc import Iterator

from crawler.extract.registry import extractor
from crawler.extract.retention import extract_retention
from crawler.extract.source import ExtractedFact, Source


@extractor("extract_retention")
def retention(source: Source) -> Iterator[ExtractedFact]:
    for sentence, block in source.sentences():
        found = extract_retention(sentence) or extract_retention(f"{block.heading}: {sentence}")
        if found:
            yield source.fact("retention", {"days": found.days, "phrase": found.phrase}, sentence, block.locator,
                              "extract_retention")  # fmt: skip
