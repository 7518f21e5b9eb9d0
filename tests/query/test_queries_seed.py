"""Every stored query's exact answer on the seed build (issue 3's table), with both engines.

Semantic columns (labels, values, units, kinds, periods, QIDs) are compared
exactly. Observation IRIs and quotes depend on where the build draws spans, so
they are checked against the article text instead: the quote is the text at
the span's offsets and contains the figure as printed.
"""

from __future__ import annotations

import pytest

from g60kg.namespaces import PREFIXES
from g60kg.query.engine import resolve, run_query
from g60kg.query.results import Result, display
from g60kg.query.stored import list_queries

VALLEY = "g60r:initiative/g60-science-and-technology-innovation-valley"
VALLEY_LABEL = "G60 Science and Technology Innovation Valley of Yangtze River Delta"
ARTICLE = "g60r:article/g60-article-2023-11-22"
CONFERENCE = (
    "g60r:event/2023-key-factors-bridging-conference-on-high-quality-development-of-the-"
    "g60-science-and-technology-innovation-valley"
)
CIIE6 = "g60r:event/china-international-import-expo-6"
SONGJIANG = "g60r:region/songjiang-district"
SHARE = "g60m:share-of-strategic-emerging-industries-in-industrial-output"
SHARE_LABEL = "share of strategic emerging industries in industrial output"
REGISTERED = "g60m:newly-registered-capital-of-foreign-funded-enterprises"
# Federated queries need --allow-service and an endpoint: tests/test_federated_queries.py.
NAMES = [q.name for q in list_queries() if not q.name.startswith("federated/")]


@pytest.fixture(scope="session")
def answers(seed_graph_file) -> dict[str, dict[str, Result]]:
    return {
        name: {
            engine: run_query(resolve(name), [seed_graph_file], engine=engine)
            for engine in ("pyoxigraph", "rdflib")
        }
        for name in NAMES
    }


def table(result: Result, *skip: str) -> list[tuple[str, ...]]:
    keep = [i for i, v in enumerate(result.variables) if v not in skip]
    return [tuple(display(row[i], PREFIXES, None) for i in keep) for row in result.rows]


def column(result: Result, name: str) -> list[str]:
    i = result.variables.index(name)
    return [display(row[i], PREFIXES, None) for row in result.rows]


@pytest.fixture(scope="session")
def article_text(seed_article) -> str:
    from g60kg.text.article import read_article

    return read_article(seed_article).text


@pytest.mark.parametrize("name", NAMES)
def test_both_engines_give_the_same_answer_on_the_seed(answers, name):
    fast, slow = answers[name]["pyoxigraph"], answers[name]["rdflib"]
    assert (fast.kind, fast.variables, fast.boolean) == (slow.kind, slow.variables, slow.boolean)
    assert fast.rows == slow.rows
    assert sorted(map(str, fast.triples)) == sorted(map(str, slow.triples))


def test_member_regions(answers):
    assert table(answers["member-regions"]["pyoxigraph"], "initiative") == [
        ("g60r:region/hefei", "Hefei", "g60r:region/anhui", "Anhui", "wd:Q185684"),
        ("g60r:region/wuhu", "Wuhu", "g60r:region/anhui", "Anhui", "wd:Q359990"),
        ("g60r:region/xuancheng", "Xuancheng", "g60r:region/anhui", "Anhui", "wd:Q360942"),
        ("g60r:region/suzhou-jiangsu", "Suzhou", "g60r:region/jiangsu", "Jiangsu", "wd:Q42622"),
        (SONGJIANG, "Songjiang District", "g60r:region/shanghai", "Shanghai", "wd:Q662380"),
        ("g60r:region/hangzhou", "Hangzhou", "g60r:region/zhejiang", "Zhejiang", "wd:Q4970"),
        ("g60r:region/huzhou", "Huzhou", "g60r:region/zhejiang", "Zhejiang", "wd:Q42664"),
        ("g60r:region/jiaxing", "Jiaxing", "g60r:region/zhejiang", "Zhejiang", "wd:Q58178"),
        ("g60r:region/jinhua", "Jinhua", "g60r:region/zhejiang", "Zhejiang", "wd:Q58210"),
    ]
    assert set(column(answers["member-regions"]["pyoxigraph"], "initiative")) == {VALLEY}


def test_initiative_area(answers):
    result = answers["initiative-area"]["pyoxigraph"]
    assert table(result, "quote") == [
        (VALLEY, VALLEY_LABEL, "76200.0", "unit:KiloM2", "76,200 square kilometers", "2023-11-22")
    ]
    assert column(result, "quote")[0].endswith("with a total area of 76,200 square kilometers.")


EIGHT = [
    # subject, measure, value, unit, kind, comparator, start, end, comparison start/end
    (VALLEY, "g60m:area", "76200.0", "unit:KiloM2", "g60:Level", "g60:Exactly",
     "2023-11-22", "2023-11-22", "", ""),
    (VALLEY, REGISTERED, "25.0", "unit:PERCENT", "g60:Change", "g60:Exactly",
     "2018-11-22", "2023-11-22", "", ""),
    (VALLEY, "g60m:utilization-of-foreign-capital", "54.5", "unit:PERCENT", "g60:Change",
     "g60:Exactly", "2018-11-22", "2023-11-22", "", ""),
    (VALLEY, "g60m:import-and-export-volume", "3800000000000.0", "unit:CCY_USD", "g60:Level",
     "g60:Exactly", "2018-11-22", "2023-11-22", "", ""),
    (VALLEY, "g60m:total-investment-in-landed-projects", "1290000000000.0", "unit:CCY_CNY",
     "g60:Level", "g60:Exactly", "2023-01-01", "2023-09-30", "", ""),
    (SONGJIANG, "g60m:contracted-foreign-capital", "62.4", "unit:PERCENT", "g60:Change",
     "g60:Exactly", "2023-01-01", "2023-11-22", "2022-01-01", "2022-11-22"),
    (SONGJIANG, SHARE, "60.0", "unit:PERCENT", "g60:Share", "g60:MoreThan",
     "2023-01-01", "2023-12-31", "", ""),
    (SONGJIANG, "g60m:rd-investment-intensity", "6.79", "unit:PERCENT", "g60:Level",
     "g60:Exactly", "2023-01-01", "2023-12-31", "", ""),
]  # fmt: skip
PRINTED = ["76,200", "25", "54.5", "3.8 trillion", "1.29 trillion", "62.4", "60", "6.79"]


def test_metrics_are_the_eight_of_the_seed_in_text_order(answers, article_text):
    result = answers["metrics"]["pyoxigraph"]
    assert table(result, "observation", "subjectLabel", "measureLabel", "quote") == EIGHT
    for iri in column(result, "observation"):
        assert iri.startswith("g60r:observation/g60-article-2023-11-22/")
    for quote, printed in zip(column(result, "quote"), PRINTED, strict=True):
        assert printed in quote and quote in article_text


def test_metric_changes_over_fifty_percent(answers):
    assert table(answers["metric-changes"]["pyoxigraph"], "observation") == [
        (SONGJIANG, "Songjiang District", "contracted foreign capital", "62.4",
         "2023-01-01", "2023-11-22", "50"),
        (VALLEY, VALLEY_LABEL, "utilization of foreign capital", "54.5",
         "2018-11-22", "2023-11-22", "50"),
    ]  # fmt: skip


def test_metric_changes_with_a_lower_threshold(seed_graph_file):
    result = run_query(resolve("metric-changes"), [seed_graph_file], bindings={"threshold": "20"})
    assert column(result, "value") == ["62.4", "54.5", "25.0"]


def test_region_indicators_of_songjiang_by_default(answers):
    assert table(answers["region-indicators"]["pyoxigraph"], "quote") == [
        (SONGJIANG, "g60m:rd-investment-intensity", "R&D investment intensity", "6.79",
         "unit:PERCENT", "g60:Level", "g60:Exactly", "2023-01-01", "2023-12-31"),
        (SONGJIANG, "g60m:contracted-foreign-capital", "contracted foreign capital", "62.4",
         "unit:PERCENT", "g60:Change", "g60:Exactly", "2023-01-01", "2023-11-22"),
        (SONGJIANG, SHARE, SHARE_LABEL, "60.0", "unit:PERCENT", "g60:Share", "g60:MoreThan",
         "2023-01-01", "2023-12-31"),
    ]  # fmt: skip


def test_region_indicators_of_a_region_without_any(seed_graph_file):
    result = run_query(
        resolve("region-indicators"), [seed_graph_file], bindings={"region": "g60r:region/hefei"}
    )
    assert result.rows == []


def test_events(answers):
    assert table(answers["events"]["pyoxigraph"], "label") == [
        (CONFERENCE, "g60r:region/shanghai", "Shanghai", "", "2023-11-22", "2023", "",
         CIIE6, "6th China International Import Expo"),
        (CIIE6, "g60r:region/shanghai", "Shanghai", "", "", "2023",
         "g60r:event/china-international-import-expo", "", ""),
    ]  # fmt: skip


def test_members_per_province(answers):
    assert table(answers["members-per-province"]["pyoxigraph"]) == [
        ("g60r:region/zhejiang", "Zhejiang", "4", "Hangzhou, Huzhou, Jiaxing, Jinhua"),
        ("g60r:region/anhui", "Anhui", "3", "Hefei, Wuhu, Xuancheng"),
        ("g60r:region/jiangsu", "Jiangsu", "1", "Suzhou"),
        ("g60r:region/shanghai", "Shanghai", "1", "Songjiang District"),
    ]


def test_observation_evidence_quotes_the_article_text(answers, article_text):
    result = answers["observation-evidence"]["pyoxigraph"]
    assert len(result.rows) == 8
    assert set(column(result, "article")) == {ARTICLE}
    assert set(column(result, "quoteMatchesText")) == {"true"}
    for record in result.records():
        begin, end = int(record["begin"].value), int(record["end"].value)
        assert article_text[begin:end] == record["quote"].value


def test_observation_evidence_of_one_bound_observation(answers, seed_graph_file):
    first = answers["metrics"]["pyoxigraph"].records()[0]["observation"]
    result = run_query(
        resolve("observation-evidence"), [seed_graph_file], bindings={"observation": str(first)}
    )
    assert len(result.rows) == 1
    assert "76,200 square kilometers" in result.records()[0]["quote"].value


def test_every_measure_of_the_seed_is_curated(answers):
    assert answers["uncurated-measures"]["pyoxigraph"].rows == []


def test_unlinked_entities_are_the_unverified_ones(answers):
    assert table(answers["unlinked-entities"]["pyoxigraph"], "label", "mentions") == [
        (CONFERENCE,),
        ("g60r:event/china-international-import-expo",),
        (CIIE6,),
        ("g60r:infrastructure/g60-expressway",),
        (VALLEY,),
        ("g60r:organization/pr-newswire",),
        ("g60r:organization/xinhua-silk-road",),
        ("g60r:region/yangtze-river-delta",),
    ]


def test_measure_time_series_of_one_measure(seed_graph_file, answers):
    everything = answers["measure-time-series"]["pyoxigraph"]
    assert len(everything.rows) == 8
    assert column(everything, "measureLabel")[:2] == ["area", "contracted foreign capital"]
    result = run_query(
        resolve("measure-time-series"), [seed_graph_file], bindings={"measure": "g60m:area"}
    )
    assert table(result) == [
        ("g60m:area", "area", VALLEY, VALLEY_LABEL, "2023-11-22", "2023-11-22", "76200.0",
         "unit:KiloM2", "g60:Level", ARTICLE, "2023-11-22"),
    ]  # fmt: skip


def test_articles(answers):
    result = answers["articles"]["pyoxigraph"]
    assert table(result, "headline", "spans") == [
        (ARTICLE, "g60r:organization/xinhua-silk-road", "Xinhua Silk Road", "2023-11-22", "8")
    ]
    assert column(result, "headline") == [
        "Xinhua Silk Road: G60 S&T Innovation Valley empowers technological and industrial "
        "innovation in China\u2019s Yangtze River Delta"
    ]
    assert int(column(result, "spans")[0]) >= 8


def test_wikidata_shape_view(answers):
    triples = {str(t) for t in answers["wikidata-shape"]["pyoxigraph"].triples}
    wd, wdt = "http://www.wikidata.org/entity/", "http://www.wikidata.org/prop/direct/"

    def stmt(s: str, p: str, o: str) -> str:
        return f"<{wd}{s}> <{wdt}{p}> <{wd}{o}>"

    assert stmt("Q662380", "P131", "Q8686") in triples  # Songjiang in Shanghai
    assert stmt("Q42622", "P131", "Q16963") in triples  # Suzhou in Jiangsu
    assert stmt("Q185684", "P31", "Q748149") in triples  # Hefei: prefecture-level city
    assert stmt("Q40956", "P31", "Q1615742") in triples  # Anhui: province of China
    assert stmt("Q8686", "P31", "Q1208802") in triples  # Shanghai: municipality
    assert stmt("Q662380", "P31", "Q1065118") in triples  # Songjiang: district of China
    subjects = {t.split(">")[0].removeprefix(f"<{wd}") for t in triples}
    # China states nothing: no verified Wikidata class for a country, no parent.
    assert subjects == {
        "Q16963", "Q16967", "Q185684", "Q204839", "Q359990", "Q360942", "Q40956",
        "Q42622", "Q42664", "Q4970", "Q58178", "Q58210", "Q662380", "Q8686", "Q956",
    }  # fmt: skip
    p131 = [t for t in triples if f"<{wdt}P131>" in t]
    assert len(p131) == 14  # every linked region but China; Xinhua has no P131


def test_every_observation_has_a_source(answers):
    assert answers["every-observation-has-source"]["pyoxigraph"].boolean is True
    assert answers["observations-without-source"]["pyoxigraph"].rows == []
