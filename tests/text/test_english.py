"""English month names and number words, the one table every reader takes them from."""

from __future__ import annotations

import re

import pytest

from g60kg.extract import cues
from g60kg.text import english


@pytest.mark.parametrize(
    ("word", "number"),
    [("January", 1), ("Jan.", 1), ("JAN", 1), ("May", 5), ("Sept.", 9), ("sep", 9), ("Dec", 12)],
)
def test_month_number_reads_every_spelling(word, number):
    assert english.month_number(word) == number


@pytest.mark.parametrize(
    "printed", ["Nov.", "November", "Sept.", "Sep", "September", "May", "June", "Jun", "July"]
)
def test_the_month_pattern_matches_full_names_and_abbreviations(printed):
    assert re.fullmatch(english.MONTH, printed, re.IGNORECASE)
    assert re.fullmatch(english.month_pattern(capitalised=True), printed)


@pytest.mark.parametrize("printed", ["Jun.", "May.", "Nove", "Mays", "nov."])
def test_the_capitalised_month_pattern_refuses_other_words(printed):
    # "Jun." and "May." carry no abbreviation dot; lower case is not a dateline's month
    assert re.fullmatch(english.month_pattern(capitalised=True), printed) is None


def test_without_the_dot_an_abbreviation_stops_before_it():
    assert re.match(english.month_pattern(dot=False), "nov. 22").group() == "nov"
    assert re.match(english.MONTH, "nov. 22").group() == "nov."


def test_the_dotted_abbreviations_are_the_month_stems_and_sept():
    assert sorted(english.MONTH_ABBREVIATIONS) == [
        "apr", "aug", "dec", "feb", "jan", "jul", "jun", "mar", "nov", "oct", "sep", "sept",
    ]  # fmt: skip


def test_number_words_are_the_cardinals_scales_and_dozen():
    assert english.ONES["nineteen"] == 19 and english.TENS["ninety"] == 90
    assert {"dozen", "hundred", "trillion"} <= english.NUMBER_WORDS
    assert len(english.NUMBER_WORDS) == 20 + 8 + 5 + 1
    assert english.UP_TO_TWELVE[0] == "one" and english.UP_TO_TWELVE[-1] == "twelve"


def test_the_number_word_cues_spell_the_same_words():
    """ontology/cues.ttl says why a spelled-out number is no fact; its words are these."""
    loaded = {c.iri.rsplit("/", 1)[-1]: set(c.number_forms) for c in cues.load().cues}
    assert loaded["number-word"] == set(english.NUMBER_WORDS)
    assert set(english.ORDINALS) <= loaded["ordinal-word"]
