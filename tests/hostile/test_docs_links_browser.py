"""Every link on the pages of a graph full of ``javascript:`` IRIs, clicked in headless Chromium.

A graph may use any IRI scheme; the report and the measure page must only link
http(s) IRIs, so clicking anything on them never runs script from the graph.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docs_support import headless_chromium

from g60kg.docs import build_docs, default_ontology

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def _js(n: int) -> str:
    return f"javascript:window.__xss={n}"


HOSTILE_GRAPH = f"""
@prefix g60: <https://w3id.org/g60kg/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<{_js(1)}> a g60:NewsArticle ;
    schema:headline "Hefei grows"@en ;
    schema:articleBody "Hefei grew 5 percent in 2023." .

<{_js(1)}#char=0,5> a g60:TextSpan ; g60:inArticle <{_js(1)}> ;
    g60:beginIndex 0 ; g60:endIndex 5 ; g60:quote "Hefei" ; g60:refersTo <{_js(3)}> .

<{_js(1)}#char=6,20> a g60:TextSpan ; g60:inArticle <{_js(1)}> ;
    g60:beginIndex 6 ; g60:endIndex 20 ; g60:quote "grew 5 percent" .

<{_js(3)}> a g60:Region ; rdfs:label "Hefei"@en ; g60:evidence <{_js(1)}#char=0,5> ;
    g60:locatedIn <{_js(8)}> ; owl:sameAs <http://www.wikidata.org/entity/Q185684> .

<{_js(4)}> a g60:Observation ; g60:refArea <{_js(3)}> ; g60:measure <{_js(6)}> ;
    g60:value 5.0 ; g60:statedValue "5 percent"@en ; g60:unit <{_js(9)}> ;
    g60:evidence <{_js(1)}#char=6,20> .

<{_js(7)}> a g60:Initiative ; rdfs:label "An initiative"@en ; g60:memberRegion <{_js(3)}> .
"""

HOSTILE_MEASURES = f"""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

<{_js(20)}> a skos:ConceptScheme ; skos:prefLabel "Measures"@en .

<{_js(6)}> a skos:Concept ; skos:inScheme <{_js(20)}> ; skos:prefLabel "growth"@en ;
    skos:exactMatch <{_js(21)}> , <data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==> ,
        <http://www.wikidata.org/entity/Q1> .

<https://w3id.org/g60kg/measure/area> a skos:Concept ; skos:inScheme <{_js(20)}> ;
    skos:prefLabel "area"@en ; skos:broader <{_js(6)}> .
"""

# Record each click on a link; keep web links from leaving the page (the network is not
# the point), and let every other link do what it would do for a reader.
_WATCH = """
window.__clicked = [];
document.addEventListener('click', function(e){
  var a = e.target.closest ? e.target.closest('a') : null;
  if(!a){return;}
  window.__clicked.push(a.getAttribute('href'));
  if(/^(https?|file):/.test(a.href)){e.preventDefault();}
}, true);
"""
_CLICK_ALL = """
var links = Array.from(document.querySelectorAll('a'));
links.forEach(function(a){ a.click(); });
return links.length;
"""
# A javascript: link runs as a queued task: let queued tasks run before reading the flag.
_SETTLE = """
var done = arguments[arguments.length - 1];
setTimeout(function(){ done(window.__xss); }, 300);
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with headless_chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        driver.set_script_timeout(30)
        yield driver


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-docs")
    data, measures = folder / "graph.ttl", folder / "measures.ttl"
    data.write_text(HOSTILE_GRAPH, encoding="utf-8")
    measures.write_text(HOSTILE_MEASURES, encoding="utf-8")
    out = folder / "docs"
    build_docs(out, data, default_ontology(), measures)
    return out


def _click_every_link(browser, page: Path, before_each=None) -> list[str]:
    browser.get(page.as_uri())
    browser.execute_script(_WATCH)
    rounds = before_each(browser) if before_each else [None]
    for prepare in rounds:
        if prepare is not None:
            browser.execute_script(prepare)
        browser.execute_script(_CLICK_ALL)
    assert browser.execute_async_script(_SETTLE) is None  # no script from the graph ran
    assert browser.current_url == page.as_uri()
    return browser.execute_script("return window.__clicked;")


def test_the_measure_page_links_only_web_iris(browser, pages):
    clicked = _click_every_link(browser, pages / "measures.html")
    assert sorted(clicked) == [
        "http://www.wikidata.org/entity/Q1",
        "https://w3id.org/g60kg/measure/area",
    ]
    text = browser.find_element("tag name", "body").text
    assert _js(21) in text and _js(6) in text  # shown, not linked


def test_every_link_of_the_report_and_its_details_is_a_web_link(browser, pages):
    def each_span(driver) -> list[str]:
        ids = driver.execute_script(
            "return Array.from(new Set(Array.from(document.querySelectorAll('mark[data-span]'))"
            ".map(function(m){return m.getAttribute('data-span');})));"
        )
        assert len(ids) == 2
        # Clicking a highlighted span fills the details panel with links drawn by report.js.
        return [None] + [f"document.querySelector('mark[data-span=\"{i}\"]').click();" for i in ids]

    clicked = _click_every_link(browser, pages / "report.html", each_span)
    assert clicked, "the report has links to click"
    assert {href for href in clicked if not href.startswith(("http://", "https://"))} == set()
    assert "http://www.wikidata.org/entity/Q185684" in clicked
    panel = browser.find_element("id", "details").text
    assert _js(3) in panel  # the region's IRI is shown as text


def test_the_pages_were_written_with_no_javascript_href(pages):
    for name in ("report.html", "measures.html"):
        assert 'href="javascript:' not in (pages / name).read_text(encoding="utf-8")
