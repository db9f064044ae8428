"""Is a page about the council's own surveillance cameras, or does it only mention CCTV in passing?"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from crawler.extract.terms import PASSING, SURVEILLANCE
from crawler.pages import TextBlock

PRIVACY = re.compile(r"privacy (?:notice|statement|policy)|hysbysiad preifatrwydd", re.I)
DATED_URL = re.compile(r"/(?:19|20)\d{2}/\d{1,2}/\d{1,2}/")
"""A news or blog permalink (``/2026/11/09/new-cameras/``): a story about cameras, not the council's CCTV page."""
GENERAL_PRIVACY_HEADING = re.compile(
    r"data protection officer|\bdpo\b|complain|\brights?\b|\bthe law\b|\blegal\b|lawful basis|who we are|"
    r"data controller|\bcontact(?:ing)? us\b|information commissioner|\bico\b|swyddog diogelu data|\bcwyn|"
    r"\bhawl|\by gyfraith\b|sail gyfreithiol|pwy ydym|rheolydd data|cysylltu â ni",
    re.I,
)
"""Headings of the parts of a privacy notice that apply to everything it covers, its CCTV section included."""
URL_SURVEILLANCE = re.compile(r"cctv|closed-circuit|surveillance|public-space-camera|teledu-cylch|body-worn|anpr", re.I)


@dataclass(frozen=True)
class Classification:
    """What a page or document is, with the reasons a reader can check."""

    form: str | None
    """``page`` (its subject is the cameras), ``section`` (a general page with a CCTV section),
    ``document`` (a PDF/DOCX about the cameras), or None (not surveillance content)."""
    reasons: tuple[str, ...] = ()
    confidence: float = 0.0
    blocks: tuple[TextBlock, ...] = field(default=(), repr=False)
    """The blocks that are surveillance content: the whole page, or just the section."""
    privacy_notice: bool = False

    @property
    def is_surveillance(self) -> bool:
        return self.form is not None


def _url_words(url: str) -> str:
    return unquote(urlsplit(url).path).replace("/", " ").replace("_", "-")


def classify_page(
    url: str, title: str, h1: str, blocks: Sequence[TextBlock], *, document: bool = False, anchor: str = ""
) -> Classification:
    """Classify by subject (title, main heading, URL, link text), then look for a CCTV section.

    A subject that names CCTV alongside jobs, news, planning, car parks or home CCTV advice is a passing
    mention, as criteria.md defines it, even though "CCTV" is in its title.
    """
    subject = " | ".join(s for s in (title, h1, anchor) if s)
    url_words = _url_words(url)
    privacy = bool(PRIVACY.search(subject) or "privacy" in url_words.lower())
    about = SURVEILLANCE.search(subject) or URL_SURVEILLANCE.search(url_words)
    if document and not about and blocks:
        opening = " ".join(b.text for b in blocks[:3])[:400]
        about = SURVEILLANCE.search(opening)
    if about:
        passing = PASSING.search(subject) or PASSING.search(url_words) or DATED_URL.search(url)
        if passing and not privacy:
            return Classification(None, (f"subject names {about.group(0)!r} but is about {passing.group(0)!r}",), 0.8)
        form = "document" if document else "page"
        reason = f"subject names {about.group(0)!r}: {subject[:120] or url_words[:120]}"
        return Classification(form, (reason,), 0.9, tuple(blocks), privacy)
    section = _section(blocks)
    if section:
        heading = section[0].text
        if privacy:
            section += _general_privacy(blocks, section)
        return Classification("section", (f"section headed {heading!r}",), 0.7, tuple(section), privacy)
    return Classification(None, (), 0.9, (), privacy)


def _section(blocks: Sequence[TextBlock]) -> list[TextBlock]:
    """The blocks under the first sub-heading that names CCTV (not a passing-mention heading)."""
    for i, block in enumerate(blocks):
        if block.level >= 2 and SURVEILLANCE.search(block.text) and not PASSING.search(block.text):
            section = [block]
            for following in blocks[i + 1 :]:
                if following.level and following.level <= block.level:
                    break
                section.append(following)
            if len(section) > 1:
                return section
    return []


def _general_privacy(blocks: Sequence[TextBlock], section: Sequence[TextBlock]) -> list[TextBlock]:
    """The parts of a privacy notice that cover its CCTV section too: the opening, and the sections on the
    controller, the DPO, rights, complaints (the ICO) and the law. Sections about other services are left out.
    """
    inside = {id(b) for b in section}
    general: list[TextBlock] = []
    keep = True  # the opening, before the first sub-heading
    for block in blocks:
        if id(block) in inside:
            keep = False
            continue
        if block.level >= 2:
            keep = bool(GENERAL_PRIVACY_HEADING.search(block.text)) and not SURVEILLANCE.search(block.text)
        elif keep and not block.level:
            general.append(block)
    return general
