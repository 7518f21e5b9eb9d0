"""figures.html: a chart per measure, every point linked to its quote in the report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docs_support import figure_link, figure_spans, write_figures_graph

from g60kg.docs.figures import figures_page, point_limits


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    return write_figures_graph(tmp_path_factory.mktemp("figures") / "graph.ttl")


@pytest.fixture(scope="module")
def page(graph_file) -> str:
    return figures_page([graph_file]).html


def section(page: str, anchor: str) -> str:
    found = re.search(rf'<section id="{anchor}".*?</section>', page, re.S)
    assert found, anchor
    return found.group(0)


def svg_links(html: str) -> list[str]:
    return re.findall(r'<a xlink:href="([^"]+)"', html)


def svg_texts(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<text[^>]*>(.*?)</text>", html)]


def test_one_chart_per_measure_with_two_observations(page):
    assert re.findall(r'<section id="(m-[^"]+)"', page) == ["m-gdp", "m-area"]
    assert "<li>population: 1 observation</li>" in page


def test_every_point_links_to_the_quote_of_its_observation(page):
    expected = [figure_link(b, e) for b, e in figure_spans()]
    assert sorted(svg_links(section(page, "m-gdp"))) == sorted(expected[:5])
    assert sorted(svg_links(section(page, "m-area"))) == sorted(expected[5:7])
    table_links = re.findall(r'<a href="(report\.html[^"]+)">quote</a>', section(page, "m-gdp"))
    assert sorted(table_links) == sorted(expected[:5])


def test_panels_split_kinds_and_units_and_put_the_unit_on_the_axis(page):
    gdp = svg_texts(section(page, "m-gdp"))
    assert "level, Chinese yuan" in gdp
    assert "change, percent" in gdp
    assert gdp.count("Chinese yuan") == 1  # the y axis label of the level panel
    assert gdp.count("percent") == 1
    assert {"Huzhou", "Jiaxing", "Jinhua"} <= set(gdp)
    key = re.search(r'<figure id="key".*?</figure>', page, re.S).group(0)
    assert svg_texts(key) == ["2022", "2023", "2024", "exactly", "more than"]
    assert "square kilometre" in svg_texts(section(page, "m-area"))
    assert "5 observations (level, Chinese yuan: 4; change, percent: 1)." in page


def test_the_overview_has_a_small_panel_per_chart_linking_to_it(page):
    overview = re.search(r'<figure id="overview".*?</figure>', page, re.S).group(0)
    assert svg_links(overview) == ["#m-gdp", "#m-area"]
    assert "report.html" not in overview


def test_page_is_self_contained(page):
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert not re.search(r'(src|href)="https?://(?!w3id\.org/g60kg/)', page)
    assert "@import" not in page


def test_two_runs_give_the_same_bytes(graph_file, page):
    assert figures_page([graph_file]).html == page


def test_a_panel_over_the_point_cap_is_sampled_and_the_page_says_so(graph_file):
    result = figures_page([graph_file], max_points=2)
    assert result.sampled_panels == 1
    assert (
        "Sampled: 1 panels have more observations than fit (at most 2 points per panel and "
        "12,000 on the page); each shows an even sample" in result.html
    )
    assert "level, Chinese yuan: 2 of 4 shown" in result.html
    assert len(svg_links(section(result.html, "m-gdp"))) == 3  # 2 levels + 1 change


def test_the_page_budget_is_shared_out_smallest_panel_first(graph_file):
    assert point_limits([5, 100, 100], max_points=300, page_points=65) == [5, 30, 30]
    assert point_limits([500, 10], max_points=300, page_points=10_000) == [300, 10]
    result = figures_page([graph_file], page_points=4)  # panels of 4, 1 and 2 points
    assert result.sampled_panels == 2
    assert "level, Chinese yuan: 2 of 4 shown" in result.html
    assert "level, square kilometre: 1 of 2 shown" in result.html
    assert len([link for link in svg_links(result.html) if link.startswith("report")]) == 4


def test_measures_over_the_chart_cap_are_listed_with_their_counts(graph_file):
    result = figures_page([graph_file], max_charts=1)
    assert result.charts == 1 and result.charts_over_cap == 1
    assert "<li>area: 2 observations (over the chart cap)</li>" in result.html
    assert 'id="m-area"' not in result.html


def test_a_graph_without_numbers_says_there_is_nothing_to_chart(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("<https://example.org/a> <https://example.org/b> 1 .\n", encoding="utf-8")
    html = figures_page([empty]).html
    assert "No measure has two observations yet: nothing to chart." in html
    assert "<svg" not in html


def test_a_broken_graph_is_an_input_error(tmp_path):
    from g60kg.errors import InputError

    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.ttl: cannot read"):
        figures_page([broken])


def test_only_web_iris_and_the_report_are_links(tmp_path):
    graph = write_figures_graph(tmp_path / "graph.ttl")
    hostile = graph.read_text(encoding="utf-8").replace(
        "https://w3id.org/g60kg/measure/gdp", "javascript:window.__xss=1"
    )
    graph.write_text(hostile, encoding="utf-8")
    html = figures_page([graph]).html
    targets = re.findall(r'<a (?:href|xlink:href)="([^"]*)"', html)
    assert len(targets) > 10
    assert all(t.startswith(("#", "report.html", "https://")) for t in targets), targets
    assert '<span class="iri">javascript:window.__xss=1</span>' in html
