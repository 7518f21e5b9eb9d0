"""The federated queries (queries/federated/*.rq) against a local stub of Wikidata's endpoint.

They run through ``g60kg query --allow-service --service-endpoint URL`` with
both engines. The stub (tests/wikidata_replay.py with
tests/fixtures/wikidata/federated/) answers the SERVICE blocks with recorded
SPARQL JSON results (synthetic values), honouring the outer bindings rdflib
sends as VALUES; no test touches the internet.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from layout import FIXTURES
from wikidata_replay import ReplayServer

from g60kg.cli import cli
from g60kg.paths import queries_dir

GRAPH = [FIXTURES / "gazetteer.ttl", FIXTURES / "alignment.ttl", FIXTURES / "observations.ttl"]
STUB = FIXTURES / "wikidata" / "federated"
WIKIDATA_SPARQL = "<https://query.wikidata.org/sparql>"
FEDERATED = sorted((queries_dir() / "federated").glob("*.rq"))
ENGINES = ["pyoxigraph", "rdflib"]


@pytest.fixture(scope="module")
def stub():
    with ReplayServer(recordings=STUB) as server:
        yield server


def run(name: str, endpoint: str | None, engine: str = "pyoxigraph", allow: bool = True):
    args = ["query", f"federated/{name}", "-f", "json", "--engine", engine]
    for file in GRAPH:
        args += ["--data", str(file)]
    if allow:
        args.append("--allow-service")
    if endpoint:
        args += ["--service-endpoint", endpoint]
    return CliRunner().invoke(cli, args)


def rows(result) -> list[dict[str, str]]:
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


@pytest.mark.parametrize("path", FEDERATED, ids=lambda p: p.name)
def test_federated_query_has_the_standard_header_and_a_wikidata_service(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# title: ") and len(lines[0]) > 20
    assert lines[1].startswith("# description: ") and len(lines[1]) > 60
    assert f"SERVICE {WIKIDATA_SPARQL}" in path.read_text(encoding="utf-8")


def test_there_are_three_federated_queries():
    assert [p.name for p in FEDERATED] == [
        "member-area-beside-valley-area.rq",
        "member-population-coordinates.rq",
        "members-total-area.rq",
    ]


def test_federated_query_is_refused_without_allow_service():
    result = run("member-population-coordinates.rq", None, allow=False)
    assert result.exit_code == 2
    assert "refused unless --allow-service" in result.stderr


@pytest.mark.parametrize("engine", ENGINES)
def test_population_and_coordinates_of_member_regions(stub, engine):
    got = rows(run("member-population-coordinates.rq", stub.sparql_url, engine))
    assert [
        (r["label"], r["item"].rsplit("/", 1)[1], r["population"], r["coordinates"]) for r in got
    ] == [
        ("Hefei", "Q185684", "3000000.0", "Point(117.3 31.8)"),
        ("Songjiang District", "Q662380", "1000000.0", "Point(121.2 31.0)"),
        ("Suzhou", "Q42622", "2000000.0", "Point(120.6 31.3)"),
    ]


def test_the_service_block_reaches_the_endpoint_with_a_polite_scope(stub):
    before = len(stub.requests())
    run("member-population-coordinates.rq", stub.sparql_url)
    (request,) = stub.requests()[before:]
    query = request.params["query"]
    assert "P1082" in query and "P625" in query
    assert "http://www.wikidata.org/entity/Q16963" in query  # only items inside the provinces


@pytest.mark.parametrize("engine", ENGINES)
def test_member_area_beside_the_valleys_area(stub, engine):
    got = rows(run("member-area-beside-valley-area.rq", stub.sparql_url, engine))
    assert [(r["label"], r["wikidataArea"], r["valleyArea"], r["shareOfValley"]) for r in got] == [
        ("Hefei", "11400.0", "76200.0", "14.96"),
        ("Suzhou", "8600.0", "76200.0", "11.29"),
        ("Songjiang District", "600.0", "76200.0", "0.79"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_total_member_area_against_the_valleys_area(stub, engine):
    (row,) = rows(run("members-total-area.rq", stub.sparql_url, engine))
    found = (row["valleyArea"], row["membersArea"], row["membersFound"])
    assert found == ("76200.0", "20600.0", "3")
