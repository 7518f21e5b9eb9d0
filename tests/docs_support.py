"""Small graphs for the tests of ``g60kg docs``, written the way docs/data-model.md says."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "docs"
FIXTURE_GRAPH = FIXTURES / "graph.ttl"
FIXTURE_ONTOLOGY = FIXTURES / "ontology.ttl"
FIXTURE_MEASURES = FIXTURES / "measures.ttl"

#: The nine member regions the seed article names (labels as in the fixture graph).
NINE_MEMBERS = (
    "Songjiang",
    "Suzhou",
    "Hangzhou",
    "Huzhou",
    "Jiaxing",
    "Jinhua",
    "Hefei",
    "Wuhu",
    "Xuancheng",
)

ARTICLE = "https://w3id.org/g60kg/resource/article/test-article"


def add_span(graph, article, begin: int, end: int, quote: str):
    """Add a g60:TextSpan of ``article`` (``<article#char=begin,end>``) and return its IRI."""
    from rdflib import RDF, Literal, Namespace, URIRef

    g60 = Namespace("https://w3id.org/g60kg/ontology#")
    span = URIRef(f"{article}#char={begin},{end}")
    graph.add((span, RDF.type, g60.TextSpan))
    graph.add((span, g60.inArticle, article))
    graph.add((span, g60.beginIndex, Literal(begin)))
    graph.add((span, g60.endIndex, Literal(end)))
    graph.add((span, g60.quote, Literal(quote)))
    return span


def article_graph(body: str, mentions: list[tuple[str, str, str, str]]) -> str:
    """Turtle for one article and mention spans: (phrase, entity slug, class, label).

    Each phrase is found in ``body`` (first occurrence); the entity gets a
    ``g60:evidence`` link to the span and the span a ``g60:refersTo``.
    """
    from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

    g60 = Namespace("https://w3id.org/g60kg/ontology#")
    schema = Namespace("https://schema.org/")
    graph = Graph()
    article = URIRef(ARTICLE)
    graph.add((article, RDF.type, g60.NewsArticle))
    graph.add((article, schema.headline, Literal("Test <b>headline</b>", lang="en")))
    graph.add((article, schema.articleBody, Literal(body)))
    for phrase, slug, cls, label in mentions:
        begin = body.index(phrase)
        end = begin + len(phrase)
        span = add_span(graph, article, begin, end, phrase)
        entity = URIRef(f"https://w3id.org/g60kg/resource/{slug}")
        graph.add((span, g60.refersTo, entity))
        graph.add((entity, g60.evidence, span))
        graph.add((entity, RDF.type, g60[cls]))
        graph.add((entity, RDFS.label, Literal(label, lang="en")))
    return graph.serialize(format="turtle")


#: An article whose text and labels try to run script; the report must show them as text.
HOSTILE_BODY = (
    "Hefei said <script>alert(1)</script> and <script>window.__xss = 1</script> "
    'then <img src=x onerror="window.__xss = 2"> and </script><b>bold?</b> & more.'
)
HOSTILE_MENTIONS = [
    ("Hefei", "region/hefei", "PrefectureLevelCity", "Hefei <script>window.__xss = 3</script>"),
    (
        "<script>alert(1)</script>",
        "region/evil",
        "Region",
        '"><img src=x onerror="window.__xss=4">',
    ),
]


def write_hostile_graph(path: Path) -> Path:
    """The hostile article as Turtle at ``path``."""
    path.write_text(article_graph(HOSTILE_BODY, HOSTILE_MENTIONS), encoding="utf-8")
    return path


CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@contextmanager
def headless_chromium(profile: Path) -> Iterator:
    """A Selenium driver for headless Chromium (Debian ``chromium`` + ``chromium-driver``).

    Selenium is given the driver path, so Selenium Manager never downloads
    anything; the browser runs with the fresh ``profile`` folder and
    background networking off. Skips the test when the browser is missing.
    """
    import pytest

    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.skip(
            f"no browser: {', '.join(missing)} missing (apt-get install chromium "
            "chromium-driver; .ci/run does)"
        )
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


#: An article of our own with two numbers extraction sets aside: a rank and a year.
SET_ASIDE_ARTICLE = "Hefei holds its place\n\nHefei ranked third among the cities of Anhui in 2023."


def write_set_aside_graph(path: Path) -> Path:
    """The built graph (with the ontology files) of :data:`SET_ASIDE_ARTICLE` at ``path``."""
    import datetime

    from g60kg.extract.pipeline import extract_article
    from g60kg.graph.rdf import facts_triples, ontology_triples
    from g60kg.graph.turtle import write_turtle
    from g60kg.text.article import parse_article

    article = parse_article(SET_ASIDE_ARTICLE, slug="set-aside", date=datetime.date(2024, 3, 1))
    write_turtle([*ontology_triples(), *facts_triples(extract_article(article))], path)
    return path


# -- a graph for the figures page ------------------------------------------------------

G60 = "https://w3id.org/g60kg/ontology#"
G60R = "https://w3id.org/g60kg/resource/"
G60M = "https://w3id.org/g60kg/measure/"
UNIT = "http://qudt.org/vocab/unit/"
FIGURE_ARTICLE = G60R + "article/test-figures"

#: Sentences written for these tests (the figures are invented), and the
#: observation each states: region, measure, value, unit, kind, comparator, period.
FIGURE_SENTENCES = [
    ("Jiaxing's GDP reached 700 billion yuan in 2022.", "jiaxing", "gdp", "700000000000",
     "CCY_CNY", "Level", "Exactly", "2022-01-01", "2022-12-31"),
    ("Jiaxing's GDP reached 735.2 billion yuan in 2023.", "jiaxing", "gdp", "735200000000",
     "CCY_CNY", "Level", "Exactly", "2023-01-01", "2023-12-31"),
    ("Huzhou's GDP reached 380 billion yuan in 2022.", "huzhou", "gdp", "380000000000",
     "CCY_CNY", "Level", "Exactly", "2022-01-01", "2022-12-31"),
    ("Huzhou's GDP reached more than 400 billion yuan in 2023.", "huzhou", "gdp",
     "400000000000", "CCY_CNY", "Level", "MoreThan", "2023-01-01", "2023-12-31"),
    ("Jinhua's GDP grew by 5.1 percent in 2023.", "jinhua", "gdp", "5.1", "PERCENT", "Change",
     "Exactly", "2023-01-01", "2023-12-31"),
    ("Jiaxing covers 4,237 square kilometers.", "jiaxing", "area", "4237", "KiloM2", "Level",
     "Exactly", "2024-02-20", "2024-02-20"),
    ("Huzhou covers 5,820 square kilometers.", "huzhou", "area", "5820", "KiloM2", "Level",
     "Exactly", "2024-02-20", "2024-02-20"),
    ("Jinhua's permanent population reached 7.1 million in 2023.", "jinhua", "population",
     "7100000", "NUM", "Level", "Exactly", "2023-01-01", "2023-12-31"),
]  # fmt: skip
FIGURE_LABELS = {
    G60R + "region/jiaxing": "Jiaxing",
    G60R + "region/huzhou": "Huzhou",
    G60R + "region/jinhua": "Jinhua",
    G60M + "gdp": "gross domestic product",
    G60M + "area": "area",
    G60M + "population": "population",
    UNIT + "CCY_CNY": "Chinese yuan",
    UNIT + "PERCENT": "percent",
    UNIT + "KiloM2": "square kilometre",
    UNIT + "NUM": "number (count)",
}


def figure_spans() -> list[tuple[int, int]]:
    """(begin, end) of each sentence in the article body (sentences joined by a space)."""
    out, begin = [], 0
    for sentence, *_ in FIGURE_SENTENCES:
        out.append((begin, begin + len(sentence)))
        begin += len(sentence) + 1
    return out


def figure_link(begin: int, end: int) -> str:
    return f"report.html#span=article/test-figures%23char={begin},{end}"


def write_figures_graph(path: Path) -> Path:
    """The article, its sentence spans and observations, as docs/data-model.md says."""
    from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import SKOS

    g60 = Namespace(G60)
    schema = Namespace("https://schema.org/")
    graph = Graph()
    article = URIRef(FIGURE_ARTICLE)
    graph.add((article, RDF.type, g60.NewsArticle))
    graph.add((article, schema.headline, Literal("Figures for the charts", lang="en")))
    graph.add((article, schema.articleBody, Literal(" ".join(s[0] for s in FIGURE_SENTENCES))))
    for iri, text in FIGURE_LABELS.items():
        prop = SKOS.prefLabel if iri.startswith(G60M) else RDFS.label
        graph.add((URIRef(iri), prop, Literal(text, lang="en")))
    for (sentence, region, measure, value, unit, kind, comparator, start, end), (b, e) in zip(
        FIGURE_SENTENCES, figure_spans(), strict=True
    ):
        span = add_span(graph, article, b, e, sentence)
        obs = URIRef(f"{G60R}observation/test-figures/{b}-{e}")
        graph.add((obs, RDF.type, g60.Observation))
        graph.add((obs, g60.refArea, URIRef(G60R + "region/" + region)))
        graph.add((obs, g60.measure, URIRef(G60M + measure)))
        graph.add((obs, g60.value, Literal(value, datatype=XSD.decimal)))
        graph.add((obs, g60.unit, URIRef(UNIT + unit)))
        graph.add((obs, g60.valueKind, g60[kind]))
        graph.add((obs, g60.comparator, g60[comparator]))
        graph.add((obs, g60.periodStart, Literal(start, datatype=XSD.date)))
        graph.add((obs, g60.periodEnd, Literal(end, datatype=XSD.date)))
        graph.add((obs, g60.evidence, span))
    graph.serialize(path, format="turtle")
    return path
