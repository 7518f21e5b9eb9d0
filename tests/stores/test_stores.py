"""Store presets map a base URL to each store's endpoints; a full URL always works."""

from __future__ import annotations

import pytest

from g60kg.errors import InputError
from g60kg.stores.presets import endpoints_for, store_endpoints


@pytest.mark.parametrize(
    ("store", "base", "gsp", "query", "update"),
    [
        (
            "oxigraph",
            "http://h:7878/",
            "http://h:7878/store",
            "http://h:7878/query",
            "http://h:7878/update",
        ),
        (
            "fuseki",
            "http://h:3030/ds",
            "http://h:3030/ds/data",
            "http://h:3030/ds/query",
            "http://h:3030/ds/update",
        ),
        (
            "graphdb",
            "http://h:7200/repositories/r",
            "http://h:7200/repositories/r/rdf-graphs/service",
            "http://h:7200/repositories/r",
            "http://h:7200/repositories/r/statements",
        ),
        (
            "virtuoso",
            "http://h:8890",
            "http://h:8890/sparql-graph-crud",
            "http://h:8890/sparql",
            "http://h:8890/sparql",
        ),
        (
            "blazegraph",
            "http://h:9999/blazegraph/namespace/kb",
            None,
            "http://h:9999/blazegraph/namespace/kb/sparql",
            "http://h:9999/blazegraph/namespace/kb/sparql",
        ),
    ],
)
def test_presets_know_each_layout(store, base, gsp, query, update):
    endpoints = store_endpoints(store, base)
    assert (endpoints.gsp, endpoints.query, endpoints.update) == (gsp, query, update)


def test_virtuoso_uses_the_auth_endpoints_with_a_user():
    endpoints = store_endpoints("virtuoso", "http://h:8890", authenticated=True)
    assert endpoints.gsp == "http://h:8890/sparql-graph-crud-auth"
    assert endpoints.update == "http://h:8890/sparql-auth"
    assert endpoints.graph_param == "graph-uri"


def test_a_full_url_is_used_as_given_and_the_query_url_follows_its_layout():
    assert endpoints_for("http://h:3030/ds/data").query == "http://h:3030/ds/query"
    assert endpoints_for("http://h:7878/store").query == "http://h:7878/query"
    custom = endpoints_for("http://h/gsp", query_endpoint="http://h/sparql")
    assert (custom.gsp, custom.query) == ("http://h/gsp", "http://h/sparql")
    update = endpoints_for("http://h/up", protocol="update")
    assert (update.gsp, update.update) == (None, "http://h/up")


def test_an_unknown_store_is_an_input_error():
    with pytest.raises(InputError, match="unknown store 'neo4j'"):
        store_endpoints("neo4j", "http://h")
