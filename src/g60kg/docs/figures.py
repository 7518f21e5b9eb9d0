"""The figures page: the graph's numbers as charts, each point linked to its quote.

One chart per measure with at least two observations: the values by region
(x axis) and period (colour: the year the period ends), one panel per value
kind and unit, so that levels in yuan, changes in percent and counts never
share an axis; the unit is the axis label. The marker says how the number was
stated (exactly, about, more than, less than). Every point is a link to the
sentence it was read from in the annotated report (``report.html#span=…``),
and a table under each chart lists the same points. A small-multiples
overview comes first, one small panel per chart panel, each linking to its
chart.

The charts are matplotlib's SVG (matplotlib is the most widely used and
longest maintained Python plotting library; its SVG backend writes a link per
point, ``Collection.set_urls``), inlined into one HTML file with no external
resource, so the page works offline. Text stays text (``svg.fonttype`` none)
and ids are salted with a constant, so the same graph gives the same bytes.

The data is read with pyoxigraph, not rdflib: a 1,000-article graph (280,000
triples) loads in about a second, where rdflib takes minutes. Size is bounded
by caps, stated on the page when they bite: at most :data:`MAX_POINTS`
points per panel and :data:`PAGE_POINTS` on the page (a panel over its share
shows an even sample in region and period order), and at most
:data:`MAX_CHARTS` charts (the measures with the most observations; the
others are listed with their counts).
"""

from __future__ import annotations

import html
import io
import math
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from g60kg.docs.sources import is_web_iri
from g60kg.errors import InputError
from g60kg.namespaces import G60, G60R, RDFS, SCHEMA, SKOS, curie

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Points drawn per panel at most; more are sampled evenly (and the page says so).
MAX_POINTS = 300
#: Linked points on the page at most (about 450 bytes each with its table row):
#: shared out so that small panels keep all their points.
PAGE_POINTS = 12_000
#: Charts drawn at most: the measures with the most observations.
MAX_CHARTS = 60
#: Where each point links: the annotated report beside this page.
REPORT = "report.html"

#: Marker and legend text per comparator (how the number was stated).
MARKERS: dict[str, tuple[str, str]] = {
    "Exactly": ("o", "exactly"),
    "About": ("D", "about"),
    "Nearly": ("D", "nearly"),
    "MoreThan": ("^", "more than"),
    "AtLeast": ("^", "at least"),
    "LessThan": ("v", "less than"),
    "AtMost": ("v", "at most"),
}
KIND_NAMES = {"Level": "level", "Change": "change", "Share": "share"}

_QUERY = f"""
PREFIX g60: <{G60}>
SELECT ?obs ?measure ?area ?value ?unit ?kind ?comparator ?start ?end ?stated
       (MIN(STR(?span)) AS ?evidence)
WHERE {{
  ?obs a g60:Observation ; g60:measure ?measure ; g60:refArea ?area ; g60:value ?value .
  OPTIONAL {{ ?obs g60:unit ?unit }}
  OPTIONAL {{ ?obs g60:valueKind ?kind }}
  OPTIONAL {{ ?obs g60:comparator ?comparator }}
  OPTIONAL {{ ?obs g60:periodStart ?start }}
  OPTIONAL {{ ?obs g60:periodEnd ?end }}
  OPTIONAL {{ ?obs g60:statedValue ?stated }}
  OPTIONAL {{ ?obs g60:evidence ?span }}
}}
GROUP BY ?obs ?measure ?area ?value ?unit ?kind ?comparator ?start ?end ?stated
"""

_LABELS = f"""
SELECT ?node ?prop ?label WHERE {{
  VALUES ?prop {{ <{RDFS}label> <{SKOS}prefLabel> <{SCHEMA}name> }}
  ?node ?prop ?label .
  FILTER(isLiteral(?label) && LANG(?label) IN ("en", ""))
}}
"""


@dataclass(frozen=True)
class Point:
    """One observation as a chart draws it."""

    observation: str
    region: str
    value: float
    period: str
    year: int | None
    comparator: str
    stated: str
    evidence: str | None

    @property
    def link(self) -> str | None:
        """The report's address of the quote: ``report.html#span=<span IRI>``.

        The IRI is written relative to ``g60r:`` (``article/slug%23char=10,20``;
        the report resolves it), which keeps a page of thousands of links small.
        """
        if self.evidence is None:
            return None
        relative = self.evidence.removeprefix(G60R)
        return f"{REPORT}#span={urllib.parse.quote(relative, safe=':/,=')}"


@dataclass
class Panel:
    """The observations of one measure in one value kind and unit."""

    kind: str
    unit: str
    points: list[Point] = field(default_factory=list)
    total: int = 0

    @property
    def title(self) -> str:
        return f"{self.kind}, {self.unit}"


@dataclass
class Chart:
    """One measure: its panels and where it is on the page."""

    measure: str
    label: str
    anchor: str
    panels: list[Panel]

    @property
    def observations(self) -> int:
        return sum(p.total for p in self.panels)


@dataclass(frozen=True)
class FiguresPage:
    """The page, and what the size caps left out (for the notes ``g60kg docs`` prints)."""

    html: str
    charts: int
    sampled_panels: int
    charts_over_cap: int


def figures_page(
    files: Sequence[Path],
    *,
    max_points: int = MAX_POINTS,
    page_points: int = PAGE_POINTS,
    max_charts: int = MAX_CHARTS,
) -> FiguresPage:
    """Read the graph files and write the whole figures page (deterministic)."""
    charts, single = collect(files)
    drawn, beyond = charts[:max_charts], charts[max_charts:]
    panels = [panel for chart in drawn for panel in chart.panels]
    sampled = 0
    for panel, limit in zip(
        panels, point_limits([len(p.points) for p in panels], max_points, page_points), strict=True
    ):
        if len(panel.points) > limit:
            panel.points = sample(panel.points, limit)
            sampled += 1
    caps = Caps(max_points, page_points, max_charts)
    page = render(drawn, beyond, single, caps, draw(drawn))
    return FiguresPage(page, len(drawn), sampled, len(beyond))


@dataclass(frozen=True)
class Caps:
    """The size caps, for the page's notes."""

    max_points: int
    page_points: int
    max_charts: int


def point_limits(sizes: Sequence[int], max_points: int, page_points: int) -> list[int]:
    """How many points each panel may show: its own count, up to a fair share.

    The page's budget is shared out smallest panel first, so a panel that
    needs less than an even share leaves the rest to the larger ones; no panel
    shows more than ``max_points``.
    """
    limits = [0] * len(sizes)
    left, remaining = page_points, len(sizes)
    for index in sorted(range(len(sizes)), key=lambda i: sizes[i]):
        share = max(1, left // remaining)
        limits[index] = min(sizes[index], max_points, share)
        left -= limits[index]
        remaining -= 1
    return limits


@dataclass(frozen=True)
class Drawings:
    """The page's SVGs: the key, the overview and one chart per measure."""

    key: str
    overview: str
    charts: list[str]


def draw(charts: list[Chart]) -> Drawings:
    """Every SVG of the page, with one colour per year across all of them.

    (Drawing the charts in worker processes was tried: on this shared 2-core
    machine under load it was slower, not faster, so they are drawn here.)
    """
    if not charts:
        return Drawings("", "", [])
    points = [p for c in charts for panel in c.panels for p in panel.points]
    colours = _year_colours([p.year for p in points])
    key = key_svg(colours, {p.year for p in points}, {p.comparator for p in points})
    svgs = [chart_svg(chart, colours) for chart in charts]
    return Drawings(key, overview_svg(charts, colours), svgs)


# -- reading the graph ----------------------------------------------------------------------


def collect(files: Sequence[Path]) -> tuple[list[Chart], list[tuple[str, int]]]:
    """Charts for measures with at least two observations, most observed first.

    Also returns (label, count) of the measures with a single observation.
    """
    import pyoxigraph as ox

    store = ox.Store()
    for path in files:
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        except (OSError, SyntaxError, ValueError) as exc:
            raise InputError(f"{path}: cannot read: {' '.join(str(exc).split())}") from None
    labels = _labels(store)

    def name(iri: str) -> str:
        return labels.get(iri) or curie(iri)

    by_measure: dict[str, dict[tuple[str, str], Panel]] = {}
    for row in store.query(_QUERY):
        try:
            value = float(row["value"].value)
        except ValueError:
            continue
        if not math.isfinite(value):
            continue
        measure = row["measure"].value
        kind = _local(row["kind"].value) if row["kind"] else "unknown kind"
        unit = name(row["unit"].value) if row["unit"] else "no unit"
        period, year = _period(row["start"], row["end"])
        point = Point(
            observation=row["obs"].value,
            region=name(row["area"].value),
            value=value,
            period=period,
            year=year,
            comparator=_local(row["comparator"].value) if row["comparator"] else "Exactly",
            stated=row["stated"].value if row["stated"] else "",
            evidence=row["evidence"].value if row["evidence"] else None,
        )
        panels = by_measure.setdefault(measure, {})
        panel = panels.setdefault((kind, unit), Panel(KIND_NAMES.get(kind, kind), unit))
        panel.points.append(point)
        panel.total += 1
    charts: list[Chart] = []
    single: list[tuple[str, int]] = []
    for measure, panels in by_measure.items():
        count = sum(p.total for p in panels.values())
        if count < 2:
            single.append((name(measure), count))
            continue
        ordered = sorted(panels.values(), key=lambda p: (-p.total, p.kind, p.unit))
        for panel in ordered:
            panel.points.sort(key=_point_order)
        charts.append(Chart(measure, name(measure), _anchor(measure), ordered))
    charts.sort(key=lambda c: (-c.observations, c.label.lower(), c.measure))
    single.sort(key=lambda s: s[0].lower())
    return charts, single


def _labels(store: Any) -> dict[str, str]:
    """One English label per node: rdfs:label, else skos:prefLabel, else schema:name."""
    rank = {f"{RDFS}label": 0, f"{SKOS}prefLabel": 1, f"{SCHEMA}name": 2}
    best: dict[str, tuple[tuple[int, int, str], str]] = {}
    for row in store.query(_LABELS):
        literal = row["label"]
        key = (rank[row["prop"].value], 0 if literal.language == "en" else 1, literal.value)
        node = row["node"].value
        if node not in best or key < best[node][0]:
            best[node] = (key, literal.value)
    return {node: text for node, (_, text) in best.items()}


def _period(start: Any, end: Any) -> tuple[str, int | None]:
    """The period as the report writes it (``start/end``), and the year it ends in."""
    parts = [t.value for t in (start, end) if t is not None]
    text = "/".join(parts)
    found = re.match(r"(\d{4})-", parts[-1]) if parts else None
    return text, int(found.group(1)) if found else None


def _point_order(point: Point) -> tuple[str, str, float, str]:
    return (point.region.lower(), point.period, point.value, point.observation)


def sample(points: list[Point], limit: int) -> list[Point]:
    """``limit`` points spread evenly over ``points`` (kept in their order)."""
    if len(points) <= limit:
        return points
    step = len(points) / limit
    return [points[int(i * step)] for i in range(limit)]


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _anchor(iri: str) -> str:
    return "m-" + re.sub(r"[^A-Za-z0-9-]+", "-", curie(iri).split(":", 1)[-1]).strip("-")


# -- drawing --------------------------------------------------------------------------------


def _style() -> dict[str, Any]:
    return {
        "svg.fonttype": "none",  # text stays text: smaller, selectable, searchable
        "svg.hashsalt": "g60kg",  # stable ids, so the same graph gives the same bytes
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def _year_colours(years: Sequence[int | None]) -> dict[int | None, Any]:
    from matplotlib import colormaps

    known = sorted({y for y in years if y is not None})
    cmap = colormaps["viridis"]
    colours: dict[int | None, Any] = {
        year: cmap(0.05 + 0.85 * (i / max(1, len(known) - 1))) for i, year in enumerate(known)
    }
    colours[None] = (0.6, 0.6, 0.6, 1.0)
    return colours


def _amount(value: float, _pos: object = None) -> str:
    """Axis numbers with scale words: 735.2 bn, 5.58 M, 4,237."""
    size = abs(value)
    for scale, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "M")):
        if size >= scale:
            return f"{value / scale:.4g} {word}"
    return f"{value:,.6g}"


def _draw_panel(
    ax: Axes, panel: Panel, where: dict[str, int], colours: dict[int | None, Any], links: bool
) -> None:
    """The points of one panel: x the region, y the value, colour the year, marker how stated.

    One scatter per marker with a colour per point keeps the number of
    artists (and so the drawing time) small. ``where`` places each region on
    the x axis; ``links`` gives every point its link to the report and the
    panel its unit and title, where the overview's small panels have neither.
    """
    from matplotlib.ticker import FuncFormatter, MaxNLocator, NullLocator

    groups: dict[str, list[Point]] = {}
    for point in panel.points:
        groups.setdefault(MARKERS.get(point.comparator, ("o", ""))[0], []).append(point)
    for marker, points in sorted(groups.items()):
        dots = ax.scatter(
            [where[p.region] for p in points],
            [p.value for p in points],
            s=28 if links else 8,
            marker=marker,
            c=[colours[p.year] for p in points],
            edgecolors="white" if links else "none",
            linewidths=0.4,
            zorder=3,
            rasterized=not links,
        )
        if links:
            dots.set_urls([p.link for p in points])
    values = [p.value for p in panel.points]
    if _logarithmic(values):
        ax.set_yscale("log")
        ax.yaxis.set_minor_locator(NullLocator())  # minor ticks were most of the drawing time
    else:
        ax.yaxis.set_major_locator(MaxNLocator(5 if links else 3))
    ax.yaxis.set_major_formatter(FuncFormatter(_amount))
    ax.set_xlim(-0.6, max(where.values(), default=0) + 0.6)
    ax.set_xticks([])
    ax.grid(axis="y", color="#dddddd", linewidth=0.6, zorder=0)
    if links:
        ax.set_ylabel(panel.unit)
        # A text, not set_title: placing titles measures every artist of the axes.
        title = panel.title + (" (log scale)" if _logarithmic(values) else "")
        ax.text(0, 1.03, title, transform=ax.transAxes, fontsize=9, va="bottom")


def _logarithmic(values: Sequence[float]) -> bool:
    """A log axis when positive values span more than three orders of magnitude."""
    return bool(values) and min(values) > 0 and max(values) / min(values) > 1000


def _svg(fig: Any) -> str:
    """The figure as SVG to inline in HTML: no XML prolog, links open in the same tab."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None}, dpi=96)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    return text.replace(' target="_blank"', "")


#: Inches reserved around the panels of a chart (no automatic layout: it draws
#: every figure twice and was most of the time on a large graph).
LEFT, RIGHT, TOP, PANEL, GAP = 0.9, 0.3, 0.1, 1.9, 0.45


def chart_svg(chart: Chart, colours: dict[int | None, Any] | None = None) -> str:
    """The chart of one measure: a panel per kind and unit, stacked over one region axis.

    The panels share the x axis (a region has the same place in each), so
    region names are written once, under the lowest panel. ``colours`` maps
    years to colours (the page passes one map, so a year has one colour on it).
    """
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    points = [p for panel in chart.panels for p in panel.points]
    regions = sorted({p.region for p in points}, key=str.lower)
    where = {region: i for i, region in enumerate(regions)}
    rows = len(chart.panels)
    bottom = 0.25 + 0.052 * min(max(len(r) for r in regions), 28)  # rotated names
    width = LEFT + max(3.6, 0.2 * len(regions) + 0.4) + RIGHT
    height = TOP + rows * PANEL + (rows - 1) * GAP + bottom + 0.25
    with rc_context(_style()):
        fig = Figure(figsize=(width, height))
        fig.subplots_adjust(
            left=LEFT / width,
            right=1 - RIGHT / width,
            bottom=bottom / height,
            top=1 - (TOP + 0.25) / height,
            hspace=GAP / PANEL,
        )
        axes = fig.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
        colours = colours or _year_colours([p.year for p in points])
        for ax, panel in zip(axes, chart.panels, strict=True):
            _draw_panel(ax, panel, where, colours, links=True)
        under = axes[-1].get_xaxis_transform()
        for i, region in enumerate(regions):
            axes[-1].text(
                i,
                -0.04,
                _short(region, 28),
                transform=under,
                rotation=60,
                rotation_mode="anchor",
                ha="right",
                va="center",
                fontsize=8,
            )
        return _svg(fig)


def key_svg(colours: dict[int | None, Any], years: set[int | None], comparators: set[str]) -> str:
    """The key of every chart on the page: a colour per year, a marker per way of stating.

    One key for the page (the colours are the same in every chart) instead of
    a legend per chart, which was a sixth of the drawing time.
    """
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], linestyle="", marker="o", color=colours[year], label=str(year or "?"))
        for year in sorted(years, key=lambda y: (y is None, y or 0))
    ]
    handles += [
        Line2D([], [], linestyle="", marker=marker, color="#555555", label=text)
        for name, (marker, text) in MARKERS.items()
        if name in comparators
    ]
    columns = max(1, min(len(handles), 12))
    rows = math.ceil(len(handles) / columns)
    with rc_context(_style()):
        fig = Figure(figsize=(min(11.0, 0.95 * columns + 0.3), 0.3 + 0.22 * rows))
        fig.legend(
            handles=handles,
            loc="center left",
            ncols=columns,
            fontsize=8,
            frameon=False,
            handletextpad=0.2,
            columnspacing=1.0,
        )
        return _svg(fig)


def overview_svg(charts: Sequence[Chart], colours: dict[int | None, Any] | None = None) -> str:
    """Small multiples: each chart's largest panel, small, linking to the chart.

    The small panels' points are drawn as one image each (they carry no link),
    which keeps the overview small and quick on a graph of thousands of points.
    """
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    columns = 5
    rows = max(1, math.ceil(len(charts) / columns))
    width, height = columns * 2.3, rows * 1.5 + 0.1
    with rc_context({**_style(), "font.size": 7}):
        fig = Figure(figsize=(width, height))
        fig.subplots_adjust(
            left=0.45 / width,
            right=1 - 0.1 / width,
            bottom=0.1 / height,
            top=1 - 0.42 / height,
            wspace=0.45,
            hspace=0.75,
        )
        axes = fig.subplots(rows, columns, squeeze=False).ravel()
        colours = colours or _year_colours(
            [p.year for c in charts for panel in c.panels for p in panel.points]
        )
        for ax, chart in zip(axes, charts, strict=False):
            panel = chart.panels[0]
            regions = sorted({p.region for p in panel.points}, key=str.lower)
            _draw_panel(ax, panel, {r: i for i, r in enumerate(regions)}, colours, links=False)
            ax.text(
                0,
                1.04,
                f"{_short(chart.label)}\n{_short(panel.title)}",
                transform=ax.transAxes,
                fontsize=7,
                va="bottom",
            )
            ax.patch.set_url(f"#{chart.anchor}")
            ax.tick_params(labelsize=6)
        for ax in axes[len(charts) :]:
            ax.set_axis_off()
        return _svg(fig)


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- the page -------------------------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _iri_link(iri: str) -> str:
    """A link to a web IRI; any other scheme (``javascript:`` too) is shown as text only."""
    if is_web_iri(iri):
        return f'<a href="{_e(iri)}">{_e(curie(iri))}</a>'
    return f'<span class="iri">{_e(iri)}</span>'


def _points_table(chart: Chart) -> str:
    rows = []
    for panel in chart.panels:
        for p in panel.points:
            quote = f'<a href="{_e(p.link)}">quote</a>' if p.link else ""
            rows.append(
                f"<tr><td>{_e(p.region)}</td><td>{_e(panel.kind)}</td><td>{_e(p.period)}</td>"
                f'<td class="num">{_e(_amount(p.value))}</td><td>{_e(panel.unit)}</td>'
                f"<td>{_e(MARKERS.get(p.comparator, ('', p.comparator))[1])}</td>"
                f"<td>{_e(p.stated)}</td><td>{quote}</td></tr>"
            )
    head = "".join(
        f"<th>{h}</th>"
        for h in ("region", "kind", "period", "value", "unit", "stated as", "in the text", "")
    )
    return (
        f"<details><summary>the {sum(len(p.points) for p in chart.panels)} points as a table"
        f"</summary><table><tr>{head}</tr>{''.join(rows)}</table></details>"
    )


def render(
    charts: Sequence[Chart],
    beyond: Sequence[Chart],
    single: Sequence[tuple[str, int]],
    caps: Caps,
    drawings: Drawings,
) -> str:
    """The whole page; ``beyond`` are measures over the chart cap, ``single`` those with one."""
    total = sum(c.observations for c in charts) + sum(c.observations for c in beyond)
    total += sum(n for _, n in single)
    notes = []
    sampled = [(c, p) for c in charts for p in c.panels if len(p.points) < p.total]
    if sampled:
        notes.append(
            f"Sampled: {len(sampled)} panels have more observations than fit (at most "
            f"{caps.max_points:,} points per panel and {caps.page_points:,} on the page); each "
            "shows an even sample of them in region and period order (the line above each "
            "chart gives both counts). The report lists every observation."
        )
    if beyond:
        notes.append(
            f"Charts are drawn for the {caps.max_charts} measures with the most observations; "
            f"{len(beyond)} more are listed at the end with their counts."
        )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>g60kg: figures</title>",
        "<style>body{font-family:system-ui,Helvetica,Arial,sans-serif;margin:1.5em;color:#222}"
        "svg{max-width:100%;height:auto}figure{margin:0}section{margin:2em 0}"
        "table{border-collapse:collapse;font-size:.85em}th,td{border:1px solid #ddd;"
        "padding:.2em .4em;text-align:left}td.num{text-align:right}"
        ".note{background:#fff4d6;padding:.5em .8em;border-radius:4px}"
        "nav a{margin-right:.8em;white-space:nowrap}</style></head><body>",
        "<h1>g60kg: figures</h1>",
        f"<p>{total} observations of {len(charts) + len(beyond) + len(single)} measures; "
        f"{len(charts)} charts (one per measure with at least two observations). Values by "
        "region (x axis) and period (colour: the year the period ends), one panel per value "
        "kind and unit, the unit on the axis; the marker says how the number was stated. "
        f'Every point links to the sentence it was read from in the <a href="{REPORT}">'
        "annotated report</a>. Drawn with matplotlib (SVG).</p>",
    ]
    parts.extend(f'<p class="note">{_e(n)}</p>' for n in notes)
    if charts:
        parts.append(
            '<figure id="key" aria-label="colour: the year the period ends; '
            f'marker: how the number was stated">{drawings.key}</figure>'
        )
        parts.append("<h2>Overview</h2>")
        parts.append('<figure id="overview" aria-label="small multiples of every chart">')
        parts.append(drawings.overview)
        parts.append("</figure><nav>")
        parts.extend(f'<a href="#{_e(c.anchor)}">{_e(c.label)}</a>' for c in charts)
        parts.append("</nav>")
    else:
        parts.append("<p>No measure has two observations yet: nothing to chart.</p>")
    for chart, svg in zip(charts, drawings.charts, strict=True):
        counts = "; ".join(
            f"{p.title}: {len(p.points)} of {p.total} shown"
            if len(p.points) < p.total
            else f"{p.title}: {p.total}"
            for p in chart.panels
        )
        parts.append(
            f'<section id="{_e(chart.anchor)}" data-measure="{_e(chart.measure)}">'
            f"<h2>{_e(chart.label)}</h2><p>{chart.observations} observations ({_e(counts)}). "
            f"{_iri_link(chart.measure)}</p>"
            f'<figure aria-label="{_e(chart.label)} by region and period">'
            f"{svg}</figure>{_points_table(chart)}</section>"
        )
    if beyond or single:
        parts.append("<section><h2>Measures without a chart</h2><ul>")
        parts.extend(
            f"<li>{_e(c.label)}: {c.observations} observations (over the chart cap)</li>"
            for c in beyond
        )
        parts.extend(f"<li>{_e(label)}: {n} observation</li>" for label, n in single)
        parts.append("</ul></section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
