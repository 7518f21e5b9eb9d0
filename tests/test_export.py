"""Exports toward Wikidata: the Wikidata-shaped view and QuickStatements."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from g60kg.cli import cli
from g60kg.errors import InputError
from g60kg.paths import queries_dir
from g60kg.wikidata.export import quickstatements, wikidata_shape

FIXTURES = Path(__file__).parent / "fixtures"
GAZETTEER = FIXTURES / "gazetteer.ttl"
ALIGNMENT = FIXTURES / "alignment.ttl"
OBSERVATIONS = FIXTURES / "observations.ttl"
PLACEHOLDER_TABLE = FIXTURES / "reference-placeholders.tsv"
PLACEHOLDER_UNIT = FIXTURES / "unit-placeholder.ttl"
WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"


def wd_triple(item: str, prop: str, value: str) -> tuple[URIRef, URIRef, URIRef]:
    return URIRef(WD + item), URIRef(WDT + prop), URIRef(WD + value)


EXPECTED_SHAPE = {
    wd_triple(item, prop, value)
    for item, prop, value in [
        ("Q8686", "P31", "Q1208802"),
        ("Q8686", "P131", "Q148"),
        ("Q8686", "P17", "Q148"),
        ("Q662380", "P31", "Q1065118"),
        ("Q662380", "P131", "Q8686"),
        ("Q662380", "P17", "Q148"),
        ("Q16963", "P31", "Q1615742"),
        ("Q16963", "P131", "Q148"),
        ("Q16963", "P17", "Q148"),
        ("Q42622", "P31", "Q748149"),
        ("Q42622", "P131", "Q16963"),
        ("Q42622", "P17", "Q148"),
        ("Q40956", "P31", "Q1615742"),
        ("Q40956", "P131", "Q148"),
        ("Q40956", "P17", "Q148"),
        ("Q185684", "P31", "Q748149"),
        ("Q185684", "P131", "Q40956"),
        ("Q185684", "P17", "Q148"),
        ("Q204839", "P31", "Q192283"),
    ]
}


# -- Wikidata-shaped view ------------------------------------------------------------


def test_wikidata_shape_restates_linked_entities_as_wikidata_items():
    graph = Graph().parse(data=wikidata_shape([GAZETTEER, ALIGNMENT]), format="turtle")
    assert set(graph) == EXPECTED_SHAPE


def test_wikidata_shape_is_byte_identical_on_rerun():
    assert wikidata_shape([GAZETTEER, ALIGNMENT]) == wikidata_shape([ALIGNMENT, GAZETTEER])


def test_stored_query_gives_the_same_triples_in_pyoxigraph():
    store = ox.Store()
    for file in (GAZETTEER, ALIGNMENT):
        store.load(path=str(file), format=ox.RdfFormat.TURTLE)
    query = (queries_dir() / "wikidata-shape.rq").read_text(encoding="utf-8")
    got = {(t.subject.value, t.predicate.value, t.object.value) for t in store.query(query)}
    assert got == {(str(s), str(p), str(o)) for s, p, o in EXPECTED_SHAPE}


def test_stored_query_has_the_standard_header():
    lines = (queries_dir() / "wikidata-shape.rq").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# title: ")
    assert lines[1].startswith("# description: ")


def test_a_query_written_for_wikidata_runs_on_the_view():
    graph = Graph().parse(data=wikidata_shape([GAZETTEER, ALIGNMENT]), format="turtle")
    rows = graph.query(
        "PREFIX wd: <http://www.wikidata.org/entity/> "
        "PREFIX wdt: <http://www.wikidata.org/prop/direct/> "
        "SELECT ?city WHERE { ?city wdt:P31 wd:Q748149 ; wdt:P131 wd:Q40956 }"
    )
    assert [str(r.city) for r in rows] == [WD + "Q185684"]


def test_export_wikidata_shape_command_writes_the_file(tmp_path):
    out = tmp_path / "shape.ttl"
    args = ["export", "wikidata-shape", "--data", str(GAZETTEER), "--data", str(ALIGNMENT)]
    result = CliRunner().invoke(cli, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_bytes() == wikidata_shape([GAZETTEER, ALIGNMENT])


def test_export_without_a_build_is_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", "wikidata-shape"])
    assert result.exit_code == 2
    assert result.stderr == "Error: build/g60kg.ttl: no such file (run g60kg build first)\n"


# -- QuickStatements -------------------------------------------------------------


def test_shipped_reference_table_allows_no_statement_and_says_why():
    result = quickstatements([GAZETTEER, ALIGNMENT, OBSERVATIONS])
    assert result.lines == []
    reasons = {s.observation.rsplit("/", 1)[-1]: s.reasons for s in result.skipped}
    assert reasons["30-40"] == (
        "no verified Wikidata unit item for unit:KiloM2",
        "no verified property for 'point in time'",
        "no verified property to cite the article (reference URL, title, publication date)",
    )
    assert reasons["50-60"] == (
        "no verified property for 'point in time'",
        "no verified property to cite the article (reference URL, title, publication date)",
    )
    assert reasons["10-20"][0] == (
        "g60r:initiative/g60-science-and-technology-innovation-valley has no owl:sameAs wd:Q…"
    )


def test_statements_are_written_when_every_id_is_verified():
    result = quickstatements(
        [GAZETTEER, ALIGNMENT, OBSERVATIONS, PLACEHOLDER_UNIT], reference=PLACEHOLDER_TABLE
    )
    source = (
        'S9000854\t"https://example.org/news/synthetic"\t'
        "S9001476\ten:\"Synthetic 'test' article\"\t"
        "S9000577\t+2023-11-22T00:00:00Z/11"
    )
    assert result.lines == [
        f"Q42622\tP2046\t8657.32U9000000226\tP9000585\t+2023-11-22T00:00:00Z/11\t{source}",
        f"Q185684\tP1082\t1234000\tP9000585\t+2022-00-00T00:00:00Z/9\t{source}",
    ]


def test_observations_without_a_fitting_property_are_listed_not_forced():
    result = quickstatements(
        [GAZETTEER, ALIGNMENT, OBSERVATIONS, PLACEHOLDER_UNIT], reference=PLACEHOLDER_TABLE
    )
    reasons = {s.observation.rsplit("/", 1)[-1]: s.reasons for s in result.skipped}
    assert reasons == {
        "10-20": (
            "g60r:initiative/g60-science-and-technology-innovation-valley has no owl:sameAs wd:Q…",
        ),
        "70-80": (
            "no Wikidata property is aligned to g60m:contracted-foreign-capital",
            "a g60:Change observation, not a level: no property fits",
            "no verified Wikidata unit item for unit:PERCENT",
        ),
        "90-99": ("stated as g60:MoreThan, not an exact amount",),
    }


def test_subject_keeps_only_that_items_observations():
    result = quickstatements(
        [GAZETTEER, ALIGNMENT, OBSERVATIONS, PLACEHOLDER_UNIT],
        reference=PLACEHOLDER_TABLE,
        subject="Q185684",
    )
    assert [line.split("\t")[0] for line in result.lines] == ["Q185684"]
    assert result.skipped == []


def test_subject_must_be_a_qid():
    with pytest.raises(InputError, match=r"--subject 'Hefei' is not a QID"):
        quickstatements([GAZETTEER], subject="Hefei")


def test_export_quickstatements_command_lists_skipped_on_stderr():
    args = ["export", "quickstatements", "--subject", "Q42622"]
    for file in (GAZETTEER, ALIGNMENT, OBSERVATIONS):
        args += ["--data", str(file)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "not exported\tg60r:observation/synthetic/30-40\tg60m:area\tg60r:region/suzhou-jiangsu\t"
        "no verified Wikidata unit item for unit:KiloM2; "
        "no verified property for 'point in time'; "
        "no verified property to cite the article (reference URL, title, publication date)",
        "0 statements, 1 observations not exported",
    ]


# -- on the seed build ---------------------------------------------------------------


def test_seed_build_shape_uses_only_verified_ids(seed_graph_file):
    from g60kg.wikidata.link import load_reference

    graph = Graph().parse(data=wikidata_shape([seed_graph_file]), format="turtle")
    verified = load_reference().verified_ids
    ids = {str(term).rsplit("/", 1)[1] for triple in graph for term in triple}
    assert ids <= verified
    assert wd_triple("Q662380", "P131", "Q8686") in graph
    assert wd_triple("Q42622", "P131", "Q16963") in graph
    assert wd_triple("Q42622", "P31", "Q748149") in graph
    assert not list(graph.triples((None, None, URIRef(WD + "Q42622"))))


def test_seed_build_exports_no_statement_with_the_shipped_table(seed_graph_file):
    result = quickstatements([seed_graph_file])
    assert result.lines == []
    assert result.skipped, "the seed article states numbers; each must be listed"
    assert all("no verified property to cite the article" in s.reasons[-1] for s in result.skipped)
