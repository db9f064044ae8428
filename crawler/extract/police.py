"""Police forces of England and Wales, found by the names councils actually write.

An agreement only meets C20 when it is with a *named* force, so "the police" is not enough. Councils write a
force's name many ways ("Avon & Somerset Constabulary", "Avon and Somerset Police", "the Met", "Heddlu
Dyfed-Powys"); each force is a core name followed by Police/Constabulary/Police Service, or a Welsh
"Heddlu" name, or a fixed alias. The 43 territorial forces and British Transport Police are listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SUFFIX = r"(?i:Police(?:\s+Service|\s+Force)?|Constabulary)"
_AND = r"\s*(?:and|&)\s*"

# Canonical name → regex cores that take a Police/Constabulary suffix.
FORCES: dict[str, tuple[str, ...]] = {
    "Avon and Somerset Constabulary": (r"Avon" + _AND + r"Somerset",),
    "Bedfordshire Police": (r"Bedfordshire",),
    "Cambridgeshire Constabulary": (r"Cambridgeshire",),
    "Cheshire Constabulary": (r"Cheshire",),
    "City of London Police": (r"City of London",),
    "Cleveland Police": (r"Cleveland",),
    "Cumbria Constabulary": (r"Cumbria",),
    "Derbyshire Constabulary": (r"Derbyshire",),
    "Devon and Cornwall Police": (r"Devon" + _AND + r"Cornwall",),
    "Dorset Police": (r"Dorset",),
    "Durham Constabulary": (r"Durham",),
    "Essex Police": (r"Essex",),
    "Gloucestershire Constabulary": (r"Gloucestershire",),
    "Greater Manchester Police": (r"Greater Manchester",),
    "Hampshire and Isle of Wight Constabulary": (r"Hampshire(?:" + _AND + r"(?:the\s+)?Isle of Wight)?",),
    "Hertfordshire Constabulary": (r"Hertfordshire",),
    "Humberside Police": (r"Humberside",),
    "Kent Police": (r"Kent",),
    "Lancashire Constabulary": (r"Lancashire",),
    "Leicestershire Police": (r"Leicestershire",),
    "Lincolnshire Police": (r"Lincolnshire",),
    "Merseyside Police": (r"Merseyside",),
    "Metropolitan Police Service": (r"Metropolitan", r"Met"),
    "Norfolk Constabulary": (r"Norfolk",),
    "Northamptonshire Police": (r"Northamptonshire",),
    "Northumbria Police": (r"Northumbria",),
    "North Yorkshire Police": (r"North Yorkshire",),
    "Nottinghamshire Police": (r"Nottinghamshire",),
    "South Yorkshire Police": (r"South Yorkshire",),
    "Staffordshire Police": (r"Staffordshire",),
    "Suffolk Constabulary": (r"Suffolk",),
    "Surrey Police": (r"Surrey",),
    "Sussex Police": (r"Sussex",),
    "Thames Valley Police": (r"Thames Valley",),
    "Warwickshire Police": (r"Warwickshire",),
    "West Mercia Police": (r"West Mercia",),
    "West Midlands Police": (r"West Midlands",),
    "West Yorkshire Police": (r"West Yorkshire",),
    "Wiltshire Police": (r"Wiltshire",),
    "Dyfed-Powys Police": (r"Dyfed[- ]Powys",),
    "Gwent Police": (r"Gwent",),
    "North Wales Police": (r"North Wales",),
    "South Wales Police": (r"South Wales",),
    "British Transport Police": (r"British Transport",),
}
"""The 43 territorial forces of England and Wales and British Transport Police."""

WELSH: dict[str, str] = {
    "Dyfed-Powys Police": r"Heddlu Dyfed[- ]Powys",
    "Gwent Police": r"Heddlu Gwent",
    "North Wales Police": r"Heddlu Gogledd Cymru",
    "South Wales Police": r"Heddlu De Cymru",
    "British Transport Police": r"Heddlu Trafnidiaeth Prydeinig",
}
"""The Welsh names the four Welsh forces (and BTP) use on bilingual pages."""

ALIASES: dict[str, str] = {
    "Metropolitan Police Service": r"\b[Tt]he Met\b(?!\s+Office)|\bMPS\b(?=[^.]{0,60}\bpolice\b)",
    "Greater Manchester Police": r"\bGMP\b",
    "British Transport Police": r"\bBTP\b",
    "Thames Valley Police": r"\bTVP\b",
}
"""Short names, matched case-sensitively: "the Met" but not "the Met Office"."""

_PATTERNS: list[tuple[str, re.Pattern[str]]] = []
for _name, _cores in FORCES.items():
    _core = "|".join(_cores)
    _PATTERNS.append((_name, re.compile(r"\b(?:" + _core + r")\s+" + _SUFFIX + r"\b")))
for _name, _welsh in WELSH.items():
    _PATTERNS.append((_name, re.compile(r"\b" + _welsh + r"\b")))
for _name, _alias in ALIASES.items():
    _PATTERNS.append((_name, re.compile(_alias)))

POLICE = re.compile(r"\bpolice\b|\bconstabulary\b|\bheddlu\b", re.I)
"""Any mention of the police, named or not."""


@dataclass(frozen=True)
class ForceMention:
    """A police force named in a text."""

    force: str
    """The canonical name, e.g. ``West Mercia Police``."""
    phrase: str
    """The words as written."""
    start: int


def find_forces(text: str) -> list[ForceMention]:
    """Every named force in ``text``, in order of appearance, each force once."""
    found: dict[str, ForceMention] = {}
    for name, pattern in _PATTERNS:
        match = pattern.search(text)
        if match and (name not in found or match.start() < found[name].start):
            found[name] = ForceMention(name, match.group(0), match.start())
    return sorted(found.values(), key=lambda m: m.start)


def find_force(text: str) -> ForceMention | None:
    """The first named force in ``text``, or None."""
    forces = find_forces(text)
    return forces[0] if forces else None
