import re

import pytest
from docs_support import FIXTURE_GRAPH, FIXTURE_MEASURES, FIXTURE_ONTOLOGY, NINE_MEMBERS

from g60kg.docs.diagrams import (
    Diagram,
    DiagramEdge,
    dot_program,
    ontology_diagram,
    render_svg,
    to_dot,
    to_mermaid,
    valley_diagram,
)
from g60kg.docs.sources import pages_graph

REGION = "https://w3id.org/g60kg/resource/region/"
VALLEY = "https://w3id.org/g60kg/resource/initiative/g60-science-and-technology-innovation-valley"


@pytest.fixture(scope="module")
def valley():
    return valley_diagram(pages_graph([FIXTURE_GRAPH, FIXTURE_ONTOLOGY, FIXTURE_MEASURES]))


@pytest.fixture(scope="module")
def ontology():
    return ontology_diagram(pages_graph([FIXTURE_ONTOLOGY]))


def test_valley_links_the_initiative_to_its_nine_members(valley):
    members = sorted(e.target for e in valley.edges if e.label == "memberRegion")
    assert [m.removeprefix(REGION) for m in members] == [
        "hangzhou", "hefei", "huzhou", "jiaxing", "jinhua",
        "songjiang-district", "suzhou-jiangsu", "wuhu", "xuancheng",
    ]  # fmt: skip
    assert {e.source for e in valley.edges if e.label == "memberRegion"} == {VALLEY}


def test_valley_shows_provinces_events_and_the_article(valley):
    edges = {
        (e.source.rsplit("/", 1)[-1], e.label, e.target.rsplit("/", 1)[-1]) for e in valley.edges
    }
    assert ("suzhou-jiangsu", "locatedIn", "jiangsu") in edges
    assert ("songjiang-district", "locatedIn", "shanghai") in edges
    assert (
        "china-international-import-expo-6",
        "inSeries",
        "china-international-import-expo",
    ) in edges
    assert ("g60-article-2023-11-22", "reports", "china-international-import-expo-6") in edges
    kinds = {n.kind for n in valley.nodes.values()}
    assert kinds == {"initiative", "region", "event", "article"}


@pytest.mark.parametrize("writer", [to_mermaid, to_dot])
def test_text_forms_name_all_nine_members(valley, writer):
    text = writer(valley)
    for name in NINE_MEMBERS:
        assert re.search(rf'"{name}[^"]*"', text), name


def test_mermaid_and_dot_have_one_line_per_node_and_edge(valley):
    mermaid = to_mermaid(valley).splitlines()
    dot = to_dot(valley).splitlines()
    assert mermaid[0] == "flowchart LR"
    assert "    classDef k_region fill:#d6f0d6,stroke:#555" in mermaid  # not the keyword 'class'
    assert sum("-->" in line for line in mermaid) == len(valley.sorted_edges())
    assert sum(" -> " in line for line in dot) == len(valley.sorted_edges())
    assert sum(line.startswith("    n_") and "[label=" in line and "->" not in line
               for line in dot) == len(valley.nodes)  # fmt: skip


def test_ontology_diagram_draws_properties_from_domain_to_range(ontology):
    g60 = "https://w3id.org/g60kg/ontology#"
    assert DiagramEdge(g60 + "Initiative", g60 + "Region", "memberRegion") in ontology.edges
    assert DiagramEdge(g60 + "Province", g60 + "Region", "subClassOf") in ontology.edges
    assert DiagramEdge(g60 + "Event", "https://schema.org/Event", "equivalentClass", True) in (
        ontology.edges
    )
    assert ontology.nodes[g60 + "Observation"].lines == ("g60:Observation", "value: xsd:decimal")
    assert ontology.nodes["https://schema.org/Event"].kind == "external"


def test_labels_with_syntax_characters_are_escaped():
    diagram = Diagram("t")
    diagram.add_node("http://x/a", ('Say "hi" [to] <you> | \\ me',), "region")
    diagram.add_node("http://x/b", ("b",), "region")
    diagram.edges.add(DiagramEdge("http://x/a", "http://x/b", 'p"q'))
    mermaid = to_mermaid(diagram)
    assert 'n_Say_hi_to_you_me["Say #quot;hi#quot; #91;to#93; #60;you#62; #124; \\ me"]' in mermaid
    assert '-->|"p#quot;q"|' in mermaid
    dot = to_dot(diagram)
    assert 'label="Say \\"hi\\" [to] <you> | \\\\ me"' in dot
    assert 'label="p\\"q"' in dot


def test_writers_are_deterministic(valley, ontology):
    graph = pages_graph([FIXTURE_GRAPH, FIXTURE_ONTOLOGY, FIXTURE_MEASURES])
    again = valley_diagram(graph)
    assert to_mermaid(again) == to_mermaid(valley)
    assert to_dot(again) == to_dot(valley)


@pytest.mark.skipif(dot_program() is None, reason="Graphviz dot not installed")
def test_dot_renders_to_svg_with_links(valley):
    svg = render_svg(to_dot(valley), dot_program()).decode("utf-8")
    assert svg.lstrip().startswith("<?xml")
    assert "<svg" in svg
    assert f'xlink:href="{REGION}hefei"' in svg
