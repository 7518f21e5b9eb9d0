"""Stored queries on several articles: orders and joins the seed alone cannot show."""

from __future__ import annotations

import pytest

from benchmarks.corpus import generate
from g60kg.graph.build import build
from g60kg.query.engine import resolve, run_query


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    articles = generate(6, folder / "articles", seed=11)
    build(articles, folder / "build")
    return folder / "build" / "g60kg.ttl"


def _positions(graph) -> dict[str, tuple[str, str, int]]:
    """Each observation's (publication date, article, begin offset of its evidence)."""
    query = """SELECT ?o ?a ?d ?b {
      ?o prov:wasDerivedFrom ?a ; g60:evidence ?s . ?s g60:beginIndex ?b .
      ?a schema:datePublished ?d }"""
    return {
        o.value: (d.value, a.value, int(b.value)) for o, a, d, b in run_query(query, [graph]).rows
    }


@pytest.mark.parametrize("name", ["metrics", "observation-evidence"])
@pytest.mark.parametrize("engine", ["pyoxigraph", "rdflib"])
def test_observations_come_oldest_article_first_in_text_order(corpus_graph, name, engine):
    positions = _positions(corpus_graph)
    assert len({date for date, _, _ in positions.values()}) > 1  # published on different days
    result = run_query(resolve(name), [corpus_graph], engine=engine)
    observation = result.variables.index("observation")
    keys = [positions[row[observation].value] for row in result.rows]
    assert len(keys) == len(positions) > 20
    assert keys == sorted(keys)
    assert keys != sorted(keys, key=lambda k: k[1:])  # not the same as by article IRI alone


def test_both_engines_list_the_same_metrics_in_the_same_order(corpus_graph):
    ours, theirs = (
        run_query(resolve("metrics"), [corpus_graph], engine=engine)
        for engine in ("pyoxigraph", "rdflib")
    )
    assert [tuple(map(str, r)) for r in ours.rows] == [tuple(map(str, r)) for r in theirs.rows]
