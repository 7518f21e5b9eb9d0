import csv
import io
import json

import pyoxigraph
import pytest
import rdflib
from rdflib.query import Result as RdflibResult

from g60kg.errors import InputError
from g60kg.graph.rdflib_terms import to_rdflib
from g60kg.query.rdflib_engine import _answer_term
from g60kg.query.results import (
    Result,
    display,
    render,
    resolve_format,
    to_csv,
    to_json,
    to_markdown,
    to_table,
    to_tsv,
    to_xml,
)

DATA = r"""
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:p 5, 2.50, 76200.25, "x,\"y\"\nz"@en, "t\tu", "2023-01-01"^^xsd:date, 1.0e3, true,
    "<&> 'q'", "", "tab|pipe"@en-GB, ex:b, "odd"^^ex:dt, "0.500"^^xsd:decimal .
"""
QUERY = "SELECT ?s ?o ?unbound { ?s ?p ?o } ORDER BY STR(?o)"
FORMATS = {
    "csv": (to_csv, pyoxigraph.QueryResultsFormat.CSV),
    "tsv": (to_tsv, pyoxigraph.QueryResultsFormat.TSV),
    "json": (to_json, pyoxigraph.QueryResultsFormat.JSON),
    "xml": (to_xml, pyoxigraph.QueryResultsFormat.XML),
}


@pytest.fixture(scope="module")
def store():
    s = pyoxigraph.Store()
    s.load(DATA.encode(), pyoxigraph.RdfFormat.TURTLE)
    return s


@pytest.fixture(scope="module")
def result(store) -> Result:
    answer = store.query(QUERY)
    variables = [v.value for v in answer.variables]
    rows = [tuple(sol[v] for v in variables) for sol in answer]
    return Result("select", variables=variables, rows=rows)


@pytest.mark.parametrize("name", FORMATS)
def test_w3c_writers_match_pyoxigraph_byte_for_byte(store, result, name):
    ours, theirs = FORMATS[name]
    assert ours(result) == store.query(QUERY).serialize(format=theirs)


@pytest.mark.parametrize("name", FORMATS)
def test_ask_writers_match_pyoxigraph(store, name):
    ours, theirs = FORMATS[name]
    for ask in ("ASK { ?s ?p 5 }", "ASK { ?s ?p 6 }"):
        answer = store.query(ask)
        assert ours(Result("ask", boolean=bool(answer))) == answer.serialize(format=theirs)


@pytest.mark.parametrize("name", ["json", "xml", "tsv"])
def test_rdflib_result_parsers_read_back_the_rows(result, name):
    parsed = RdflibResult.parse(io.BytesIO(FORMATS[name][0](result)), format=name)
    assert [str(v) for v in parsed.vars] == result.variables
    # back to pyoxigraph terms, numbers spelt as the engines answer, to compare with the rows
    expected = [tuple(_answer_term(to_rdflib(t)) for t in row) for row in result.rows]
    assert [tuple(_answer_term(t) for t in row) for row in parsed] == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("csv", b"o\r\n76200.0\r\n0.0\r\n"),
        ("tsv", b"?o\n76200.0\n0.0\n"),
        ("json", b'"value":"76200.0"'),
        ("xml", b'#decimal">76200.0</literal>'),
        ("table", b"76200.0"),
    ],
)
def test_whole_decimals_print_as_the_graph_states_them(name, expected):
    """Oxigraph answers 76200 for the stored 76200.0; every output says 76200.0."""
    store = pyoxigraph.Store()
    store.load(
        b'<x:a> <x:p> 76200.0 , "-0.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .',
        pyoxigraph.RdfFormat.TURTLE,
    )
    answer = store.query("SELECT ?o { ?s ?p ?o } ORDER BY DESC(?o)")
    rows = [tuple(solution) for solution in answer]
    assert [row[0].value for row in rows] == ["76200", "0"]
    output = render(Result("select", variables=["o"], rows=rows), name)
    assert expected in output
    assert [r["o"].value for r in Result("select", variables=["o"], rows=rows).records()] == [
        "76200.0",
        "0.0",
    ]


def test_csv_reads_back_as_lexical_values(result):
    text = to_csv(result).decode()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["s", "o", "unbound"]
    expected = [
        ["http://example.org/a", "" if t is None else getattr(t, "value", ""), ""]
        for t in (row[1] for row in result.rows)
    ]
    assert rows[1:] == expected
    assert 'x,"y"\nz' in [r[1] for r in rows]
    # rdflib's CSV parser agrees on the values (CSV carries no datatypes)
    parsed = RdflibResult.parse(io.BytesIO(text.encode()), format="csv")
    assert ["" if row[1] is None else str(row[1]) for row in parsed] == [r[1] for r in rows[1:]]


def test_json_is_the_w3c_shape(result):
    payload = json.loads(to_json(result))
    assert payload["head"] == {"vars": ["s", "o", "unbound"]}
    bindings = payload["results"]["bindings"]
    assert {"type": "literal", "value": "5", "datatype": str(rdflib.XSD.integer)} in [
        b["o"] for b in bindings
    ]
    assert {"type": "literal", "value": "tab|pipe", "xml:lang": "en-gb"} in [
        b["o"] for b in bindings
    ]
    assert all("unbound" not in b for b in bindings)


def test_table_aligns_compacts_iris_and_cuts_long_literals():
    long = pyoxigraph.Literal("word " * 20)
    rows = [
        (pyoxigraph.NamedNode("https://w3id.org/g60kg/resource/region/hefei"), long),
        (pyoxigraph.NamedNode("http://other.example/x"), None),
    ]
    table = to_table(Result("select", variables=["region", "text"], rows=rows))
    lines = table.splitlines()
    assert lines[0] == "?region                   ?text"
    assert lines[1] == "------------------------  " + "-" * 60
    assert lines[2] == "g60r:region/hefei         " + ("word " * 12)[:59] + "…"
    assert lines[3] == "<http://other.example/x>"
    wide = to_table(Result("select", variables=["region", "text"], rows=rows), wide=True)
    assert ("word " * 20).strip() in wide


def test_markdown_escapes_pipes():
    rows = [(pyoxigraph.Literal("a|b"), pyoxigraph.NamedNode("http://www.wikidata.org/entity/Q1"))]
    md = to_markdown(Result("select", variables=["x", "y"], rows=rows))
    assert md == "| x | y |\n| --- | --- |\n| a\\|b | wd:Q1 |\n"


def test_table_cells_take_the_longest_namespace():
    prefixes = {"ex": "http://ex/", "exa": "http://ex/a/"}
    assert display(pyoxigraph.NamedNode("http://ex/a/b"), prefixes) == "exa:b"
    assert display(pyoxigraph.NamedNode("http://ex/"), prefixes) == "<http://ex/>"
    assert display(pyoxigraph.NamedNode("http://ex/a/"), prefixes) == "ex:a/"


def test_graph_results_print_sorted_turtle_with_only_used_prefixes():
    t = pyoxigraph.Triple(
        pyoxigraph.NamedNode("http://www.wikidata.org/entity/Q185684"),
        pyoxigraph.NamedNode("http://www.wikidata.org/prop/direct/P131"),
        pyoxigraph.NamedNode("http://www.wikidata.org/entity/Q40956"),
    )
    result = Result("graph", triples=[t, t])
    assert render(result, "ttl") == (
        b"@prefix wd: <http://www.wikidata.org/entity/> .\n"
        b"@prefix wdt: <http://www.wikidata.org/prop/direct/> .\n\n"
        b"wd:Q185684\n    wdt:P131 wd:Q40956 .\n"
    )
    assert render(result, "nt") == (
        b"<http://www.wikidata.org/entity/Q185684> <http://www.wikidata.org/prop/direct/P131> "
        b"<http://www.wikidata.org/entity/Q40956> .\n"
    )


def test_format_follows_output_suffix_and_refuses_mismatches(tmp_path):
    select = Result("select")
    graph = Result("graph")
    assert resolve_format(select, None, None) == "table"
    assert resolve_format(select, None, tmp_path / "x.srj") == "json"
    assert resolve_format(graph, None, None) == "ttl"
    assert resolve_format(graph, None, tmp_path / "x.nt") == "nt"
    with pytest.raises(InputError, match="CONSTRUCT/DESCRIBE/update results print as ttl or nt"):
        resolve_format(graph, "csv")
    with pytest.raises(InputError, match="SELECT/ASK results print as table, csv"):
        resolve_format(select, "nt")


def test_result_and_answer_are_values_as_dataclasses_would_make_them():
    from g60kg.namespaces import PREFIXES
    from g60kg.query.results import Answer

    first, second = Result("select"), Result("select")
    first.variables.append("x")
    first.prefixes["ex"] = "http://e/"
    assert (second.variables, second.notes, second.triples) == ([], [], [])
    assert second.prefixes == PREFIXES and "ex" not in PREFIXES
    assert Result("ask", boolean=True) == Result("ask", [], [], True)
    assert Result("ask", boolean=True) != Result("ask", boolean=False)
    assert Result("graph") != Answer("graph")  # the same fields, not the same kind of value
    assert list(Answer("select")) == []
    assert repr(Result("ask", boolean=True, notes=["n"], prefixes={})) == (
        "Result(kind='ask', variables=[], rows=[], boolean=True, triples=[], message='', "
        "notes=['n'], prefixes={})"
    )
    with pytest.raises(TypeError, match="unhashable"):
        hash(Result("ask"))
