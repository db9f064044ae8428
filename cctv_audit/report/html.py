"""The HTML report: a static site (dashboard, one card per council, trends, methodology) over the report model.

Renderers take the model's JSON and never touch the database. Jinja2 autoescaping is on for every template and
string, and nothing crawled is ever marked safe: the SVG builders escape through ``Markup.format`` and every URL
that came from a crawl goes through `safe_url`, so a page title such as ``<script>…`` shows as text and a
``javascript:`` link is never made. Each page declares a Content-Security-Policy allowing only its own files.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from cctv_audit.report import charts, hexmap
from cctv_audit.report.measures import GRADES, NOT_ASSESSED, STATUSES

STATIC = ("style.css", "report.js")
EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
PHONE = re.compile(r"^\+?[0-9 ()-]{6,20}$")
SITE_CSP = (
    "default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'"
)
OUTCOME_LABELS = {
    "complete": "complete",
    "partial": "partial (page budget reached)",
    "blocked": "blocked (403/429 or bot challenge)",
    "robots_disallowed": "robots.txt disallowed",
    "unreachable": "unreachable",
    "timeout": "timed out",
}
GRADE_FLOORS_TEXT = {"A": "80 and over", "B": "65–79.9", "C": "50–64.9", "D": "35–49.9", "E": "under 35"}
TYPE_LABELS = {
    "county": "County council",
    "district": "District council",
    "unitary": "Unitary authority",
    "metropolitan_borough": "Metropolitan borough",
    "london_borough": "London borough",
    "city_corporation": "City corporation",
    "welsh_principal_area": "Welsh principal area",
}


def safe_url(url: object) -> str | None:
    """The URL if it is http(s) (crawled URLs can be anything, including ``javascript:``), else None."""
    text = str(url or "").strip()
    return text if urlsplit(text).scheme in ("http", "https") and len(text) < 4096 else None


def mailto(email: object) -> str | None:
    text = str(email or "").strip()
    return f"mailto:{text}" if EMAIL.match(text) else None


def tel(phone: object) -> str | None:
    text = str(phone or "").strip()
    return "tel:" + re.sub(r"[^0-9+]", "", text) if PHONE.match(text) else None


def pct(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:.{digits}f}%"


def score_text(value: float | None) -> str:
    return "not assessed" if value is None else f"{value:.1f}"


def short_date(value: str | None) -> str:
    return (value or "")[:10]


def csp_hash(text: str) -> str:
    """A CSP source for an inline block, so a single-file card needs no 'unsafe-inline'."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@lru_cache(maxsize=8)
def static_text(name: str) -> str:
    return (files("cctv_audit") / "report" / "static" / name).read_text(encoding="utf-8")


def environment() -> Environment:
    """The Jinja2 environment: autoescape on for everything, undefined names are errors."""
    env = Environment(
        loader=PackageLoader("cctv_audit.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        pct=pct,
        score=score_text,
        safe_url=safe_url,
        mailto=mailto,
        tel=tel,
        day=short_date,
        status_class=charts.status_class,
        grade_class=charts.grade_class,
        status_label=lambda s: charts.STATUS_LABELS.get(s, s),
        outcome_label=lambda o: OUTCOME_LABELS.get(o or "", o or "none"),
        type_label=lambda t: TYPE_LABELS.get(t or "", t or ""),
    )
    env.globals.update(GRADES=GRADES, STATUSES=STATUSES, GRADE_FLOORS_TEXT=GRADE_FLOORS_TEXT, bullet=charts.bullet)
    return env


def _rules(model: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["code"]: r for r in model["methodology"]["rulepack"]["rules"]}


def _hex_authorities(model: Mapping[str, Any], root: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for council in model["councils"]:
        if not council["gss_code"]:
            continue
        result = council["result"]
        grade = result.get("grade")
        found[council["gss_code"]] = {
            "css": charts.grade_class(grade),
            "label": f"{council['name']}: "
            + (f"grade {grade}, score {result['score']:.1f}" if grade else "not assessed"),
            "href": f"{root}councils/{council['slug']}.html",
            "nation": council["nation"],
            "region": council["region"],
            "type": council["type"],
        }
    for row in model.get("not_reported", []):
        found[row["gss_code"]] = {
            "css": charts.grade_class(None, assessed=False),
            "label": f"{row['name']}: not in this sweep",
            "href": None,
            "nation": row["nation"],
            "region": row["region"],
            "type": row["type"],
        }
    return found


def hex_maps(model: Mapping[str, Any], root: str = "") -> dict[str, Markup]:
    """Both layouts, lower tier (318 authorities) and upper tier (the 21 counties)."""
    authorities = _hex_authorities(model, root)
    return {
        "lower": hexmap.render_hexmap(
            hexmap.LOWER,
            authorities,
            map_id="map-lower",
            title="Districts, unitaries, metropolitan and London boroughs, and Wales, by grade",
            desc="One hex per authority; the league table below lists the same grades.",
            size=10,
        ),
        "upper": hexmap.render_hexmap(
            hexmap.UPPER,
            authorities,
            map_id="map-upper",
            title="County councils, by grade",
            desc="The 21 county councils in the upper-tier layout; blank hexes are drawn on the other map.",
            size=10,
        ),
    }


def dashboard_charts(national: Mapping[str, Any]) -> dict[str, Markup]:
    """The dashboard's SVG charts, each described by the table beside it."""
    grades = national["grades"]
    segments = [
        charts.Segment(s, charts.STATUS_LABELS[s], charts.status_class(s))
        for s in ("met", "partly", "not_met", "unknown", "n/a")
    ]
    return {
        "grades": charts.column_chart(
            "chart-grades",
            [(g, grades[g], charts.grade_class(g)) for g in GRADES] + [("none", grades[NOT_ASSESSED], "g-na")],
            title="Authorities by grade",
            desc="Number of authorities with each grade A to E, and with none (not assessed).",
        ),
        "scores": charts.column_chart(
            "chart-scores",
            [(row["label"].split("–")[0], row["count"], "bar") for row in national["scores"]],
            title="Distribution of scores",
            desc="Number of authorities in each ten-point score band.",
        ),
        "compliance": charts.stacked_bars(
            "chart-compliance",
            [(f"{row['code']} {row['name']}", row["counts"]) for row in national["compliance"]],
            segments,
            title="Compliance per criterion",
            desc="For each criterion, the share of authorities met, partly, not met, unknown and not applicable.",
        ),
    }


def trend_chart(trends: Sequence[Mapping[str, Any]]) -> Markup | None:
    """National measures over sweeps (first line of each deliverable), or None with fewer than two sweeps."""
    if len(trends) < 2:
        return None
    labels = [short_date(t["sweep"]["as_of"]) for t in trends]
    series = []
    for i, deliverable in enumerate(trends[-1]["measures"]):
        values = [t["measures"][i]["lines"][0]["percent"] for t in trends]
        series.append((f"{deliverable['deliverable']} {deliverable['short']}", f"series-{i + 1}", values))
    return charts.line_chart(
        "chart-trends",
        labels,
        series,
        title="Success measures over time",
        desc="The first measure of each deliverable 5.1 to 5.6, as a percentage of authorities assessed, per sweep.",
    )


class Renderer:
    """Renders the pages of one report model."""

    def __init__(self, model: Mapping[str, Any]):
        self.model = model
        self.env = environment()
        self.rules = _rules(model)

    def _page(self, template: str, root: str, standalone: bool = False, **context: Any) -> str:
        css, js = static_text("style.css"), static_text("report.js")
        csp = SITE_CSP
        if standalone:
            csp = (
                f"default-src 'none'; img-src data:; style-src {csp_hash(css)}; script-src {csp_hash(js)}; "
                "base-uri 'none'; form-action 'none'"
            )
        return self.env.get_template(template).render(
            model=self.model,
            rules=self.rules,
            root=root,
            standalone=standalone,
            inline_css=css,
            inline_js=js,
            csp=csp,
            **context,
        )

    def dashboard(self) -> str:
        return self._page(
            "dashboard.html", "", maps=hex_maps(self.model), charts=dashboard_charts(self.model["national"]),
            filters=filter_options(self.model), league=league(self.model),
        )  # fmt: skip

    def council(self, council: Mapping[str, Any], standalone: bool = False) -> str:
        return self._page("council.html", "" if standalone else "../", standalone, council=council)

    def trends(self) -> str:
        return self._page("trends.html", "", chart=trend_chart(self.model["trends"]))

    def methodology(self) -> str:
        return self._page("methodology.html", "")


def league(model: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Councils by score, best first; those not assessed last, then by name."""
    return sorted(
        model["councils"],
        key=lambda c: (c["result"].get("score") is None, -(c["result"].get("score") or 0), c["name"] or ""),
    )


def filter_options(model: Mapping[str, Any]) -> dict[str, list[str]]:
    """The values the dashboard's filters offer, from the councils present."""
    rows = [*model["councils"], *model.get("not_reported", [])]
    return {
        "nation": sorted({r["nation"] for r in rows if r.get("nation")}),
        "region": sorted({r["region"] for r in rows if r.get("region")}),
        "type": sorted({r["type"] for r in rows if r.get("type")}),
    }


def render_site(model: Mapping[str, Any], out: Path) -> Path:
    """Write the whole static site into ``out``; return the dashboard's path."""
    renderer = Renderer(model)
    (out / "councils").mkdir(parents=True, exist_ok=True)
    (out / "assets").mkdir(exist_ok=True)
    for name in STATIC:
        (out / "assets" / name).write_text(static_text(name), encoding="utf-8")
    shutil.copyfile(str(files("cctv_audit") / "report" / "static" / "LICENSE-hexmaps.txt"), out / "LICENSE-hexmaps.txt")
    for council in model["councils"]:
        (out / "councils" / f"{council['slug']}.html").write_text(renderer.council(council), encoding="utf-8")
    (out / "trends.html").write_text(renderer.trends(), encoding="utf-8")
    (out / "methodology.html").write_text(renderer.methodology(), encoding="utf-8")
    index = out / "index.html"
    index.write_text(renderer.dashboard(), encoding="utf-8")
    return index


def render_card(model: Mapping[str, Any], council: Mapping[str, Any]) -> str:
    """One council's report card as a single self-contained HTML file (``check --format html``)."""
    return Renderer(model).council(council, standalone=True)


def render_diff(diff: Mapping[str, Any]) -> str:
    """``cctv-audit diff --format html``: one self-contained page."""
    css = static_text("style.css")
    csp = f"default-src 'none'; style-src {csp_hash(css)}; base-uri 'none'; form-action 'none'"
    return environment().get_template("diff.html").render(diff=diff, inline_css=css, csp=csp)
