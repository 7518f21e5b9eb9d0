"""The gazetteer Turtle, as the matcher and the published graph see it."""

import csv
import re

import pytest
import rdflib
from layout import ROOT

from g60kg.extract import gazetteer
from g60kg.namespaces import G60, G60R, OWL, WD
from g60kg.paths import ontology_dir
from g60kg.text.normalize import normalize

REFERENCE = ROOT / "data" / "reference" / "wikidata-qids.tsv"


@pytest.fixture(scope="module")
def gaz() -> gazetteer.Gazetteer:
    return gazetteer.load()


def _kind_count(gaz, kind, parent):
    return sum(1 for e in gaz.entities.values() if e.kind == kind and e.parent == G60R + parent)


@pytest.mark.parametrize(
    ("province", "cities"), [("region/jiangsu", 13), ("region/zhejiang", 11), ("region/anhui", 16)]
)
def test_every_prefecture_level_city_of_the_delta_provinces(gaz, province, cities):
    assert _kind_count(gaz, "PrefectureLevelCity", province) == cities


def test_all_sixteen_shanghai_districts(gaz):
    assert _kind_count(gaz, "District", "region/shanghai") == 16


def test_two_suzhous_are_told_apart_by_parent(gaz):
    assert gaz.lookup("Suzhou") == [G60R + "region/suzhou-anhui", G60R + "region/suzhou-jiangsu"]
    assert gaz[G60R + "region/suzhou-anhui"].parent == G60R + "region/anhui"
    assert gaz[G60R + "region/suzhou-jiangsu"].default_sense


def test_initiative_members_are_not_in_the_gazetteer():
    graph = rdflib.Graph().parse(ontology_dir() / "gazetteer.ttl")
    assert not list(graph.triples((None, rdflib.URIRef(G60 + "memberRegion"), None)))


def _verified_qids() -> set[str]:
    with REFERENCE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {row["qid"] for row in rows if row["status"] == "verified" and row["qid"]}


def test_only_verified_qids_are_linked():
    graph = rdflib.Graph().parse(ontology_dir() / "gazetteer.ttl")
    linked = {str(o).removeprefix(WD) for o in graph.objects(None, rdflib.URIRef(OWL + "sameAs"))}
    assert linked <= _verified_qids()
    assert "Q662380" in linked and "Q42622" in linked


def test_gazetteer_file_is_sorted_by_subject_iri():
    text = (ontology_dir() / "gazetteer.ttl").read_text(encoding="utf-8")
    prefixes = dict(re.findall(r"^@prefix (\w+): <([^>]+)> \.$", text, re.MULTILINE))
    heads = re.findall(r"^(\w+):(\S+) a ", text, re.MULTILINE)
    iris = [prefixes[p] + local for p, local in heads]
    assert len(iris) == 69
    assert iris == sorted(iris)


def test_find_ignores_lower_case_proper_names(gaz):
    text = "suzhou silk and Suzhou City"
    assert [(m.begin, m.end) for m in gaz.find(normalize(text))] == [(16, 27)]


def test_find_marks_anaphors(gaz):
    found = gaz.find("The valley covers nine cities.")
    assert found[0].anaphor and found[0].candidates == (
        G60R + "initiative/g60-science-and-technology-innovation-valley",
    )


def test_ancestors_walk_up_to_the_country(gaz):
    assert gaz.ancestors(G60R + "region/songjiang-district") == [
        G60R + "region/shanghai",
        G60R + "region/china",
    ]


def test_load_is_cached_per_process():
    assert gazetteer.load() is gazetteer.load()
