"""``g60kg export check``: the statements to export against what Wikidata holds.

Wikidata is the local replay server (tests/wikidata_replay.py) answering with
recorded-style SPARQL JSON results; no test touches the internet.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from layout import FIXTURES
from wikidata_replay import ReplayServer

from g60kg.cli import cli
from g60kg.wikidata.check import held_query
from g60kg.wikidata.reference import load_reference

ARTICLE = FIXTURES / "articles" / "jiaxing-figures-2024-02-20.txt"
RECORDINGS = FIXTURES / "wikidata" / "check"
OBS = "https://w3id.org/g60kg/resource/observation/jiaxing-figures-2024-02-20/"


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> Path:
    from g60kg.graph.build import build

    out = tmp_path_factory.mktemp("check-build")
    build([ARTICLE], out)
    return out / "g60kg.ttl"


def run(graph: Path, sparql_url: str, *extra: str):
    args = ["export", "check", "--data", str(graph), "--sparql-url", sparql_url]
    return CliRunner().invoke(cli, [*args, "--min-interval", "0", *extra])


def test_each_statement_is_same_different_or_missing_as_json(graph):
    with ReplayServer(recordings=RECORDINGS) as server:
        result = run(graph, server.sparql_url, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {
            "item": "Q58178",
            "property": "P2046",
            "time": "2024-02-20",
            "value": "4237U712226",
            "status": "missing",
            "wikidata": [],
            "relative_difference": None,
            "other_times": 1,
            "observation": OBS + "191-214",
        },
        {
            "item": "Q58178",
            "property": "P1082",
            "time": "2023",
            "value": "5580000",
            "status": "different",
            "wikidata": ["5400000"],
            "relative_difference": 0.033333,
            "other_times": 1,
            "observation": OBS + "256-268",
        },
        {
            "item": "Q58178",
            "property": "P2131",
            "time": "2023-01-01/2023-09-30",
            "value": "520100000000U39099",
            "status": "different",
            "wikidata": ["520100000000U4917"],
            "relative_difference": None,
            "other_times": 1,
            "observation": OBS + "338-356",
        },
        {
            "item": "Q58178",
            "property": "P1082",
            "time": "2023-05",
            "value": "5560000",
            "status": "missing",
            "wikidata": [],
            "relative_difference": None,
            "other_times": 2,
            "observation": OBS + "416-428",
        },
        {
            "item": "Q58178",
            "property": "P2131",
            "time": "2023",
            "value": "735200000000U39099",
            "status": "same",
            "wikidata": ["735200000000U39099"],
            "relative_difference": 0.0,
            "other_times": 1,
            "observation": OBS + "90-108",
        },
    ]
    assert result.stderr == (
        "5 statements: 1 same, 2 different, 2 missing; 1 request to Wikidata\n"
    )


def test_one_polite_query_asks_for_every_item_and_property(graph):
    with ReplayServer(recordings=RECORDINGS) as server:
        run(graph, server.sparql_url, "--contact", "mailto:editor@example.org")
        (request,) = server.requests("/sparql")
    assert request.headers["User-Agent"].startswith("g60kg/")
    assert "(+mailto:editor@example.org)" in request.headers["User-Agent"]
    query = request.params["query"]
    for prop in ("P1082", "P2046", "P2131"):
        assert f"(wd:Q58178 p:{prop} psv:{prop})" in query
    for qualifier in ("pqv:P585", "pqv:P580", "pqv:P582"):
        assert qualifier in query


def test_table_and_csv_show_both_values_and_the_relative_difference(graph, tmp_path):
    out = tmp_path / "check.csv"
    with ReplayServer(recordings=RECORDINGS) as server:
        table = run(graph, server.sparql_url)
        written = run(graph, server.sparql_url, "--format", "csv", "-o", str(out))
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].split() == [
        "item",
        "property",
        "time",
        "value",
        "status",
        "wikidata",
        "difference",
        "other",
        "observation",
    ]
    assert lines[3].split() == [
        "Q58178",
        "P1082",
        "2023",
        "5580000",
        "different",
        "5400000",
        "+3.33%",
        "1",
        "g60r:observation/jiaxing-figures-2024-02-20/256-268",
    ]
    assert written.exit_code == 0 and written.stdout == ""
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0] == (
        "item,property,time,value,status,wikidata,relative_difference,other_times,observation"
    )
    assert rows[2] == f"Q58178,P1082,2023,5580000,different,5400000,0.033333,1,{OBS}256-268"
    assert rows[5] == (
        f"Q58178,P2131,2023,735200000000U39099,same,735200000000U39099,0.000000,1,{OBS}90-108"
    )


def test_subject_without_exportable_statements_asks_nothing(graph):
    with ReplayServer(recordings=RECORDINGS) as server:
        result = run(graph, server.sparql_url, "--subject", "Q42664", "--format", "csv")
        assert server.requests() == []
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "item,property,time,value,status,wikidata,relative_difference,other_times,observation"
    ]
    assert result.stderr == (
        "0 statements: 0 same, 0 different, 0 missing; 0 requests to Wikidata\n"
    )


# -- the query itself, on data in Wikidata's RDF format ------------------------------------

WIKIBASE_DATA = """
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix s: <http://www.wikidata.org/entity/statement/> .
@prefix v: <http://www.wikidata.org/value/> .
@prefix p: <http://www.wikidata.org/prop/> .
@prefix psv: <http://www.wikidata.org/prop/statement/value/> .
@prefix pqv: <http://www.wikidata.org/prop/qualifier/value/> .
@prefix wikibase: <http://wikiba.se/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

wd:Q58178 p:P1082 s:a , s:b , s:c .
s:a psv:P1082 v:qa ; wikibase:rank wikibase:NormalRank ; pqv:P585 v:ta .
v:qa wikibase:quantityAmount "+5400000"^^xsd:decimal ; wikibase:quantityUnit wd:Q199 .
v:ta wikibase:timeValue "2023-01-01T00:00:00Z"^^xsd:dateTime ;
    wikibase:timePrecision "9"^^xsd:integer .
s:b psv:P1082 v:qb ; wikibase:rank wikibase:DeprecatedRank ; pqv:P585 v:ta .
v:qb wikibase:quantityAmount "+1"^^xsd:decimal ; wikibase:quantityUnit wd:Q199 .
s:c psv:P1082 v:qc ; wikibase:rank wikibase:PreferredRank ; pqv:P580 v:t1 ; pqv:P582 v:t2 .
v:qc wikibase:quantityAmount "+5500000"^^xsd:decimal ; wikibase:quantityUnit wd:Q199 .
v:t1 wikibase:timeValue "2023-01-01T00:00:00Z"^^xsd:dateTime ;
    wikibase:timePrecision "11"^^xsd:integer .
v:t2 wikibase:timeValue "2023-06-30T00:00:00Z"^^xsd:dateTime ;
    wikibase:timePrecision "11"^^xsd:integer .
wd:Q58178 p:P2046 s:d .
s:d psv:P2046 v:qd ; wikibase:rank wikibase:NormalRank .
v:qd wikibase:quantityAmount "+4223"^^xsd:decimal ; wikibase:quantityUnit wd:Q712226 .
"""


def test_the_query_reads_amounts_units_and_times_and_skips_deprecated_statements():
    store = ox.Store()
    store.load(WIKIBASE_DATA.encode(), format=ox.RdfFormat.TURTLE)
    query = held_query([("Q58178", "P1082"), ("Q58178", "P2046")], load_reference())
    got = {
        (
            row["statement"].value.rsplit("/", 1)[1],
            row["amount"].value,
            row["unit"].value.rsplit("/", 1)[1],
            *(row[v].value if row[v] else None for v in ("time", "precision", "start", "end")),
        )
        for row in store.query(query)
    }
    assert got == {
        ("a", "5400000", "Q199", "2023-01-01T00:00:00Z", "9", None, None),
        ("c", "5500000", "Q199", None, None, "2023-01-01T00:00:00Z", "2023-06-30T00:00:00Z"),
        ("d", "4223", "Q712226", None, None, None, None),
    }


# -- Wikidata unreachable, refusing or answering nonsense: one line, exit 2, nothing written --


def _recordings(tmp_path: Path, recording: dict) -> Path:
    folder = tmp_path / "recordings"
    folder.mkdir()
    (folder / "search.json").write_text("[]", encoding="utf-8")
    (folder / "sparql.json").write_text(
        json.dumps([{"match": ["p:P2131"], **recording}]), encoding="utf-8"
    )
    return folder


def _row(**cells: str) -> dict:
    wd = "http://www.wikidata.org/entity/"
    base = {
        "item": {"type": "uri", "value": wd + "Q58178"},
        "claim": {"type": "uri", "value": "http://www.wikidata.org/prop/P2131"},
        "statement": {"type": "uri", "value": wd + "statement/Q58178-x"},
        "amount": {"type": "literal", "value": "+735200000000"},
        "unit": {"type": "uri", "value": wd + "Q39099"},
    }
    base.update({k: {"type": "literal", "value": v} for k, v in cells.items()})
    return base


@pytest.mark.parametrize(
    ("recording", "message"),
    [
        (
            {"behaviour": {"status": 429, "retry_after": "0", "times": 99}},
            "HTTP 429 Too Many Requests from http://127.0.0.1:",
        ),
        (
            {"behaviour": {"status": 429, "retry_after": "3600", "times": 1}},
            "asks to retry after 3600 s, more than the 120 s we wait; try again later",
        ),
        ({"behaviour": {"raw": "<html>maintenance</html>"}}, "malformed JSON from http://"),
        ({"response": {"head": {}}}, "is not SPARQL JSON results: missing 'results'"),
        (
            {"response": {"results": {"bindings": [_row(amount="lots")]}}},
            "amount 'lots' is not a number",
        ),
        (
            {"response": {"results": {"bindings": [_row(time="last year", precision="9")]}}},
            "'last year' is not a date",
        ),
    ],
    ids=["429-retries", "429-too-long", "not-json", "not-results", "bad-amount", "bad-time"],
)
def test_a_bad_answer_is_one_line_exit_2_and_nothing_written(graph, tmp_path, recording, message):
    out, cache = tmp_path / "check.json", tmp_path / "cache.json"
    with ReplayServer(recordings=_recordings(tmp_path, recording)) as server:
        result = run(graph, server.sparql_url, "-o", str(out), "--cache", str(cache))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert not cache.exists()


def test_unreachable_wikidata_is_one_line_and_exit_2(graph, tmp_path):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    out = tmp_path / "check.json"
    result = run(graph, f"http://127.0.0.1:{port}/sparql", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: cannot reach http://127.0.0.1:{port}/sparql?")
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()
