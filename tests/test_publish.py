"""Deterministic Turtle: sorted, prefixed, parseable, identical bytes."""

from __future__ import annotations

import pyoxigraph
import rdflib
from rdflib.compare import isomorphic

from g60kg.graph.publish import to_turtle, write_turtle
from g60kg.graph.terms import IRI, BNode, Lit

EX = "https://w3id.org/g60kg/resource/"
G60 = "https://w3id.org/g60kg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
OWL = "http://www.w3.org/2002/07/owl#"

TRIPLES = {
    (IRI(EX + "b"), IRI(G60 + "quote"), Lit('say "hi"\n\tthere\\')),
    (IRI(EX + "b"), IRI(RDF + "type"), IRI(G60 + "TextSpan")),
    (IRI(EX + "a"), IRI(G60 + "value"), Lit("76200.0", XSD + "decimal")),
    (IRI(EX + "a"), IRI(G60 + "value"), Lit("12", XSD + "integer")),
    (IRI(EX + "a"), IRI(G60 + "date"), Lit("2023-11-22", XSD + "date")),
    (IRI(EX + "a"), IRI(G60 + "label"), Lit("苏州市", None, "zh")),
    (IRI(EX + "a"), IRI(G60 + "curated"), Lit("false", XSD + "boolean")),
}


def test_output_is_sorted_and_prefixed():
    text = to_turtle(TRIPLES).decode()
    body = text.split("\n\n", 1)[1]
    assert body == (
        "g60r:a g60:curated false ;\n"
        '    g60:date "2023-11-22"^^xsd:date ;\n'
        '    g60:label "苏州市"@zh ;\n'
        "    g60:value 12 ,\n"
        "        76200.0 .\n"
        "\n"
        "g60r:b a g60:TextSpan ;\n"
        '    g60:quote "say \\"hi\\"\\n\\tthere\\\\" .\n'
    )
    assert text.startswith("@prefix g60: <https://w3id.org/g60kg/ontology#> .\n")


def test_output_round_trips_through_rdflib_and_pyoxigraph():
    data = to_turtle(TRIPLES)
    graph = rdflib.Graph().parse(data=data.decode(), format="turtle")
    assert len(graph) == len(TRIPLES)
    store = pyoxigraph.Store()
    store.load(data, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(TRIPLES)


def test_blank_nodes_of_an_ontology_are_written_inline():
    source = """
    @prefix owl: <http://www.w3.org/2002/07/owl#> .
    @prefix g60: <https://w3id.org/g60kg/ontology#> .
    g60:Place owl:equivalentClass [ a owl:Class ; owl:unionOf ( g60:Region g60:Initiative ) ] .
    g60:Region owl:disjointWith g60:Event .
    """
    graph = rdflib.Graph().parse(data=source, format="turtle")
    text = to_turtle(graph).decode()
    assert "g60:Place owl:equivalentClass [ a owl:Class ; owl:unionOf ( " in text
    assert isomorphic(rdflib.Graph().parse(data=text, format="turtle"), graph)


def test_iris_that_are_not_valid_local_names_are_written_in_full():
    found = {(IRI(EX + "region/wuhu"), IRI(RDF + "type"), IRI(G60 + "Region"))}
    assert (
        "<https://w3id.org/g60kg/resource/region/wuhu> a g60:Region .\n"
        in to_turtle(found).decode()
    )


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path):
    write_turtle(TRIPLES, tmp_path / "out" / "g.ttl")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["g.ttl"]


def test_labelled_blank_node_shared_by_two_subjects_is_stable():
    shared = BNode("x1")
    found = {
        (IRI(EX + "a"), IRI(OWL + "someValuesFrom"), shared),
        (IRI(EX + "b"), IRI(OWL + "someValuesFrom"), shared),
        (shared, IRI(RDF + "type"), IRI(OWL + "Class")),
    }
    renamed = {
        (s if s != shared else BNode("zz"), p, o if o != shared else BNode("zz"))
        for s, p, o in found
    }
    assert to_turtle(found) == to_turtle(renamed)
