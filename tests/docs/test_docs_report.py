import html
import json
import re

import pytest
from docs_support import (
    FIXTURE_GRAPH,
    FIXTURE_ONTOLOGY,
    HOSTILE_BODY,
    article_graph,
    write_hostile_graph,
    write_set_aside_graph,
)

from g60kg.docs.report import Span, render_report, render_text, report_data
from g60kg.docs.sources import pages_graph


@pytest.fixture(scope="module")
def fixture_graph():
    return pages_graph([FIXTURE_GRAPH, FIXTURE_ONTOLOGY])


def _marks(text: str) -> list[str]:
    return re.findall(r'<mark [^>]*data-span="([^"]+)"', text)


def _strip_tags(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def test_nested_spans_become_nested_marks_and_keep_the_text():
    body = "In Songjiang District the area is 5 km."
    outer = Span("o", 0, len(body), None, "metric", "o")
    inner = Span("i", 3, 21, None, "region", "i")
    out = render_text(body, [inner, outer])
    assert out == (
        '<mark class="k-metric" data-span="o" tabindex="0" title="metric: o">In '
        '<mark class="k-region" data-span="i" tabindex="0" title="region: i">'
        "Songjiang District</mark> the area is 5 km.</mark>"
    )


def test_crossing_spans_are_split_into_well_formed_marks():
    body = "abcdefghij"
    spans = [Span("x", 1, 5, None, "region", "A"), Span("y", 3, 8, None, "metric", "B")]
    out = render_text(body, spans)
    assert _marks(out) == ["A", "B", "B"]
    assert out.count("<mark") == out.count("</mark>") == 3
    assert _strip_tags(out) == body
    # "fgh" is in B only, after A has closed
    cont = '<mark class="k-metric cont" data-span="B" title="metric: y">fgh</mark>'
    assert f"</mark></mark>{cont}" in out


def test_text_outside_spans_is_escaped():
    out = render_text("<b>x</b> & y", [Span("s", 0, 3, None, "other", "s")])
    assert "&lt;b&gt;" in out
    assert "<b>" not in out
    assert "&amp; y" in out


def test_report_data_places_every_evidence_span_of_the_fixture(fixture_graph):
    from rdflib import URIRef

    evidence = set(fixture_graph.objects(None, URIRef("https://w3id.org/g60kg/ontology#evidence")))
    data = report_data(fixture_graph)
    assert {s["iri"] for s in data["spans"].values()} == {str(e) for e in evidence}
    assert data["problems"] == []
    body = data["articles"][0]["body"]
    for span in data["spans"].values():
        assert body[span["begin"] : span["end"]] == span["quote"]
        assert span["matches"] is True


def test_spans_are_coloured_by_what_they_are_evidence_of(fixture_graph):
    data = report_data(fixture_graph)
    by_quote = {s["quote"]: s["kind"] for s in data["spans"].values()}
    assert by_quote["with a total area of 76,200 square kilometers"] == "metric"
    assert by_quote["Hangzhou"] == "region"
    assert by_quote["6th China International Import Expo (CIIE)"] == "event"
    assert by_quote["G60 Science and Technology Innovation Valley"] == "initiative"


def test_observation_rows_carry_subject_measure_value_unit_and_period(fixture_graph):
    rows = report_data(fixture_graph)["observations"]
    assert len(rows) == 4
    area = next(r for r in rows if r["measure"]["curie"] == "g60m:area")
    assert area["subject"]["iri"] == (
        "https://w3id.org/g60kg/resource/initiative/g60-science-and-technology-innovation-valley"
    )
    assert area["unit"] == "unit:KiloM2"
    assert area["statedValue"] == "76,200 square kilometers"
    assert area["period"] == "2023-11-22/2023-11-22"
    assert float(area["value"]) == 76200


def test_member_table_lists_nine_regions_with_wikidata(fixture_graph):
    members = report_data(fixture_graph)["members"]
    assert len(members) == 9
    suzhou = next(m for m in members if m["region"]["label"] == "Suzhou")
    assert suzhou["wikidata"] == ["http://www.wikidata.org/entity/Q42622"]
    assert [p["label"] for p in suzhou["locatedIn"]] == ["Jiangsu"]


def test_report_has_one_mark_per_span_and_links_to_wikidata(fixture_graph):
    page = render_report(fixture_graph)
    assert len(set(_marks(page))) == len(report_data(fixture_graph)["spans"])
    assert '<a href="http://www.wikidata.org/entity/Q662380">Q662380</a>' in page


def test_report_is_self_contained(fixture_graph):
    page = render_report(fixture_graph)
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page)
    assert "@import" not in page


def test_quote_not_matching_the_text_is_reported(tmp_path):
    from rdflib import Graph, Literal, URIRef

    graph = Graph().parse(
        data=article_graph("Hefei and Wuhu", [("Wuhu", "region/wuhu", "Region", "Wuhu")]),
        format="turtle",
    )
    span = URIRef("https://w3id.org/g60kg/resource/article/test-article#char=10,14")
    graph.set((span, URIRef("https://w3id.org/g60kg/ontology#quote"), Literal("Wuxi")))
    data = report_data(graph)
    assert data["problems"] == [f"{span}: quote differs from the text at its offsets"]
    assert data["spans"]["a0-s0"]["matches"] is False


def test_hostile_article_text_and_labels_are_escaped(tmp_path):
    page = render_report(pages_graph([write_hostile_graph(tmp_path / "g.ttl")]))
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == ['<script type="application/json" id="g60-data">', "<script>"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page
    payload = re.search(r'id="g60-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in payload
    spans = json.loads(payload)["spans"]
    assert "<script>alert(1)</script>" in {s["quote"] for s in spans.values()}
    assert _strip_tags(re.search(r'<div class="text">(.*?)</div>', page, re.S).group(1)) == (
        HOSTILE_BODY
    )


def test_rejected_numbers_are_marked_in_their_own_style_with_the_reason_on_hover(tmp_path):
    graph = pages_graph([write_set_aside_graph(tmp_path / "g.ttl")])
    page = render_report(graph)
    marks = re.findall(r'<mark class="k-rejected" [^>]*title="([^"]*)">([^<]*)</mark>', page)
    assert marks == [("rejected number: rank", "third"), ("rejected number: year", "2023")]
    assert "mark.k-rejected{border-bottom-style:dashed" in page
    assert (
        '<span class="k-rejected" title="a number extraction did not take; hover it for the '
        'reason">rejected (2)</span>'
    ) in page
    data = report_data(graph)
    assert [(r["quote"], r["reason"]) for r in data["rejected"]] == [
        ("third", "rank"),
        ("2023", "year"),
    ]
    third = data["spans"][data["rejected"][0]["span"]]
    assert (third["kind"], third["reason"]) == ("rejected", "rank")
    assert [n["kind"] for n in third["nodes"]] == ["rejected"]
    assert ["g60:setAsideReason", "g60reason:rank"] in [
        [t["p"], t["o"]] for t in third["nodes"][0]["triples"]
    ]
