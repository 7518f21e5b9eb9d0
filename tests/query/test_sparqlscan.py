import pytest

from g60kg.query.sparqlscan import (
    bind_at_top,
    bind_in_services,
    declared_prefixes,
    has_keyword,
    is_update,
    query_form,
    rewrite_service_endpoint,
    service_endpoints,
    variables,
)

WD = "https://query.wikidata.org/sparql"


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * { ?s ?p ?o }", "SELECT"),
        ("PREFIX ex: <http://ex/>\nBASE <http://b/>\nask { ?s ?p ?o }", "ASK"),
        ("# INSERT in a comment\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://ex/a>", "DESCRIBE"),
        ("PREFIX ex: <http://ex/> INSERT DATA { ex:a ex:b ex:c }", "INSERT"),
        ("DROP ALL", "DROP"),
        ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
        ("LOAD <http://ex/data.ttl>", "LOAD"),
        ("nonsense", None),
        ("", None),
    ],
)
def test_query_form_skips_prologue_and_comments(text, form):
    assert query_form(text) == form


def test_update_detected_only_from_the_form_keyword():
    assert is_update("clear default")
    assert not is_update('SELECT ?x { ?x ?p "DELETE ALL" }')
    assert not is_update("SELECT ?delete { ?delete ?p ?o }")


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * { ?s ?p "SERVICE <http://evil/> { }" }',
        "SELECT * { ?s ?p <http://ex/SERVICE> }",
        "SELECT ?service { ?service ?p ?o }",
        "PREFIX ex: <http://ex/> SELECT * { ?s ex:service ?o }",
        "SELECT * { ?s ?p ?o } # SERVICE <http://evil/> { }",
        'SELECT * { ?s ?p """multi\nSERVICE <http://x/> {}""" }',
        "SELECT * { ?s ?p 'SERVICE' }",
        'SELECT * { ?s ?p "x"@service }',
    ],
)
def test_service_in_strings_iris_names_and_comments_is_no_service(text):
    assert not has_keyword(text, "SERVICE")
    assert service_endpoints(text) == []


def test_service_endpoints_found_in_any_case_and_with_silent():
    text = f"SELECT * {{ service <{WD}> {{ ?a ?b ?c }} SERVICE SILENT <http://x/sparql> {{ }} }}"
    assert service_endpoints(text) == [WD, "http://x/sparql"]
    assert service_endpoints("SELECT * { SERVICE ?endpoint { ?a ?b ?c } }") == ["?endpoint"]


def test_rewrite_replaces_only_the_endpoint_after_service():
    text = (
        f"SELECT * {{ SERVICE <{WD}> {{ ?a ?b ?c }}\n"
        f"  FILTER(?a != <{WD}>) }} # <{WD}>\n"
        f"SELECT * {{ SERVICE SILENT <{WD}> {{ }} }}"
    )
    out = rewrite_service_endpoint(text, WD, "http://127.0.0.1:8000/sparql")
    assert out == (
        "SELECT * { SERVICE <http://127.0.0.1:8000/sparql> { ?a ?b ?c }\n"
        f"  FILTER(?a != <{WD}>) }} # <{WD}>\n"
        "SELECT * { SERVICE SILENT <http://127.0.0.1:8000/sparql> { } }"
    )


def test_rewrite_refuses_an_endpoint_that_would_break_out_of_the_iri():
    with pytest.raises(ValueError, match="not a valid endpoint IRI"):
        rewrite_service_endpoint(f"SELECT * {{ SERVICE <{WD}> {{}} }}", WD, "http://x/> } DROP ALL")


def test_variables_and_prefixes_are_read_from_tokens():
    text = 'PREFIX ex: <http://ex/>\nPREFIX : <http://default/>\nSELECT ?a $b { ?a ex:p "?c" }'
    assert variables(text) == {"a", "b"}
    assert declared_prefixes(text) == {"ex": "http://ex/", "": "http://default/"}


def test_bound_values_are_added_inside_the_service_groups_that_use_them():
    text = (
        "SELECT ?item ?label {\n"
        "  ?region owl:sameAs ?item .\n"
        f"  SERVICE SILENT <{WD}> {{ ?item rdfs:label ?label FILTER(?x) }}\n"
        "  SERVICE <http://other/sparql> { ?y ?p '{?item}' }\n"
        "}"
    )
    values = {"item": "<http://www.wikidata.org/entity/Q1>", "unused": '"u"'}
    assert bind_in_services(text, values) == (
        "SELECT ?item ?label {\n"
        "  ?region owl:sameAs ?item .\n"
        f"  SERVICE SILENT <{WD}> {{ VALUES (?item) {{ (<http://www.wikidata.org/entity/Q1>) }}"
        " ?item rdfs:label ?label FILTER(?x) }\n"
        "  SERVICE <http://other/sparql> { ?y ?p '{?item}' }\n"
        "}"
    )
    assert bind_in_services(text, {}) == text


def test_bind_at_top_opens_the_where_group_with_the_values():
    query = 'SELECT ?s WHERE { ?s ?p "WHERE { ?r }" . { SELECT ?r { ?r ?q ?o } } }'
    assert bind_at_top(query, {"r": "<http://ex/r>"}) == (
        'SELECT ?s WHERE { VALUES (?r) { (<http://ex/r>) } ?s ?p "WHERE { ?r }" . '
        "{ SELECT ?r { ?r ?q ?o } } }"
    )


def test_bind_at_top_skips_a_construct_template_and_takes_groups_without_where():
    values = {"s": "<http://ex/s>", "t": '"7"'}
    assert bind_at_top("CONSTRUCT { ?s ?p ?t } WHERE { ?s ?p ?t }", values) == (
        'CONSTRUCT { ?s ?p ?t } WHERE { VALUES (?s ?t) { (<http://ex/s> "7") } ?s ?p ?t }'
    )
    assert bind_at_top("PREFIX ex: <http://ex/> ASK { ?s ex:p 1 }", values) == (
        "PREFIX ex: <http://ex/> ASK { VALUES (?s) { (<http://ex/s>) } ?s ex:p 1 }"
    )


def test_bind_at_top_leaves_a_query_without_the_variables_alone():
    assert bind_at_top("SELECT * { ?a ?b ?c }", {"t": '"7"'}) == "SELECT * { ?a ?b ?c }"
    assert bind_at_top("DESCRIBE ?t", {"t": "<http://ex/t>"}) == "DESCRIBE ?t"
