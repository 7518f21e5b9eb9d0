"""Facts to RDF with the ontology's terms, no blank nodes in the data.

IRIs follow docs/data-model.md: articles ``g60r:article/{slug}``, text spans
``{article}#char={begin},{end}`` (RFC 5147), observations
``g60r:observation/{slug}/{begin}-{end}`` (the quantity as printed); a number
that is not an observation is a span too, a ``g60:SetAsideNumber`` with its
``g60:setAsideReason`` (a concept of ``ontology/reasons.ttl``). The
published graph also holds every ``ontology/*.ttl`` file except the SHACL
shapes (ontology, measures, gazetteer, units), so one file answers every
stored query; those files are parsed once per process.

:func:`triples` is the fast path the build uses (plain tuples of
:mod:`g60kg.graph.terms`); :func:`to_graph` gives the same as an ``rdflib.Graph``.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from g60kg.extract.facts import Facts, Span
from g60kg.extract.numbers import reason_labels
from g60kg.graph.terms import IRI, Lit, Triple, from_rdflib, to_rdflib
from g60kg.namespaces import G60, G60R, G60REASON, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, XSD
from g60kg.paths import ontology_dir
from g60kg.text.normalize import slugify

#: Ontology files left out of the published graph: shapes validate it and cue words
#: teach the extractor English; neither is data about the region.
EXCLUDED_ONTOLOGY_FILES = frozenset({"cues.ttl", "shapes.ttl"})
G60M_SCHEME = IRI("https://w3id.org/g60kg/measure/scheme")
REASON_SCHEME = IRI(G60REASON + "scheme")

A = IRI(RDF + "type")
LABEL = IRI(RDFS + "label")
_G = {
    name: IRI(G60 + name)
    for name in [
        "NewsArticle",
        "TextSpan",
        "Observation",
        "Event",
        "Organization",
        "inArticle",
        "beginIndex",
        "endIndex",
        "quote",
        "refersTo",
        "evidence",
        "textSha256",
        "distributor",
        "datelinePlace",
        "curated",
        "refArea",
        "measure",
        "value",
        "statedValue",
        "unit",
        "valueKind",
        "comparator",
        "periodStart",
        "periodEnd",
        "comparisonPeriodStart",
        "comparisonPeriodEnd",
        "edition",
        "inSeries",
        "partOf",
        "location",
        "about",
        "date",
        "heldBefore",
        "year",
        "memberRegion",
        "locatedIn",
        "namedAfter",
        "SetAsideNumber",
        "SetAsideReason",
        "setAsideReason",
    ]
}
_HEADLINE, _PUBLISHED = IRI(SCHEMA + "headline"), IRI(SCHEMA + "datePublished")
_BODY, _URL, _PUBLISHER = (
    IRI(SCHEMA + "articleBody"),
    IRI(SCHEMA + "url"),
    IRI(SCHEMA + "publisher"),
)
_DERIVED = IRI(PROV + "wasDerivedFrom")
_CONCEPT, _IN_SCHEME = IRI(SKOS + "Concept"), IRI(SKOS + "inScheme")
_PREF = IRI(SKOS + "prefLabel")


def article_iri(slug: str) -> IRI:
    return IRI(f"{G60R}article/{slug}")


def span_iri(slug: str, span: Span) -> IRI:
    return IRI(f"{G60R}article/{slug}#char={span.begin},{span.end}")


def observation_iri(slug: str, begin: int, end: int) -> IRI:
    return IRI(f"{G60R}observation/{slug}/{begin}-{end}")


def reason_iri(reason: str) -> IRI:
    """The concept of ``ontology/reasons.ttl`` for a reason: its label as a slug."""
    return IRI(G60REASON + slugify(reason))


@functools.cache
def ontology_triples(folder: Path | None = None) -> frozenset[Triple]:
    """Every triple of ``ontology/*.ttl`` but the shapes, parsed once per process."""
    import rdflib

    graph = rdflib.Graph()
    for path in sorted((folder or ontology_dir()).glob("*.ttl")):
        if path.name not in EXCLUDED_ONTOLOGY_FILES:
            graph.parse(path, format="turtle")
    return frozenset(
        (from_rdflib(s), from_rdflib(p), from_rdflib(o))  # type: ignore[misc]
        for s, p, o in graph
    )


def _decimal(value: Decimal) -> Lit:
    """Canonical decimal lexical form: "1290000000000.0", "6.79", "-5.0"."""
    if value == value.to_integral_value():
        return Lit(f"{int(value)}.0", XSD + "decimal")
    return Lit(format(value.normalize(), "f"), XSD + "decimal")


def _date(day: datetime.date) -> Lit:
    return Lit(day.isoformat(), XSD + "date")


def _int(n: int) -> Lit:
    return Lit(str(n), XSD + "integer")


def _span(out: list[Triple], slug: str, span: Span) -> IRI:
    node = span_iri(slug, span)
    out.append((node, A, _G["TextSpan"]))
    out.append((node, _G["inArticle"], article_iri(slug)))
    out.append((node, _G["beginIndex"], _int(span.begin)))
    out.append((node, _G["endIndex"], _int(span.end)))
    out.append((node, _G["quote"], Lit(span.quote)))
    return node


def facts_triples(facts: Facts) -> list[Triple]:
    """The triples stating one article's facts (not the ontology)."""
    out: list[Triple] = []
    a = facts.article
    slug = a.slug
    art = article_iri(slug)
    out.append((art, A, _G["NewsArticle"]))
    if a.headline:
        out.append((art, _HEADLINE, Lit(a.headline, None, "en")))
    if a.date:
        out.append((art, _PUBLISHED, _date(a.date)))
    out.append((art, _BODY, Lit(a.text)))
    out.append((art, _G["textSha256"], Lit(hashlib.sha256(a.text.encode()).hexdigest())))
    if a.url:
        out.append((art, _URL, Lit(a.url, XSD + "anyURI")))
    for prop, org in ((_PUBLISHER, facts.publisher), (_G["distributor"], facts.distributor)):
        if org is None:
            continue
        out.append((art, prop, IRI(org.iri)))
        if not org.known:
            out.append((IRI(org.iri), A, _G["Organization"]))
            out.append((IRI(org.iri), LABEL, Lit(org.label, None, "en")))
    if facts.dateline_place:
        out.append((art, _G["datelinePlace"], IRI(facts.dateline_place)))

    for m in facts.mentions:
        node = _span(out, slug, m.span)
        entity = IRI(m.iri)
        out.append((node, _G["refersTo"], entity))
        out.append((entity, _G["evidence"], node))
        out.append((art, _G["evidence"], node))

    for concept in facts.measures:
        node = IRI(concept.iri)
        out.append((node, A, _CONCEPT))
        out.append((node, _IN_SCHEME, G60M_SCHEME))
        out.append((node, _PREF, Lit(concept.label, None, "en")))
        if concept.broader:
            out.append((node, IRI(SKOS + "broader"), IRI(concept.broader)))
        out.append(
            (node, _G["curated"], Lit("true" if concept.curated else "false", XSD + "boolean"))
        )

    for o in facts.observations:
        node = observation_iri(slug, o.begin, o.end)
        out.append((node, A, _G["Observation"]))
        out.append((node, _G["refArea"], IRI(o.subject)))
        out.append((node, _G["measure"], IRI(o.measure)))
        out.append((node, _G["value"], _decimal(o.value)))
        out.append((node, _G["statedValue"], Lit(o.stated, None, "en")))
        if o.unit:
            out.append((node, _G["unit"], IRI(o.unit)))
        out.append((node, _G["valueKind"], IRI(G60 + o.value_kind)))
        out.append((node, _G["comparator"], IRI(G60 + o.comparator)))
        for prop, day in (
            ("periodStart", o.period_start),
            ("periodEnd", o.period_end),
            ("comparisonPeriodStart", o.comparison_start),
            ("comparisonPeriodEnd", o.comparison_end),
        ):
            if day is not None:
                out.append((node, _G[prop], _date(day)))
        out.append((node, _DERIVED, art))
        out.append((node, _G["evidence"], _span(out, slug, o.evidence)))

    declared = reason_labels()
    for r in facts.rejected:
        node = _span(out, slug, Span(r.begin, r.end, r.text))
        reason = reason_iri(r.reason)
        out.append((node, A, _G["SetAsideNumber"]))
        out.append((node, _G["setAsideReason"], reason))
        if reason not in declared:  # a reason the scheme lacks still reads as one
            out.append((reason, A, _G["SetAsideReason"]))
            out.append((reason, _IN_SCHEME, REASON_SCHEME))
            out.append((reason, _PREF, Lit(r.reason, None, "en")))

    for e in facts.events:
        node = IRI(e.iri)
        out.append((node, A, _G["Event"]))
        out.append((node, LABEL, Lit(e.label, None, "en")))
        if e.edition is not None:
            out.append((node, _G["edition"], _int(e.edition)))
        for prop, iri in (
            ("inSeries", e.series),
            ("partOf", e.part_of),
            ("location", e.location),
            ("about", e.about),
        ):
            if iri:
                out.append((node, _G[prop], IRI(iri)))
        if e.date:
            out.append((node, _G["date"], _date(e.date)))
        if e.held_before:
            out.append((node, _G["heldBefore"], _date(e.held_before)))
        if e.year:
            out.append((node, _G["year"], Lit(f"{e.year:04d}", XSD + "gYear")))
        for span in e.evidence:
            out.append((node, _G["evidence"], _span(out, slug, span)))

    for i in facts.initiatives:
        node = IRI(i.iri)
        for member in i.members:
            out.append((node, _G["memberRegion"], IRI(member)))
        if i.located_in:
            out.append((node, _G["locatedIn"], IRI(i.located_in)))
        if i.named_after:
            out.append((node, _G["namedAfter"], IRI(i.named_after)))
        for span in i.evidence:
            out.append((node, _G["evidence"], _span(out, slug, span)))
    return out


def triples(facts_list: Iterable[Facts], *, include_ontology: bool = True) -> set[Triple]:
    """The whole knowledge graph as a set of triples (duplicates merged)."""
    out: set[Triple] = set(ontology_triples()) if include_ontology else set()
    for facts in facts_list:
        out.update(facts_triples(facts))
    return out


def iter_rdflib(found: Iterable[Triple]) -> Iterator[tuple]:
    for s, p, o in found:
        yield to_rdflib(s), to_rdflib(p), to_rdflib(o)


def to_graph(facts_list: Iterable[Facts], *, include_ontology: bool = True):
    """The knowledge graph of these articles as an ``rdflib.Graph`` (prefixes bound)."""
    import rdflib

    graph = rdflib.Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    for triple in iter_rdflib(triples(facts_list, include_ontology=include_ontology)):
        graph.add(triple)
    return graph
