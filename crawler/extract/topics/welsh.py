"""Welsh-language versions of the CCTV page, privacy notice and policy (C24).

A source is a Welsh version when its text is in Welsh, or when the page says so (``<html lang="cy">``, a
``/cy/`` path) and its text is not plainly English: councils' Welsh sections sometimes serve an untranslated
English page under ``/cy/``, which is not a Welsh version. An English page that declares a Welsh alternate
(``hreflang="cy"``) is evidence that a Welsh version exists even when the crawler did not fetch it, unless the
alternate is the page itself or the Welsh homepage (a language switcher that leads nowhere in particular).

Fact ``welsh_version``. Value keys:

- ``role``: ``main`` (a CCTV page or section), ``privacy`` (a privacy notice covering the cameras), ``policy``
  (a CCTV policy or code of practice) or ``other`` (another document);
- ``how``: ``text`` (the text is in Welsh), ``lang`` (``<html lang="cy">``), ``path`` (``/cy/`` in the URL) or
  ``hreflang`` (an English page names its Welsh alternate);
- ``welsh_url``: the URL of the Welsh version.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from crawler.extract.registry import extractor
from crawler.extract.source import ExtractedFact, Source

WELSH_WORDS = frozenset(
    "y yr yn ar gyfer mae gan gyda ein eich bydd neu ac wedi rydym sydd hyn hwn hon drwy trwy fel eu ei ym yng "
    "i'r o'r a'r na nad oes hefyd os pan dim gael cael am ydy yw fydd gellir cyngor gwybodaeth".split()
)
"""Common Welsh words, few of which occur in English text."""
PRIVACY = re.compile(r"privacy|hysbysiad preifatrwydd|preifatrwydd", re.I)
POLICY = re.compile(r"polic(?:y|ies)|code of practice|polisi|cod ymarfer", re.I)
WELSH_TITLE = re.compile(
    r"teledu cylch|\bTCC\b|hysbysiad preifatrwydd|\bpolisi\b|cod ymarfer|camer[aâ]u|gwyliadwriaeth|\bcyngor\b", re.I
)
WELSH_PATH = re.compile(r"(?:^|/)(?:cy|cym|cymraeg)(?:/|$)|[?&](?:lang|language|locale)=cy", re.I)
MIN_WORDS = 30
"""Below this many words the share of Welsh words says little, and the page's own labels decide."""


def welsh_share(text: str) -> tuple[float, int]:
    """The share of common Welsh words among the words of ``text`` (first 3,000 characters), and the count."""
    words = re.findall(r"[a-zâêîôûŵŷ']+", text[:3000].lower())
    if not words:
        return 0.0, 0
    return sum(w in WELSH_WORDS for w in words) / len(words), len(words)


def is_welsh(source: Source) -> str | None:
    """How ``source`` shows itself to be in Welsh (``text``, ``lang`` or ``path``), or None."""
    share, count = welsh_share(f"{source.title}\n{source.text}")
    if count >= MIN_WORDS and share >= 0.15:
        return "text"
    plainly_english = count >= MIN_WORDS and share < 0.04 and not WELSH_TITLE.search(source.title)
    if source.lang.startswith("cy") and not plainly_english:
        return "lang"
    parts = urlsplit(source.url)
    if (WELSH_PATH.search(parts.path) or WELSH_PATH.search("?" + parts.query)) and not plainly_english:
        return "path"
    if count < MIN_WORDS and WELSH_TITLE.search(source.title) and share >= 0.1:
        return "text"
    return None


def role_of(source: Source) -> str:
    """What the source is for C24: the main CCTV page, a privacy notice, a policy, or another document."""
    if source.privacy_notice or PRIVACY.search(source.title):
        return "privacy"
    if POLICY.search(source.title):
        return "policy"
    return "main" if source.form in ("page", "section") else "other"


def welsh_alternate(source: Source) -> str | None:
    """The Welsh alternate a page declares, unless it is the page itself or a homepage."""
    for lang, url in source.alternates.items():
        if not lang.startswith("cy") or url.rstrip("/") == source.url.rstrip("/"):
            continue
        path = urlsplit(url).path.strip("/")
        if path.lower() in ("", "cy", "cym", "cymraeg", "cy/index", "cy/hafan", "hafan"):
            continue
        return url
    return None


@extractor("extract_welsh")
def welsh(source: Source) -> Iterator[ExtractedFact]:
    if not source.blocks:
        return
    block = next((b for b in source.blocks if b.level), source.blocks[0])
    how = is_welsh(source)
    url = source.url
    if how is None:
        alternate = welsh_alternate(source)
        if alternate is None:
            return
        how, url = "hreflang", alternate
    value = {"role": role_of(source), "how": how, "welsh_url": url}
    yield source.fact("welsh_version", value, block.text, block.locator, "extract_welsh")
