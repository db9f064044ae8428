"""The extractor registry: each topic module registers its extractors; ``extract_facts`` runs them all.

An extractor is a pure function ``Source -> Iterable[ExtractedFact]``. Registration is by decorator so a
new topic is one new module, and no central list has to be edited by hand.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable

from crawler.extract.source import ExtractedFact, Source

Extractor = Callable[[Source], Iterable[ExtractedFact]]
EXTRACTORS: dict[str, Extractor] = {}


def extractor(name: str) -> Callable[[Extractor], Extractor]:
    """Register ``fn`` under ``name`` (the name stored with every fact it makes)."""

    def register(fn: Extractor) -> Extractor:
        if name in EXTRACTORS:
            raise ValueError(f"extractor {name!r} is registered twice")
        EXTRACTORS[name] = fn
        return fn

    return register


def all_extractors() -> dict[str, Extractor]:
    """Every registered extractor by name, importing the topic modules of ``crawler.extract.topics`` first.

    In name order, not registration order: registration follows whichever module was imported first, which
    differs between processes (a sweep's extraction workers, a test run), and facts must come out in the same
    order wherever they are extracted.
    """
    import crawler.extract.topics as topics

    for module in pkgutil.iter_modules(topics.__path__):
        importlib.import_module(f"{topics.__name__}.{module.name}")
    return dict(sorted(EXTRACTORS.items()))
