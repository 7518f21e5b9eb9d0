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
        span = URIRef(f"{ARTICLE}#char={begin},{end}")
        entity = URIRef(f"https://w3id.org/g60kg/resource/{slug}")
        graph.add((span, RDF.type, g60.TextSpan))
        graph.add((span, g60.inArticle, article))
        graph.add((span, g60.beginIndex, Literal(begin)))
        graph.add((span, g60.endIndex, Literal(end)))
        graph.add((span, g60.quote, Literal(phrase)))
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
    from g60kg.graph.rdf import to_graph
    from g60kg.text.article import parse_article

    article = parse_article(SET_ASIDE_ARTICLE, slug="set-aside", date=datetime.date(2024, 3, 1))
    path.write_text(to_graph([extract_article(article)]).serialize(format="turtle"), "utf-8")
    return path
