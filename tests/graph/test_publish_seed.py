"""`g60kg build --format ...` on the bundled article: every format is the same graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from g60kg.cli import cli
from g60kg.graph import serialize
from g60kg.stores.storecheck import check_files

FILES = ["g60kg.ttl", "g60kg.nt", "g60kg.jsonld", "g60kg.trig", "void.ttl"]


@pytest.fixture(scope="module")
def published(tmp_path_factory, seed_article) -> Path:
    out = tmp_path_factory.mktemp("published")
    outcome = CliRunner().invoke(cli, ["build", str(seed_article), "-o", str(out)])
    assert outcome.exit_code == 0, outcome.output
    return out


@pytest.mark.parametrize(
    ("name", "rdflib_format", "ox_format"),
    [
        ("g60kg.nt", "nt", ox.RdfFormat.N_TRIPLES),
        ("g60kg.jsonld", "json-ld", ox.RdfFormat.JSON_LD),
        ("g60kg.trig", "trig", ox.RdfFormat.TRIG),
    ],
)
def test_each_format_parses_back_to_the_turtle_graph(published, name, rdflib_format, ox_format):
    turtle = rdflib.Graph().parse(published / "g60kg.ttl", format="turtle")
    if rdflib_format == "trig":
        dataset = rdflib.Dataset()
        dataset.parse(published / name, format="trig")
        parsed = rdflib.Graph()
        for s, p, o, _ in dataset.quads():
            parsed.add((s, p, o))
    else:
        parsed = rdflib.Graph().parse(published / name, format=rdflib_format)
    assert len(parsed) == len(turtle) > 2000
    assert isomorphic(parsed, turtle)
    strict = {q.triple for q in ox.parse(path=str(published / name), format=ox_format)}
    assert strict == set(serialize.read_triples(published / "g60kg.ttl"))


def test_two_builds_give_identical_bytes(published, tmp_path, seed_article):
    outcome = CliRunner().invoke(cli, ["build", str(seed_article), "-o", str(tmp_path)])
    assert outcome.exit_code == 0, outcome.output
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (published / name).read_bytes(), name


def test_the_store_check_finds_nothing_in_the_build(published):
    assert check_files([published / n for n in FILES if not n.endswith(".jsonld")]) == []


def test_trig_graphs_hold_the_article_the_ontology_and_the_gazetteer(published):
    graphs: dict[str, set] = {}
    for quad in ox.parse(path=str(published / "g60kg.trig"), format=ox.RdfFormat.TRIG):
        graphs.setdefault(quad.graph_name.value, set()).add(quad.triple)
    article = "https://w3id.org/g60kg/resource/article/g60-article-2023-11-22"
    assert sorted(graphs) == [serialize.GAZETTEER_GRAPH, serialize.ONTOLOGY_GRAPH, article]
    ontology, reference = serialize._reference_triples(None)
    # Shared graphs hold only what the curated files say: nothing read from the article.
    assert graphs[serialize.ONTOLOGY_GRAPH] <= ontology
    assert graphs[serialize.GAZETTEER_GRAPH] <= reference
    observation = ox.NamedNode(serialize.G60 + "Observation")
    observations = {
        t.subject
        for t in graphs[article]
        if t.predicate.value.endswith("#type") and t.object == observation
    }
    assert len(observations) == 8


def test_an_unknown_format_is_one_line_exit_2(tmp_path, seed_article):
    outcome = CliRunner().invoke(
        cli, ["build", str(seed_article), "-o", str(tmp_path), "--format", "ttl,xml"]
    )
    assert outcome.exit_code == 2
    assert outcome.stderr == "Error: unknown format xml: choose from ttl, nt, jsonld, trig, void\n"
    assert not (tmp_path / "g60kg.ttl").exists()
