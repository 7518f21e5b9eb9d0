import logging
import sys

import pytest
from docs_support import FIXTURE_ONTOLOGY

from g60kg.docs.ontology_page import display_graph, ontology_html
from g60kg.docs.sources import pages_graph


@pytest.fixture(scope="module")
def page() -> str:
    return ontology_html([FIXTURE_ONTOLOGY])


def test_page_documents_every_class_and_property(page):
    from rdflib import OWL, RDF, RDFS

    graph = pages_graph([FIXTURE_ONTOLOGY])
    terms = [
        *graph.subjects(RDF.type, OWL.Class),
        *graph.subjects(RDF.type, OWL.ObjectProperty),
        *graph.subjects(RDF.type, OWL.DatatypeProperty),
    ]
    assert len(terms) == 23
    for term in terms:
        assert str(term) in page, term
        assert str(graph.value(term, RDFS.label)) in page, term


def test_page_shows_definitions_domains_and_ranges(page):
    assert "A prefecture-level city of China." in page
    assert "A region that belongs to the initiative." in page
    assert 'href="https://schema.org/AdministrativeArea"' in page  # an alignment


def test_wikidata_matches_become_links(page):
    assert (
        'Wikidata exact match: <a href="http://www.wikidata.org/entity/Q748149">wd:Q748149</a>'
        in (page)
    )
    assert '<a href="http://www.wikidata.org/prop/direct/P131">wdt:P131</a>' in page


def test_display_copy_adds_notes_without_changing_the_ontology():
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    ontology = pages_graph([FIXTURE_ONTOLOGY])
    before = len(ontology)
    display = display_graph(ontology)
    assert len(ontology) == before
    notes = sorted(str(n) for n in display.objects(None, SKOS.note))
    assert len(notes) == len(list(ontology.subject_objects(SKOS.exactMatch))) == 6
    province = URIRef("https://w3id.org/g60kg/ontology#Province")
    assert [str(n) for n in display.objects(province, SKOS.note)] == [
        "Wikidata exact match: [wd:Q1615742](http://www.wikidata.org/entity/Q1615742)"
    ]


def test_rendering_twice_gives_the_same_page(page):
    assert ontology_html([FIXTURE_ONTOLOGY]) == page


def test_importing_pylode_leaves_logging_alone(monkeypatch, capsys):
    # pyLODE 3.3.4 calls logging.basicConfig(level=DEBUG) on import; force a fresh import
    for name in [m for m in sys.modules if m == "pylode" or m.startswith("pylode.")]:
        monkeypatch.delitem(sys.modules, name)
    root = logging.getLogger()
    monkeypatch.setattr(root, "level", logging.WARNING)
    monkeypatch.setattr(root, "handlers", [])  # else its basicConfig does nothing
    ontology_html([FIXTURE_ONTOLOGY])
    assert "pylode" in sys.modules
    assert root.level == logging.WARNING
    assert "DEBUG" not in capsys.readouterr().err
