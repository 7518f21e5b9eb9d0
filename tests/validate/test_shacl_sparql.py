"""SHACL as SPARQL on pyoxigraph finds what pyshacl finds, and refuses what it cannot do."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from layout import FIXTURES

from g60kg.errors import InputError
from g60kg.graph.rdflib_files import read_graph
from g60kg.paths import ontology_dir
from g60kg.validate import check as validate
from g60kg.validate.large import shacl_findings
from g60kg.validate.shacl_sparql import compile_shapes

G60 = "https://w3id.org/g60kg/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"

# Each update breaks one shape of the seed build in a different way.
BREAKAGES = {
    "two areas": f"""INSERT {{ ?o <{G60}refArea> <https://w3id.org/g60kg/resource/region/china> }}
        WHERE {{ ?o a <{G60}Observation> }}""",
    "area not a region": f"""DELETE {{ ?o <{G60}refArea> ?r }}
        INSERT {{ ?o <{G60}refArea> <https://w3id.org/g60kg/measure/area> }}
        WHERE {{ ?o <{G60}refArea> ?r ; <{G60}unit> <http://qudt.org/vocab/unit/PERCENT> }}""",
    "ill-typed value": f"""DELETE {{ ?o <{G60}value> ?v }}
        INSERT {{ ?o <{G60}value> "lots"^^<{XSD}decimal> }}
        WHERE {{ ?o <{G60}value> ?v ; <{G60}unit> <http://qudt.org/vocab/unit/KiloM2> }}""",
    "string value": f"""DELETE {{ ?o <{G60}value> ?v }} INSERT {{ ?o <{G60}value> "6.79" }}
        WHERE {{ ?o <{G60}value> ?v ; <{G60}unit> <http://qudt.org/vocab/unit/PERCENT> }}""",
    "wrong quote": f"""DELETE {{ ?s <{G60}quote> ?q }} INSERT {{ ?s <{G60}quote> "not it" }}
        WHERE {{ ?s <{G60}quote> ?q ; <{G60}beginIndex> 0 }}""",
    "span backwards": f"""DELETE {{ ?s <{G60}endIndex> ?e }} INSERT {{ ?s <{G60}endIndex> -1 }}
        WHERE {{ ?s <{G60}endIndex> ?e ; <{G60}beginIndex> 0 }}""",
    "bad digest": f"""DELETE {{ ?a <{G60}textSha256> ?d }} INSERT {{ ?a <{G60}textSha256> "ABC" }}
        WHERE {{ ?a <{G60}textSha256> ?d }}""",
    "two English labels": f"""INSERT DATA {{
        <https://w3id.org/g60kg/resource/region/wuhu> <{RDFS}label> "Wu Hu"@en }}""",
    "no English label": f"""DELETE {{ ?r <{RDFS}label> ?l }} WHERE {{
        BIND(<https://w3id.org/g60kg/resource/region/hefei> AS ?r) ?r <{RDFS}label> ?l
        FILTER (lang(?l) = "en") }}""",
    "event without name": f"DELETE {{ ?e <{RDFS}label> ?l }} WHERE {{ ?e a <{G60}Event> ; "
    f"<{RDFS}label> ?l }}",
    "two dates": f"""INSERT {{ ?a <{SCHEMA}datePublished> "2020-01-01"^^<{XSD}date> }}
        WHERE {{ ?a a <{G60}NewsArticle> }}""",
    "period backwards": f"""DELETE {{ ?o <{G60}periodStart> ?s }}
        INSERT {{ ?o <{G60}periodStart> "2099-01-01"^^<{XSD}date> }}
        WHERE {{ ?o <{G60}periodStart> ?s }}""",
    # Last: the breakages above find their observation by its unit.
    "no unit": f"DELETE {{ ?o <{G60}unit> ?u }} WHERE {{ ?o <{G60}unit> ?u }}",
}


def _broken_store(seed_graph_file: Path, tmp_path: Path) -> tuple[ox.Store, Path]:
    store = ox.Store()
    store.bulk_load(path=str(seed_graph_file), format=ox.RdfFormat.TURTLE)
    for update in BREAKAGES.values():
        store.update(update)
    broken = tmp_path / "broken.nt"
    store.dump(output=str(broken), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    store.bulk_load(path=str(ontology_dir() / "g60kg.ttl"), format=ox.RdfFormat.TURTLE)
    return store, broken


@pytest.mark.filterwarnings("ignore:Serializing weird numerical")  # the ill-typed breakage
def test_broken_seed_build_gets_the_same_findings_as_pyshacl(seed_graph_file, tmp_path):
    store, broken = _broken_store(seed_graph_file, tmp_path)
    ours = shacl_findings(store)
    data = read_graph([broken], keep_ill_typed=True)
    ontology = read_graph([ontology_dir() / "g60kg.ttl"])
    shapes = read_graph([ontology_dir() / "shapes.ttl"])
    theirs = validate.shacl_findings(data, shapes, ontology)
    assert len(ours) >= len(BREAKAGES)
    assert sorted(set(ours), key=repr) == sorted(set(theirs), key=repr)


@pytest.mark.filterwarnings("ignore:Serializing weird numerical")
def test_every_breakage_is_found(seed_graph_file, tmp_path):
    store, _ = _broken_store(seed_graph_file, tmp_path)
    found = shacl_findings(store)
    paths = {f.path for f in found}
    assert {
        "g60:unit",
        "g60:refArea",
        "g60:value",
        "g60:quote",
        "g60:beginIndex",
        "g60:textSha256",
        "rdfs:label",
        "schema:datePublished",
        "g60:periodStart",
    } <= paths


def test_seed_build_conforms(seed_graph_file):
    store = ox.Store()
    store.bulk_load(path=str(seed_graph_file), format=ox.RdfFormat.TURTLE)
    assert shacl_findings(store) == []


def test_bad_observation_fixture_matches_pyshacl():
    store = ox.Store()
    store.bulk_load(path=str(FIXTURES / "bad-observation.ttl"), format=ox.RdfFormat.TURTLE)
    store.bulk_load(path=str(ontology_dir() / "g60kg.ttl"), format=ox.RdfFormat.TURTLE)
    data = read_graph([FIXTURES / "bad-observation.ttl"], keep_ill_typed=True)
    ontology = read_graph([ontology_dir() / "g60kg.ttl"])
    shapes = read_graph([ontology_dir() / "shapes.ttl"])
    assert sorted(shacl_findings(store), key=repr) == sorted(
        validate.shacl_findings(data, shapes, ontology), key=repr
    )


def test_unknown_shape_term_is_refused(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:closed true .
        """,
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"uses http://www.w3.org/ns/shacl#closed, which the"):
        compile_shapes(shapes)


def test_non_iri_path_is_refused(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:property <urn:p> .
        <urn:p> sh:path ( <urn:a> <urn:b> ) ; sh:minCount 1 .
        """,
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="only IRI paths are implemented"):
        compile_shapes(shapes)
