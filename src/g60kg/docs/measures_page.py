"""The measure scheme as a browsable page: a tree of SKOS concepts with their phrases.

The measures are what observations are *of*; a reviewer wants to see which
phrases map to which measure and which measures the extractor invented
(``g60:curated false``). pyLODE's VocPub profile insists on scheme metadata the
lexicon does not need, so this is a small renderer of its own: one list
item per concept, nested by ``skos:broader``, with an anchor per concept and a
filter box.
"""

from __future__ import annotations

import html

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from g60kg.docs.sources import curie, is_web_iri, label
from g60kg.namespaces import G60, SKOS, WD, WDT


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _link(iri: object, text: str, css: str = "") -> str:
    """A link to a web IRI; any other IRI (``javascript:``...) as plain text."""
    cls = f' class="{css}"' if css else ""
    if not is_web_iri(iri):
        return f"<span{cls}>{_e(text)}</span>"
    return f'<a{cls} href="{_e(iri)}">{_e(text)}</a>'


def _texts(graph: Graph, node: Node, prop: str) -> list[str]:
    return sorted({str(o) for o in graph.objects(node, URIRef(prop))})


def measures_html(graph: Graph) -> str:
    """The page for every skos:Concept in a scheme of the graph (curated or not)."""
    concept_cls = URIRef(SKOS + "Concept")
    in_scheme = URIRef(SKOS + "inScheme")
    broader = URIRef(SKOS + "broader")
    concepts = sorted(
        {c for c in graph.subjects(RDF.type, concept_cls) if isinstance(c, URIRef)}
        | {c for c in graph.subjects(in_scheme, None) if isinstance(c, URIRef)},
        key=lambda c: (label(graph, c).lower(), str(c)),
    )
    known = set(concepts)
    children: dict[Node | None, list[Node]] = {}
    for concept in concepts:
        parents = [p for p in graph.objects(concept, broader) if p in known]
        for parent in sorted(parents, key=str) or [None]:
            children.setdefault(parent, []).append(concept)
    schemes = sorted(set(graph.objects(None, in_scheme)), key=str)

    def item(concept: Node, trail: frozenset[Node]) -> str:
        curated = graph.value(concept, URIRef(G60 + "curated"))
        is_curated = isinstance(curated, Literal) and curated.toPython() is True
        matches = sorted(
            o
            for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
            for o in graph.objects(concept, URIRef(SKOS + p))
        )
        words = " ".join([label(graph, concept), *_texts(graph, concept, SKOS + "altLabel")])
        parts = [
            f'<li id="{_e(curie(graph, concept))}" data-text="{_e(words.lower())}">',
            f'<span class="name">{_e(label(graph, concept))}</span> ',
            _link(concept, curie(graph, concept), "iri"),
            "" if is_curated else ' <span class="uncurated">not curated</span>',
        ]
        for definition in _texts(graph, concept, SKOS + "definition"):
            parts.append(f'<div class="def">{_e(definition)}</div>')
        alts = _texts(graph, concept, SKOS + "altLabel")
        if alts:
            parts.append(
                '<div class="alt">phrases: ' + ", ".join(f"<q>{_e(a)}</q>" for a in alts) + "</div>"
            )
        if matches:
            links = ", ".join(
                _link(m, ("Wikidata " if str(m).startswith((WD, WDT)) else "") + curie(graph, m))
                for m in matches
            )
            parts.append(f'<div class="match">matches: {links}</div>')
        kids = [k for k in children.get(concept, []) if k not in trail]
        if kids:
            parts.append("<ul>")
            parts.extend(item(k, trail | {concept}) for k in kids)
            parts.append("</ul>")
        parts.append("</li>")
        return "".join(parts)

    title = " · ".join(label(graph, s) for s in schemes) or "Measures"
    body = "".join(item(c, frozenset()) for c in children.get(None, []))
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f"<title>{_e(title)}</title>",
            "<style>body{font-family:system-ui,Helvetica,Arial,sans-serif;margin:2em;"
            "max-width:60em;color:#222}li{margin:.4em 0}.name{font-weight:bold}"
            ".iri{font-family:ui-monospace,monospace;font-size:.85em}"
            ".def{color:#333}.alt,.match{font-size:.9em;color:#555}"
            ".uncurated{background:#fde2c4;border-radius:3px;padding:0 .3em;font-size:.8em}"
            "input{font-size:1em;padding:.3em;width:20em}</style></head><body>",
            f"<h1>{_e(title)}</h1>",
            f"<p>{len(concepts)} measures. Each observation's <code>g60:measure</code> is one "
            "of these; phrases are the words articles use for it.</p>",
            '<p><input id="filter" type="search" placeholder="filter by name or phrase"></p>',
            f'<ul id="measures">{body}</ul>',
            "<script>document.getElementById('filter').addEventListener('input',function(e){"
            "var q=e.target.value.toLowerCase();"
            "function has(li){return li.getAttribute('data-text').indexOf(q)>=0;}"
            "document.querySelectorAll('#measures li').forEach(function(li){"
            "var hit=!q||has(li)||Array.from(li.querySelectorAll('li')).some(has);"
            "li.style.display=hit?'':'none';});});</script>",
            "</body></html>",
            "",
        ]
    )
