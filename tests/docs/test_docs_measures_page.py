import re

from docs_support import FIXTURE_GRAPH, FIXTURE_MEASURES

from g60kg.docs.measures_page import measures_html
from g60kg.docs.sources import pages_graph


def _page(*files) -> str:
    return measures_html(pages_graph(files))


def test_every_measure_is_listed_once_with_its_phrases():
    page = _page(FIXTURE_MEASURES)
    assert re.findall(r'<li id="([^"]+)"', page) == [
        "g60m:area",
        "g60m:investment",
        "g60m:total-investment-in-projects",
    ]
    assert "phrases: <q>total investment in projects landed</q>" in page
    assert '<a href="http://www.wikidata.org/prop/direct/P2046">Wikidata wdt:P2046</a>' in page
    assert "<h1>g60kg measures</h1>" in page


def test_narrower_measures_nest_under_broader_ones():
    page = _page(FIXTURE_MEASURES)
    investment = page.index('<li id="g60m:investment"')
    nested = page.index('<ul><li id="g60m:total-investment-in-projects"')
    assert investment < nested < page.index("</li></ul></li>", investment)


def test_measures_only_in_the_data_are_marked_not_curated():
    page = _page(FIXTURE_MEASURES, FIXTURE_GRAPH)
    item = re.search(r'<li id="g60m:contracted-foreign-capital".*?</li>', page).group(0)
    assert '<span class="uncurated">not curated</span>' in item
    area = re.search(r'<li id="g60m:area".*?</li>', page).group(0)
    assert "not curated" not in area
