"""Inline SVG charts, built as escaped markup: no JavaScript, no external library, readable when printed.

Every chart carries a ``<title>`` and ``<desc>`` and sits next to a table with the same numbers, so the SVG is a
picture of data the page also states in text. Labels come from the report model and are escaped here
(``Markup.format`` escapes every argument); colours come from CSS classes, so one palette serves screen and print.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

STATUS_LABELS = {"met": "met", "partly": "partly", "not_met": "not met", "unknown": "unknown", "n/a": "n/a"}


def status_class(status: str | None) -> str:
    """A CSS class for a status (``n/a`` and ``not_met`` are not valid class names as they are)."""
    return {"n/a": "s-na", "not_met": "s-not-met"}.get(status or "", f"s-{status or 'none'}")


def grade_class(grade: str | None, assessed: bool = True) -> str:
    """A CSS class for a grade: A–E, ``g-na`` when not assessed, ``g-none`` when not in the sweep."""
    if not assessed:
        return "g-none"
    return f"g-{grade}" if grade else "g-na"


def _svg_open(chart_id: str, width: float, height: float, title: str, desc: str, css: str) -> Markup:
    return Markup(
        '<svg class="chart {css}" viewBox="0 0 {w:.0f} {h:.0f}" role="img" aria-labelledby="{id}-t {id}-d" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>'
    ).format(css=css, w=width, h=height, id=chart_id, title=title, desc=desc)


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar: the key in each row's counts, its label and CSS class."""

    key: str
    label: str
    css: str


def stacked_bars(
    chart_id: str,
    rows: Sequence[tuple[str, dict[str, int]]],
    segments: Sequence[Segment],
    *,
    title: str,
    desc: str,
    label_width: int = 210,
    width: int = 760,
) -> Markup:
    """One horizontal 100% bar per row (a criterion), split by status, with a legend above."""
    bar_h, gap, top = 18, 7, 30
    plot = width - label_width - 10
    height = top + len(rows) * (bar_h + gap)
    parts = [_svg_open(chart_id, width, height, title, desc, "stacked")]
    x = float(label_width)
    for seg in segments:  # legend
        parts.append(
            Markup('<rect class="{c}" x="{x:.1f}" y="4" width="14" height="14"/><text x="{tx:.1f}" y="16">{l}</text>')
            .format(c=seg.css, x=x, tx=x + 18, l=seg.label)
        )  # fmt: skip
        x += 24 + 7.5 * len(seg.label)
    for i, (label, counts) in enumerate(rows):
        y = top + i * (bar_h + gap)
        total = sum(counts.get(s.key, 0) for s in segments) or 1
        parts.append(Markup('<text class="label" x="0" y="{y:.1f}">{l}</text>').format(y=y + 13, l=label))
        x = float(label_width)
        for seg in segments:
            n = counts.get(seg.key, 0)
            if not n:
                continue
            w = plot * n / total
            parts.append(
                Markup(
                    '<rect class="{c}" x="{x:.2f}" y="{y}" width="{w:.2f}" height="{h}">'
                    "<title>{l}: {s} {n} ({p:.0f}%)</title></rect>"
                ).format(c=seg.css, x=x, y=y, w=w, h=bar_h, l=label, s=seg.label, n=n, p=100 * n / total)
            )
            x += w
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def column_chart(
    chart_id: str,
    items: Sequence[tuple[str, int, str]],
    *,
    title: str,
    desc: str,
    width: int = 420,
    height: int = 210,
) -> Markup:
    """Vertical bars with their value on top and their label below: (label, value, CSS class) per bar."""
    bottom, top, left = 34, 18, 6
    plot_h = height - bottom - top
    peak = max((v for _, v, _ in items), default=0) or 1
    slot = (width - left) / max(len(items), 1)
    bar_w = slot * 0.68
    parts = [_svg_open(chart_id, width, height, title, desc, "columns")]
    base = height - bottom
    parts.append(Markup('<line class="axis" x1="0" y1="{y}" x2="{w}" y2="{y}"/>').format(y=base, w=width))
    for i, (label, value, css) in enumerate(items):
        h = plot_h * value / peak
        x = left + i * slot + (slot - bar_w) / 2
        cx = x + bar_w / 2
        parts.append(
            Markup(
                '<rect class="{c}" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}">'
                "<title>{l}: {v}</title></rect>"
                '<text class="value" x="{cx:.1f}" y="{vy:.1f}" text-anchor="middle">{v}</text>'
                '<text class="label" x="{cx:.1f}" y="{ly:.1f}" text-anchor="middle">{l}</text>'
            ).format(c=css, x=x, y=base - h, w=bar_w, h=h, l=label, v=value, cx=cx, vy=base - h - 4, ly=base + 18)
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def bullet(percent: float | None, target: float | None, width: int = 240) -> Markup:
    """A small bar from 0 to 100% with a tick at the target; decorative (the numbers are printed beside it)."""
    fill = 0.0 if percent is None else width * percent / 100
    parts = [
        Markup('<svg class="bullet" viewBox="0 0 {w} 16" aria-hidden="true" focusable="false">').format(w=width),
        Markup('<rect class="track" x="0" y="3" width="{w}" height="10"/>').format(w=width),
        Markup('<rect class="fill" x="0" y="3" width="{f:.1f}" height="10"/>').format(f=fill),
    ]
    if target is not None:
        tx = min(width - 1.5, width * target / 100)
        parts.append(Markup('<rect class="target" x="{x:.1f}" y="0" width="3" height="16"/>').format(x=tx - 1.5))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def line_chart(
    chart_id: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float | None]]],
    *,
    title: str,
    desc: str,
    width: int = 760,
    height: int = 260,
) -> Markup:
    """Percentages (0–100) over sweeps: one line per series (name, CSS class, values), with a legend."""
    left, right, top, bottom = 40, 16, 40, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(x_labels) - 1, 1)
    parts = [_svg_open(chart_id, width, height, title, desc, "lines")]
    for pct in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - pct / 100)
        parts.append(
            Markup('<line class="grid" x1="{l}" y1="{y:.1f}" x2="{r}" y2="{y:.1f}"/>'
                   '<text class="tick" x="{tx}" y="{ty:.1f}" text-anchor="end">{p}%</text>')
            .format(l=left, r=width - right, y=y, tx=left - 6, ty=y + 4, p=pct)
        )  # fmt: skip
    for i, label in enumerate(x_labels):
        # The first and last labels are anchored inwards so that dates at the edges are not clipped.
        anchor = "start" if i == 0 else "end" if i == len(x_labels) - 1 else "middle"
        parts.append(
            Markup('<text class="tick" x="{x:.1f}" y="{y}" text-anchor="{a}">{l}</text>').format(
                x=left + i * step, y=height - 8, a=anchor, l=label
            )
        )
    lx = float(left)
    for name, css, values in series:
        parts.append(
            Markup('<rect class="{c} swatch" x="{x:.1f}" y="6" width="14" height="4"/>'
                   '<text class="legend" x="{tx:.1f}" y="12">{n}</text>')
            .format(c=css, x=lx, tx=lx + 18, n=name)
        )  # fmt: skip
        lx += 30 + 7.2 * len(name)
        points = [(left + i * step, top + plot_h * (1 - v / 100)) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(Markup('<polyline class="{c}" points="{p}"/>').format(c=css, p=path))
        for (x, y), v in zip(points, [v for v in values if v is not None], strict=True):
            parts.append(
                Markup('<circle class="{c}" cx="{x:.1f}" cy="{y:.1f}" r="3.5"><title>{n}: {v}%</title></circle>')
                .format(c=css, x=x, y=y, n=name, v=v)
            )  # fmt: skip
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def escape_text(value: object) -> Markup:
    """Escape any value for SVG text (re-exported so templates and tests share one function)."""
    return escape(value)
