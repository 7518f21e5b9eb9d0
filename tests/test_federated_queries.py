"""The federated queries (queries/federated/*.rq) against a local stub of Wikidata's endpoint.

The stub (tests/wikidata_replay.py with tests/fixtures/wikidata/federated/)
answers the SERVICE blocks with recorded SPARQL JSON results; no test touches
the internet.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from wikidata_replay import ReplayServer

from g60kg.paths import queries_dir

FIXTURES = Path(__file__).parent / "fixtures"
GRAPH = [FIXTURES / "gazetteer.ttl", FIXTURES / "alignment.ttl", FIXTURES / "observations.ttl"]
STUB = FIXTURES / "wikidata" / "federated"
WIKIDATA_SPARQL = "<https://query.wikidata.org/sparql>"
FEDERATED = sorted((queries_dir() / "federated").glob("*.rq"))


@pytest.fixture(scope="module")
def stub():
    with ReplayServer(recordings=STUB) as server:
        yield server


def run(name: str, endpoint: str) -> list[dict[str, str]]:
    """Run a stored federated query with pyoxigraph, its SERVICE pointed at ``endpoint``."""
    store = ox.Store()
    for file in GRAPH:
        store.load(path=str(file), format=ox.RdfFormat.TURTLE)
    text = (queries_dir() / "federated" / name).read_text(encoding="utf-8")
    assert WIKIDATA_SPARQL in text
    result = store.query(text.replace(WIKIDATA_SPARQL, f"<{endpoint}>"))
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


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


def test_population_and_coordinates_of_member_regions(stub):
    rows = run("member-population-coordinates.rq", stub.sparql_url)
    assert [
        (r["label"], r["item"].rsplit("/", 1)[1], r["population"], r["coordinates"]) for r in rows
    ] == [
        ("Hefei", "Q185684", "3000000", "Point(117.3 31.8)"),
        ("Songjiang District", "Q662380", "1000000", "Point(121.2 31.0)"),
        ("Suzhou", "Q42622", "2000000", "Point(120.6 31.3)"),
    ]
    (request,) = [r for r in stub.requests() if "P1082" in r.params["query"]]
    assert "P625" in request.params["query"]


def test_member_area_beside_the_valleys_area(stub):
    rows = run("member-area-beside-valley-area.rq", stub.sparql_url)
    assert [(r["label"], r["wikidataArea"], r["valleyArea"], r["shareOfValley"]) for r in rows] == [
        ("Hefei", "11400", "76200", "14.96"),
        ("Suzhou", "8600", "76200", "11.29"),
        ("Songjiang District", "600", "76200", "0.79"),
    ]


def test_total_member_area_against_the_valleys_area(stub):
    (row,) = run("members-total-area.rq", stub.sparql_url)
    assert (row["valleyArea"], row["membersArea"], row["membersFound"]) == ("76200", "20600", "3")
