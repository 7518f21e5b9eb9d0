"""Facts to RDF with the ontology's terms, no blank nodes in the data.

IRIs follow docs/data-model.md: articles ``g60r:article/{slug}``, text spans
``{article}#char={begin},{end}`` (RFC 5147), observations
``g60r:observation/{slug}/{begin}-{end}`` (the quantity as printed); a number
that is not an observation is a span too, a ``g60:SetAsideNumber`` with its
``g60:setAsideReason`` (a concept of ``ontology/reasons.ttl``). The
published graph also holds every ``ontology/*.ttl`` file except the SHACL
shapes and the extractor's cue words (ontology, measures, gazetteer, units),
so one file answers every stored query; those files are parsed once per process.

Terms are pyoxigraph's, the one term model of the data path: they are made in
Rust, hash and compare fast, and pyoxigraph writes their canonical N-Triples
for a whole list at once (:mod:`g60kg.graph.ntriples`). rdflib terms appear
only at the edges that need them (:mod:`g60kg.graph.rdflib_terms`).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from g60kg.extract.facts import Facts, Span
from g60kg.extract.numbers import reason_labels
from g60kg.graph.literals import decimal_lexical
from g60kg.graph.ntriples import nt_lines
from g60kg.namespaces import G60, G60R, G60REASON, PROV, RDF, RDFS, SCHEMA, SKOS, XSD
from g60kg.paths import ontology_dir
from g60kg.text.normalize import slugify

IRI = ox.NamedNode
Triple = ox.Triple

#: Ontology files left out of the published graph: shapes validate it and cue words
#: teach the extractor English; neither is data about the region.
EXCLUDED_ONTOLOGY_FILES = frozenset({"cues.ttl", "shapes.ttl"})
G60M_SCHEME = IRI("https://w3id.org/g60kg/measure/scheme")
_XSD = {
    name: IRI(XSD + name) for name in ("decimal", "date", "integer", "boolean", "gYear", "anyURI")
}
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
def ontology_lines(folder: Path | None = None) -> tuple[str, ...]:
    """Sorted N-Triples lines of the published ontology files, parsed once per process.

    pyoxigraph parses them (a hundred times faster than rdflib). A file with
    blank nodes (OWL lists, restrictions) would get new labels on every parse,
    so then the lines come from rdflib's canonical labelling instead, and the
    build keeps the same bytes.
    """
    triples: list[ox.Triple] = []
    for path in sorted((folder or ontology_dir()).glob("*.ttl")):
        if path.name not in EXCLUDED_ONTOLOGY_FILES:
            triples += (q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    if any(
        isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples
    ):
        # Imported here: rdflib costs 0.1-0.5 s to import, and no bundled file has blank nodes.
        from g60kg.graph.rdflib_terms import canonical_lines

        return tuple(canonical_lines(triples))
    return tuple(nt_lines(triples))


def ontology_triples(folder: Path | None = None) -> list[ox.Triple]:
    """The triples of :func:`ontology_lines`."""
    data = "".join(ontology_lines(folder)).encode("utf-8")
    return [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


def literal(lex: str, datatype: ox.NamedNode | None = None, lang: str | None = None) -> ox.Literal:
    """A literal: a language-tagged string, a typed value, or a plain string."""
    if lang:
        return ox.Literal(lex, language=lang)
    if datatype is not None:
        return ox.Literal(lex, datatype=datatype)
    return ox.Literal(lex)


def _decimal(value: Decimal) -> ox.Literal:
    """The published decimal form: "1290000000000.0", "6.79", "-5.0"."""
    return literal(decimal_lexical(value), _XSD["decimal"])


def _date(day: datetime.date) -> ox.Literal:
    return literal(day.isoformat(), _XSD["date"])


def _int(n: int) -> ox.Literal:
    return literal(str(n), _XSD["integer"])


def _span(out: list[Triple], slug: str, span: Span) -> IRI:
    node = span_iri(slug, span)
    out.append(Triple(node, A, _G["TextSpan"]))
    out.append(Triple(node, _G["inArticle"], article_iri(slug)))
    out.append(Triple(node, _G["beginIndex"], _int(span.begin)))
    out.append(Triple(node, _G["endIndex"], _int(span.end)))
    out.append(Triple(node, _G["quote"], literal(span.quote)))
    return node


def facts_triples(facts: Facts) -> list[Triple]:
    """The triples stating one article's facts (not the ontology)."""
    out: list[Triple] = []
    a = facts.article
    slug = a.slug
    art = article_iri(slug)
    out.append(Triple(art, A, _G["NewsArticle"]))
    if a.headline:
        out.append(Triple(art, _HEADLINE, literal(a.headline, lang="en")))
    if a.date:
        out.append(Triple(art, _PUBLISHED, _date(a.date)))
    out.append(Triple(art, _BODY, literal(a.text)))
    out.append(Triple(art, _G["textSha256"], literal(hashlib.sha256(a.text.encode()).hexdigest())))
    if a.url:
        out.append(Triple(art, _URL, literal(a.url, _XSD["anyURI"])))
    for prop, org in ((_PUBLISHER, facts.publisher), (_G["distributor"], facts.distributor)):
        if org is None:
            continue
        out.append(Triple(art, prop, IRI(org.iri)))
        if not org.known:
            out.append(Triple(IRI(org.iri), A, _G["Organization"]))
            out.append(Triple(IRI(org.iri), LABEL, literal(org.label, lang="en")))
    if facts.dateline_place:
        out.append(Triple(art, _G["datelinePlace"], IRI(facts.dateline_place)))

    for m in facts.mentions:
        node = _span(out, slug, m.span)
        entity = IRI(m.iri)
        out.append(Triple(node, _G["refersTo"], entity))
        out.append(Triple(entity, _G["evidence"], node))
        out.append(Triple(art, _G["evidence"], node))

    for concept in facts.measures:
        node = IRI(concept.iri)
        out.append(Triple(node, A, _CONCEPT))
        out.append(Triple(node, _IN_SCHEME, G60M_SCHEME))
        out.append(Triple(node, _PREF, literal(concept.label, lang="en")))
        if concept.broader:
            out.append(Triple(node, IRI(SKOS + "broader"), IRI(concept.broader)))
        out.append(
            Triple(
                node,
                _G["curated"],
                literal("true" if concept.curated else "false", _XSD["boolean"]),
            )
        )

    for o in facts.observations:
        node = observation_iri(slug, o.begin, o.end)
        out.append(Triple(node, A, _G["Observation"]))
        out.append(Triple(node, _G["refArea"], IRI(o.subject)))
        out.append(Triple(node, _G["measure"], IRI(o.measure)))
        out.append(Triple(node, _G["value"], _decimal(o.value)))
        out.append(Triple(node, _G["statedValue"], literal(o.stated, lang="en")))
        if o.unit:
            out.append(Triple(node, _G["unit"], IRI(o.unit)))
        out.append(Triple(node, _G["valueKind"], IRI(G60 + o.value_kind)))
        out.append(Triple(node, _G["comparator"], IRI(G60 + o.comparator)))
        for prop, day in (
            ("periodStart", o.period_start),
            ("periodEnd", o.period_end),
            ("comparisonPeriodStart", o.comparison_start),
            ("comparisonPeriodEnd", o.comparison_end),
        ):
            if day is not None:
                out.append(Triple(node, _G[prop], _date(day)))
        out.append(Triple(node, _DERIVED, art))
        out.append(Triple(node, _G["evidence"], _span(out, slug, o.evidence)))

    declared = reason_labels()
    for r in facts.rejected:
        node = _span(out, slug, Span(r.begin, r.end, r.text))
        reason = reason_iri(r.reason)
        out.append(Triple(node, A, _G["SetAsideNumber"]))
        out.append(Triple(node, _G["setAsideReason"], reason))
        if reason.value not in declared:  # a reason the scheme lacks still reads as one
            out.append(Triple(reason, A, _G["SetAsideReason"]))
            out.append(Triple(reason, _IN_SCHEME, REASON_SCHEME))
            out.append(Triple(reason, _PREF, literal(r.reason, lang="en")))

    for e in facts.events:
        node = IRI(e.iri)
        out.append(Triple(node, A, _G["Event"]))
        out.append(Triple(node, LABEL, literal(e.label, lang="en")))
        if e.edition is not None:
            out.append(Triple(node, _G["edition"], _int(e.edition)))
        for prop, iri in (
            ("inSeries", e.series),
            ("partOf", e.part_of),
            ("location", e.location),
            ("about", e.about),
        ):
            if iri:
                out.append(Triple(node, _G[prop], IRI(iri)))
        if e.date:
            out.append(Triple(node, _G["date"], _date(e.date)))
        if e.held_before:
            out.append(Triple(node, _G["heldBefore"], _date(e.held_before)))
        if e.year:
            out.append(Triple(node, _G["year"], literal(f"{e.year:04d}", _XSD["gYear"])))
        for span in e.evidence:
            out.append(Triple(node, _G["evidence"], _span(out, slug, span)))

    for i in facts.initiatives:
        node = IRI(i.iri)
        for member in i.members:
            out.append(Triple(node, _G["memberRegion"], IRI(member)))
        if i.located_in:
            out.append(Triple(node, _G["locatedIn"], IRI(i.located_in)))
        if i.named_after:
            out.append(Triple(node, _G["namedAfter"], IRI(i.named_after)))
        for span in i.evidence:
            out.append(Triple(node, _G["evidence"], _span(out, slug, span)))
    return out
