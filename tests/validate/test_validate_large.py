"""Validation of large graphs: SHACL on pyoxigraph, HermiT on a sample, same verdicts."""

from __future__ import annotations

import pyoxigraph as ox
from click.testing import CliRunner
from layout import FIXTURES

from g60kg.cli import cli
from g60kg.validate.check import validate
from g60kg.validate.large import (
    count_triples,
    sample_articles,
    sample_graph,
    validate_any,
    validate_large,
)

G60 = "https://w3id.org/g60kg/ontology#"
R = "https://w3id.org/g60kg/resource/"


def test_seed_build_is_valid_and_the_note_says_what_was_checked(seed_graph_file):
    report = validate_large([seed_graph_file], sample=1)
    assert report.valid
    assert report.owl == "consistent"
    assert report.triples == count_triples([seed_graph_file])
    assert report.note.startswith(
        f"large graph: SHACL and disjoint classes on all {report.triples} triples with "
        "pyoxigraph; OWL (HermiT) on the ontology files and 1 sampled articles ("
    )


def test_bad_observation_gets_the_shacl_findings_of_the_full_check():
    files = [FIXTURES / "bad-observation.ttl"]
    large = validate_large(files, reason=False)
    full = validate(files, reason=False)
    assert large.shacl_violations == full.shacl_violations == 4
    assert large.findings == full.findings


def test_node_in_two_disjoint_classes_is_found_in_the_whole_graph():
    report = validate_large([FIXTURES / "inconsistent.ttl"], sample=0)
    assert report.owl == "inconsistent"
    assert [(f.check, f.focus, f.message) for f in report.findings] == [
        (
            "owl",
            "g60r:region/shanghai",
            "OWL: the node is both a g60:Event and a g60:Territory, which are disjoint classes",
        )
    ]


def _articles_store(n: int) -> ox.Store:
    store = ox.Store()
    for i in range(n):
        a = f"<{R}article/a{i:02d}>"
        store.update(
            f"INSERT DATA {{ {a} a <{G60}NewsArticle> . <{R}article/a{i:02d}#char=0,1> "
            f'<{G60}inArticle> {a} ; <{G60}quote> "x" . <{R}observation/a{i:02d}/0-1> '
            f"<http://www.w3.org/ns/prov#wasDerivedFrom> {a} ; <{G60}refArea> <{R}region/r> . "
            f"<{R}region/r> <{G60}evidence> <{R}article/a{i:02d}#char=0,1> ; "
            f'<http://www.w3.org/2000/01/rdf-schema#label> "R"@en . }}'
        )
    return store


def test_sample_is_evenly_spaced_in_iri_order():
    store = _articles_store(10)
    assert sample_articles(store, 3) == [f"{R}article/a00", f"{R}article/a03", f"{R}article/a06"]
    assert len(sample_articles(store, 50)) == 10


def test_sample_graph_holds_the_articles_products_but_not_other_articles_evidence():
    store = _articles_store(4)
    graph = sample_graph(store, [f"{R}article/a01"])
    subjects = sorted({str(s) for s in graph.subjects()})
    assert subjects == [
        f"{R}article/a01",
        f"{R}article/a01#char=0,1",
        f"{R}observation/a01/0-1",
        f"{R}region/r",
    ]
    evidence = [str(o) for o in graph.objects(predicate=None) if "#char=" in str(o)]
    assert set(evidence) == {f"{R}article/a01#char=0,1"}


def test_auto_engine_uses_the_full_check_for_small_graphs(seed_graph_file):
    report = validate_any([seed_graph_file], engine="auto")
    assert report.valid
    assert not report.note.startswith("large graph")


def test_validate_command_with_oxigraph_engine_reports_and_exits_1():
    result = CliRunner().invoke(
        cli, ["validate", "--engine", "oxigraph", str(FIXTURES / "bad-observation.ttl")]
    )
    assert result.exit_code == 1
    assert "SHACL: 4 violation(s)" in result.stdout
    assert result.stderr.startswith("large graph: SHACL and disjoint classes on all ")
