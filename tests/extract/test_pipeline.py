"""The whole extraction never crashes and every span quotes the text it indexes."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from g60kg.extract import numbers
from g60kg.extract.facts import Facts
from g60kg.extract.pipeline import extract_article
from g60kg.text.article import parse_article
from g60kg.text.invisible import INVISIBLE, visible_text
from g60kg.text.normalize import normalize

WORDS = [
    "In", "Songjiang", "Songjiang's", "Suzhou", "City", "of", "Anhui", "Province", ",", ".",
    "the", "valley", "these", "cities", "GDP", "grew", "by", "25", "percent", "reached",
    "1.29", "trillion", "yuan", "accounts", "for", "more", "than", "60", "this", "year",
    "compared", "to", "same", "period", "last", "The", "6th", "China", "International",
    "Import", "Expo", "(CIIE)", "Forum", "was", "held", "in", "Shanghai", "recently",
    "G60", "S&T", "Innovation", "Valley", "refers", "Hefei", "and", "Wuhu", "\u00a0",
    "\u2019s", "\u2014", "\n\n", "named", "after", "an", "expressway", "up", "to",
    "1,200", "high-tech", "enterprises", "Over", "past", "five", "years", "2023",
]  # fmt: skip


def _spans(facts: Facts):
    for m in facts.mentions:
        yield m.span
    for o in facts.observations:
        yield o.evidence
    for e in facts.events:
        yield e.name_span
        yield from e.evidence
    for i in facts.initiatives:
        yield from i.evidence


def _check(body: str) -> None:
    article = parse_article("Headline\n\n" + body, slug="h", date=datetime.date(2024, 2, 29))
    facts = extract_article(article)
    text = article.text
    for span in _spans(facts):
        assert 0 <= span.begin <= span.end <= len(text)
        assert text[span.begin : span.end] == span.quote
    for o in facts.observations:
        assert text[o.begin : o.end] == o.stated
        assert o.evidence.begin <= o.begin and o.end <= o.evidence.end
    # every number is decided once: each of its digits (or letters, spelled out) lies in
    # one observation's quantity or one rejection (the readers may cut "24/7 yuan" apart)
    decided = sorted(
        [(o.begin, o.end) for o in facts.observations] + [(r.begin, r.end) for r in facts.rejected]
    )
    for r in facts.rejected:
        assert text[r.begin : r.end] == r.text
    for (_, end), (begin, _) in itertools.pairwise(decided):
        assert end <= begin
    for begin, end, kind in numbers.scan(text, normalize(text)):
        spelled = kind not in ("digits", "clock", "code")  # "UTC+8": its digit is the number
        for i in range(begin, end):
            if text[i].isdigit() or (spelled and text[i].isalpha()):
                assert sum(1 for b, e in decided if b <= i < e) == 1, text[begin:end]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join))
def test_word_salad_never_crashes_and_spans_match(body):
    _check(body)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes_and_spans_match(body):
    _check(body)


def _observations(body: str) -> list[tuple]:
    article = parse_article("Headline\n\n" + body, slug="h", date=datetime.date(2024, 2, 29))
    facts = extract_article(article)
    _check(body)
    return [
        (o.value, o.unit.rsplit("/", 1)[-1], o.begin, o.end, o.stated) for o in facts.observations
    ]


def test_a_zero_width_space_inside_a_number_is_not_read():
    # "12 percent", not 1: the offsets still index the published text, space and all
    assert _observations("Songjiang's GDP grew by 1\u200b2 percent in 2023.") == [
        (Decimal(12), "PERCENT", 34, 45, "1\u200b2 percent")
    ]


def test_soft_hyphens_and_joiners_inside_a_number_are_not_read():
    body = "Songjiang's exports reached 1\u00ad5\u200d0.\u20605 billion yuan in 2023."
    assert _observations(body) == [
        (Decimal(150500000000), "CCY_CNY", 38, 59, "1\u00ad5\u200d0.\u20605 billion yuan")
    ]


def test_invisible_characters_elsewhere_move_the_offsets_of_what_follows():
    body = "\ufeffSong\u200cjiang's GDP grew by 6\u200b percent in 2023."
    assert _observations(body) == [(Decimal(6), "PERCENT", 36, 46, "6\u200b percent")]


SENTENCES = [
    ("Songjiang's GDP grew by 1234 percent in 2023.", "1234"),
    ("In 2023, Hefei's exports reached 56.78 billion yuan.", "56.78"),
    ("Suzhou City of Anhui Province added 1,200 high-tech enterprises last year.", "1,200"),
]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(SENTENCES),
    st.lists(
        st.tuples(st.integers(min_value=1, max_value=6), st.sampled_from(INVISIBLE)), max_size=4
    ),
)
def test_invisible_characters_inserted_into_a_number_give_the_same_value(case, inserts):
    sentence, number = case
    at = sentence.index(number)
    spoiled = number
    for position, char in sorted(inserts, reverse=True):
        k = min(position, len(spoiled) - 1)
        spoiled = spoiled[:k] + char + spoiled[k:]
    plain = _observations(sentence)
    got = _observations(sentence.replace(number, spoiled, 1))
    assert plain, sentence
    shift = len(spoiled) - len(number)
    assert [(v, u) for v, u, *_ in got] == [(v, u) for v, u, *_ in plain]
    end = len("Headline\n\n") + at + len(number)  # of the number, unspoiled
    for (_, _, b, e, stated), (_, _, pb, pe, plain_stated) in zip(got, plain, strict=True):
        # the characters go inside the number: what ends before it keeps its offsets
        assert (b, e) == (pb if pb < end else pb + shift, pe if pe < end else pe + shift)
        assert visible_text(stated) == plain_stated
