import pyoxigraph
import pytest

from g60kg.errors import InputError
from g60kg.graph.literals import canonical_number, published_lexical
from g60kg.namespaces import XSD
from g60kg.query.engine import (
    QueryText,
    data_files,
    parse_binding,
    parse_value,
    resolve,
    run_query,
)
from g60kg.query.stored import list_queries

G60R = "https://w3id.org/g60kg/resource/"
ENGINES = ["pyoxigraph", "rdflib"]
INJECTION = 'x" } ; DROP ALL ; #'


def iri(value: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(value)


def typed(value: str, datatype: str) -> pyoxigraph.Literal:
    return pyoxigraph.Literal(value, datatype=iri(XSD + datatype))


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("<http://ex/a>", iri("http://ex/a")),
        ("g60r:region/hefei", iri(G60R + "region/hefei")),
        ("wd:Q185684", iri("http://www.wikidata.org/entity/Q185684")),
        ('"Hefei"@en', pyoxigraph.Literal("Hefei", language="en")),
        ('"5"^^xsd:integer', typed("5", "integer")),
        ('"5"^^<http://www.w3.org/2001/XMLSchema#decimal>', typed("5", "decimal")),
        ('"say \\"hi\\""', pyoxigraph.Literal('say "hi"')),
        ("50", typed("50", "integer")),
        ("-2.5", typed("-2.5", "decimal")),
        ("1e3", typed("1e3", "double")),
        ("true", typed("true", "boolean")),
        ("Songjiang District", pyoxigraph.Literal("Songjiang District")),
        ("nope:thing", pyoxigraph.Literal("nope:thing")),
        (INJECTION, pyoxigraph.Literal(INJECTION)),
        ('"x" } ; DROP ALL ; #', pyoxigraph.Literal('"x" } ; DROP ALL ; #')),
    ],
)
def test_bind_values_become_terms(text, term):
    assert parse_value(text) == term


def test_bind_value_uses_the_query_prefixes():
    assert parse_value("ex:a", {"ex": "http://ex/"}) == iri("http://ex/a")


def test_binding_spec_needs_a_name_and_equals():
    assert parse_binding("?region=g60r:x") == ("region", "g60r:x")
    assert parse_binding("q=a=b") == ("q", "a=b")
    message = r"^--param region: expected NAME=VALUE, e.g. --param region=g60r:region/hefei$"
    with pytest.raises(InputError, match=message):
        parse_binding("region")


@pytest.mark.parametrize("engine", ENGINES)
def test_stored_query_with_bound_region(mini_graph, engine):
    result = run_query(
        resolve("region-indicators"),
        [mini_graph],
        bindings={"region": "g60r:region/wuhu"},
        engine=engine,
    )
    assert [(r["measure"].value, r["value"].value) for r in result.records()] == [
        ("https://w3id.org/g60kg/measure/gdp", "7"),
        ("https://w3id.org/g60kg/measure/number-of-robot-parks", "3"),
    ]
    assert {r["region"] for r in result.records()} == {iri(G60R + "region/wuhu")}


@pytest.mark.parametrize("engine", ENGINES)
def test_parameter_default_applies_unless_bound(mini_graph, engine):
    query = resolve("metric-changes")
    default = run_query(query, [mini_graph], engine=engine)
    assert [(r["subjectLabel"].value, r["value"].value) for r in default.records()] == [
        ("Hefei", "75.0")
    ]
    assert default.records()[0]["threshold"] == typed("50", "integer")
    lower = run_query(query, [mini_graph], bindings={"threshold": "5"}, engine=engine)
    assert [r["value"].value for r in lower.records()] == ["75.0", "7"]


def test_binding_an_unknown_variable_is_refused(mini_graph):
    with pytest.raises(InputError, match=r"^--param regoin: the query has no variable \?regoin$"):
        run_query(resolve("region-indicators"), [mini_graph], bindings={"regoin": "x"})


@pytest.mark.parametrize("engine", ENGINES)
def test_injection_attempt_is_one_literal_that_matches_nothing(mini_graph, engine):
    before = mini_graph.read_bytes()
    hit = run_query(resolve("region-indicators"), [mini_graph], bindings={"region": INJECTION})
    assert hit.rows == []
    count = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    after = run_query(count, [mini_graph], engine=engine)
    assert after.rows[0][0] == typed("134", "integer")
    assert mini_graph.read_bytes() == before


@pytest.mark.parametrize("engine", ENGINES)
def test_update_is_refused_without_the_flag(mini_graph, engine):
    with pytest.raises(
        InputError, match=r"SPARQL Update \(DELETE\); it is refused unless --update"
    ):
        run_query("DELETE WHERE { ?s ?p ?o }", [mini_graph], engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_allowed_update_changes_only_an_in_memory_copy(mini_graph, engine):
    before = mini_graph.read_bytes()
    result = run_query(
        "DELETE WHERE { ?o a g60:Observation ; ?p ?v }",
        [mini_graph],
        engine=engine,
        allow_update=True,
    )
    assert result.kind == "update"
    assert "in-memory copy" in result.message and "(134 -> 90 triples)" in result.message
    assert len(result.triples) == 90
    assert mini_graph.read_bytes() == before
    again = run_query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", [mini_graph], engine=engine)
    assert again.rows[0][0] == typed("134", "integer")


def test_load_is_refused_even_with_update(mini_graph):
    with pytest.raises(InputError, match="LOAD is refused"):
        run_query("LOAD <http://example.org/x.ttl>", [mini_graph], allow_update=True)


def test_service_is_refused_without_the_flag(mini_graph):
    text = "SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    with pytest.raises(InputError, match=r"calls SERVICE https://query\.wikidata\.org/sparql; "):
        run_query(text, [mini_graph])


@pytest.mark.parametrize("engine", ENGINES)
def test_service_endpoint_is_redirected_to_a_local_stub(mini_graph, sparql_stub, engine):
    url, requests = sparql_stub
    text = (
        "SELECT ?label { SERVICE <https://query.wikidata.org/sparql> "
        "{ wd:Q185684 rdfs:label ?label } }"
    )
    result = run_query(text, [mini_graph], engine=engine, allow_service=True, service_endpoint=url)
    assert result.rows == [(pyoxigraph.Literal("合肥市", language="zh"),)]
    assert len(requests) == 1


@pytest.mark.parametrize(
    ("engine", "where"),
    [("pyoxigraph", "line 3, column 3"), ("rdflib", "line 3, column 3")],
)
def test_syntax_error_names_line_and_column(mini_graph, engine, where):
    text = "SELECT ?s\nWHERE {\n  ?s ?p\n}"
    with pytest.raises(InputError) as err:
        run_query(QueryText(text, "bad.rq"), [mini_graph], engine=engine)
    message = str(err.value)
    assert message.startswith("bad.rq: SPARQL syntax error at line ")
    assert "\n" not in message


def test_pyoxigraph_binds_only_variables_the_query_returns(mini_graph):
    select = "SELECT ?s ?v { ?s g60:value ?v FILTER(?v > ?t) }"
    with pytest.raises(InputError, match=r"pyoxigraph binds only variables the query returns"):
        run_query(select, [mini_graph], bindings={"t": "70"})
    rdflib_answer = run_query(select, [mini_graph], bindings={"t": "70"}, engine="rdflib")
    assert len(rdflib_answer.rows) == 2


def test_a_bound_variable_of_an_ask_reaches_both_engines(mini_graph):
    """The VALUES block at the top of the WHERE group brings ?t into scope for pyoxigraph."""
    ask = "ASK { ?s g60:value ?v FILTER(?v > ?t) }"
    for engine in ("pyoxigraph", "rdflib"):
        assert run_query(ask, [mini_graph], bindings={"t": "70"}, engine=engine).boolean is True
        assert run_query(ask, [mini_graph], bindings={"t": "1e12"}, engine=engine).boolean is False


def test_a_bind_of_a_bound_variable_falls_back_to_the_substitution(mini_graph):
    query = "SELECT ?x ?y { BIND(2 AS ?y) BIND(?y + 1 AS ?x) }"
    result = run_query(query, [mini_graph], bindings={"x": "3"})
    assert [[str(term) for term in row] for row in result.rows] == [
        ['"3"^^<http://www.w3.org/2001/XMLSchema#integer>',
         '"2"^^<http://www.w3.org/2001/XMLSchema#integer>'],
    ]  # fmt: skip


def test_a_syntax_error_points_into_the_users_text_not_the_added_values(mini_graph):
    with pytest.raises(InputError) as err:
        run_query(
            "SELECT ?s ?t WHERE { ?s g60:value ?v FILTER(?v > ?t) ",
            [mini_graph],
            bindings={"t": "70"},
        )
    assert str(err.value).startswith("<query>: SPARQL syntax error at line 1, column 54: ")


def test_missing_default_build_says_how_to_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as err:
        data_files(None)
    assert str(err.value) == (
        "no graph at build/g60kg.ttl: run `g60kg build` first (or pass --data FILE)"
    )
    with pytest.raises(InputError, match=r"^nope\.ttl: no such data file$"):
        data_files(["nope.ttl"])


def test_default_data_is_the_build_in_the_working_directory(tmp_path, monkeypatch, mini_graph):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "g60kg.ttl").write_bytes(mini_graph.read_bytes())
    result = run_query(resolve("member-regions"), store="always")
    assert len(result.rows) == 3
    assert (tmp_path / "build" / ".g60kg-store").is_dir()


def test_auto_store_parses_small_data_into_memory(tmp_path, monkeypatch, mini_graph):
    monkeypatch.setattr("g60kg.query.engine.STORE_MIN_BYTES", mini_graph.stat().st_size + 1)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "g60kg.ttl").write_bytes(mini_graph.read_bytes())
    assert len(run_query(resolve("member-regions")).rows) == 3
    assert not (tmp_path / "build" / ".g60kg-store").exists()
    monkeypatch.setattr("g60kg.query.engine.STORE_MIN_BYTES", mini_graph.stat().st_size)
    assert len(run_query(resolve("member-regions")).rows) == 3
    assert (tmp_path / "build" / ".g60kg-store").is_dir()


def test_unknown_store_mode_is_refused(mini_graph):
    with pytest.raises(InputError, match="unknown store mode 'sometimes'"):
        run_query("ASK {}", [mini_graph], store="sometimes")


def test_numbers_are_held_as_pyoxigraph_answers_them():
    assert canonical_number("76200.0", XSD + "decimal") == "76200"
    assert canonical_number("0.50", XSD + "decimal") == "0.5"
    assert canonical_number("-0.0", XSD + "decimal") == "0"
    assert canonical_number("007", XSD + "integer") == "7"
    assert canonical_number("1.0e3", XSD + "double") == "1000"
    assert canonical_number("abc", XSD + "integer") == "abc"
    assert canonical_number("Infinity", XSD + "decimal") == "Infinity"


def test_numbers_print_as_the_graph_states_them():
    decimal = pyoxigraph.NamedNode(XSD + "decimal")
    assert published_lexical(pyoxigraph.Literal("76200", datatype=decimal)) == "76200.0"
    assert published_lexical(pyoxigraph.Literal("-5", datatype=decimal)) == "-5.0"
    assert published_lexical(pyoxigraph.Literal("6.79", datatype=decimal)) == "6.79"
    assert (
        published_lexical(pyoxigraph.Literal("7", datatype=pyoxigraph.NamedNode(XSD + "integer")))
        == "7"
    )
    assert published_lexical(pyoxigraph.Literal("2023")) == "2023"


@pytest.mark.parametrize(
    "stored",
    # Federated queries need --allow-service and an endpoint: tests/test_federated_queries.py.
    [q for q in list_queries() if not q.name.startswith("federated/")],
    ids=lambda q: q.name,
)
def test_both_engines_give_the_same_answer_on_the_mini_graph(mini_graph, stored):
    query = resolve(stored.name)
    fast = run_query(query, [mini_graph])
    slow = run_query(query, [mini_graph], engine="rdflib")
    assert (fast.kind, fast.variables, fast.boolean) == (slow.kind, slow.variables, slow.boolean)
    assert fast.rows == slow.rows
    assert sorted(map(str, fast.triples)) == sorted(map(str, slow.triples))


def test_result_prefixes_come_from_project_data_and_query(tmp_path):
    data = tmp_path / "d.ttl"
    data.write_text(
        "@prefix ex: <http://example.org/things/> .\n"
        "PREFIX other: <http://other.example/>\n"
        "ex:a ex:p other:b .\n"
    )
    result = run_query("PREFIX q: <http://example.org/things/p> SELECT ?s { ?s ?p ?o }", [data])
    assert result.prefixes["ex"] == "http://example.org/things/"
    assert result.prefixes["other"] == "http://other.example/"
    assert result.prefixes["q"] == "http://example.org/things/p"
    assert result.prefixes["g60"] == "https://w3id.org/g60kg/ontology#"


@pytest.mark.parametrize("engine", ENGINES)
def test_named_graphs_of_trig_data_are_queried_as_one_default_graph(tmp_path, engine):
    data = tmp_path / "d.trig"
    data.write_text(
        "<http://ex/g1> { <http://ex/a> <http://ex/p> 1 . }\n"
        "<http://ex/g2> { <http://ex/b> <http://ex/p> 2 . }\n"
        "<http://ex/c> <http://ex/p> 3 .\n"
    )
    result = run_query("SELECT ?s { ?s <http://ex/p> ?o } ORDER BY ?o", [data], engine=engine)
    assert [r[0].value for r in result.rows] == ["http://ex/a", "http://ex/b", "http://ex/c"]


@pytest.mark.parametrize("engine", ENGINES)
def test_bad_turtle_is_one_line_naming_the_file_and_line(tmp_path, engine):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://ex/> .\nex:a ex:b .\n")
    with pytest.raises(InputError) as err:
        run_query("ASK {}", [bad], engine=engine)
    message = str(err.value)
    assert message.startswith(f"{bad}")
    assert "line 2" in message or f"{bad}:2:" in message
    assert "\n" not in message
