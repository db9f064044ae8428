"""Signs at camera sites, and whether they say who runs the cameras or how to reach them (C12).

Fact ``signage``, one per sentence that says signs are displayed. Value keys:

- ``operator``: true when the sign is said to identify the operator or owner ("signs show the council's name",
  "who operates the cameras"), here or in the next two sentences of the same block.
- ``contact``: true when the sign is said to give contact details (a phone number, "who to contact"), or the
  quoted sign carries a phone number or email.

"Sign up", "signed", "signpost", "sign language" and "signs of damage" are not signs at camera sites, and
"there are no signs" / covert cameras "without signs" do not say that signs are displayed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from crawler.extract.contacts import extract_contacts
from crawler.extract.registry import extractor
from crawler.extract.sentences import Sentence, iter_sentences, negated, quote_at, same_passage
from crawler.extract.source import QUOTE_MAX, ExtractedFact, Source

SIGN = re.compile(r"\b(?:signage|signs?|signboards?|arwydd(?:ion)?)\b", re.I)
VERB_OBJECT = r"the|a|an|their|his|her|its|our|your|this|these|those|any|each|every|all"
"""What follows "sign" used as a verb ("staff sign a confidentiality agreement"); not "that", "for" or "in",
which follow the noun as often ("a sign that cameras are in use", "signs in every car park")."""
NOT_SIGN = {
    "sign": re.compile(rf"\s+(?:up|in|off|out|language|of|{VERB_OBJECT})\b|-(?:off|in|up|out)\b", re.I),
    "signs": re.compile(r"\s+(?:of|off|up|the|a|an|their|his|her|its|our|your|this)\b|-(?:off|in|up|out)\b", re.I),
}
"""What follows "sign" when it is not a sign at a camera: "sign up", "sign language", "signs of damage", and the
verb with its object ("staff sign a confidentiality agreement", "visitors sign the book", "sign-off")."""
NEGATED_AFTER = re.compile(r"(?:\s+\w+){0,2}?\s+(?:are|is|will|were|have|has)\s*(?:not|n't|never)\b", re.I)
OPERATOR = re.compile(
    r"\bidentif\w+(?:\W+\w+){0,4}?\W+(?:operator|owner|council|organisation|authority|who)|\b(?:operator|owner)\b|"
    r"\bwho (?:operates|runs|owns|is responsible|manages|controls)|\b(?:operated|run|owned|managed) by\b|"
    r"\b(?:council|authority|we)\s+(?:runs?|operates?|owns?|manages?)\b|\bname of (?:the )?"
    r"(?:council|operator|organisation|owner|authority|scheme)|\b(?:council|authority|organisation|owner|operator|"
    r"our|its)(?:['’]s)? (?:name|logo|crest)|\blogo\b|\bresponsible "
    r"(?:organisation|body|authority)|\bdata controller|\bpwy sy['’]n (?:gweithredu|rhedeg|gyfrifol)|\bgweithredwr",
    re.I,
)
CONTACT = re.compile(
    r"\bcontact (?:details|number|information|telephone|phone)|\b(?:tele)?phone number|\bwho to contact|\bhow to "
    r"(?:contact|get in touch)|\bnumber to call|\bemail address|\bmanylion cyswllt|\brhif ffôn",
    re.I,
)
WINDOW = 2
"""How many following sentences of the same passage may say what the signs show ("They give our number")."""


def _sign(sentence: str) -> re.Match[str] | None:
    for match in SIGN.finditer(sentence):
        not_sign = NOT_SIGN.get(match.group(0).lower())
        if not_sign and not_sign.match(sentence, match.end()):
            continue
        if negated(sentence, match.start()) or NEGATED_AFTER.match(sentence, match.end()):
            continue
        return match
    return None


def extract_signage(sentences: list[str], heading: str = "") -> tuple[int, bool, bool] | None:
    """Where the first sentence mentions signs, and whether it or the next sentences name the operator/contact.

    ``sentences`` is the sentence that may mention signs followed by the sentences after it in its block; under
    a heading about signs ("CCTV signage") the first sentence speaks of them without naming them.
    """
    sign = _sign(sentences[0])
    if sign is None and not _sign(heading):
        return None
    said = " ".join(sentences[: 1 + WINDOW])
    contact = bool(CONTACT.search(said) or extract_contacts(said))
    return (sign.start() if sign else 0), bool(OPERATOR.search(said)), contact


@extractor("extract_signage")
def signage(source: Source) -> Iterator[ExtractedFact]:
    sentences = list(iter_sentences(source.blocks))
    said: Sentence | None = None  # one fact per passage: the first sentence there that mentions signs
    for i, sentence in enumerate(sentences):
        block = sentence.block
        if block.level or (said is not None and same_passage(said, sentence)):
            continue  # a heading names the subject; the sentences under it say what the signs show
        passage = [s for s in sentences[i : i + 1 + WINDOW] if same_passage(sentence, s)]
        starts_block = sentence.index == 0
        found = extract_signage([s.text for s in passage], block.heading if starts_block else "")
        if found is None:
            continue
        said = sentence
        start, operator, contact = found
        quote = quote_at(sentence.text, start)
        follow = " ".join(s.text for s in passage)
        if (operator or contact) and len(follow) <= QUOTE_MAX and follow in block.text:
            quote = follow
        yield source.fact("signage", {"operator": operator, "contact": contact}, quote, block.locator,
                          "extract_signage")  # fmt: skip
