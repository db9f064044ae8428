"""Sentences of surveillance content with their blocks, quotes around a match, negation and link lookups.

Shared by the topic extractors that judge one sentence at a time (purpose, legal framework, complaints,
footage requests, signage, accountability, camera systems), so every one quotes and negates the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from crawler.extract.source import QUOTE_MAX, quote_around
from crawler.pages import Link, TextBlock

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A negation shortly before a term: "we do not use ANPR", "the council doesn't operate drones", "no signs".
_NEGATION = re.compile(
    r"\b(?:not|never|no|n't|nor|without|neither|none of|ddim|nid|heb)\b(?:\W+\w+){0,4}?\W*$|n't(?:\W+\w+){0,4}?\W*$",
    re.I,
)
# "not only …", "no longer than necessary", "nothing other than": negation words that do not negate.
_NOT_NEGATION = re.compile(r"\bnot only\b|\bno longer than\b|\bother than\b|\bexcept\b|\bunless\b", re.I)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a block; ``text`` is an exact substring of ``block.text``."""

    text: str
    block: TextBlock
    index: int
    """The position of the sentence within its block (0 for the first)."""


def split_sentences(block: TextBlock) -> list[Sentence]:
    """The sentences of one block, each an exact substring of its text."""
    return [Sentence(part, block, i) for i, part in enumerate(p for p in _SENTENCE_END.split(block.text) if p)]


def iter_sentences(blocks: Sequence[TextBlock]) -> Iterator[Sentence]:
    for block in blocks:
        yield from split_sentences(block)


def same_passage(a: Sentence, b: Sentence) -> bool:
    """Whether two sentences belong to one passage: one HTML block, or one document paragraph.

    A document's blocks are its sentences, all located by page, so sentences of one paragraph share a
    locator and a heading; HTML blocks each have their own locator.
    """
    if a.block is b.block:
        return True
    if a.block.level or b.block.level:
        return False
    return a.block.locator == b.block.locator and a.block.heading == b.block.heading


def quote_at(text: str, start: int) -> str:
    """Up to 300 characters of ``text`` around ``start`` (the whole text when short enough)."""
    return text if len(text) <= QUOTE_MAX else quote_around(text, start)


def negated(text: str, start: int) -> bool:
    """Whether the words just before ``start`` in ``text`` negate what follows ("we do not use drones")."""
    # Brackets do not end the clause: "we do not use automatic number plate recognition (ANPR)".
    clause = re.split(r"[,;:]|\bbut\b|\bhowever\b|\bwhile\b|\bwhereas\b", text[:start])[-1]
    tail = clause[-60:]
    return bool(_NEGATION.search(tail)) and not _NOT_NEGATION.search(tail)


def block_of_link(blocks: Sequence[TextBlock], link: Link) -> TextBlock | None:
    """The block whose text shows the link's text, so a link can be quoted with a locator."""
    text = link.text.strip()
    if len(text) < 3:
        return None
    for block in blocks:
        if text in block.text:
            return block
    return None


def is_bare_link(block: TextBlock, links: Sequence[Link]) -> bool:
    """Whether a block is little more than a link (a "related pages" list item), not an explanation."""
    shown = sum(len(link.text) for link in links if link.text and link.text in block.text)
    return shown > 0 and len(block.text) - shown <= 25
