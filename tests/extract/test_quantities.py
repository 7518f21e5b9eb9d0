from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from g60kg.article import read_article
from g60kg.extract.quantities import find_quantities, parse_number

U = "http://qudt.org/vocab/unit/"
PCT, KM2, CNY, USD, NUM = U + "PERCENT", U + "KiloM2", U + "CCY_CNY", U + "CCY_USD", U + "NUM"
PP = "https://w3id.org/g60kg/ontology#PercentagePoint"


def test_seed_body_quantities_are_exactly_the_stated_values(seed_article):
    art = read_article(seed_article)
    found = [
        (q.stated, q.value, q.unit, q.comparator, q.counted)
        for b, e in art.body_spans()
        for q in find_quantities(art.text, b, e)
    ]
    assert found == [
        ("nine cities", Decimal(9), NUM, "Exactly", "cities"),
        ("76,200 square kilometers", Decimal(76200), KM2, "Exactly", None),
        ("25 percent", Decimal(25), PCT, "Exactly", None),
        ("54.5 percent", Decimal("54.5"), PCT, "Exactly", None),
        ("3.8 trillion U.S. dollars", Decimal(3_800_000_000_000), USD, "Exactly", None),
        ("1.29 trillion yuan", Decimal(1_290_000_000_000), CNY, "Exactly", None),
        ("62.4 percent", Decimal("62.4"), PCT, "Exactly", None),
        ("60 percent", Decimal(60), PCT, "MoreThan", None),
        ("6.79 percent", Decimal("6.79"), PCT, "Exactly", None),
    ]
    for b, e in art.body_spans():
        for q in find_quantities(art.text, b, e):
            assert art.text[q.begin : q.end] == q.stated
            assert b <= q.begin < q.end <= e


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("76,200", Decimal(76200)),
        ("1.29 trillion", Decimal(1_290_000_000_000)),
        ("3.8 trillion", Decimal(3_800_000_000_000)),
        ("nine", Decimal(9)),
        ("twenty-three", Decimal(23)),
        ("one hundred and five", Decimal(105)),
        ("a million", Decimal(1_000_000)),
        ("100 million", Decimal(100_000_000)),
        ("2.5bn", Decimal(2_500_000_000)),
        ("-3.5", Decimal("-3.5")),
        ("0.75", Decimal("0.75")),
        ("seventeen", Decimal(17)),
        ("five nine", None),
        ("lots", None),
        ("12abc", None),
    ],
)
def test_parse_number(words, value):
    assert parse_number(words) == value


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_find_quantities_never_crashes_and_spans_quote_the_text(text):
    for q in find_quantities(text):
        assert text[q.begin : q.end] == q.stated
        if q.comparator_begin is not None:
            assert q.comparator_end is not None
            assert text[q.comparator_begin : q.comparator_end].strip()
