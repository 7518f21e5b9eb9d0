"""Facts to RDF: one rdflib Graph with the ontology's terms, no blank nodes.

IRIs follow docs/data-model.md: articles ``g60r:article/{slug}``, text spans
``{article}#char={begin},{end}`` (RFC 5147), observations
``g60r:observation/{slug}/{begin}-{end}`` (the quantity as printed). The
published graph also holds every ``ontology/*.ttl`` file except the SHACL
shapes (ontology, measures, gazetteer, units), so one file answers every
stored query; those files are parsed once per process.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef

from g60kg.facts import Facts, Span
from g60kg.namespaces import G60, G60R, PREFIXES, PROV, SCHEMA, SKOS
from g60kg.paths import ontology_dir

G60NS = Namespace(G60)
SDO = Namespace(SCHEMA)
SKOSNS = Namespace(SKOS)
PROVNS = Namespace(PROV)
G60M_SCHEME = URIRef("https://w3id.org/g60kg/measure/scheme")

#: Ontology files left out of the published graph: shapes validate it, they are not data.
EXCLUDED_ONTOLOGY_FILES = frozenset({"shapes.ttl"})


def article_iri(slug: str) -> URIRef:
    return URIRef(f"{G60R}article/{slug}")


def span_iri(slug: str, span: Span) -> URIRef:
    return URIRef(f"{G60R}article/{slug}#char={span.begin},{span.end}")


def observation_iri(slug: str, begin: int, end: int) -> URIRef:
    return URIRef(f"{G60R}observation/{slug}/{begin}-{end}")


@functools.cache
def _ontology_triples(folder: Path) -> tuple[tuple, ...]:
    """Every triple of ``folder/*.ttl`` but the shapes, parsed once per process."""
    graph = rdflib.Graph()
    for path in sorted(folder.glob("*.ttl")):
        if path.name not in EXCLUDED_ONTOLOGY_FILES:
            graph.parse(path, format="turtle")
    return tuple(graph)


def new_graph() -> rdflib.Graph:
    """An empty graph with the published prefixes bound."""
    graph = rdflib.Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def ontology_graph(folder: Path | None = None) -> rdflib.Graph:
    """The ontology, measures, gazetteer and units as one graph."""
    graph = new_graph()
    for triple in _ontology_triples(folder or ontology_dir()):
        graph.add(triple)
    return graph


def to_graph(facts_list: Iterable[Facts], *, include_ontology: bool = True) -> rdflib.Graph:
    """The knowledge graph of these articles (plus the ontology files by default)."""
    graph = ontology_graph() if include_ontology else new_graph()
    for facts in facts_list:
        add_facts(graph, facts)
    return graph


def _decimal(value: Decimal) -> Literal:
    """Canonical decimal lexical form: "1290000000000.0", "6.79", "-5.0"."""
    if value == value.to_integral_value():
        lexical = f"{int(value)}.0"
    else:
        lexical = format(value.normalize(), "f")
    return Literal(lexical, datatype=XSD.decimal)


def _date(day: datetime.date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


def _span(graph: rdflib.Graph, slug: str, span: Span) -> URIRef:
    node = span_iri(slug, span)
    graph.add((node, RDF.type, G60NS.TextSpan))
    graph.add((node, G60NS.inArticle, article_iri(slug)))
    graph.add((node, G60NS.beginIndex, Literal(span.begin, datatype=XSD.integer)))
    graph.add((node, G60NS.endIndex, Literal(span.end, datatype=XSD.integer)))
    graph.add((node, G60NS.quote, Literal(span.quote)))
    return node


def add_facts(graph: rdflib.Graph, facts: Facts) -> None:
    """Add one article's facts to ``graph``."""
    a = facts.article
    slug = a.slug
    art = article_iri(slug)
    graph.add((art, RDF.type, G60NS.NewsArticle))
    if a.headline:
        graph.add((art, SDO.headline, Literal(a.headline, lang="en")))
    if a.date:
        graph.add((art, SDO.datePublished, _date(a.date)))
    graph.add((art, SDO.articleBody, Literal(a.text)))
    sha = hashlib.sha256(a.text.encode("utf-8")).hexdigest()
    graph.add((art, G60NS.textSha256, Literal(sha)))
    if a.url:
        graph.add((art, SDO.url, Literal(a.url, datatype=XSD.anyURI)))
    for prop, org in ((SDO.publisher, facts.publisher), (G60NS.distributor, facts.distributor)):
        if org is None:
            continue
        node = URIRef(org.iri)
        graph.add((art, prop, node))
        if not org.known:
            graph.add((node, RDF.type, G60NS.Organization))
            graph.add((node, RDFS.label, Literal(org.label, lang="en")))
    if facts.dateline_place:
        graph.add((art, G60NS.datelinePlace, URIRef(facts.dateline_place)))

    for m in facts.mentions:
        node = _span(graph, slug, m.span)
        entity = URIRef(m.iri)
        graph.add((node, G60NS.refersTo, entity))
        graph.add((entity, G60NS.evidence, node))
        graph.add((art, G60NS.evidence, node))

    for concept in facts.measures:
        node = URIRef(concept.iri)
        graph.add((node, RDF.type, SKOSNS.Concept))
        graph.add((node, SKOSNS.inScheme, G60M_SCHEME))
        graph.add((node, SKOSNS.prefLabel, Literal(concept.label, lang="en")))
        graph.add((node, G60NS.curated, Literal(concept.curated)))

    for o in facts.observations:
        node = observation_iri(slug, o.begin, o.end)
        graph.add((node, RDF.type, G60NS.Observation))
        graph.add((node, G60NS.refArea, URIRef(o.subject)))
        graph.add((node, G60NS.measure, URIRef(o.measure)))
        graph.add((node, G60NS.value, _decimal(o.value)))
        graph.add((node, G60NS.statedValue, Literal(o.stated, lang="en")))
        if o.unit:
            graph.add((node, G60NS.unit, URIRef(o.unit)))
        graph.add((node, G60NS.valueKind, G60NS[o.value_kind]))
        graph.add((node, G60NS.comparator, G60NS[o.comparator]))
        for prop, day in (
            (G60NS.periodStart, o.period_start),
            (G60NS.periodEnd, o.period_end),
            (G60NS.comparisonPeriodStart, o.comparison_start),
            (G60NS.comparisonPeriodEnd, o.comparison_end),
        ):
            if day is not None:
                graph.add((node, prop, _date(day)))
        graph.add((node, PROVNS.wasDerivedFrom, art))
        graph.add((node, G60NS.evidence, _span(graph, slug, o.evidence)))

    for e in facts.events:
        node = URIRef(e.iri)
        graph.add((node, RDF.type, G60NS.Event))
        graph.add((node, RDFS.label, Literal(e.label, lang="en")))
        if e.edition is not None:
            graph.add((node, G60NS.edition, Literal(e.edition, datatype=XSD.integer)))
        for prop, iri in (
            (G60NS.inSeries, e.series),
            (G60NS.partOf, e.part_of),
            (G60NS.location, e.location),
            (G60NS.about, e.about),
        ):
            if iri:
                graph.add((node, prop, URIRef(iri)))
        if e.date:
            graph.add((node, G60NS.date, _date(e.date)))
        if e.held_before:
            graph.add((node, G60NS.heldBefore, _date(e.held_before)))
        if e.year:
            graph.add((node, G60NS.year, Literal(f"{e.year:04d}", datatype=XSD.gYear)))
        for span in e.evidence:
            graph.add((node, G60NS.evidence, _span(graph, slug, span)))

    for i in facts.initiatives:
        node = URIRef(i.iri)
        for member in i.members:
            graph.add((node, G60NS.memberRegion, URIRef(member)))
        if i.located_in:
            graph.add((node, G60NS.locatedIn, URIRef(i.located_in)))
        if i.named_after:
            graph.add((node, G60NS.namedAfter, URIRef(i.named_after)))
        for span in i.evidence:
            graph.add((node, G60NS.evidence, _span(graph, slug, span)))
