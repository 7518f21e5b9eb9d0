"""Exports toward Wikidata: the Wikidata-shaped view and QuickStatements."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from layout import FIXTURES
from quickstatements_syntax import SyntaxProblem, parse, parse_line
from rdflib import Graph, URIRef

from g60kg.cli import cli
from g60kg.errors import InputError
from g60kg.paths import ontology_dir, queries_dir
from g60kg.wikidata.export import quickstatements, wikidata_shape
from g60kg.wikidata.link import curie
from g60kg.wikidata.reference import reference_table_path

GAZETTEER = FIXTURES / "gazetteer.ttl"
ALIGNMENT = FIXTURES / "alignment.ttl"
OBSERVATIONS = FIXTURES / "observations.ttl"
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

ONTOLOGY_KNOWLEDGE = [ontology_dir() / "measures.ttl", ontology_dir() / "units.ttl"]
FIXTURE_GRAPH = [GAZETTEER, OBSERVATIONS, *ONTOLOGY_KNOWLEDGE]
RETRIEVED = datetime.date(2024, 3, 1)
#: The datatype of every property g60kg writes, for the syntax check.
DATATYPES = {
    "P2131": "quantity",
    "P2046": "quantity",
    "P1082": "quantity",
    "P585": "time",
    "P580": "time",
    "P582": "time",
    "P577": "time",
    "P813": "time",
    "P854": "string",
    "P1476": "monolingual",
    "P248": "item",
}
SYNTHETIC_SOURCE = (
    'S854\t"https://example.org/news/synthetic"\t'
    "S1476\ten:\"Synthetic 'test' article\"\t"
    "S577\t+2023-11-22T00:00:00Z/11\t"
    "S813\t+2024-03-01T00:00:00Z/11"
)


def table_without(tmp_path: Path, *entities: str) -> Path:
    """A copy of the shipped reference table without the rows naming ``entities``."""
    rows = reference_table_path().read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [row for row in rows if row.split("\t", 1)[0] not in entities]
    assert len(kept) == len(rows) - len(entities)
    path = tmp_path / "table.tsv"
    path.write_text("".join(kept), encoding="utf-8")
    return path


def test_levels_of_linked_regions_become_statements_with_unit_time_and_one_reference():
    result = quickstatements(FIXTURE_GRAPH, retrieved=RETRIEVED)
    assert result.lines == [
        f"Q42622\tP2046\t8657.32U712226\tP585\t+2023-11-22T00:00:00Z/11\t{SYNTHETIC_SOURCE}",
        f"Q185684\tP1082\t1234000\tP585\t+2022-00-00T00:00:00Z/9\t{SYNTHETIC_SOURCE}",
    ]
    commands = parse(result.text(), DATATYPES)
    assert [len(c.references) for c in commands] == [1, 1]
    assert [key for key, _ in commands[0].references[0]] == ["S854", "S1476", "S577", "S813"]


def test_observations_that_are_not_exact_levels_of_aligned_measures_are_listed_with_reasons():
    result = quickstatements(FIXTURE_GRAPH, retrieved=RETRIEVED)
    reasons = {s.observation.rsplit("/", 1)[-1]: s.reasons for s in result.skipped}
    assert reasons == {
        "10-20": (
            "g60r:initiative/g60-science-and-technology-innovation-valley has no owl:sameAs wd:Q…",
        ),
        "70-80": (
            "no Wikidata property is aligned to g60m:contracted-foreign-capital",
            "a g60:Change observation, not a level: no property fits",
        ),
        "90-99": ("stated as g60:MoreThan, not an exact amount",),
    }


def test_ids_the_table_does_not_verify_are_reasons_not_guesses(tmp_path):
    table = table_without(
        tmp_path, "property: point in time", "unit: square kilometre", "property: reference URL"
    )
    result = quickstatements(FIXTURE_GRAPH, reference=table, retrieved=RETRIEVED)
    assert result.lines == []
    reasons = {s.observation.rsplit("/", 1)[-1]: s.reasons for s in result.skipped}
    assert reasons["30-40"] == (
        "no verified Wikidata unit item for unit:KiloM2",
        "no verified property for 'point in time'",
        "no verified property for 'reference URL'",
    )
    assert reasons["50-60"] == (
        "no verified property for 'point in time'",
        "no verified property for 'reference URL'",
    )


def test_subject_keeps_only_that_items_observations():
    result = quickstatements(FIXTURE_GRAPH, subject="Q185684", retrieved=RETRIEVED)
    assert [line.split("\t")[0] for line in result.lines] == ["Q185684"]
    assert result.skipped == []


def test_subject_must_be_a_qid():
    with pytest.raises(InputError, match=r"--subject 'Hefei' is not a QID"):
        quickstatements([GAZETTEER], subject="Hefei")


def test_retrieved_defaults_to_the_day_the_newest_graph_file_was_written(tmp_path):
    copies = []
    for number, source in enumerate(FIXTURE_GRAPH):
        copy = tmp_path / f"{number}-{source.name}"
        copy.write_bytes(source.read_bytes())
        os.utime(copy, (0, 0))
        copies.append(copy)
    built = datetime.datetime(2025, 6, 30, 23, 30, tzinfo=datetime.UTC).timestamp()
    os.utime(copies[1], (built, built))
    result = quickstatements(copies, subject="Q185684")
    assert result.lines[0].endswith("\tS813\t+2025-06-30T00:00:00Z/11")


def test_export_quickstatements_command_writes_lines_and_lists_skipped_on_stderr(tmp_path):
    out = tmp_path / "hefei.qs"
    args = ["export", "quickstatements", "--subject", "Q185684", "--retrieved", "2024-03-01"]
    for file in (GAZETTEER, OBSERVATIONS, *ONTOLOGY_KNOWLEDGE):
        args += ["--data", str(file)]
    result = CliRunner().invoke(cli, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == (
        f"Q185684\tP1082\t1234000\tP585\t+2022-00-00T00:00:00Z/9\t{SYNTHETIC_SOURCE}\n"
    )
    assert result.stderr == "1 statements, 0 observations not exported\n"
    result = CliRunner().invoke(cli, [*args[:2], *args[6:], "--retrieved", "2024-03-01"])
    assert result.stderr.splitlines()[0] == (
        "not exported\tg60r:observation/synthetic/10-20\tg60m:area\t"
        "g60r:initiative/g60-science-and-technology-innovation-valley\t"
        "g60r:initiative/g60-science-and-technology-innovation-valley has no owl:sameAs wd:Q…"
    )


def test_export_quickstatements_rejects_a_bad_retrieved_date():
    result = CliRunner().invoke(cli, ["export", "quickstatements", "--retrieved", "2024-13-01"])
    assert result.exit_code == 2
    assert "'2024-13-01' does not match the format '%Y-%m-%d'" in result.stderr


# -- the written test article, end to end ---------------------------------------------
#
# tests/fixtures/articles/jiaxing-figures-2024-02-20.txt is written for these
# tests; its figures are invented. It states exportable levels (a GDP for a
# year and for three quarters, an area at the publication date, a population
# for a year and for a month) and one of each kind that must not be exported.

WRITTEN_ARTICLE = FIXTURES / "articles" / "jiaxing-figures-2024-02-20.txt"
GOLDEN = FIXTURES / "wikidata" / "jiaxing-figures.qs"


@pytest.fixture(scope="module")
def written_build(tmp_path_factory) -> Path:
    from g60kg.graph.build import build

    out = tmp_path_factory.mktemp("written-build")
    build([WRITTEN_ARTICLE], out)
    return out / "g60kg.ttl"


def test_written_article_exports_the_golden_statements(written_build):
    text = quickstatements([written_build], retrieved=RETRIEVED).text()
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_golden_statements_follow_the_quickstatements_syntax():
    commands = parse(GOLDEN.read_text(encoding="utf-8"), DATATYPES)
    assert [(c.item, c.property, c.value, c.qualifiers) for c in commands] == [
        ("Q58178", "P2046", "4237U712226", [("P585", "+2024-02-20T00:00:00Z/11")]),
        ("Q58178", "P1082", "5580000", [("P585", "+2023-00-00T00:00:00Z/9")]),
        (
            "Q58178",
            "P2131",
            "520100000000U39099",
            [("P580", "+2023-01-01T00:00:00Z/11"), ("P582", "+2023-09-30T00:00:00Z/11")],
        ),
        ("Q58178", "P1082", "5560000", [("P585", "+2023-05-00T00:00:00Z/10")]),
        ("Q58178", "P2131", "735200000000U39099", [("P585", "+2023-00-00T00:00:00Z/9")]),
    ]
    assert {tuple(c.references[0]) for c in commands} == {
        (
            ("S854", '"https://news.example.org/2024/02/jiaxing-huzhou-figures.html"'),
            ("S1476", "en:\"Jiaxing and Huzhou publish their '2023 figures'\""),
            ("S577", "+2024-02-20T00:00:00Z/11"),
            ("S248", "Q204839"),
            ("S813", "+2024-03-01T00:00:00Z/11"),
        )
    }


def test_written_article_lists_each_bad_figure_with_its_reason(written_build):
    skipped = quickstatements([written_build], retrieved=RETRIEVED).skipped
    assert [(curie(s.ref_area), s.reasons) for s in skipped] == [
        ("g60r:region/huzhou", ("stated as g60:About, not an exact amount",)),
        (
            "g60r:region/huzhou",
            (
                "a g60:Change observation, not a level: no property fits",
                "unit:PERCENT is not a unit g60m:gdp is exported in (unit:CCY_CNY, unit:CCY_USD)",
            ),
        ),
        ("g60r:region/huzhou", ("stated as g60:MoreThan, not an exact amount",)),
        (
            "g60r:region/huzhou",
            ("a range ('between 390 billion and 410 billion yuan'), not one amount",),
        ),
        (
            "g60r:region/huzhou",
            (
                "unit:HA is not a unit g60m:area is exported in (unit:KiloM2, unit:M2)",
                "no verified Wikidata unit item for unit:HA",
            ),
        ),
        (
            "g60r:region/huzhou",
            (
                "no Wikidata property is aligned to "
                "g60m:share-of-strategic-emerging-industries-in-industrial-output",
                "a g60:Share observation, not a level: no property fits",
            ),
        ),
        (
            "g60r:initiative/g60-science-and-technology-innovation-valley",
            (
                "g60r:initiative/g60-science-and-technology-innovation-valley "
                "has no owl:sameAs wd:Q…",
            ),
        ),
    ]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("Q1\tP2046\t76,200U712226", "is not a quantity"),
        ("Q1\tP2046\t7.62e4U712226", "is not a quantity"),
        ("Q1\tP2046\t76200U712226\tP585", "come in pairs"),
        ("Q1\tP2046\t76200U712226\tP585\t+2023-01-00T00:00:00Z/9", "month and day 00"),
        ("Q1\tP2046\t76200U712226\tP585\t+2023-02-30T00:00:00Z/11", "not a date"),
        ('Q1\tP2046\t1\tS1476\tEN:"Title"', "is not a monolingual"),
        ('Q1\tP2046\t1\tS854\t"https://x"\tP585\t+2023-00-00T00:00:00Z/9', "come first"),
        ("Q1\tP2046\t1\tS854\thttps://x", "is not a string"),
    ],
)
def test_the_syntax_check_rejects_what_quickstatements_would_misread(line, problem):
    with pytest.raises(SyntaxProblem, match=problem):
        parse_line(line, DATATYPES)


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


def test_seed_build_exports_no_statement_and_says_why_for_each_number(seed_graph_file):
    result = quickstatements([seed_graph_file], retrieved=RETRIEVED)
    assert result.lines == []
    assert len(result.skipped) == 8, "the seed article states 8 numbers; each must be listed"
    assert all(s.reasons for s in result.skipped)
    assert not any("no verified property" in r for s in result.skipped for r in s.reasons)
