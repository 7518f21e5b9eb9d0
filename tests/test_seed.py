"""The bundled article must come out exactly as the table in issue 3.

One test per observation row, per entity and per event, read back from the
built Turtle (not from the Python facts), so the whole path is covered.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import rdflib
from rdflib import RDF, RDFS, Literal, URIRef

G60 = rdflib.Namespace("https://w3id.org/g60kg/ontology#")
G60M = rdflib.Namespace("https://w3id.org/g60kg/measure/")
R = "https://w3id.org/g60kg/resource/"
UNIT = rdflib.Namespace("http://qudt.org/vocab/unit/")
SDO = rdflib.Namespace("https://schema.org/")
OWL_SAME = URIRef("http://www.w3.org/2002/07/owl#sameAs")
VALLEY = URIRef(R + "initiative/g60-science-and-technology-innovation-valley")
SONGJIANG = URIRef(R + "region/songjiang-district")
ARTICLE = URIRef(R + "article/g60-article-2023-11-22")
CONFERENCE = URIRef(
    R + "event/2023-key-factors-bridging-conference-on-high-quality-development-of-the-"
    "g60-science-and-technology-innovation-valley"
)
CIIE6 = URIRef(R + "event/china-international-import-expo-6")
D = datetime.date


@pytest.fixture(scope="module")
def graph(seed_graph_file) -> rdflib.Graph:
    return rdflib.Graph().parse(seed_graph_file, format="turtle")


def _one(graph: rdflib.Graph, s, p):
    values = list(graph.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def _observation(graph: rdflib.Graph, measure: str) -> dict:
    nodes = [o for o in graph.subjects(G60.measure, G60M[measure])]
    assert len(nodes) == 1, f"{measure}: {nodes}"
    node = nodes[0]

    def get(prop):
        values = list(graph.objects(node, prop))
        if len(values) != 1:
            return values
        return values[0].toPython() if isinstance(values[0], Literal) else values[0]

    return {
        "subject": get(G60.refArea),
        "value": Decimal(str(_one(graph, node, G60.value))),
        "unit": get(G60.unit),
        "kind": get(G60.valueKind),
        "comparator": get(G60.comparator),
        "period": (get(G60.periodStart), get(G60.periodEnd)),
        "comparison": (get(G60.comparisonPeriodStart), get(G60.comparisonPeriodEnd)),
        "node": node,
    }


def test_seed_has_exactly_eight_observations(graph):
    assert len(set(graph.subjects(RDF.type, G60.Observation))) == 8


@pytest.mark.parametrize(
    ("measure", "subject", "value", "unit", "kind", "comparator", "period", "comparison"),
    [
        ("area", VALLEY, "76200", UNIT.KiloM2, G60.Level, G60.Exactly,
         (D(2023, 11, 22), D(2023, 11, 22)), ([], [])),
        ("newly-registered-capital-of-foreign-funded-enterprises", VALLEY, "25", UNIT.PERCENT,
         G60.Change, G60.Exactly, (D(2018, 11, 22), D(2023, 11, 22)), ([], [])),
        ("utilization-of-foreign-capital", VALLEY, "54.5", UNIT.PERCENT, G60.Change, G60.Exactly,
         (D(2018, 11, 22), D(2023, 11, 22)), ([], [])),
        ("import-and-export-volume", VALLEY, "3800000000000", UNIT.CCY_USD, G60.Level,
         G60.Exactly, (D(2018, 11, 22), D(2023, 11, 22)), ([], [])),
        ("total-investment-in-landed-projects", VALLEY, "1290000000000", UNIT.CCY_CNY,
         G60.Level, G60.Exactly, (D(2023, 1, 1), D(2023, 9, 30)), ([], [])),
        ("contracted-foreign-capital", SONGJIANG, "62.4", UNIT.PERCENT, G60.Change, G60.Exactly,
         (D(2023, 1, 1), D(2023, 11, 22)), (D(2022, 1, 1), D(2022, 11, 22))),
        ("share-of-strategic-emerging-industries-in-industrial-output", SONGJIANG, "60",
         UNIT.PERCENT, G60.Share, G60.MoreThan, (D(2023, 1, 1), D(2023, 12, 31)), ([], [])),
        ("rd-investment-intensity", SONGJIANG, "6.79", UNIT.PERCENT, G60.Level, G60.Exactly,
         (D(2023, 1, 1), D(2023, 12, 31)), ([], [])),
    ],
)  # fmt: skip
def test_seed_observation_row(
    graph, measure, subject, value, unit, kind, comparator, period, comparison
):
    obs = _observation(graph, measure)
    assert obs["subject"] == subject
    assert obs["value"] == Decimal(value)
    assert obs["unit"] == unit
    assert obs["kind"] == kind
    assert obs["comparator"] == comparator
    assert obs["period"] == period
    assert obs["comparison"] == comparison


def test_every_observation_quotes_the_article_body(graph):
    body = str(_one(graph, ARTICLE, SDO.articleBody))
    for node in graph.subjects(RDF.type, G60.Observation):
        span = _one(graph, node, G60.evidence)
        begin = _one(graph, span, G60.beginIndex).toPython()
        end = _one(graph, span, G60.endIndex).toPython()
        assert body[begin:end] == str(_one(graph, span, G60.quote))
        stated = str(_one(graph, node, G60.statedValue))
        assert stated in body[begin:end]
        assert str(node).endswith(
            f"/{body.index(stated, begin)}-{body.index(stated, begin) + len(stated)}"
        )


def test_seed_initiative_has_nine_members(graph):
    members = {str(m).rsplit("/", 1)[-1] for m in graph.objects(VALLEY, G60.memberRegion)}
    assert members == {
        "songjiang-district", "suzhou-jiangsu", "hangzhou", "huzhou", "jiaxing", "jinhua",
        "hefei", "wuhu", "xuancheng",
    }  # fmt: skip


def test_seed_initiative_is_in_the_yangtze_river_delta(graph):
    assert _one(graph, VALLEY, G60.locatedIn) == URIRef(R + "region/yangtze-river-delta")


def test_seed_initiative_is_named_after_the_g60_expressway(graph):
    assert _one(graph, VALLEY, G60.namedAfter) == URIRef(R + "infrastructure/g60-expressway")


def test_seed_initiative_alias_is_in_the_gazetteer(graph):
    assert Literal("G60 S&T Innovation Valley", lang="en") in set(
        graph.objects(VALLEY, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"))
    )


@pytest.mark.parametrize(
    ("slug", "parent", "qid"),
    [
        ("songjiang-district", "shanghai", "Q662380"),
        ("suzhou-jiangsu", "jiangsu", "Q42622"),
        ("hangzhou", "zhejiang", "Q4970"),
        ("huzhou", "zhejiang", "Q42664"),
        ("jiaxing", "zhejiang", "Q58178"),
        ("jinhua", "zhejiang", "Q58210"),
        ("hefei", "anhui", "Q185684"),
        ("wuhu", "anhui", "Q359990"),
        ("xuancheng", "anhui", "Q360942"),
    ],
)
def test_seed_member_region(graph, slug, parent, qid):
    node = URIRef(R + "region/" + slug)
    assert _one(graph, node, G60.locatedIn) == URIRef(R + "region/" + parent)
    assert _one(graph, node, OWL_SAME) == URIRef("http://www.wikidata.org/entity/" + qid)
    assert set(graph.objects(node, G60.evidence)), "a mention span links the region"


def test_seed_unverified_entities_stay_unlinked(graph):
    for iri in (VALLEY, URIRef(R + "region/yangtze-river-delta"), CIIE6, CONFERENCE):
        assert not list(graph.objects(iri, OWL_SAME))


def test_seed_conference_event(graph):
    assert (CONFERENCE, RDF.type, G60.Event) in graph
    assert _one(graph, CONFERENCE, G60.partOf) == CIIE6
    assert _one(graph, CONFERENCE, G60.location) == URIRef(R + "region/shanghai")
    assert _one(graph, CONFERENCE, G60.heldBefore).toPython() == D(2023, 11, 22)
    assert _one(graph, CONFERENCE, G60.about) == VALLEY
    assert str(_one(graph, CONFERENCE, G60.year)) == "2023"


def test_seed_ciie_edition_event(graph):
    assert _one(graph, CIIE6, G60.edition).toPython() == 6
    assert _one(graph, CIIE6, G60.inSeries) == URIRef(R + "event/china-international-import-expo")
    assert _one(graph, CIIE6, G60.location) == URIRef(R + "region/shanghai")
    assert str(_one(graph, CIIE6, G60.year)) == "2023"
    assert str(_one(graph, CIIE6, RDFS.label)) == "6th China International Import Expo"


def test_seed_has_exactly_two_events(graph):
    events = set(graph.subjects(RDF.type, G60.Event))
    assert events == {CONFERENCE, CIIE6}


def test_seed_article_metadata(graph):
    assert str(_one(graph, ARTICLE, SDO.headline)).startswith("Xinhua Silk Road: G60 S&T")
    assert _one(graph, ARTICLE, SDO.datePublished).toPython() == D(2023, 11, 22)
    assert _one(graph, ARTICLE, SDO.publisher) == URIRef(R + "organization/xinhua-silk-road")
    assert _one(graph, ARTICLE, G60.distributor) == URIRef(R + "organization/pr-newswire")
    assert _one(graph, ARTICLE, G60.datelinePlace) == URIRef(R + "region/beijing")


def test_seed_article_text_hash_matches_body(graph):
    import hashlib

    body = str(_one(graph, ARTICLE, SDO.articleBody))
    assert str(_one(graph, ARTICLE, G60.textSha256)) == hashlib.sha256(body.encode()).hexdigest()


@pytest.mark.parametrize(
    ("iri", "kind", "qid"),
    [
        (R + "region/shanghai", "Municipality", "Q8686"),
        (R + "region/jiangsu", "Province", "Q16963"),
        (R + "region/zhejiang", "Province", "Q16967"),
        (R + "region/anhui", "Province", "Q40956"),
        (R + "region/china", "Country", "Q148"),
        (R + "region/beijing", "Municipality", "Q956"),
        (R + "region/yangtze-river-delta", "EconomicRegion", None),
        (R + "infrastructure/g60-expressway", "Infrastructure", None),
        (R + "organization/xinhua-silk-road", "Organization", None),
        (R + "organization/pr-newswire", "Organization", None),
        (R + "event/china-international-import-expo", "EventSeries", None),
        (R + "initiative/g60-science-and-technology-innovation-valley", "Initiative", None),
    ],
)
def test_seed_entity_is_mentioned_typed_and_linked_only_if_verified(graph, iri, kind, qid):
    node = URIRef(iri)
    assert (node, RDF.type, G60[kind]) in graph
    spans = set(graph.subjects(G60.refersTo, node))
    assert spans, f"{iri} has no mention span"
    assert spans == set(graph.objects(node, G60.evidence)) & spans
    same = list(graph.objects(node, OWL_SAME))
    assert same == ([URIRef("http://www.wikidata.org/entity/" + qid)] if qid else [])


def test_every_span_quotes_the_article_body(graph):
    body = str(_one(graph, ARTICLE, SDO.articleBody))
    spans = set(graph.subjects(RDF.type, G60.TextSpan))
    assert len(spans) > 40
    for span in spans:
        begin = _one(graph, span, G60.beginIndex).toPython()
        end = _one(graph, span, G60.endIndex).toPython()
        assert body[begin:end] == str(_one(graph, span, G60.quote))
        assert str(span) == f"{ARTICLE}#char={begin},{end}"
        assert _one(graph, span, G60.inArticle) == ARTICLE


def test_seed_numbers_that_are_not_observations_are_published_with_their_reason(graph):
    skos_label = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
    rows = []
    for node in graph.subjects(RDF.type, G60.SetAsideNumber):
        assert (node, RDF.type, G60.TextSpan) in graph
        assert _one(graph, node, G60.inArticle) == ARTICLE
        reason = _one(graph, node, G60.setAsideReason)
        assert (reason, RDF.type, G60.SetAsideReason) in graph
        begin = _one(graph, node, G60.beginIndex).toPython()
        quote = str(_one(graph, node, G60.quote))
        rows.append((begin, quote, str(_one(graph, reason, skos_label))))
    assert sorted(rows) == [
        (18, "G60", "part of a name"),
        (139, "22", "date"),
        (143, "2023", "year"),
        (167, "2023", "part of a name"),
        (239, "G60", "part of a name"),
        (314, "6th", "part of a name"),
        (405, "G60", "part of a name"),
        (731, "G60", "part of a name"),
        (823, "nine cities", "membership count"),
        (1091, "five", "period"),
        (1429, "first", "period"),
        (1435, "three quarters", "period"),
        (2179, "first", "ordinal"),
    ]
    # a number is never both an observation's quantity and set aside
    values = {
        tuple(map(int, str(o).rsplit("/", 1)[-1].split("-")))
        for o in graph.subjects(RDF.type, G60.Observation)
    }
    assert len(values) == 8
    assert not {(b, b + len(q)) for b, q, _ in rows} & values
