"""`g60kg query --endpoint` against real stores: the same rows over HTTP as from the files.

The graphs are loaded the way `g60kg load` loads them (the default graph, or
one named graph per article), into a real `oxigraph serve` and, where it is
installed, a real Virtuoso; every stored query then runs through
:func:`g60kg.query.engine.stream_query` both ways and the answers are compared
as multisets of rows (numbers spelt one way: a store answers ``76200`` for
the stored ``76200.0``).
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from benchmarks.corpus import generate
from g60kg.cli import cli
from g60kg.graph.build import build
from g60kg.graph.literals import canonical_number
from g60kg.query import sparqlscan
from g60kg.query.endpoint import Endpoint, endpoint
from g60kg.query.engine import QueryText, run_query
from g60kg.query.stored import list_queries
from g60kg.stores.http import Credentials
from g60kg.stores.load import load

pytestmark = pytest.mark.integration
QUERIES = list_queries()


@pytest.fixture(scope="module")
def corpus_files(tmp_path_factory, seed_article) -> Path:
    """Several articles: joins and orders across articles the seed alone cannot show."""
    folder = tmp_path_factory.mktemp("corpus-for-endpoint")
    articles = generate(5, folder / "articles", seed=13)
    build([*articles, seed_article], folder / "build", formats=("ttl", "trig"))
    return folder / "build"


XSD = "http://www.w3.org/2001/XMLSchema#"
#: Virtuoso has no boolean type: a boolean a query computes comes back as 1 or 0.
VIRTUOSO_BOOLEANS = {
    f'"true"^^<{XSD}boolean>': f'"1"^^<{XSD}integer>',
    f'"false"^^<{XSD}boolean>': f'"0"^^<{XSD}integer>',
}


def _spelt(term, virtuoso: bool = False) -> str:  # type: ignore[no-untyped-def]
    if virtuoso and str(term) in VIRTUOSO_BOOLEANS:
        return VIRTUOSO_BOOLEANS[str(term)]
    if isinstance(term, ox.Literal) and not term.language:
        lexical = canonical_number(term.value, term.datatype.value)
        return str(ox.Literal(lexical, datatype=term.datatype))
    return str(term)


def _comparable(result, virtuoso: bool = False) -> tuple:  # type: ignore[no-untyped-def]
    rows = Counter(
        tuple(None if v is None else _spelt(v, virtuoso) for v in row) for row in result.rows
    )
    return result.kind, result.variables, result.boolean, rows, Counter(map(str, result.triples))


def _both(query, data: Path, remote: Endpoint, service: str, **options):  # type: ignore[no-untyped-def]
    text = QueryText(query.text, query.name, query)
    federated = bool(sparqlscan.service_endpoints(query.text))
    common = {"allow_service": federated, "service_endpoint": service if federated else None}
    local = run_query(text, [data], store="never", **common, **options)
    over_http = run_query(text, endpoint=remote, **common, **options)
    return local, over_http


def _every_query_agrees(data: Path, remote: Endpoint, service: str) -> int:
    with_rows = 0
    for query in QUERIES:
        local, over_http = _both(query, data, remote, service)
        assert _comparable(over_http) == _comparable(local), query.name
        with_rows += bool(local.rows or local.triples or local.boolean)
    return with_rows


@pytest.mark.parametrize("graphs", ["default-graph", "per-article-graphs"])
def test_every_stored_query_answers_over_http_as_from_the_seed_files(
    oxigraph_server, seed_files, graphs, sparql_stub
):
    service, requests = sparql_stub
    per_article = graphs == "per-article-graphs"
    source = seed_files / ("g60kg.trig" if per_article else "g60kg.ttl")
    assert load([source], oxigraph_server.base_url, store="oxigraph", per_article=per_article).ok
    remote = endpoint(oxigraph_server.base_url, store="oxigraph")
    with_rows = _every_query_agrees(seed_files / "g60kg.ttl", remote, service)
    # Two queries check for absences; the stand-in's label joins nothing in the federated three.
    assert with_rows >= len(QUERIES) - 5
    assert requests  # the federated queries reached the stand-in for Wikidata from the store


def test_every_stored_query_answers_over_http_as_from_the_corpus_files(
    oxigraph_server, corpus_files, sparql_stub
):
    service, _ = sparql_stub
    trig = corpus_files / "g60kg.trig"
    assert load([trig], oxigraph_server.base_url, store="oxigraph", per_article=True).ok
    remote = endpoint(oxigraph_server.base_url, store="oxigraph")
    assert _every_query_agrees(corpus_files / "g60kg.ttl", remote, service) >= len(QUERIES) - 5


def test_parameters_and_windows_give_the_local_rows_over_http(oxigraph_server, corpus_files):
    assert load([corpus_files / "g60kg.ttl"], oxigraph_server.base_url, store="oxigraph").ok
    remote = endpoint(oxigraph_server.base_url, store="oxigraph")
    data = corpus_files / "g60kg.ttl"
    by_name = {q.name: q for q in QUERIES}
    cases = [
        ("region-indicators", {"region": "g60r:region/quzhou"}, {}),
        ("metric-changes", {"threshold": "5"}, {}),
        ("metrics", {}, {"limit": 7, "offset": 11}),
        ("observation-evidence", {}, {"offset": 3}),
    ]
    for name, params, window in cases:
        local, over_http = _both(by_name[name], data, remote, "", bindings=params, **window)
        assert over_http.rows, name
        if window:  # ordered queries: the same rows in the same order
            assert [tuple(map(_spelt, r)) for r in over_http.rows] == [
                tuple(map(_spelt, r)) for r in local.rows
            ], name
        assert _comparable(over_http) == _comparable(local), name


def test_a_hostile_parameter_value_reaches_the_store_as_one_literal(oxigraph_server, seed_files):
    assert load([seed_files / "g60kg.ttl"], oxigraph_server.base_url, store="oxigraph").ok
    remote = endpoint(oxigraph_server.base_url, store="oxigraph")
    hostile = 'x" } } ; DROP ALL ; SELECT * { ?s ?p ?o #'
    result = run_query(
        QueryText("SELECT ?label { ?r rdfs:label ?label }", "<-e>"),
        endpoint=remote,
        bindings={"label": hostile},
    )
    assert result.rows == []
    count = run_query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", endpoint=remote)
    assert int(count.rows[0][0].value) > 1000  # nothing was dropped


def test_cli_writes_the_same_csv_from_the_store_as_from_the_files(oxigraph_server, seed_files):
    assert load([seed_files / "g60kg.ttl"], oxigraph_server.base_url, store="oxigraph").ok
    runner = CliRunner()
    local = runner.invoke(
        cli, ["query", "metrics", "--data", str(seed_files / "g60kg.ttl"), "-f", "csv"]
    )
    remote = runner.invoke(
        cli,
        [
            "query",
            "metrics",
            "-f",
            "csv",
            "--endpoint",
            oxigraph_server.base_url,
            "--store",
            "oxigraph",
        ],
    )
    assert remote.exit_code == 0, remote.output
    assert remote.stdout_bytes == local.stdout_bytes
    assert remote.stderr == local.stderr == "8 rows\n"


# --------------------------------------------------------------------------- Virtuoso


@pytest.fixture(scope="module")
def virtuoso_graphs(virtuoso_server, seed_files) -> list[str]:
    """The seed loaded into Virtuoso one graph per article, as `g60kg load` does it."""
    result = load(
        [seed_files / "g60kg.trig"],
        virtuoso_server.base_url,
        store="virtuoso",
        per_article=True,
        credentials=Credentials(virtuoso_server.user, virtuoso_server.password),
    )
    assert result.ok
    return [count.graph for count in result.graphs if count.graph]


def test_every_stored_query_answers_from_virtuoso_as_from_the_files(
    virtuoso_server, virtuoso_graphs, seed_files, sparql_stub
):
    # Virtuoso's default graph is every graph it holds, other tests' too: the
    # protocol's default-graph-uri narrows it to the graphs loaded here.
    service, _ = sparql_stub
    remote = endpoint(virtuoso_server.base_url, store="virtuoso")
    remote = Endpoint(remote.url, tuple(("default-graph-uri", g) for g in virtuoso_graphs))
    checked = 0
    for query in QUERIES:
        if sparqlscan.service_endpoints(query.text):
            continue  # Virtuoso calls SERVICE only for users granted SPARQL_LOAD_SERVICE_DATA
        local, over_http = _both(query, seed_files / "g60kg.ttl", remote, service)
        assert _comparable(over_http, True) == _comparable(local, True), query.name
        checked += 1
    assert checked >= len(QUERIES) - 3


def test_virtuoso_answers_a_user_through_digest_authentication(
    virtuoso_server, virtuoso_graphs, monkeypatch
):
    monkeypatch.setenv("VIRTUOSO_PASSWORD", virtuoso_server.password)
    args = ["query", "-e", "ASK { ?o a g60:Observation }", "--endpoint"]
    args += [f"{virtuoso_server.base_url}/sparql-auth", "--user", "dba"]
    outcome = CliRunner().invoke(cli, [*args, "--password-env", "VIRTUOSO_PASSWORD"])
    assert (outcome.exit_code, outcome.stdout) == (0, "true\n"), outcome.output
    monkeypatch.setenv("VIRTUOSO_PASSWORD", "not-the-password")
    outcome = CliRunner().invoke(cli, [*args, "--password-env", "VIRTUOSO_PASSWORD"])
    assert outcome.exit_code == 2
    assert outcome.stderr == (
        f"Error: authentication failed at {virtuoso_server.base_url}/sparql-auth "
        "(HTTP 401 Unauthorized)\n"
    )
    assert "not-the-password" not in outcome.output + os.environ.get("G60KG_LOG", "")
