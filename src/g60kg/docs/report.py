"""The annotated-article report: one self-contained HTML file a reviewer reads.

Every text span in the graph is highlighted in the article text it indexes,
coloured by what it is evidence of (a region, event or initiative mention, or
the sentence stating a metric); a number extraction set aside
(``g60:SetAsideNumber``) is marked in its own style with its reason on hover,
so a reader sees at a glance what was not taken. Clicking or hovering a span
shows the triples of the nodes that cite it. Beside the text are a table of all observations and
the member regions with their Wikidata links.

Everything comes from the published graph, so the report shows what a user of
the graph gets, including mistakes (a quote that no longer matches the text at
its offsets is flagged, not hidden). The file has no external resources and
escapes all graph text: article text is data, never markup.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from g60kg.docs.sources import curie, is_web_iri, label
from g60kg.namespaces import G60, G60R, OWL, WD

#: Span kinds, most specific first, with the class that makes a node that kind.
KINDS: tuple[tuple[str, str, str], ...] = (
    ("metric", "Observation", "#9ec9f5"),
    ("rejected", "SetAsideNumber", "#e8837a"),
    ("event", "Event", "#ffc58a"),
    ("initiative", "Initiative", "#d3b5f0"),
    ("region", "Region", "#9fdf9f"),
    ("organization", "Organization", "#d9d9d9"),
    ("infrastructure", "Infrastructure", "#f5e08a"),
    ("other", "", "#f0b8c8"),
)
KIND_ORDER = {kind: i for i, (kind, _, _) in enumerate(KINDS)}
#: What each colour of the legend means, on hover.
_LEGEND_TITLES = {
    "metric": "the sentence or clause stating an observation",
    "rejected": "a number extraction did not take; hover it for the reason",
    "other": "a span nothing of a known class cites",
}


@dataclass
class Span:
    """A g60:TextSpan as the report shows it."""

    iri: str
    begin: int
    end: int
    quote: str | None
    kind: str = "other"
    dom_id: str = ""
    nodes: list[str] = field(default_factory=list)
    #: Why a set-aside number was not taken (the label of its g60:setAsideReason).
    reason: str | None = None

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.begin, -self.end, self.iri)


def _int(node: Node | None) -> int | None:
    try:
        return int(str(node)) if node is not None else None
    except ValueError:
        return None


def _kind_of(graph: Graph, node: Node, types: dict[Node, set[str]]) -> str:
    names = types.get(node, set())
    for kind, cls, _ in KINDS:
        if cls and G60 + cls in names:
            return kind
    return "other"


def _types_with_superclasses(graph: Graph) -> dict[Node, set[str]]:
    """Each node's classes including superclasses, so a g60:District counts as a region."""
    supers: dict[Node, set[Node]] = {}

    def closure(cls: Node) -> set[Node]:
        if cls not in supers:
            supers[cls] = {cls}
            for parent in graph.objects(cls, RDFS.subClassOf):
                supers[cls] |= closure(parent)
        return supers[cls]

    result: dict[Node, set[str]] = {}
    for subject, cls in graph.subject_objects(RDF.type):
        result.setdefault(subject, set()).update(str(c) for c in closure(cls))
    return result


def _literal_text(node: Node) -> str:
    if isinstance(node, Literal):
        text = str(node)
        if node.language:
            return f'"{text}"@{node.language}'
        return text
    return str(node)


def _describe(graph: Graph, node: Node, types: dict[Node, set[str]]) -> dict[str, Any]:
    """A node's kind, label and triples (its evidence links left out: the span is the context)."""
    triples = []
    for pred, obj in sorted(graph.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
        if str(pred) == G60 + "evidence":
            continue
        text = _literal_text(obj)
        if isinstance(obj, Literal) and len(text) > 300:
            text = text[:300] + "…"
        triples.append(
            {
                "p": curie(graph, pred),
                "o": curie(graph, obj) if isinstance(obj, URIRef) else text,
                "iri": str(obj) if isinstance(obj, URIRef) else None,
                "label": label(graph, obj) if isinstance(obj, URIRef) else None,
            }
        )
    return {
        "iri": str(node),
        "curie": curie(graph, node),
        "label": label(graph, node),
        "kind": _kind_of(graph, node, types),
        "triples": triples,
    }


def _observation_row(graph: Graph, obs: Node) -> dict[str, Any]:
    """The fields a reviewer compares with the sentence: subject, measure, value, unit, period."""

    def one(local: str) -> Node | None:
        values = sorted(graph.objects(obs, URIRef(G60 + local)), key=str)
        return values[0] if values else None

    def text(local: str) -> str:
        value = one(local)
        if value is None:
            return ""
        return curie(graph, value) if isinstance(value, URIRef) else str(value)

    def named(local: str) -> dict[str, str] | None:
        value = one(local)
        if value is None:
            return None
        return {"iri": str(value), "label": label(graph, value), "curie": curie(graph, value)}

    period = "/".join(p for p in (text("periodStart"), text("periodEnd")) if p)
    comparison = "/".join(
        p for p in (text("comparisonPeriodStart"), text("comparisonPeriodEnd")) if p
    )
    return {
        "iri": str(obs),
        "curie": curie(graph, obs),
        "subject": named("refArea"),
        "measure": named("measure"),
        "value": text("value"),
        "statedValue": text("statedValue"),
        "unit": text("unit"),
        "valueKind": text("valueKind"),
        "comparator": text("comparator"),
        "period": period,
        "comparisonPeriod": comparison,
    }


def report_data(graph: Graph) -> dict[str, Any]:
    """Everything the report shows, as plain values (also what its embedded JSON holds)."""
    g60 = {
        n: URIRef(G60 + n)
        for n in (
            "beginIndex",
            "endIndex",
            "quote",
            "inArticle",
            "evidence",
            "refersTo",
            "memberRegion",
            "locatedIn",
            "NewsArticle",
            "Observation",
            "Initiative",
            "setAsideReason",
        )
    }
    body_prop = URIRef("https://schema.org/articleBody")
    types = _types_with_superclasses(graph)

    articles = sorted(
        (a for a in set(graph.subjects(body_prop, None)) if isinstance(a, URIRef)), key=str
    )
    spans_by_article: dict[str, list[Span]] = {str(a): [] for a in articles}
    problems: list[str] = []
    for span_node in sorted(set(graph.subjects(g60["beginIndex"], None)), key=str):
        begin = _int(graph.value(span_node, g60["beginIndex"]))
        end = _int(graph.value(span_node, g60["endIndex"]))
        article = graph.value(span_node, g60["inArticle"])
        if article is None:  # RFC 5147 IRIs still say which article they index
            article = next((a for a in articles if str(span_node).startswith(f"{a}#")), None)
        quote = graph.value(span_node, g60["quote"])
        if begin is None or end is None or article is None or str(article) not in spans_by_article:
            problems.append(f"{curie(graph, span_node)}: no article text or offsets to place it")
            continue
        spans_by_article[str(article)].append(
            Span(str(span_node), begin, end, str(quote) if quote is not None else None)
        )

    out_articles = []
    spans_json: dict[str, Any] = {}
    for a_index, article in enumerate(articles):
        body = str(graph.value(article, body_prop))
        spans = sorted(spans_by_article[str(article)], key=lambda s: s.sort_key)
        placed: list[Span] = []
        for s_index, span in enumerate(spans):
            span.dom_id = f"a{a_index}-s{s_index}"
            node = URIRef(span.iri)
            producers = sorted(set(graph.subjects(g60["evidence"], node)), key=str)
            mentioned = sorted(set(graph.objects(node, g60["refersTo"])), key=str)
            # a set-aside number is its own node: its triples say why it was not taken
            itself = [node] if _kind_of(graph, node, types) == "rejected" else []
            nodes = sorted(
                {*mentioned, *producers, *itself},
                key=lambda n: (KIND_ORDER[_kind_of(graph, n, types)], str(n)),
            )
            span.nodes = [str(n) for n in nodes]
            kinds = sorted((_kind_of(graph, n, types) for n in nodes), key=KIND_ORDER.get)
            reason = graph.value(node, g60["setAsideReason"]) if itself else None
            span.reason = None if reason is None else label(graph, reason)
            if any(k == "metric" for k in kinds):
                span.kind = "metric"
            elif mentioned:  # "G60", a number in a name: coloured as the name, reason on hover
                span.kind = _kind_of(graph, mentioned[0], types)
            elif kinds:
                span.kind = kinds[0]
            valid = 0 <= span.begin < span.end <= len(body)
            matches = valid and (span.quote is None or body[span.begin : span.end] == span.quote)
            if not valid:
                problems.append(
                    f"{curie(graph, node)}: offsets {span.begin}-{span.end} outside the text "
                    f"({len(body)} characters)"
                )
            elif not matches:
                problems.append(f"{curie(graph, node)}: quote differs from the text at its offsets")
            if valid:
                placed.append(span)
            spans_json[span.dom_id] = {
                "iri": span.iri,
                "begin": span.begin,
                "end": span.end,
                "quote": span.quote,
                "kind": span.kind,
                "reason": span.reason,
                "matches": matches,
                "nodes": [
                    {
                        **_describe(graph, n, types),
                        "observation": _observation_row(graph, n)
                        if _kind_of(graph, n, types) == "metric"
                        else None,
                    }
                    for n in nodes
                ],
            }
        headline = graph.value(article, URIRef("https://schema.org/headline"))
        published = graph.value(article, URIRef("https://schema.org/datePublished"))
        out_articles.append(
            {
                "iri": str(article),
                "curie": curie(graph, article),
                "headline": str(headline)
                if isinstance(headline, Literal)
                else curie(graph, article),
                "published": str(published) if published is not None else "",
                "body": body,
                "spans": placed,
            }
        )

    observations = []
    for obs in sorted(set(graph.subjects(RDF.type, None)), key=str):
        if _kind_of(graph, obs, types) != "metric":
            continue
        row = _observation_row(graph, obs)
        evidence = sorted(graph.objects(obs, g60["evidence"]), key=str)
        row["evidence"] = [
            next((s.dom_id for a in spans_by_article.values() for s in a if s.iri == str(e)), "")
            for e in evidence
        ]
        row["quote"] = " ".join(str(graph.value(e, g60["quote"]) or "") for e in evidence)
        begins = [_int(graph.value(e, g60["beginIndex"])) or 0 for e in evidence]
        row["_order"] = (min(begins) if begins else 0, str(obs))
        observations.append(row)
    observations.sort(key=lambda r: r.pop("_order"))

    members = []
    for initiative, region in graph.subject_objects(g60["memberRegion"]):
        parents = sorted(graph.objects(region, g60["locatedIn"]), key=str)
        same = sorted(
            (o for o in graph.objects(region, URIRef(OWL + "sameAs")) if str(o).startswith(WD)),
            key=str,
        )
        region_types = sorted(
            curie(graph, t) for t in graph.objects(region, RDF.type) if str(t).startswith(G60)
        )
        members.append(
            {
                "initiative": {"iri": str(initiative), "label": label(graph, initiative)},
                "region": {"iri": str(region), "label": label(graph, region)},
                "types": region_types,
                "locatedIn": [{"iri": str(p), "label": label(graph, p)} for p in parents],
                "wikidata": [str(w) for w in same],
            }
        )
    members.sort(key=lambda m: (m["initiative"]["label"], m["region"]["label"], m["region"]["iri"]))
    rejected = [
        {"span": s.dom_id, "quote": s.quote, "reason": s.reason, "article": a["curie"]}
        for a in out_articles
        for s in a["spans"]
        if s.reason is not None
    ]
    return {
        "articles": out_articles,
        "spans": spans_json,
        "observations": observations,
        "members": members,
        "rejected": rejected,
        "problems": sorted(problems),
    }


def _legend_title(kind: str) -> str:
    title = _LEGEND_TITLES.get(kind)
    return f' title="{html.escape(title)}"' if title else ""


def _open_tag(span: Span, continued: bool) -> str:
    cls = f"k-{span.kind}" + (" cont" if continued else "")
    focus = "" if continued else ' tabindex="0"'  # one tab stop per span
    if span.kind == "rejected":  # the reason on hover: why the number was not taken
        title = f"rejected number: {span.reason or 'no reason given'}"
    elif span.reason is not None:  # a number that is a whole name ("G60")
        title = f"{span.kind}: {span.iri}; rejected number: {span.reason}"
    else:
        title = f"{span.kind}: {span.iri}"
    return (
        f'<mark class="{cls}" data-span="{html.escape(span.dom_id)}"{focus} '
        f'title="{html.escape(title)}">'
    )


def render_text(body: str, spans: list[Span]) -> str:
    """The article text as HTML with each span in a ``<mark>``.

    Nested spans become nested marks. Where two spans cross (neither holds the
    other) the inner marks are closed at the boundary and reopened after it, so
    a span may be drawn as several marks with the same ``data-span``; the HTML
    stays well-formed and every character is inside exactly the marks of the
    spans that cover it.
    """
    starts: dict[int, list[Span]] = {}
    ends: set[int] = set()
    for span in spans:
        starts.setdefault(span.begin, []).append(span)
        ends.add(span.end)
    points = sorted({0, len(body), *starts, *ends})
    out: list[str] = []
    stack: list[Span] = []
    for i, pos in enumerate(points):
        closing = [s for s in stack if s.end == pos]
        if closing:
            # close down to the deepest ending span, reopen those that continue
            depth = min(stack.index(s) for s in closing)
            reopen = [s for s in stack[depth:] if s.end != pos]
            out.append("</mark>" * (len(stack) - depth))
            del stack[depth:]
            for span in reopen:
                out.append(_open_tag(span, continued=True))
                stack.append(span)
        for span in sorted(starts.get(pos, []), key=lambda s: (-s.end, s.iri)):
            out.append(_open_tag(span, continued=False))
            stack.append(span)
        if i + 1 < len(points):
            out.append(html.escape(body[pos : points[i + 1]], quote=False))
    out.append("</mark>" * len(stack))
    return "".join(out)


def _json_for_script(data: Any) -> str:
    """JSON that cannot end its <script> element or open markup: <, > and & as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _link(iri: str, text: str) -> str:
    """A link to a web IRI; any other IRI (``javascript:``...) as plain text."""
    if not is_web_iri(iri):
        return f'<span class="iri">{_e(text)}</span>'
    return f'<a href="{_e(iri)}">{_e(text)}</a>'


def _asset(name: str) -> str:
    """The stylesheet or script, kept as files beside this module so they read as CSS/JS."""
    return files("g60kg.docs").joinpath(name).read_text(encoding="utf-8")


def render_report(graph: Graph) -> str:
    """The whole report.html, deterministic for a given graph."""
    data = report_data(graph)
    counts: dict[str, int] = {}
    for span in data["spans"].values():
        counts[span["kind"]] = counts.get(span["kind"], 0) + 1
    kind_css = "".join(
        f"mark.k-{k}{{background:{c}80;border-bottom-color:{c}}}.legend .k-{k}{{background:{c}}}"
        for k, _, c in KINDS
    )
    legend = "".join(
        f'<span class="k-{k}"{_legend_title(k)}>{_e(k)} ({counts.get(k, 0)})</span>'
        for k, _, _ in KINDS
        if counts.get(k, 0) or k != "other"
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>g60kg: annotated articles</title>",
        f"<style>{_asset('report.css')}{kind_css}</style></head><body>",
        "<header><h1>g60kg: annotated articles</h1>",
        f"<p>{len(data['spans'])} spans in {len(data['articles'])} article(s), "
        f"{len(data['observations'])} observations, {len(data['rejected'])} rejected numbers, "
        f"{len(data['members'])} member regions. "
        "Hover or click a highlighted span to see the triples that cite it; hover a "
        "rejected number to see why it was not taken.</p>",
        f'<p class="legend">{legend}</p></header>',
        "<main><div>",
    ]
    for article in data["articles"]:
        parts.append(
            f'<article data-article="{_e(article["iri"])}"><h2>{_e(article["headline"])}</h2>'
            f'<p class="iri">{_link(article["iri"], article["curie"])} · '
            f"published {_e(article['published'])}</p>"
            f'<div class="text">{render_text(article["body"], article["spans"])}</div></article>'
        )
    if data["problems"]:
        parts.append('<article><h2 class="bad">Problems</h2><ul>')
        parts.extend(f"<li>{_e(p)}</li>" for p in data["problems"])
        parts.append("</ul></article>")
    parts.append(
        '</div><aside id="details" aria-live="polite"><h2>Span details</h2>'
        "<p>Hover or click a highlighted span.</p></aside></main>"
    )
    parts.append('<section class="tables"><h2>Observations</h2><table id="observations"><tr>')
    parts.extend(
        f"<th>{h}</th>"
        for h in (
            "subject",
            "measure",
            "value",
            "unit",
            "kind",
            "comparator",
            "period",
            "stated",
            "observation",
            "evidence",
        )
    )
    parts.append("</tr>")
    for obs in data["observations"]:
        subject = obs["subject"] or {"iri": "", "label": ""}
        measure = obs["measure"] or {"iri": "", "label": ""}
        buttons = " ".join(
            f'<button class="go" data-go="{_e(ev)}">show</button>' for ev in obs["evidence"] if ev
        )
        parts.append(
            f"<tr><td>{_link(subject['iri'], subject['label'])}</td>"
            f"<td>{_link(measure['iri'], measure['label'])}</td>"
            f'<td class="num">{_e(obs["value"])}</td><td>{_e(obs["unit"])}</td>'
            f"<td>{_e(obs['valueKind'])}</td><td>{_e(obs['comparator'])}</td>"
            f"<td>{_e(obs['period'])}</td><td>{_e(obs['statedValue'])}</td>"
            f'<td class="iri">{_link(obs["iri"], obs["curie"])}</td><td>{buttons}</td></tr>'
        )
    parts.append(
        '</table><h2>Rejected numbers</h2><table id="rejected"><tr><th>number</th>'
        "<th>reason</th><th>article</th><th>text</th></tr>"
    )
    for row in data["rejected"]:
        parts.append(
            f"<tr><td>{_e(row['quote'])}</td><td>{_e(row['reason'])}</td>"
            f'<td class="iri">{_e(row["article"])}</td>'
            f'<td><button class="go" data-go="{_e(row["span"])}">show</button></td></tr>'
        )
    parts.append(
        '</table><h2>Member regions</h2><table id="members"><tr><th>initiative</th>'
        "<th>region</th><th>type</th><th>located in</th><th>Wikidata</th></tr>"
    )
    for member in data["members"]:
        wikidata = " ".join(_link(w, w.removeprefix(WD)) for w in member["wikidata"]) or "unlinked"
        parents = ", ".join(_link(p["iri"], p["label"]) for p in member["locatedIn"])
        parts.append(
            f"<tr><td>{_link(member['initiative']['iri'], member['initiative']['label'])}</td>"
            f"<td>{_link(member['region']['iri'], member['region']['label'])}</td>"
            f"<td>{_e(', '.join(member['types']))}</td><td>{parents}</td>"
            f"<td>{wikidata}</td></tr>"
        )
    parts.append("</table></section>")
    payload = {"spans": data["spans"], "base": G60R}  # links resolve span IRIs against base
    parts.append(
        f'<script type="application/json" id="g60-data">{_json_for_script(payload)}</script>'
    )
    parts.append(f"<script>{_asset('report.js')}</script></body></html>\n")
    return "\n".join(parts)
