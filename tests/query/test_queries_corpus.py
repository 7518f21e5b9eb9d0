"""Stored queries on several articles: orders and joins the seed alone cannot show."""

from __future__ import annotations

from collections import Counter

import pytest

from benchmarks.corpus import generate
from g60kg.graph.build import build
from g60kg.query.engine import resolve, run_query
from g60kg.query.stored import list_queries

# Federated queries need --allow-service and an endpoint: test_federated_queries.py.
NAMES = [q.name for q in list_queries() if not q.name.startswith("federated/")]


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory, seed_article):
    folder = tmp_path_factory.mktemp("corpus")
    articles = generate(6, folder / "articles", seed=11)
    build([*articles, seed_article], folder / "build")
    return folder / "build" / "g60kg.ttl"


@pytest.mark.parametrize("name", NAMES)
def test_both_engines_give_the_same_answer_on_several_articles(corpus_graph, name):
    """The seed alone cannot show a join lost between articles (each row times each article)."""
    fast, slow = (
        run_query(resolve(name), [corpus_graph], engine=e) for e in ("pyoxigraph", "rdflib")
    )
    assert (fast.kind, fast.variables, fast.boolean) == (slow.kind, slow.variables, slow.boolean)
    assert Counter(tuple(map(str, r)) for r in fast.rows) == Counter(
        tuple(map(str, r)) for r in slow.rows
    )
    assert sorted(map(str, fast.triples)) == sorted(map(str, slow.triples))


def test_articles_lists_each_article_once_with_its_own_counts(corpus_graph):
    for engine in ("pyoxigraph", "rdflib"):
        rows = run_query(resolve("articles"), [corpus_graph], engine=engine).records()
        assert len(rows) == len({r["article"] for r in rows}) == 7
        seed = next(r for r in rows if r["article"].value.endswith("g60-article-2023-11-22"))
        assert (seed["observations"].value, engine) == ("8", engine)


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
