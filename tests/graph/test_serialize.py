"""Publishing formats: each parses back, strictly, to the graph the Turtle holds."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib
from layout import DATA
from rdflib.compare import isomorphic

from g60kg.graph import serialize
from g60kg.paths import ontology_dir

FIXTURE = DATA / "publish"
BUILD = FIXTURE / "build.ttl"
ONTOLOGY = FIXTURE / "ontology"
ALPHA = "https://w3id.org/g60kg/resource/article/alpha"
BETA = "https://w3id.org/g60kg/resource/article/beta"


@pytest.fixture(scope="module")
def triples() -> list[ox.Triple]:
    return serialize.read_triples(BUILD)


def _turtle_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(BUILD, format="turtle")


def test_ntriples_are_sorted_unique_and_isomorphic(tmp_path, triples):
    out = serialize.write_ntriples(triples + triples[:3], tmp_path / "g60kg.nt")
    lines = out.read_bytes().splitlines()
    assert lines == sorted(set(lines))
    assert len(lines) == len(set(triples)) == 65
    assert isomorphic(rdflib.Graph().parse(out, format="nt"), _turtle_graph())
    parsed = {q.triple for q in ox.parse(path=str(out), format=ox.RdfFormat.N_TRIPLES)}
    assert parsed == set(triples)


def test_trig_puts_each_article_in_its_own_graph(tmp_path, triples):
    out = serialize.write_trig(triples, tmp_path / "g60kg.trig", ONTOLOGY)
    quads = list(ox.parse(path=str(out), format=ox.RdfFormat.TRIG))
    graphs: dict[str, set] = {}
    for quad in quads:
        graphs.setdefault(quad.graph_name.value, set()).add(quad.triple)
    assert sorted(graphs) == [serialize.GAZETTEER_GRAPH, serialize.ONTOLOGY_GRAPH, ALPHA, BETA]
    assert len(graphs[serialize.ONTOLOGY_GRAPH]) == 10
    # 8 curated triples plus the 4 of the uncurated measure both articles use.
    assert len(graphs[serialize.GAZETTEER_GRAPH]) == 12
    assert (len(graphs[ALPHA]), len(graphs[BETA])) == (30, 13)
    # The graphs partition the build: no triple twice (a union would count it twice).
    assert len(quads) == len(set(triples)) == 65
    robot = ox.NamedNode("https://w3id.org/g60kg/measure/robot-parks")
    event = ox.NamedNode("https://w3id.org/g60kg/resource/event/robot-week-2024")
    assert {t for t in graphs[serialize.GAZETTEER_GRAPH] if t.subject == robot}
    assert not any(t.subject == robot for t in graphs[ALPHA] | graphs[BETA])
    assert any(t.subject == event for t in graphs[BETA])
    assert not any(t.subject == event for t in graphs[ALPHA])
    # The mention evidence link from a gazetteer region is alpha's fact.
    region = ox.NamedNode("https://w3id.org/g60kg/resource/region/songjiang-district")
    evidence = ox.NamedNode("https://w3id.org/g60kg/ontology#evidence")
    assert any(t.subject == region and t.predicate == evidence for t in graphs[ALPHA])
    union = set().union(*graphs.values())
    assert union == set(triples)
    dataset = rdflib.Dataset()
    dataset.parse(out, format="trig")
    merged = rdflib.Graph()
    for s, p, o, _ in dataset.quads():
        merged.add((s, p, o))
    assert isomorphic(merged, _turtle_graph())


def test_jsonld_embeds_the_published_context_and_parses_back(tmp_path, triples):
    out = serialize.write_jsonld(triples, tmp_path / "g60kg.jsonld")
    document = json.loads(out.read_text(encoding="utf-8"))
    published = json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == published["@context"]
    assert published == serialize.context_document()
    assert isomorphic(rdflib.Graph().parse(out, format="json-ld"), _turtle_graph())
    parsed = {q.triple for q in ox.parse(path=str(out), format=ox.RdfFormat.JSON_LD)}
    assert parsed == set(triples)


def test_every_writer_gives_identical_bytes_twice(tmp_path, triples):
    for name, write in (
        ("a.nt", serialize.write_ntriples),
        ("a.jsonld", serialize.write_jsonld),
        ("a.trig", lambda t, p: serialize.write_trig(t, p, ONTOLOGY)),
    ):
        first = write(triples, tmp_path / f"1-{name}").read_bytes()
        second = write(list(reversed(triples)), tmp_path / f"2-{name}").read_bytes()
        assert first == second, name


def test_trig_without_curated_files_keeps_g60_terms_in_the_ontology_graph(tmp_path, triples):
    graphs = serialize.assign_graphs(triples, tmp_path / "missing")
    assert {t.subject.value for t in graphs[serialize.ONTOLOGY_GRAPH]} >= {
        "https://w3id.org/g60kg/ontology#Region",
        "https://w3id.org/g60kg/ontology",
    }
