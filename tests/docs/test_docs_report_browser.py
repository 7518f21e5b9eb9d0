"""report.html in a real headless Chromium (Debian ``chromium`` + ``chromium-driver``).

The browser is :func:`docs_support.headless_chromium`: Selenium is given the
driver path, so Selenium Manager never downloads anything; the browser runs
with a fresh profile and background networking off.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docs_support import (
    FIXTURE_GRAPH,
    FIXTURE_MEASURES,
    FIXTURE_ONTOLOGY,
    HOSTILE_BODY,
    headless_chromium,
    write_hostile_graph,
    write_set_aside_graph,
)

from g60kg.docs.report import render_report
from g60kg.docs.sources import pages_graph

pytestmark = pytest.mark.browser

EVIDENCE = "https://w3id.org/g60kg/ontology#evidence"
SET_ASIDE = "https://w3id.org/g60kg/ontology#SetAsideNumber"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with headless_chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


def _open(browser, graph_files, out: Path) -> None:
    out.write_text(render_report(pages_graph(graph_files)), encoding="utf-8")
    browser.get(out.as_uri())


def _details(browser) -> dict:
    """What the details panel shows, read from its elements."""
    return browser.execute_script(
        """
        var p = document.getElementById('details');
        var text = function(e){return e.textContent;};
        var obs = {};
        p.querySelectorAll('table.obs tr').forEach(function(r){
            obs[r.cells[0].textContent] = r.cells[1].textContent;});
        return {
            heading: p.querySelector('h2').textContent,
            quote: p.querySelector('p.quote').textContent,
            links: Array.from(p.querySelectorAll('p.iri a')).map(text),
            nodes: Array.from(p.querySelectorAll('div.node h3')).map(text),
            obs: obs,
            triples: Array.from(p.querySelectorAll('table.triples tr')).slice(1).map(
                function(r){return [r.cells[0].textContent, r.cells[1].textContent];}),
        };
        """
    )


def test_report_highlights_every_evidence_span_and_shows_its_triples(browser, tmp_path):
    from rdflib import URIRef
    from selenium.webdriver.common.by import By

    files = [FIXTURE_GRAPH, FIXTURE_ONTOLOGY, FIXTURE_MEASURES]
    evidence = {str(s) for s in pages_graph(files).objects(None, URIRef(EVIDENCE))}
    _open(browser, files, tmp_path / "report.html")

    highlighted = browser.execute_script(
        "return new Set(Array.from(document.querySelectorAll('mark[data-span]'))"
        ".map(function(m){return m.getAttribute('data-span');})).size;"
    )
    assert highlighted == len(evidence) == 23

    area = next(
        m
        for m in browser.find_elements(By.CSS_SELECTOR, "mark.k-metric")
        if m.text == "with a total area of 76,200 square kilometers"
    )
    area.click()
    shown = _details(browser)
    assert shown["heading"] == "metric span 1037-1082"
    assert shown["obs"] == {
        "subject": "G60 Science and Technology Innovation Valley "
        "g60r:initiative/g60-science-and-technology-innovation-valley",
        "measure": "area g60m:area",
        "value": "76200.0",
        "stated": "76,200 square kilometers",
        "unit": "unit:KiloM2",
        "value kind": "g60:Level",
        "comparator": "g60:Exactly",
        "period": "2023-11-22/2023-11-22",
    }
    assert shown["nodes"] == ["metric: g60r:observation/g60-article-2023-11-22/1037-1082"]
    assert shown["links"][0] == (
        "https://w3id.org/g60kg/resource/article/g60-article-2023-11-22#char=1037,1082"
    )
    assert [
        "g60:refArea",
        "g60r:initiative/g60-science-and-technology-innovation-valley "
        "(G60 Science and Technology Innovation Valley)",
    ] in shown["triples"]
    assert area.get_attribute("class").split() == ["k-metric", "active"]

    # the region mention nested in the membership sentence is clickable on its own
    hefei = next(
        m for m in browser.find_elements(By.CSS_SELECTOR, "mark.k-region") if m.text == "Hefei"
    )
    hefei.click()
    shown = _details(browser)
    assert shown["nodes"] == ["region: Hefei g60r:region/hefei"]
    assert ["owl:sameAs", "wd:Q185684"] in shown["triples"]
    assert ["g60:locatedIn", "g60r:region/anhui (Anhui)"] in shown["triples"]
    assert browser.save_screenshot(str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_script_in_the_article_is_shown_as_text_not_run(browser, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    _open(browser, [write_hostile_graph(tmp_path / "hostile.ttl")], tmp_path / "report.html")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - reading it is the check
    assert browser.execute_script("return window.__xss === undefined;") is True
    text = browser.find_element(By.CSS_SELECTOR, "div.text").text
    assert text == HOSTILE_BODY
    mark = next(
        m
        for m in browser.find_elements(By.CSS_SELECTOR, "mark[data-span]")
        if m.text == "<script>alert(1)</script>"
    )
    mark.click()
    shown = _details(browser)
    assert shown["quote"] == "“<script>alert(1)</script>”"
    assert shown["nodes"] == ['region: "><img src=x onerror="window.__xss=4"> g60r:region/evil']
    assert browser.execute_script("return window.__xss === undefined;") is True
    assert browser.find_elements(By.TAG_NAME, "img") == []
    browser.save_screenshot(str(tmp_path / "hostile.png"))


def test_seed_report_highlights_every_evidence_span_of_the_build(browser, request, tmp_path):
    from rdflib import RDF, URIRef

    pytest.importorskip("g60kg.graph.build")
    graph_file = request.getfixturevalue("seed_graph_file")
    graph = pages_graph([graph_file])
    evidence = {str(s) for s in graph.objects(None, URIRef(EVIDENCE))}
    set_aside = {str(s) for s in graph.subjects(RDF.type, URIRef(SET_ASIDE))}
    _open(browser, [graph_file], tmp_path / "report.html")
    highlighted = browser.execute_script(
        "return new Set(Array.from(document.querySelectorAll('mark[data-span]'))"
        ".map(function(m){return m.getAttribute('data-span');})).size;"
    )
    assert len(evidence) > 9
    assert len(set_aside) == 13
    assert highlighted == len(evidence | set_aside)
    assert browser.find_elements("css selector", "#observations tr")  # header + rows
    rejected = browser.find_elements("css selector", "#rejected tr")
    assert len(rejected) == 1 + 13  # header + one row per set-aside number


def test_report_shows_rejected_numbers_in_their_own_style_with_the_reason(browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    _open(browser, [write_set_aside_graph(tmp_path / "g.ttl")], tmp_path / "report.html")
    marks = browser.find_elements(By.CSS_SELECTOR, "mark.k-rejected")
    assert [(m.text, m.get_attribute("title")) for m in marks] == [
        ("third", "rejected number: rank"),
        ("2023", "rejected number: year"),
    ]
    style = "var s = getComputedStyle(arguments[0]); return [s.borderBottomStyle, s.fontStyle];"
    assert browser.execute_script(style, marks[0]) == ["dashed", "italic"]
    region = browser.find_element(By.CSS_SELECTOR, "mark.k-region")
    assert browser.execute_script(style, region) == ["solid", "normal"]
    legend = browser.find_element(By.CSS_SELECTOR, ".legend .k-rejected")
    assert legend.text == "rejected (2)"

    ActionChains(browser).move_to_element(marks[1]).perform()  # hovering shows the reason
    shown = _details(browser)
    assert shown["heading"] == "rejected span 71-75"
    assert shown["quote"] == "“2023”"
    assert browser.find_element(By.CSS_SELECTOR, "#details p.reason").text == (
        "rejected number: year"
    )
    assert ["g60:setAsideReason", "g60reason:year (year)"] in shown["triples"]
    rows = browser.find_elements(By.CSS_SELECTOR, "#rejected tr")
    assert [r.text for r in rows[1:]] == [
        "third rank g60r:article/set-aside show",
        "2023 year g60r:article/set-aside show",
    ]
    browser.save_screenshot(str(tmp_path / "rejected.png"))
