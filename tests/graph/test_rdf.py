"""Facts to RDF: IRIs, literals and the ontology files in the published graph."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib

import pyoxigraph as ox
import rdflib
from rdflib import RDF, XSD, Literal, URIRef

from g60kg.extract.pipeline import extract_article
from g60kg.graph import rdf
from g60kg.graph.rdflib_terms import rdflib_graph
from g60kg.text.article import parse_article, read_article

G60 = rdflib.Namespace("https://w3id.org/g60kg/ontology#")
R = "https://w3id.org/g60kg/resource/"


def _facts(body: str, **kwargs):
    article = parse_article("Headline\n\n" + body, slug="sample", **kwargs)
    return extract_article(article)


def test_observation_iri_uses_the_offsets_of_the_quantity(seed_article):
    facts = extract_article(read_article(seed_article))
    triples = rdf.facts_triples(facts)
    observation = ox.NamedNode(G60 + "Observation")
    observations = sorted(t.subject.value for t in triples if t.object == observation)
    text = facts.article.text
    for iri in observations:
        begin, end = map(int, iri.rsplit("/", 1)[-1].split("-"))
        stated = [
            t.object
            for t in triples
            if t.subject.value == iri and t.predicate.value == G60 + "statedValue"
        ]
        assert stated == [ox.Literal(text[begin:end], language="en")]
    assert len(observations) == 8


def test_no_blank_nodes_in_article_triples(seed_article):
    triples = rdf.facts_triples(extract_article(read_article(seed_article)))
    assert not [t for t in triples if any(isinstance(x, ox.BlankNode) for x in t)]


def test_article_node_carries_body_and_its_hash():
    facts = _facts("Nothing to see.", url="https://example.com/a", date=datetime.date(2024, 1, 2))
    graph = rdflib_graph(rdf.facts_triples(facts))
    art = URIRef(R + "article/sample")
    body = graph.value(art, URIRef("https://schema.org/articleBody"))
    assert str(body) == facts.article.text
    assert str(graph.value(art, G60.textSha256)) == hashlib.sha256(body.encode()).hexdigest()
    assert graph.value(art, URIRef("https://schema.org/url")) == Literal(
        "https://example.com/a", datatype=XSD.anyURI
    )
    assert graph.value(art, URIRef("https://schema.org/datePublished")) == Literal(
        "2024-01-02", datatype=XSD.date
    )


def test_mention_span_links_entity_article_and_quote():
    facts = _facts("Delegates from Bengbu arrived.")
    graph = rdflib_graph(rdf.facts_triples(facts))
    (span,) = graph.subjects(G60.refersTo, URIRef(R + "region/bengbu"))
    assert str(span).endswith("#char=25,31")
    assert str(graph.value(span, G60.quote)) == "Bengbu"
    assert (URIRef(R + "region/bengbu"), G60.evidence, span) in graph
    assert graph.value(span, G60.inArticle) == URIRef(R + "article/sample")


def test_uncurated_measure_is_declared_in_the_scheme():
    facts = _facts("Jinhua's e-commerce sales amounted to 410 billion yuan last year.")
    graph = rdflib_graph(rdf.facts_triples(facts))
    concept = URIRef("https://w3id.org/g60kg/measure/e-commerce-sales")
    assert graph.value(concept, G60.curated) == Literal(False)
    assert (concept, RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#Concept")) in graph


def test_published_graph_holds_the_ontology_files_but_not_the_shapes():
    found = rdf.ontology_triples()
    subjects = {t.subject.value for t in found}
    assert R + "region/suzhou-anhui" in subjects  # gazetteer.ttl
    assert "https://w3id.org/g60kg/measure/scheme" in subjects  # measures.ttl
    assert "http://qudt.org/vocab/unit/KiloM2" in subjects  # units.ttl
    shapes = "http://www.w3.org/ns/shacl#NodeShape"
    assert not [t for t in found if t.object.value == shapes]


def test_decimal_values_are_canonical():
    facts = _facts("In Wuhu, exports fell by 3 percent.")
    graph = rdflib_graph(rdf.facts_triples(facts))
    (value,) = graph.objects(None, G60.value)
    assert str(value) == "-3.0" and value.datatype == XSD.decimal


def test_ontology_lines_are_those_of_the_canonical_labelling():
    """pyoxigraph's fast parse gives the lines the blank-node-safe rdflib path would."""
    from g60kg.graph.rdflib_terms import canonical_lines

    lines = rdf.ontology_lines()
    assert len(lines) > 100
    assert list(lines) == canonical_lines(rdf.ontology_triples())


def test_a_rejected_number_is_a_set_aside_span_with_its_reason():
    facts = _facts("Songjiang District ranked third in 2023.", date=datetime.date(2024, 1, 2))
    graph = rdflib_graph(rdf.facts_triples(facts))
    spans = sorted(graph.subjects(RDF.type, G60.SetAsideNumber))
    assert [str(s) for s in spans] == [
        R + "article/sample#char=36,41",
        R + "article/sample#char=45,49",
    ]
    assert [str(graph.value(s, G60.quote)) for s in spans] == ["third", "2023"]
    assert [graph.value(s, G60.setAsideReason) for s in spans] == [
        URIRef("https://w3id.org/g60kg/reason/rank"),
        URIRef("https://w3id.org/g60kg/reason/year"),
    ]
    # the reasons are concepts of ontology/reasons.ttl, not repeated in the article's data
    assert (None, RDF.type, G60.SetAsideReason) not in graph


def test_a_reason_the_scheme_lacks_is_published_as_a_concept_with_its_label():
    facts = _facts("Songjiang District ranked third.")
    facts.rejected = [
        dataclasses.replace(facts.rejected[0], reason="a brand-new reason", rule="a test")
    ]
    graph = rdflib_graph(rdf.facts_triples(facts))
    reason = URIRef("https://w3id.org/g60kg/reason/a-brand-new-reason")
    assert list(graph.objects(None, G60.setAsideReason)) == [reason]
    assert (reason, RDF.type, G60.SetAsideReason) in graph
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    assert graph.value(reason, skos.prefLabel) == Literal("a brand-new reason", lang="en")
    assert graph.value(reason, skos.inScheme) == URIRef("https://w3id.org/g60kg/reason/scheme")
