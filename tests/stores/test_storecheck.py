"""The store check finds what stores refuse or load differently, with file and line."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from layout import DATA

from g60kg.errors import InputError
from g60kg.stores.storecheck import RULES, check_file, check_files

BAD = DATA / "storecheck" / "bad.ttl"
PUBLISH = DATA / "publish"


def test_every_problem_is_found_with_its_line_and_stores():
    found = [(f.line, f.rule, f.detail) for f in check_file(BAD)]
    assert found == [
        (5, "ill-typed-literal", '"2024"^^xsd:date'),
        (7, "ill-typed-literal", '"2023-02-29"^^xsd:date'),
        (8, "ill-typed-literal", '"1,5"^^xsd:decimal'),
        (9, "ill-typed-literal", '"12.0"^^xsd:integer'),
        (10, "ill-typed-literal", '"yes"^^xsd:boolean'),
        (11, "ill-typed-literal", '"2023-11-22 10:00:00"^^xsd:dateTime'),
        (12, "ill-typed-literal", '"23"^^xsd:gYear'),
        (13, "language-tag", "@abcdefghij"),
        (13, "language-tag", "@en_US"),
        (14, "relative-iri", "<relative/path>"),
        (14, "unencoded-iri", "<http://example.org/a b> contains ' '"),
        (14, "unencoded-iri", "<http://example.org/{x}|y^z> contains '^', '{', '|', '}'"),
        (17, "late-prefix", "@prefix"),
        (18, "blank-node", "["),
        (18, "blank-node", "_:someone"),
    ]


def test_a_finding_names_file_line_and_the_stores_it_breaks():
    first = check_file(BAD)[0]
    assert str(first) == (
        f"{BAD}:5: ill-typed literal (Virtuoso changes its value; oxigraph and Fuseki keep it, "
        'but comparisons skip it): "2024"^^xsd:date [breaks: virtuoso, blazegraph, graphdb]'
    )


@pytest.mark.parametrize(
    "statement",
    [
        "<http://example.org/a> <http://example.org/p> <relative> .",
        "<http://example.org/a b> <http://example.org/p> <http://example.org/o> .",
        "<http://example.org/a> <http://example.org/p> <http://example.org/{x}> .",
        '<http://example.org/a> <http://example.org/p> "x"@en_US .',
    ],
)
def test_what_is_said_to_break_oxigraph_does_break_its_strict_parser(tmp_path, statement):
    path = tmp_path / "one.nt"
    path.write_text(statement + "\n", encoding="utf-8")
    findings = check_file(path)
    assert findings and all("oxigraph" in f.stores for f in findings)
    with pytest.raises(SyntaxError):
        list(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))


def test_well_formed_files_have_no_findings(tmp_path):
    from g60kg.graph import serialize

    triples = serialize.read_triples(PUBLISH / "build.ttl")
    files = [
        PUBLISH / "build.ttl",
        serialize.write_ntriples(triples, tmp_path / "g60kg.nt"),
        serialize.write_trig(triples, tmp_path / "g60kg.trig", PUBLISH / "ontology"),
    ]
    assert check_files(files) == []


def test_every_rule_names_at_least_one_store():
    assert all(stores for _, stores in RULES.values())


def test_unreadable_input_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        check_file(tmp_path / "missing.ttl")
    with pytest.raises(InputError, match=r"cannot check \.jsonld"):
        check_file(tmp_path / "g60kg.jsonld")


def test_validate_stores_reports_findings_and_exits_1(tmp_path):
    from click.testing import CliRunner

    from g60kg.cli import cli

    data = tmp_path / "data.ttl"
    data.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<https://w3id.org/g60kg/resource/x> <https://schema.org/startDate> "2024"^^xsd:date .\n'
        '_:b <http://www.w3.org/2000/01/rdf-schema#comment> "anonymous" .\n',
        encoding="utf-8",
    )
    outcome = CliRunner().invoke(cli, ["validate", str(data), "--stores"])
    assert outcome.exit_code == 1
    lines = outcome.stdout.splitlines()
    assert lines[-3:] == [
        f"{data}:2: ill-typed literal (Virtuoso changes its value; oxigraph and Fuseki keep "
        'it, but comparisons skip it): "2024"^^xsd:date [breaks: virtuoso, blazegraph, graphdb]',
        f"{data}:3: blank node (duplicated on reload, split by chunked loads): _:b "
        "[breaks: oxigraph, fuseki, graphdb, virtuoso, blazegraph]",
        "stores: 2 finding(s)",
    ]
