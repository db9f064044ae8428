"""The national hex map: every one of the 339 authorities drawn exactly once, coloured by grade.

No published layout covers both English tiers, so two are drawn side by side (``cctv_audit/data/README.md``):
the lower-tier layout for districts, unitaries, metropolitan and London boroughs, the City and Wales, and the
upper-tier layout for the 21 county councils. ``hex_index.csv``'s ``primary_layout`` says which map draws each
authority; the upper map's other hexes are drawn blank, as context only. Coordinates are "odd-r" with r
increasing northwards: x = √3·s·(q + ½·(r & 1)), y = −1.5·s·r.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

from markupsafe import Markup

LOWER = "hex_lower_tier_2023.hexjson"
UPPER = "hex_upper_tier_england_2023.hexjson"
SQRT3 = math.sqrt(3)


@dataclass(frozen=True)
class Cell:
    """One hex of a layout: the authority's GSS code, the layout's short name, and its odd-r coordinates."""

    gss: str
    name: str
    q: int
    r: int


def _data(name: str) -> str:
    return (files("cctv_audit") / "data" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=4)
def layout(name: str) -> tuple[Cell, ...]:
    """The cells of one hexjson layout, in file order."""
    hexes = json.loads(_data(name))["hexes"]
    return tuple(Cell(gss, h.get("n", gss), int(h["q"]), int(h["r"])) for gss, h in hexes.items())


@lru_cache(maxsize=1)
def primary_layouts() -> dict[str, str]:
    """``{gss_code: layout file}``: the one layout in which each register authority is drawn."""
    return {row["gss_code"]: row["primary_layout"] for row in csv.DictReader(_data("hex_index.csv").splitlines())}


def centre(q: int, r: int, size: float) -> tuple[float, float]:
    """Pixel centre of an odd-r cell with north at the top (SVG y grows downwards, so y = −1.5·s·r)."""
    return SQRT3 * size * (q + 0.5 * (r & 1)), -1.5 * size * r


def corners(x: float, y: float, size: float) -> str:
    """The six corners of a pointy-topped hex, as an SVG ``points`` list."""
    inset = size * 0.94  # a hairline gap between neighbours reads better than shared edges
    return " ".join(
        f"{x + inset * math.cos(math.radians(a)):.2f},{y + inset * math.sin(math.radians(a)):.2f}"
        for a in (30, 90, 150, 210, 270, 330)
    )


def render_hexmap(
    file: str,
    authorities: Mapping[str, Mapping[str, Any]],
    *,
    map_id: str,
    title: str,
    desc: str,
    size: float = 10.0,
) -> Markup:
    """One layout as an SVG: authorities whose primary layout it is get a coloured, filterable hex.

    ``authorities`` maps a GSS code to ``name``, ``css`` (grade class), ``label`` (tooltip), ``href`` (or None),
    ``nation``, ``region`` and ``type``. Other cells of the layout are context: blank, hidden from assistive tech.
    """
    cells = layout(file)
    primary = primary_layouts()
    points = [centre(c.q, c.r, size) for c in cells]
    min_x = min(x for x, _ in points) - size
    min_y = min(y for _, y in points) - size
    width = max(x for x, _ in points) + size - min_x
    height = max(y for _, y in points) + size - min_y
    parts = [
        Markup(
            '<svg class="hexmap" id="{id}" viewBox="{x:.1f} {y:.1f} {w:.1f} {h:.1f}" role="img" '
            'aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg">'
            '<title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>'
        ).format(id=map_id, x=min_x, y=min_y, w=width, h=height, title=title, desc=desc)
    ]
    for cell, (x, y) in zip(cells, points, strict=True):
        shape = corners(x, y, size)
        info = authorities.get(cell.gss)
        if primary.get(cell.gss) != file or info is None:
            parts.append(Markup('<polygon class="hex-context" aria-hidden="true" points="{p}"/>').format(p=shape))
            continue
        polygon = Markup(
            '<polygon class="hex {css}" data-gss="{gss}" data-nation="{nation}" data-region="{region}" '
            'data-type="{type}" points="{p}"><title>{label}</title></polygon>'
        ).format(
            css=info["css"],
            gss=cell.gss,
            nation=info.get("nation") or "",
            region=info.get("region") or "",
            type=info.get("type") or "",
            p=shape,
            label=info["label"],
        )
        if info.get("href"):
            # Not in the tab order: 339 stops would swamp keyboard users; the league table has the same links.
            polygon = Markup('<a href="{href}" tabindex="-1">{p}</a>').format(href=info["href"], p=polygon)
        parts.append(polygon)
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
