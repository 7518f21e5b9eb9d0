import pytest
from docs_support import FIXTURE_GRAPH

from g60kg.docs.sources import curie, label, pages_graph
from g60kg.errors import InputError


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"^.*nope\.ttl: no such file$"):
        pages_graph([tmp_path / "nope.ttl"])


def test_broken_turtle_names_the_file(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        pages_graph([bad])
    message = str(caught.value)
    assert message == f"{bad}: line 1, column 8: objectList expected"
    assert "\n" not in message


def test_curie_uses_project_prefixes_and_falls_back_to_the_iri():
    from rdflib import URIRef

    graph = pages_graph([])
    assert curie(graph, URIRef("https://w3id.org/g60kg/ontology#Region")) == "g60:Region"
    assert (
        curie(graph, URIRef("https://w3id.org/g60kg/resource/region/suzhou-jiangsu"))
        == "g60r:region/suzhou-jiangsu"
    )
    span = "https://w3id.org/g60kg/resource/article/a#char=1,2"
    assert curie(graph, URIRef(span)) == span
    assert curie(graph, URIRef("urn:x:y")) == "urn:x:y"


def test_label_prefers_english_labels_then_headline():
    from rdflib import URIRef

    graph = pages_graph([FIXTURE_GRAPH])
    region = URIRef("https://w3id.org/g60kg/resource/region/songjiang-district")
    article = URIRef("https://w3id.org/g60kg/resource/article/g60-article-2023-11-22")
    assert label(graph, region) == "Songjiang District"
    assert label(graph, article).startswith("Xinhua Silk Road: G60 S&T Innovation Valley")
