"""The cue words are read from ontology/cues.ttl, and the extractors use them."""

from __future__ import annotations

import datetime
import re
import shutil
from decimal import Decimal

import pytest
import rdflib

from g60kg.extract import cues, initiatives, metrics, quantities
from g60kg.extract.pipeline import extract_article
from g60kg.namespaces import G60
from g60kg.paths import ontology_dir
from g60kg.text.article import parse_article

CUE = "https://w3id.org/g60kg/cue/"


def _clear_caches() -> None:
    cues.load.cache_clear()
    metrics._cue_words.cache_clear()
    quantities._lexicon.cache_clear()
    initiatives._member_verbs.cache_clear()


@pytest.fixture
def extended_cues(tmp_path, monkeypatch):
    """A copy of ontology/cues.ttl, read instead of the bundled one; the test appends to it."""
    path = tmp_path / "cues.ttl"
    shutil.copy(ontology_dir() / "cues.ttl", path)
    monkeypatch.setattr(cues, "ontology_dir", lambda: tmp_path)
    _clear_caches()
    yield path
    monkeypatch.undo()
    _clear_caches()


def _observations(body: str) -> list[tuple[str, str, str, str]]:
    article = parse_article("Headline\n\n" + body, slug="t", date=datetime.date(2024, 3, 15))
    return [
        (o.measure.rsplit("/", 1)[-1], str(o.value), o.unit.rsplit("/", 1)[-1], o.value_kind)
        for o in extract_article(article).observations
    ]


def test_a_cue_is_read_with_its_forms_stems_value_kind_and_fall():
    fall = {c.iri: c for c in cues.load().cues}[CUE + "fall"]
    assert fall == cues.Cue(
        iri=CUE + "fall",
        label="fall",
        forms=("fall", "fell"),
        reporting_forms=("fell",),
        noun_forms=("fall",),
        stems=("fall",),
        signals=cues.CHANGE,
        falls=True,
    )


def test_cues_are_selected_by_value_kind_and_fall():
    loaded = cues.load()
    shares = [c.label for c in loaded.signalling(cues.SHARE)]
    assert shares == ["account for", "constitute", "contribute", "make up", "represent"]
    falling = [c.label for c in loaded.falling()]
    assert falling[:3] == ["decline", "decrease", "dip"]
    assert "lower" in falling and "grow" not in falling
    assert [c.label for c in loaded.signalling(cues.LEVEL)][:3] == ["amount to", "exceed", "hit"]
    targets = [c.label for c in loaded.cues if c.target]
    assert targets[:4] == ["aim", "expect", "goal", "hope"] and targets[-1] == "will"


def test_multiplying_verbs_are_percent_changes_of_their_factor():
    assert cues.load().multipliers() == {
        "doubled": Decimal(100),
        "tripled": Decimal(200),
        "trebled": Decimal(200),
        "quadrupled": Decimal(300),
    }


def test_fraction_words_give_their_denominator_singular_and_plural():
    denominators = cues.load().denominators()
    assert (denominators["half"], denominators["halves"], denominators["thirds"]) == (2, 2, 3)
    assert denominators["twentieth"] == 20
    assert len(denominators) == 24


def test_cues_pattern_joins_the_forms_and_stems_of_the_cues_given():
    fall = [c for c in cues.load().cues if c.label == "fall"]
    assert cues.cues_pattern(fall) == r"fall\w*|fall|fell"


def test_words_pattern_puts_longest_first_escapes_and_stretches_spaces():
    pattern = cues.words_pattern(["up", "make up", "approx."], ["ris"])
    assert pattern == r"make\s+up|approx\.|ris\w*|up"
    assert re.fullmatch(pattern, "make \n up") and re.fullmatch(pattern, "rising")
    assert not re.fullmatch(pattern, "approxx")


def test_every_cue_has_a_label_and_something_to_match():
    for cue in cues.load().cues:
        assert cue.label, cue.iri
        assert cue.forms or cue.stems, cue.iri


def test_every_g60_term_of_cues_ttl_is_declared_in_the_ontology():
    used = rdflib.Graph().parse(ontology_dir() / "cues.ttl")
    ontology = rdflib.Graph().parse(ontology_dir() / "g60kg.ttl")
    terms = {t for triple in used for t in triple if str(t).startswith(G60)}
    assert rdflib.URIRef(G60 + "signalsFall") in terms
    assert sorted(t for t in terms if (t, rdflib.RDF.type, None) not in ontology) == []


def test_a_fall_verb_added_to_the_turtle_makes_a_negative_change(extended_cues):
    sentence = "Wuhu's exports plummeted 8 percent in 2023."
    assert _observations(sentence) == [("exports", "8", "PERCENT", "Level")]
    with extended_cues.open("a", encoding="utf-8") as f:
        f.write(
            'cue:plummet a g60:Cue ; rdfs:label "plummet"@en ; g60:signals g60:Change ;\n'
            '    g60:signalsFall true ; g60:cueStem "plummet" .\n'
        )
    _clear_caches()
    assert _observations(sentence) == [("exports", "-8", "PERCENT", "Change")]


def test_a_multiplier_and_a_fraction_added_to_the_turtle_are_read(extended_cues):
    assert _observations("In 2023, Chuzhou's exports quintupled.") == []
    with extended_cues.open("a", encoding="utf-8") as f:
        f.write(
            'cue:quintuple a g60:Cue ; rdfs:label "quintuple"@en ; g60:factor 5 ;\n'
            '    g60:cueForm "quintupled" .\n'
            'cue:sixteenth a g60:Cue ; rdfs:label "sixteenth"@en ; g60:denominator 16 ;\n'
            '    g60:cueForm "sixteenth" , "sixteenths" .\n'
        )
    _clear_caches()
    assert _observations("In 2023, Chuzhou's exports quintupled.") == [
        ("exports", "400", "PERCENT", "Change")
    ]
    assert _observations("In 2023, Chuzhou's exports made up three-sixteenths of its GDP.") == [
        ("exports", "18.75", "PERCENT", "Share")
    ]


def test_member_listing_verbs_and_the_spatial_ones_among_them():
    listing = [c for c in cues.load().cues if c.introduces_members]
    assert [c.label for c in listing] == [
        "comprise", "consist of", "cover", "encompass", "include", "made up of", "refer to", "span",
    ]  # fmt: skip
    assert [c.label for c in listing if c.spatial] == ["cover", "encompass", "span"]


def test_a_member_verb_added_to_the_turtle_lists_an_initiatives_members(extended_cues):
    body = "The G60 Science and Technology Innovation Corridor embraces Songjiang and Jiaxing."

    def members() -> list[str]:
        article = parse_article("Headline\n\n" + body, slug="t", date=datetime.date(2024, 3, 15))
        return [
            m.rsplit("/", 1)[-1] for i in extract_article(article).initiatives for m in i.members
        ]

    assert members() == []
    with extended_cues.open("a", encoding="utf-8") as f:
        f.write(
            'cue:embrace a g60:Cue ; rdfs:label "embrace"@en ; g60:introducesMembers true ;\n'
            '    g60:cueStem "embrac" .\n'
        )
    _clear_caches()
    assert members() == ["jiaxing", "songjiang-district"]


def test_a_word_of_intent_added_to_the_turtle_makes_the_figure_a_goal(extended_cues):
    body = (
        "In 2023, Hefei's exports reached 50 billion yuan. "
        "Hefei wishes to lift its exports to 80 billion yuan."
    )
    assert [o[1] for o in _observations(body)] == ["50000000000", "80000000000"]
    with extended_cues.open("a", encoding="utf-8") as f:
        f.write(
            'cue:wish a g60:Cue ; rdfs:label "wish"@en ; g60:signalsTarget true ;\n'
            '    g60:cueForm "wish to" , "wishes to" .\n'
        )
    _clear_caches()
    assert [o[1] for o in _observations(body)] == ["50000000000"]
