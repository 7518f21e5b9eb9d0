"""g60kg.validate.check: loading, SHACL and OWL findings, the report, bad input."""

from __future__ import annotations

import json
import shutil

import pytest
import rdflib
from layout import FIXTURES

from g60kg.errors import InputError
from g60kg.graph.rdflib_files import read_graph
from g60kg.paths import ontology_dir
from g60kg.validate import check as v

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")


# --- defaults and rendering -----------------------------------------------------


def test_default_inputs_are_the_build_when_it_exists(tmp_path):
    (tmp_path / "g60kg.ttl").write_text("<http://a> <http://b> <http://c> .\n")
    assert v.default_inputs(tmp_path) == [tmp_path / "g60kg.ttl"]


def test_default_inputs_are_the_ontology_files_without_a_build(tmp_path):
    inputs = v.default_inputs(tmp_path)
    assert [p.name for p in inputs] == sorted(p.name for p in ontology_dir().glob("*.ttl"))
    assert ontology_dir() / "g60kg.ttl" in inputs


def test_compact_uses_project_prefixes_and_keeps_unknown_iris_whole():
    assert v.compact(rdflib.URIRef("https://w3id.org/g60kg/ontology#unit")) == "g60:unit"
    assert v.compact(rdflib.URIRef("http://www.wikidata.org/prop/direct/P131")) == "wdt:P131"
    assert v.compact(rdflib.URIRef("http://example.org/x")) == "<http://example.org/x>"
    assert v.compact(rdflib.Literal("1.5", datatype=rdflib.XSD.decimal)) == '"1.5"^^xsd:decimal'
    assert v.compact(None) == ""


def test_text_report_lists_focus_path_and_message():
    report = v.ValidationReport(
        files=("x.ttl",),
        triples=3,
        findings=(v.Finding("shacl", "g60r:o", "g60:unit", "g60:unit: needed"),),
        owl=v.CONSISTENT,
        shacl_violations=1,
    )
    assert v.render_text(report).splitlines() == [
        "SHACL  g60r:o",
        "       path:    g60:unit",
        "       message: g60:unit: needed",
        "x.ttl: 3 triples",
        "SHACL: 1 violation(s)",
        "OWL (HermiT): consistent",
        "invalid: 1 finding(s)",
    ]
    assert json.loads(json.dumps(report.to_dict()))["findings"][0]["path"] == "g60:unit"


# --- whole validation -------------------------------------------------------------


@pytest.mark.integration
@needs_java
def test_good_fixture_is_valid_and_consistent():
    report = v.validate([FIXTURES / "good.ttl"])
    assert report.valid
    assert (report.owl, report.triples, report.findings) == (v.CONSISTENT, 35, ())


@pytest.mark.integration
@needs_java
def test_bad_observation_gets_shacl_violations_and_an_owl_datatype_clash():
    report = v.validate([FIXTURES / "bad-observation.ttl"])
    assert not report.valid
    shacl = {(f.focus, f.path) for f in report.findings if f.check == "shacl"}
    focus = "g60r:observation/broken/0-10"
    props = ("g60:unit", "g60:value", "g60:periodStart", "g60:evidence")
    assert shacl == {(focus, p) for p in props}
    assert report.owl == v.INCONSISTENT
    owl = [f for f in report.findings if f.check == "owl"]
    assert [(f.focus, f.path, f.value) for f in owl] == [(focus, "g60:value", '"76,200"')]


@pytest.mark.integration
@needs_java
def test_node_in_two_disjoint_classes_is_inconsistent_and_named():
    report = v.validate([FIXTURES / "inconsistent.ttl"])
    assert report.shacl_violations == 0
    assert report.owl == v.INCONSISTENT
    [finding] = report.findings
    assert (finding.check, finding.path) == ("owl", "rdf:type")
    assert finding.focus == "g60r:region/shanghai"
    assert "g60:Event" in finding.message and "g60:Territory" in finding.message


def test_without_java_the_owl_check_is_skipped_with_a_note(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no java here
    report = v.validate([FIXTURES / "inconsistent.ttl"])
    assert report.owl == v.SKIPPED
    assert report.note == "java not found on PATH: OWL consistency check skipped, SHACL only"
    assert report.valid  # SHACL alone cannot see the disjointness


def test_shacl_only_when_reasoning_is_not_requested():
    report = v.validate([FIXTURES / "bad-observation.ttl"], reason=False)
    assert report.owl == v.SKIPPED
    assert report.shacl_violations == 4 and len(report.findings) == 4


def test_hermit_crash_is_one_line_input_error(monkeypatch):
    import owlready2

    def crash(*args, **kwargs):
        raise owlready2.OwlReadyJavaError(
            'Java error message is:\nException in thread "main" java.lang.OutOfMemoryError\n\tat x'
        )

    monkeypatch.setattr(owlready2, "sync_reasoner_hermit", crash)
    with pytest.raises(InputError) as err:
        v.owl_findings(rdflib.Graph(), read_graph([FIXTURES / "good.ttl"], keep_ill_typed=True))
    assert str(err.value) == (
        'HermiT could not reason over the graph: Exception in thread "main" '
        "java.lang.OutOfMemoryError"
    )
