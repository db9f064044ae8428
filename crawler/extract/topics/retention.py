"""How long recordings are kept (C08)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from crawler.extract.registry import extractor
from crawler.extract.retention import extract_retention
from crawler.extract.source import ExtractedFact, Source

LABEL = re.compile(
    r"^(?:cctv |footage |recording )?(?:retention(?: period)?|how long (?:we|do you) keep \w+)\??$|"
    r"^cyfnod cadw$",
    re.I,
)
"""A label whose value is the next block: "Retention period" | "31 days" in a table or definition list."""


@extractor("extract_retention")
def retention(source: Source) -> Iterator[ExtractedFact]:
    labels = {id(after): block.text for block, after in pairwise(source.blocks) if LABEL.match(block.text.strip())}
    for sentence, block in source.sentences():
        label = labels.get(id(block))
        found = (
            extract_retention(sentence)
            or extract_retention(f"{block.heading}: {sentence}")
            or (label and extract_retention(f"{block.heading} recordings are kept ({label}): {sentence}"))
        )
        if found:
            yield source.fact("retention", {"days": found.days, "phrase": found.phrase}, sentence, block.locator,
                              "extract_retention")  # fmt: skip
