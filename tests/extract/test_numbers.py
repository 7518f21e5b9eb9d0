"""Every number of an article gets one decision: an observation or a named reason."""

from __future__ import annotations

import ast
import datetime
import shutil
from pathlib import Path

import pytest
import rdflib

from g60kg.extract import cues, metrics, numbers
from g60kg.extract.facts import Facts
from g60kg.extract.pipeline import extract_article
from g60kg.namespaces import G60REASON, SKOS
from g60kg.paths import ontology_dir
from g60kg.text.article import parse_article
from g60kg.text.normalize import normalize, slugify

# Our own sentences: one or more numbers of every kind the reader decides on.
ARTICLE = """\
Songjiang ranks third as output climbs 8 percent

SHANGHAI, July 30, 2024 /Wire/ -- Songjiang District ranked third among the districts \
of Shanghai in the first half of 2024.

Photo shows the G60 corridor in 2022.

Songjiang's industrial output grew by 8.2 percent to 180 billion yuan (about 25 billion \
U.S. dollars) in the first half.

The district has kept growing for 70 consecutive months, and its 5G network now covers \
every town. It was the first district to open a 24-hour service centre, and its clinics \
recovered from COVID-19 within a year.

The 14th Five-Year Plan names the G60 corridor one of the country's key hubs, and \
hundreds of firms have joined it. Songjiang aims to attract 500 new firms by 2025, and it \
is among the top 10 for patents.

The report was released at 15:30 on Tuesday. Visitors can call the hotline at \
021-5555-0199 or write to No. 88 Century Avenue.
"""

CONTACT = "phone, address or postcode"

# (text, decision, rule), in text order.
DECISIONS = [
    ("third", "rank", "“ranks” before it"),
    ("8 percent", "in the headline", "the headline is not read for facts"),
    ("30", "date", "in the time expression “July 30, 2024”"),
    ("2024", "year", "in the time expression “July 30, 2024”"),
    ("third", "rank", "“ranked” before it"),
    ("first half", "period", "in the time expression “in the first half of 2024”"),
    ("2024", "year", "in the time expression “in the first half of 2024”"),
    ("G60", "part of a name", "in the name “G60 corridor”"),
    ("2022", "year", "in the time expression “in 2022”"),
    ("8.2 percent", "observation", "a possessive before the measure"),
    ("180 billion yuan", "observation", "the figure before it, stated again"),
    ("25 billion U.S. dollars", "currency conversion", "the figure before it, converted"),
    ("first half", "period", "in the time expression “in the first half”"),
    ("70", "duration", "“months” after it"),
    ("5G", "part of a name", "digits glued to letters: a code"),
    ("first", "ordinal", "the ordinal word “first”"),
    ("24", "duration", "“hour” after it"),
    ("COVID-19", "part of a name", "digits glued to letters: a code"),
    ("14th", "period", "in the time expression “The 14th Five-Year Plan”"),
    ("Five", "period", "in the time expression “The 14th Five-Year Plan”"),
    ("G60", "part of a name", "in the name “G60 corridor”"),
    ("one", "nothing counted", "no counted noun or unit after it"),
    ("hundreds", "vague amount", "the vague amount “hundreds”"),
    ("500 new firms", "goal, not a fact", "a word of intent before it"),
    ("2025", "year", "in the time expression “by 2025”"),
    ("10", "rank", "“top” before it"),
    ("15:30", "date", "a time of day"),
    ("021-5555-0199", "phone, address or postcode", "digit groups of a telephone number"),
    ("88", "phone, address or postcode", "“Avenue” after it"),
]


def _facts(raw: str, date: datetime.date | None = datetime.date(2024, 7, 30)) -> Facts:
    return extract_article(parse_article(raw, slug="t", date=date))


def _decisions(facts: Facts) -> list[tuple[str, str, str]]:
    rows = [(o.begin, o.stated, "observation", o.rule) for o in facts.observations]
    rows += [(r.begin, r.text, r.reason, r.rule) for r in facts.rejected]
    return [row[1:] for row in sorted(rows)]


def _body(sentence: str, date: datetime.date | None = datetime.date(2024, 7, 30)):
    """(text, reason) of the rejected numbers of one body sentence."""
    return [(r.text, r.reason) for r in _facts("Headline\n\n" + sentence, date).rejected]


def test_every_number_of_a_written_article_gets_exactly_one_decision():
    facts = _facts(ARTICLE)
    text = facts.article.text
    decided = [(o.begin, o.end) for o in facts.observations]
    decided += [(r.begin, r.end) for r in facts.rejected]
    tokens = numbers.scan(text, normalize(text))
    # 29 decisions; "180 billion", "25 billion" are two numerals each, the phone three
    assert len(tokens) == 33
    for begin, end, _kind in tokens:
        holders = [(b, e) for b, e in decided if b <= begin and end <= e]
        assert len(holders) == 1, text[begin:end]
    assert all(any(b <= t[0] < e for t in tokens) for b, e in decided)
    assert _decisions(facts) == DECISIONS
    for r in facts.rejected:
        assert text[r.begin : r.end] == r.text


def test_a_reason_of_the_metrics_reader_holds_unless_it_only_found_nothing():
    # "currency conversion" is the metrics reader's own finding and stays; its "no
    # measure found" for "10" gives way to what the number is, a rank
    facts = _facts(ARTICLE)
    set_aside = {(s.begin, s.reason) for s in facts.set_aside}
    by_text = {r.text: r for r in facts.rejected}
    conversion, top = by_text["25 billion U.S. dollars"], by_text["10"]
    assert (conversion.begin, "currency conversion") in set_aside
    assert (top.begin, "no measure found") in set_aside
    assert (top.reason, conversion.reason) == ("rank", "currency conversion")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The park opened in the 1990s.", [("1990s", "year")]),
        ("Songjiang District tested the A380 jet.", [("A380", "part of a name")]),
        ("The line runs past the Global 500 List building.", [("500", "part of a name")]),
        ("Phase 2 of the project starts soon.", [("2", "numbering")]),
        ("Songjiang District ranks second-largest by area.", [("second", "rank")]),
        ("Songjiang District grew for a second year.", [("second", "ordinal")]),
        ("Songjiang District grew for three straight years.", [("three", "duration")]),
        ("Write to news@sj2024.example now.", [("news@sj2024.example", CONTACT)]),
        ("Call +86 21 5555 0100 for details.", [("+86 21 5555 0100", CONTACT)]),
        ("Forty-seven is a number we like.", [("Forty-seven", "nothing counted")]),
        ("Tens of thousands came.", [("Tens", "vague amount"), ("thousands", "vague amount")]),
        ("The clinic is open 24/7 now.", [("24/7", "not read")]),
    ],
)
def test_a_number_is_classified_by_its_form_and_neighbours(sentence, expected):
    assert _body(sentence) == expected


def test_numbers_of_the_headline_and_of_a_photo_caption_are_not_read_for_facts():
    facts = _facts(
        "Songjiang exports rise 9 percent\n\nPhoto shows 300 trucks at a port.\n\n"
        "Songjiang District's exports rose 9 percent in 2023."
    )
    assert [(r.text, r.reason) for r in facts.rejected] == [
        ("9 percent", "in the headline"),
        ("300", "in a photo caption"),
        ("2023", "year"),
    ]


def test_a_summary_the_body_says_again_is_read_once():
    lead = "Songjiang District opened 12 new parks in the spring, officials said today."
    facts = _facts(f"Parks\n\n{lead}\n\n{lead} More will follow.")
    assert _decisions(facts) == [
        ("12 new parks", "in a repeated summary", "the body says this paragraph again"),
        ("12 new parks", "observation", "the place the sentence opens with"),
    ]


def test_an_undated_article_still_has_its_time_phrases():
    # without a publication date "this year" resolves to nothing; the phrase is still a time
    sentence = "Songjiang District opened a port in the first half of this year."
    assert _body(sentence, date=None) == [("first half", "period")]


def test_a_rank_word_added_to_the_turtle_is_read(tmp_path, monkeypatch):
    sentence = "Songjiang District was placed 3 in the contest."
    assert _body(sentence) == [("3", "rank")]
    sentence = "Songjiang District was seeded 3 in the contest."
    before = _body(sentence)
    path = tmp_path / "cues.ttl"
    shutil.copy(ontology_dir() / "cues.ttl", path)
    with path.open("a", encoding="utf-8") as f:
        f.write('cue:seed a g60:Cue ; rdfs:label "seed"@en ; g60:setsAside g60reason:rank ;\n')
        f.write('    g60:formBefore "seeded" .\n')
    monkeypatch.setattr(cues, "ontology_dir", lambda: tmp_path)
    cues.load.cache_clear()
    numbers._number_cues.cache_clear()
    try:
        assert _body(sentence) == [("3", "rank")]
    finally:
        monkeypatch.undo()
        cues.load.cache_clear()
        numbers._number_cues.cache_clear()
    assert before != [("3", "rank")]


def _reasons_set_aside_in_the_source() -> set[str]:
    """Every reason the extractors set a quantity aside with, read from their source.

    The metrics reader's ``_set_aside(q, REASON, rule)`` and every
    ``Rejection(text, begin, end, REASON, rule)`` of the readers.
    """
    found = set()
    for path in sorted(Path(metrics.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                at = {"_set_aside": 1, "Rejection": 3}.get(name)
                if at is not None and len(node.args) > at:
                    found.add(node.args[at])
    return {n.value for n in found if isinstance(n, ast.Constant)}


def test_every_reason_given_is_a_concept_of_the_reason_scheme():
    graph = rdflib.Graph().parse(ontology_dir() / "reasons.ttl")
    labels = {str(o): str(s) for s, o in graph.subject_objects(rdflib.URIRef(SKOS + "prefLabel"))}
    given = {
        numbers.YEAR, numbers.DATE, numbers.PERIOD, numbers.ORDINAL, numbers.RANK,
        numbers.NAME, numbers.HEADLINE, numbers.CAPTION, numbers.NOTHING_COUNTED,
        numbers.NOT_READ, numbers.CONTACT, *numbers.FOUND_NOTHING, numbers.REPEATED,
        *_reasons_set_aside_in_the_source(),
    }  # fmt: skip
    assert {
        "currency conversion",
        "event attendance",
        "headline repeated",
        "table figure with no unit",
    } <= given
    assert sorted(given - set(labels)) == []
    for label, iri in labels.items():  # the IRI is the label as a slug
        if iri != G60REASON + "scheme":
            assert iri == G60REASON + slugify(label)
    cue_reasons = {c.sets_aside for c in cues.load().cues if c.sets_aside is not None}
    assert len(cue_reasons) == 8
    assert sorted(cue_reasons - set(numbers.reason_labels())) == []
    assert set(numbers.reason_labels().values()) == set(labels) - {
        "g60kg reasons to set a number aside"
    }


def test_digits_after_the_letters_of_a_code_are_the_code_s():
    text = "Headline\n\nUnit 0A0 opened."
    assert numbers.scan(text, normalize(text)) == [(15, 18, "code")]


def test_a_code_glued_across_a_hyphen_is_one_code():
    text = "Headline\n\nUnit A0-0 opened."
    assert numbers.scan(text, normalize(text)) == [(15, 19, "code")]


def test_a_number_word_glued_to_digits_is_part_of_the_code():
    text = "Headline\n\nModel 0billion shipped."
    assert numbers.scan(text, normalize(text)) == [(16, 24, "code")]


def test_only_ascii_digits_are_numbers():
    text = "Headline\n\nRoom 0,\u0966 opened."
    assert numbers.scan(text, normalize(text)) == [(15, 16, "digits")]
