"""The VoID description counts what the build holds and dates it from the articles."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib
from layout import DATA

from g60kg.graph import serialize, void

BUILD = DATA / "publish" / "build.ttl"
VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"


def _value(graph: rdflib.Graph, predicate: str):
    values = list(graph.objects(rdflib.URIRef(void.DATASET_IRI), rdflib.URIRef(predicate)))
    return sorted(v.toPython() if isinstance(v, rdflib.Literal) else str(v) for v in values)


def test_void_counts_and_dates_come_from_the_data(tmp_path):
    triples = serialize.read_triples(BUILD)
    nt = serialize.write_ntriples(triples, tmp_path / "g60kg.nt")
    out = void.write_void(triples, tmp_path / "void.ttl", [nt])
    graph = rdflib.Graph().parse(out, format="turtle")
    list(ox.parse(path=str(out), format=ox.RdfFormat.TURTLE))  # strict parser accepts it
    assert _value(graph, VOID + "triples") == [65]
    assert _value(graph, VOID + "properties") == [23]
    assert _value(graph, VOID + "classes") == [8]
    assert _value(graph, VOID + "entities") == [16]
    assert _value(graph, DCT + "source") == [
        "https://w3id.org/g60kg/resource/article/alpha",
        "https://w3id.org/g60kg/resource/article/beta",
    ]
    assert [str(d) for d in _value(graph, DCT + "created")] == ["2024-03-05"]
    size = graph.value(
        rdflib.URIRef(void.DATASET_IRI + "/distribution/nt"),
        rdflib.URIRef("http://www.w3.org/ns/dcat#byteSize"),
    )
    assert int(size) == nt.stat().st_size


def test_void_is_identical_on_rebuild(tmp_path):
    triples = serialize.read_triples(BUILD)
    first = void.void_turtle(triples)
    assert first == void.void_turtle(list(reversed(triples)))
