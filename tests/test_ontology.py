"""ontology/g60kg.ttl: parses everywhere, is OWL 2 DL-shaped, documents every term,
declares the data-model contract, and HermiT finds it consistent."""

from __future__ import annotations

import csv
import re
import shutil
from itertools import combinations
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from g60kg.namespaces import G60, PREFIXES
from g60kg.paths import ontology_dir

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ontology_dir() / "g60kg.ttl"
DATA_MODEL = ROOT / "docs" / "data-model.md"
QIDS = ROOT / "data" / "reference" / "wikidata-qids.tsv"
SCHEMA = rdflib.Namespace(PREFIXES["schema"])
PROV = rdflib.Namespace(PREFIXES["prov"])
QB = rdflib.Namespace(PREFIXES["qb"])
QUDT = rdflib.Namespace(PREFIXES["qudt"])
WDT = rdflib.Namespace(PREFIXES["wdt"])
DCTERMS = rdflib.Namespace(PREFIXES["dcterms"])
G = rdflib.Namespace(G60)
ONTOLOGY_IRI = URIRef("https://w3id.org/g60kg/ontology")
DECLARATION_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
}

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY)


def g60_terms(graph: rdflib.Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(G60)}


def declared(graph: rdflib.Graph, term: URIRef) -> bool:
    return any(t in DECLARATION_TYPES for t in graph.objects(term, RDF.type))


def test_rdflib_and_pyoxigraph_read_the_same_triples(graph):
    quads = list(pyoxigraph.parse(path=str(ONTOLOGY), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(graph) > 400


def test_header_names_version_title_description_licence_creator_and_dates(graph):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert graph.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(
        "https://w3id.org/g60kg/ontology/0.1.0"
    )
    for prop in ("title", "description", "license", "creator", "created", "modified"):
        assert graph.value(ONTOLOGY_IRI, DCTERMS[prop]) is not None, prop
    assert graph.value(ONTOLOGY_IRI, DCTERMS.created).datatype == rdflib.XSD.date


def test_ontology_has_no_blank_nodes_and_so_no_blank_node_classes(graph):
    blanks = [t for t in graph if any(isinstance(x, BNode) for x in t)]
    assert blanks == []
    assert not [c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, BNode)]


def test_every_g60_term_has_an_english_label_and_definition(graph):
    terms = g60_terms(graph)
    assert len(terms) > 60
    for term in terms:
        labels = [o for o in graph.objects(term, RDFS.label) if o.language == "en"]
        definitions = [o for o in graph.objects(term, SKOS.definition) if o.language == "en"]
        assert len(labels) == 1, term
        assert len(definitions) == 1, term


def test_every_g60_term_is_declared_with_one_owl_kind(graph):
    for term in g60_terms(graph):
        kinds = set(graph.objects(term, RDF.type)) & DECLARATION_TYPES
        assert kinds, term
        # no punning: a term is one of class, object/datatype/annotation property, individual
        assert len(kinds) == 1, (term, kinds)


def test_every_g60_term_of_the_data_model_contract_is_declared(graph):
    text = DATA_MODEL.read_text(encoding="utf-8")
    named = set(re.findall(r"g60:([A-Za-z][A-Za-z0-9]*)", text))
    named.discard("wikidataStatus")  # the contract says it is *not* used
    assert {"Region", "refArea", "PercentagePoint", "Nearly", "curated"} <= named
    missing = sorted(n for n in named if not declared(graph, G[n]))
    assert missing == []


def test_every_g60_term_in_the_seed_build_is_declared_in_the_ontology(graph, seed_graph_file):
    built = rdflib.Graph().parse(seed_graph_file)
    used = {t for triple in built for t in triple if isinstance(t, URIRef) and t.startswith(G60)}
    assert {G.Observation, G.refArea, G.evidence, G.Level} <= used
    assert sorted(t for t in used if not declared(graph, t)) == []


def test_object_and_datatype_properties_have_ranges(graph):
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in graph.subjects(RDF.type, kind):
            if prop.startswith(G60) and prop not in (G.refersTo,):
                assert graph.value(prop, RDFS.range) is not None, prop
    assert graph.value(G.value, RDFS.range) == rdflib.XSD.decimal
    assert graph.value(G.refArea, RDFS.range) == G.Territory


def _disjoint(graph: rdflib.Graph, a: URIRef, b: URIRef) -> bool:
    """a and b, or classes above them, are declared disjoint."""
    above_a = set(graph.transitive_objects(a, RDFS.subClassOf))
    above_b = set(graph.transitive_objects(b, RDFS.subClassOf))
    return any(
        (x, OWL.disjointWith, y) in graph or (y, OWL.disjointWith, x) in graph
        for x in above_a
        for y in above_b
    )


def test_core_classes_are_pairwise_disjoint(graph):
    core = ["Region", "Initiative", "Event", "Organization", "Infrastructure"]
    core += ["Observation", "NewsArticle", "TextSpan", "ValueKind", "Comparator"]
    for a, b in combinations(core, 2):
        assert _disjoint(graph, G[a], G[b]), (a, b)


def test_sibling_region_classes_are_pairwise_disjoint(graph):
    kinds = ["Country", "Province", "Municipality", "PrefectureLevelCity", "District"]
    for a, b in combinations([*kinds, "EconomicRegion"], 2):
        assert _disjoint(graph, G[a], G[b]), (a, b)
    assert not _disjoint(graph, G.Region, G.District)


def test_classes_align_to_schema_org_prov_and_data_cube(graph):
    def above(cls):
        return set(graph.transitive_objects(cls, RDFS.subClassOf))

    assert SCHEMA.Place in above(G.PrefectureLevelCity)
    assert SCHEMA.Event in above(G.EventSeries)
    assert SCHEMA.Organization in above(G.NewsAgency)
    assert {SCHEMA.NewsArticle, PROV.Entity} <= above(G.NewsArticle)
    assert {QB.Observation, PROV.Entity} <= above(G.Observation)
    assert (G.PercentagePoint, RDF.type, QUDT.Unit) in graph
    assert (G.unit, RDFS.subPropertyOf, QUDT.unit) in graph


def test_wikidata_alignments_use_only_verified_ids(graph):
    with QIDS.open(encoding="utf-8") as handle:
        verified = {
            row["qid"]
            for row in csv.DictReader(handle, delimiter="\t")
            if row["status"] == "verified"
        }
    knowledge = rdflib.Graph()
    for path in sorted(ontology_dir().glob("*.ttl")):
        knowledge.parse(path)
    used = {
        str(t).rsplit("/", 1)[1]
        for triple in knowledge
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith("http://www.wikidata.org/")
    }
    assert {"Q748149", "Q1615742", "Q1208802", "Q1065118", "Q57305", "Q192283"} <= used
    assert {"P131", "P17", "P2046", "P1082", "P2131"} <= used
    assert {"Q712226", "Q39099", "Q4917"} <= used  # units
    assert used <= verified


def test_measures_are_aligned_in_the_measure_scheme_with_their_export_units(graph):
    measures = rdflib.Graph().parse(ontology_dir() / "measures.ttl")
    g60m = rdflib.Namespace(PREFIXES["g60m"])
    wd = rdflib.Namespace(PREFIXES["wd"])
    unit = rdflib.Namespace(PREFIXES["unit"])
    aligned = {(s, o) for s, o in measures.subject_objects(SKOS.exactMatch)}
    assert aligned == {
        (g60m.area, wd.P2046),
        (g60m.gdp, wd.P2131),
        (g60m.population, wd.P1082),
    }
    assert all((m, RDF.type, SKOS.Concept) in measures for m, _ in aligned)
    assert set(measures.objects(g60m.gdp, G.exportUnit)) == {unit.CCY_CNY, unit.CCY_USD}
    assert (G.exportUnit, RDF.type, OWL.AnnotationProperty) in graph


def test_located_in_and_country_are_wikidata_p131_and_p17(graph):
    assert (G.locatedIn, RDFS.subPropertyOf, WDT.P131) in graph
    assert (G.country, RDFS.subPropertyOf, WDT.P17) in graph
    assert (G.PrefectureLevelCity, SKOS.exactMatch, URIRef(PREFIXES["wd"] + "Q748149")) in graph


def test_value_kinds_and_comparators_are_typed_individuals(graph):
    assert set(graph.subjects(RDF.type, G.ValueKind)) == {G.Level, G.Change, G.Share}
    comparators = {"Exactly", "About", "Nearly", "MoreThan", "AtLeast", "LessThan", "AtMost"}
    assert set(graph.subjects(RDF.type, G.Comparator)) == {G[c] for c in comparators}
    assert (G.Exactly, OWL.differentFrom, G.About) in graph


def test_annotation_properties_used_are_declared(graph):
    builtin = {RDFS.label, RDFS.comment, RDFS.seeAlso, OWL.versionInfo}
    for _s, p, o in graph:
        if isinstance(o, Literal) or p in (SKOS.exactMatch, SKOS.closeMatch):
            if p in builtin or declared(graph, p):
                continue
            kinds = set(graph.objects(p, RDF.type))
            assert kinds & {OWL.AnnotationProperty, OWL.DatatypeProperty}, p


@pytest.mark.integration
@needs_java
def test_hermit_finds_the_ontology_consistent_with_no_unsatisfiable_class(graph):
    from g60kg.validate.check import CONSISTENT, owl_findings

    assert owl_findings(rdflib.Graph(), graph) == (CONSISTENT, [])


def _hermit_jar() -> Path:
    import owlready2

    return Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"


@pytest.mark.integration
@pytest.mark.skipif(
    shutil.which("javac") is None, reason="the OWL API profile check runs Java source (needs a JDK)"
)
@pytest.mark.parametrize("with_seed", [False, True], ids=["ontology", "ontology+seed-build"])
def test_owl_api_finds_the_ontology_in_the_owl2_dl_profile(tmp_path, graph, with_seed, request):
    import subprocess

    union = rdflib.Graph() + graph
    if with_seed:
        union.parse(request.getfixturevalue("seed_graph_file"))
    document = tmp_path / "union.nt"
    union.serialize(document, format="nt", encoding="utf-8")
    checker = ROOT / "tests" / "java" / "Owl2DlProfile.java"
    result = subprocess.run(
        ["java", "-cp", str(_hermit_jar()), str(checker), str(document)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("axioms ")
    assert int(result.stdout.split()[1]) > 500
