"""ontology/shapes.ttl: each shape rejects a crafted bad graph with a message
naming the property, and the good fixture passes."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import rdflib
from layout import FIXTURES
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from g60kg.namespaces import G60, PREFIXES
from g60kg.paths import ontology_dir
from g60kg.validate.check import Finding, shacl_findings

G = rdflib.Namespace(G60)
SCHEMA = rdflib.Namespace(PREFIXES["schema"])
PROV = rdflib.Namespace(PREFIXES["prov"])
R = PREFIXES["g60r"]
OBS = URIRef(R + "observation/fixture/26-82")
SPAN = URIRef(R + "article/fixture#char=26,82")
ARTICLE = URIRef(R + "article/fixture")
REGION = URIRef(R + "region/shanghai")
EVENT = URIRef(R + "event/fixture-conference")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_dir() / "g60kg.ttl")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_dir() / "shapes.ttl")


@pytest.fixture
def check(ontology, shapes) -> Callable[[Callable[[rdflib.Graph], object]], list[Finding]]:
    """Apply a change to the good fixture and return the SHACL findings."""

    def run(change: Callable[[rdflib.Graph], object]) -> list[Finding]:
        data = rdflib.Graph().parse(FIXTURES / "good.ttl")
        change(data)
        return shacl_findings(data, shapes, ontology)

    return run


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def test_good_fixture_conforms(check):
    assert check(lambda g: None) == []


def test_observation_without_unit_is_rejected_naming_unit(check):
    f = only(check(lambda g: g.remove((OBS, G.unit, None))))
    assert (f.focus, f.path) == ("g60r:observation/fixture/26-82", "g60:unit")
    assert f.message.startswith("g60:unit:")


def test_observation_with_two_units_is_rejected(check):
    f = only(check(lambda g: g.add((OBS, G.unit, URIRef(PREFIXES["unit"] + "PERCENT")))))
    assert f.path == "g60:unit"


def test_value_that_is_not_a_decimal_is_rejected_naming_value(check):
    f = only(check(lambda g: g.set((OBS, G.value, Literal("76200", datatype=XSD.double)))))
    assert f.path == "g60:value" and f.value.endswith("^^xsd:double")
    assert "g60:value" in f.message and "xsd:decimal" in f.message


def test_integer_value_is_rejected_because_the_contract_says_decimal(check):
    f = only(check(lambda g: g.set((OBS, G.value, Literal(76200)))))
    assert f.path == "g60:value"


def test_period_ending_before_it_starts_is_rejected_naming_period_start(check):
    f = only(check(lambda g: g.set((OBS, G.periodStart, Literal("2023-12-01", datatype=XSD.date)))))
    assert f.path == "g60:periodStart"
    assert "g60:periodEnd" in f.message


def test_comparison_period_ending_before_it_starts_is_rejected(check):
    def change(g):
        g.add((OBS, G.comparisonPeriodStart, Literal("2022-12-31", datatype=XSD.date)))
        g.add((OBS, G.comparisonPeriodEnd, Literal("2022-01-01", datatype=XSD.date)))

    assert only(check(change)).path == "g60:comparisonPeriodStart"


def test_observation_without_evidence_is_rejected_naming_evidence(check):
    f = only(check(lambda g: g.remove((OBS, G.evidence, None))))
    assert f.path == "g60:evidence" and f.message.startswith("g60:evidence:")


def test_observation_not_derived_from_an_article_is_rejected(check):
    f = only(check(lambda g: g.remove((OBS, PROV.wasDerivedFrom, None))))
    assert f.path == "prov:wasDerivedFrom"


@pytest.mark.parametrize("prop", ["refArea", "measure", "valueKind"])
def test_observation_missing_a_required_property_is_rejected(check, prop):
    assert only(check(lambda g: g.remove((OBS, G[prop], None)))).path == f"g60:{prop}"


def test_two_comparators_are_rejected(check):
    f = only(check(lambda g: g.add((OBS, G.comparator, G.About))))
    assert f.path == "g60:comparator"


def test_ref_area_that_is_not_a_territory_is_rejected(check):
    assert only(check(lambda g: g.set((OBS, G.refArea, EVENT)))).path == "g60:refArea"


def test_span_whose_begin_is_not_before_end_is_rejected(check):
    findings = check(lambda g: g.set((SPAN, G.beginIndex, Literal(82))))
    assert "g60:beginIndex" in {f.path for f in findings}


def test_span_without_quote_is_rejected_naming_quote(check):
    f = only(check(lambda g: g.remove((SPAN, G.quote, None))))
    assert f.path == "g60:quote"


def test_quote_that_differs_from_the_article_text_is_rejected(check):
    f = only(check(lambda g: g.set((SPAN, G.quote, Literal("The valley has a total")))))
    assert (f.focus, f.path) == ("g60r:article/fixture#char=26,82", "g60:quote")
    assert f.value == '"The valley has a total"'
    assert f.message.startswith("g60:quote: the quote is not the article text")


def test_offsets_that_select_other_text_are_rejected_naming_quote(check):
    def change(g):
        g.set((SPAN, G.beginIndex, Literal(27)))
        g.set((SPAN, G.endIndex, Literal(83)))

    assert only(check(change)).path == "g60:quote"


def test_text_digest_that_does_not_match_the_body_is_rejected(check):
    f = only(check(lambda g: g.set((ARTICLE, G.textSha256, Literal("0" * 64)))))
    assert f.path == "g60:textSha256" and "SHA-256" in f.message


def test_region_without_english_label_is_rejected(check):
    def change(g):
        g.remove((REGION, RDFS.label, Literal("Shanghai", lang="en")))

    f = only(check(change))
    assert (f.focus, f.path) == ("g60r:region/shanghai", "rdfs:label")


def test_region_with_two_english_labels_is_rejected(check):
    f = only(check(lambda g: g.add((REGION, RDFS.label, Literal("Hu", lang="en")))))
    assert f.path == "rdfs:label"


def test_event_without_name_is_rejected(check):
    f = only(check(lambda g: g.remove((EVENT, RDFS.label, None))))
    assert (f.focus, f.path) == ("g60r:event/fixture-conference", "rdfs:label")


@pytest.mark.parametrize("prop", ["headline", "datePublished"])
def test_article_without_headline_or_date_is_rejected(check, prop):
    f = only(check(lambda g: g.remove((ARTICLE, SCHEMA[prop], None))))
    assert f.path == f"schema:{prop}" and f.message.startswith(f"schema:{prop}:")


def test_shapes_reach_subclasses_through_the_ontology(check):
    # a District is a Region only via rdfs:subClassOf in the ontology graph
    def change(g):
        g.set((REGION, RDF.type, G.District))
        g.remove((REGION, RDFS.label, Literal("Shanghai", lang="en")))

    assert only(check(change)).path == "rdfs:label"


def _set_aside_number(g: rdflib.Graph, reason: URIRef | None) -> URIRef:
    """A number of the fixture article set aside ("6th" of "the 6th China ...")."""
    node = URIRef(R + "article/fixture#char=1,4")
    g.add((node, RDF.type, G.SetAsideNumber))
    g.add((node, RDF.type, G.TextSpan))
    g.add((node, G.inArticle, ARTICLE))
    g.add((node, G.beginIndex, Literal(1)))
    g.add((node, G.endIndex, Literal(4)))
    body = str(g.value(ARTICLE, SCHEMA.articleBody))
    g.add((node, G.quote, Literal(body[1:4])))
    if reason is not None:
        g.add((node, G.setAsideReason, reason))
    return node


def test_a_set_aside_number_with_its_reason_conforms(check):
    def change(g):
        reason = URIRef(PREFIXES["g60reason"] + "ordinal")
        g.add((reason, RDF.type, G.SetAsideReason))
        _set_aside_number(g, reason)

    assert check(change) == []


def test_a_set_aside_number_needs_one_reason_of_the_scheme(check):
    f = only(check(lambda g: _set_aside_number(g, None)))
    assert (f.focus, f.path) == ("g60r:article/fixture#char=1,4", "g60:setAsideReason")
    assert f.message.startswith("g60:setAsideReason: ")
    f = only(check(lambda g: _set_aside_number(g, REGION)))  # a region is no reason
    assert f.path == "g60:setAsideReason"


def test_every_constraint_has_a_message_naming_a_property(shapes):
    SH = rdflib.Namespace(PREFIXES["sh"])
    constraints = set(shapes.subjects(SH.path, None))
    assert len(constraints) > 20
    for node in constraints:
        message = str(shapes.value(node, SH.message))
        assert re.match(r"^(g60|schema|prov|rdfs):[A-Za-z0-9]+: ", message), node


def test_every_g60_iri_in_the_shapes_is_declared_in_the_ontology(ontology, shapes):
    used = {t for triple in shapes for t in triple if isinstance(t, URIRef) and t.startswith(G60)}
    used |= {URIRef(G60 + n) for n in re.findall(r"ontology#(\w+)", shapes.serialize())}
    assert len(used) > 20
    undeclared = sorted(t for t in used if (t, RDF.type, None) not in ontology)
    assert undeclared == []
