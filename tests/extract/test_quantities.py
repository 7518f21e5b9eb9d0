from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from g60kg.extract.quantities import find_quantities, parse_number
from g60kg.text.article import read_article

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


UNITS = {
    "PCT": PCT,
    "PP": PP,
    "X": U + "UNITLESS",
    "CNY": CNY,
    "USD": USD,
    "EUR": U + "CCY_EUR",
    "KM2": KM2,
    "KM": U + "KiloM",
    "HA": U + "HA",
    "NUM": NUM,
    "TONNE": U + "TONNE",
    "M2": U + "M2",
}

# (sentence, [(stated, value, unit, comparator, comparator words, upper, counted), ...])
PHRASES = [
    ("Exports climbed 12 percent.", [("12 percent", "12", "PCT", "Exactly", None, None, None)]),
    ("Exports climbed 12% in the period.", [("12%", "12", "PCT", "Exactly", None, None, None)]),
    ("Exports climbed 12 per cent.", [("12 per cent", "12", "PCT", "Exactly", None, None, None)]),
    ("a 7.25-percent rise", [("7.25-percent", "7.25", "PCT", "Exactly", None, None, None)]),
    (
        "Tax revenue fell by 3.1\xa0percent.",
        [("3.1\xa0percent", "3.1", "PCT", "Exactly", None, None, None)],
    ),
    (
        "The rate rose 1.5 percentage points.",
        [("1.5 percentage points", "1.5", "PP", "Exactly", None, None, None)],
    ),
    (
        "up 0.8 percentage point",
        [("0.8 percentage point", "0.8", "PP", "Exactly", None, None, None)],
    ),
    (
        "Sales reached 4.9 times the 2019 level.",
        [("4.9 times", "4.9", "X", "Exactly", None, None, None)],
    ),
    ("a threefold increase", []),
    ("a three-fold increase", [("three-fold", "3", "X", "Exactly", None, None, None)]),
    (
        "Revenue hit 820 million yuan.",
        [("820 million yuan", "820000000", "CNY", "Exactly", None, None, None)],
    ),
    (
        "Revenue hit RMB 3.6 billion.",
        [("RMB 3.6 billion", "3600000000", "CNY", "Exactly", None, None, None)],
    ),
    ("Revenue hit RMB3.6bn.", [("RMB3.6bn", "3600000000", "CNY", "Exactly", None, None, None)]),
    (
        "Revenue hit 45 billion CNY.",
        [("45 billion CNY", "45000000000", "CNY", "Exactly", None, None, None)],
    ),
    ("It cost ¥12,000.", [("¥12,000", "12000", "CNY", "Exactly", None, None, None)]),
    (
        "a fund of 100 million yuan (about 14 million U.S. dollars)",
        [
            ("100 million yuan", "100000000", "CNY", "Exactly", None, None, None),
            ("14 million U.S. dollars", "14000000", "USD", "About", "about", None, None),
        ],
    ),
    (
        "Deals worth $1.2 billion were signed.",
        [("$1.2 billion", "1200000000", "USD", "Exactly", None, None, None)],
    ),
    (
        "Deals worth US$ 750 million were signed.",
        [("US$ 750 million", "750000000", "USD", "Exactly", None, None, None)],
    ),
    (
        "Deals worth USD 2 billion were signed.",
        [("USD 2 billion", "2000000000", "USD", "Exactly", None, None, None)],
    ),
    (
        "Deals worth 2 billion US dollars were signed.",
        [("2 billion US dollars", "2000000000", "USD", "Exactly", None, None, None)],
    ),
    (
        "Trade totaled 5.3 trillion U.S. dollars.",
        [("5.3 trillion U.S. dollars", "5300000000000", "USD", "Exactly", None, None, None)],
    ),
    (
        "Trade totaled €40 million.",
        [("€40 million", "40000000", "EUR", "Exactly", None, None, None)],
    ),
    (
        "The park covers 12.5 square kilometres.",
        [("12.5 square kilometres", "12.5", "KM2", "Exactly", None, None, None)],
    ),
    ("The park covers 12.5 sq km.", [("12.5 sq km", "12.5", "KM2", "Exactly", None, None, None)]),
    ("The park covers 12.5 km2.", [("12.5 km2", "12.5", "KM2", "Exactly", None, None, None)]),
    ("The park covers 12.5 km².", [("12.5 km²", "12.5", "KM2", "Exactly", None, None, None)]),
    ("The park covers 300 hectares.", [("300 hectares", "300", "HA", "Exactly", None, None, None)]),
    (
        "a 1,200-kilometer rail line",
        [("1,200-kilometer", "1200", "KM", "Exactly", None, None, None)],
    ),
    ("The road runs 86 km.", [("86 km", "86", "KM", "Exactly", None, None, None)]),
    (
        "It is home to more than 4,000 high-tech enterprises.",
        [
            (
                "4,000 high-tech enterprises",
                "4000",
                "NUM",
                "MoreThan",
                "more than",
                None,
                "enterprises",
            )
        ],
    ),
    (
        "Over 30 projects were signed.",
        [("30 projects", "30", "NUM", "MoreThan", "Over", None, "projects")],
    ),
    (
        "The region has 58 academicians.",
        [("58 academicians", "58", "NUM", "Exactly", None, None, "academicians")],
    ),
    (
        "They filed twenty-three invention patents.",
        [("twenty-three invention patents", "23", "NUM", "Exactly", None, None, "patents")],
    ),
    ("one of the seven cities", [("seven cities", "7", "NUM", "Exactly", None, None, "cities")]),
    ("A single platform opened.", []),
    ("one platform opened", [("one platform", "1", "NUM", "Exactly", None, None, "platform")]),
    (
        "some 250 exhibitors",
        [("250 exhibitors", "250", "NUM", "About", "some", None, "exhibitors")],
    ),
    ("nearly 90 percent of firms", [("90 percent", "90", "PCT", "Nearly", "nearly", None, None)]),
    (
        "almost 1 million people",
        [("1 million people", "1000000", "NUM", "Nearly", "almost", None, "people")],
    ),
    (
        "about 3,500 companies",
        [("3,500 companies", "3500", "NUM", "About", "about", None, "companies")],
    ),
    ("around 15 percent", [("15 percent", "15", "PCT", "About", "around", None, None)]),
    (
        "approximately 2.2 billion yuan",
        [("2.2 billion yuan", "2200000000", "CNY", "About", "approximately", None, None)],
    ),
    ("roughly ¥8 billion", [("¥8 billion", "8000000000", "CNY", "About", "roughly", None, None)]),
    ("at least 40 percent", [("40 percent", "40", "PCT", "AtLeast", "at least", None, None)]),
    (
        "no less than 500 million yuan",
        [("500 million yuan", "500000000", "CNY", "AtLeast", "no less than", None, None)],
    ),
    ("up to 70 percent", [("70 percent", "70", "PCT", "AtMost", "up to", None, None)]),
    ("less than 5 percent", [("5 percent", "5", "PCT", "LessThan", "less than", None, None)]),
    ("under 2 percent", [("2 percent", "2", "PCT", "LessThan", "under", None, None)]),
    ("no more than 3 percent", [("3 percent", "3", "PCT", "AtMost", "no more than", None, None)]),
    ("60 percent or more", [("60 percent", "60", "PCT", "AtLeast", "or more", None, None)]),
    (
        "between 10 and 20 percent",
        [("between 10 and 20 percent", "10", "PCT", "Exactly", None, "20", None)],
    ),
    ("10-20 percent", [("10-20 percent", "10", "PCT", "Exactly", None, "20", None)]),
    ("10 to 20 percent", [("10 to 20 percent", "10", "PCT", "Exactly", None, "20", None)]),
    ("8% to 9%", [("8% to 9%", "8", "PCT", "Exactly", None, "9", None)]),
    (
        "between 1 and 2 billion yuan",
        [
            (
                "between 1 and 2 billion yuan",
                "1000000000",
                "CNY",
                "Exactly",
                None,
                "2000000000",
                None,
            )
        ],
    ),
    ("about 5 to 6 percent", [("5 to 6 percent", "5", "PCT", "About", "about", "6", None)]),
    (
        "The share rose from 30 to 45 percent.",
        [
            ("30", "30", "PCT", "Exactly", None, None, None),
            ("45 percent", "45", "PCT", "Exactly", None, None, None),
        ],
    ),
    ("It fell -2.5 percent.", [("-2.5 percent", "-2.5", "PCT", "Exactly", None, None, None)]),
    (
        "Output grew 6.3 percent and exports 8 percent.",
        [
            ("6.3 percent", "6.3", "PCT", "Exactly", None, None, None),
            ("8 percent", "8", "PCT", "Exactly", None, None, None),
        ],
    ),
    ("It has 1,500 members.", [("1,500 members", "1500", "NUM", "Exactly", None, None, "members")]),
    ("It has 1500 staff.", [("1500", "1500", None, "Exactly", None, None, None)]),
    ("A total of 36 was recorded.", [("36", "36", None, "Exactly", None, None, None)]),
    (
        "ten thousand visitors",
        [("ten thousand visitors", "10000", "NUM", "Exactly", None, None, "visitors")],
    ),
    (
        "two million tons of cargo",
        [("two million tons", "2000000", "TONNE", "Exactly", None, None, None)],
    ),
    ("It won 3 million.", [("3 million", "3000000", None, "Exactly", None, None, None)]),
    (
        "as many as 300 firms",
        [("300 firms", "300", "NUM", "AtMost", "as many as", None, "firms")],
    ),
    (
        "Trade exceeded 1 trillion yuan.",
        [("1 trillion yuan", "1000000000000", "CNY", "MoreThan", "exceeded", None, None)],
    ),
    (
        "2.3 million square meters",
        [("2.3 million square meters", "2300000", "M2", "Exactly", None, None, None)],
    ),
    (
        "home to 120 NEV-related enterprises and 12 national-level R&D platforms",
        [
            ("120 NEV-related enterprises", "120", "NUM", "Exactly", None, None, "enterprises"),
            ("12 national-level R&D platforms", "12", "NUM", "Exactly", None, None, "platforms"),
        ],
    ),
    (
        "output reached about 120,000 units",
        [("120,000 units", "120000", "NUM", "About", "about", None, "units")],
    ),
    ("the 2023 China International conference", []),
    (
        "The valley has 1,900-plus listed companies.",
        [("1,900-plus listed companies", "1900", "NUM", "MoreThan", "plus", None, "companies")],
    ),
    ("300+ firms", [("300+ firms", "300", "NUM", "MoreThan", "+", None, "firms")]),
    (
        "a 2,000-square-meter center",
        [("2,000-square-meter", "2000", "M2", "Exactly", None, None, None)],
    ),
    # mu has no QUDT unit: a bare number until the ontology declares one
    (
        "about 1.5 million mu of farmland",
        [("1.5 million", "1500000", None, "About", "about", None, None)],
    ),
    # not quantities
    ("The 6th expo opened.", []),
    ("It opened in 2016.", []),
    ("It opened on Nov. 22, 2023.", []),
    ("It opened on 5 March.", []),
    ("The G60 expressway and 5G networks.", []),
    ("Room No. 12 and Phase 2.", []),
    ("The COVID-19 period.", []),
    ("It lasted five years.", []),
    ("It lasted 10 years.", []),
    ("at 10:30 today", []),
    ("(1) first point", []),
    ("1. First item", []),
    ("Industry 4.0 drives change.", []),
    ("during 2021-2025", []),
    ("one of the best", []),
    ("the 2023 Shanghai Forum", []),
]


@pytest.mark.parametrize(("text", "expected"), PHRASES, ids=[t for t, _ in PHRASES])
def test_quantity_phrases(text, expected):
    got = find_quantities(text)
    assert len(got) == len(expected)
    for q, (stated, value, unit, comparator, cmp_words, upper, counted) in zip(
        got, expected, strict=True
    ):
        assert q.stated == stated
        assert (q.begin, q.end) == (text.index(stated), text.index(stated) + len(stated))
        assert q.value == Decimal(value)
        assert q.unit == (UNITS[unit] if unit else None)
        assert q.comparator == comparator
        if cmp_words is None:
            assert q.comparator_begin is None
        else:
            assert text[q.comparator_begin : q.comparator_end] == cmp_words
        assert q.upper == (Decimal(upper) if upper else None)
        assert q.counted == counted


def test_window_limits_the_search_and_offsets_stay_absolute():
    text = "First 10 percent. Then more than 20 percent. Last 30 percent."
    got = find_quantities(text, 17, 44)
    assert [(q.begin, q.end, q.stated, q.comparator_begin) for q in got] == [
        (33, 43, "20 percent", 23)
    ]


def test_scaled_values_are_plain_decimals():
    (q,) = find_quantities("It reached 1.29 trillion yuan.")
    assert str(q.value) == "1290000000000"
    (q,) = find_quantities("It reached 2.05 million yuan.")
    assert str(q.value) == "2050000"
    (q,) = find_quantities("It reached 0.35 billion yuan.")
    assert str(q.value) == "350000000"


def test_large_text_is_scanned_in_one_pass():
    text = "Output grew by 6.5 percent to 1.2 trillion yuan in 2022, with 300 firms. " * 20000
    got = find_quantities(text)
    assert len(got) == 60000
    assert got[-1].stated == "300 firms"


def test_second_fixture_article_quantities():
    from pathlib import Path

    art = read_article(
        Path(__file__).parent.parent / "fixtures" / "articles" / "hefei-nev-2024-03-15.txt"
    )
    found = [
        (q.stated, str(q.value), q.unit.rsplit("/", 1)[-1] if q.unit else None, q.comparator)
        for b, e in art.body_spans()
        for q in find_quantities(art.text, b, e)
    ]
    assert found == [
        ("745,000 new energy vehicles", "745000", "NUM", "Exactly"),
        ("140 percent", "140", "PERCENT", "Exactly"),
        ("120,000 units", "120000", "NUM", "About"),
        ("36.5 percent", "36.5", "PERCENT", "Exactly"),
        ("250 billion yuan", "250000000000", "CCY_CNY", "MoreThan"),
        ("35 billion U.S. dollars", "35000000000", "CCY_USD", "About"),
        ("30%", "30", "PERCENT", "Nearly"),
        ("120 NEV-related enterprises", "120", "NUM", "MoreThan"),
        ("12 national-level R&D platforms", "12", "NUM", "Exactly"),
        ("2 million", "2000000", None, "Exactly"),
        ("1,500 projects", "1500", "NUM", "MoreThan"),
        ("RMB 1.2 trillion", "1200000000000", "CCY_CNY", "Exactly"),
        ("nine member cities", "9", "NUM", "Exactly"),
        ("0.5 percentage points", "0.5", "ontology#PercentagePoint", "Exactly"),
    ]


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


FRAGMENTS = st.sampled_from(
    [
        "1",
        "25",
        "3.8",
        "76,200",
        ",",
        ".",
        " ",
        "-",
        "percent",
        "%",
        "yuan",
        "RMB",
        "$",
        "US$",
        "trillion",
        "billion",
        "million",
        "nine",
        "twenty",
        "-three",
        "cities",
        "high-tech ",
        "more than ",
        "about ",
        "between ",
        "and ",
        "to ",
        "from ",
        "times",
        "km2",
        "square",
        " kilometers",
        "No. ",
        "G",
        "6th",
        "2023",
        "Nov. ",
        "(",
        ")",
        "\u00a0",
        "\n",
        "or more",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200) | st.lists(FRAGMENTS, max_size=30).map("".join))
def test_find_quantities_never_crashes_and_spans_quote_the_text(text):
    for q in find_quantities(text):
        assert text[q.begin : q.end] == q.stated
        if q.comparator_begin is not None:
            assert q.comparator_end is not None
            assert text[q.comparator_begin : q.comparator_end].strip()
        if q.upper is not None:
            assert q.upper > q.value


@settings(max_examples=150, deadline=None)
@given(st.lists(FRAGMENTS, max_size=30).map("".join), st.integers(-5, 120), st.integers(-5, 120))
def test_window_spans_stay_inside_the_window(text, start, end):
    for q in find_quantities(text, start, end):
        assert max(0, start) <= q.begin < q.end <= min(end, len(text))
        assert text[q.begin : q.end] == q.stated


def test_stacked_scale_words_beyond_the_default_precision_do_not_crash():
    (q,) = find_quantities("60 trillion trillion trillion")
    assert q.value == Decimal("6E+37")


def test_a_spelled_out_number_before_of_its_noun_counts_that_noun():
    (q,) = find_quantities("Thirty-six of Tongling's research institutes joined.")
    assert (q.value, q.unit, q.counted, q.stated) == (
        Decimal("36"),
        "http://qudt.org/vocab/unit/NUM",
        "institutes",
        "Thirty-six of Tongling's research institutes",
    )
    assert find_quantities("One of its firms won.") == []
    assert find_quantities("Two of the key tasks remain.") == []


@pytest.mark.parametrize(
    ("text", "value", "stated"),
    [
        ("made up one-third of its exports", "33.33", "one-third"),
        ("two-fifths of the total", "40", "two-fifths"),
        ("nearly a quarter of the output", "25", "a quarter"),
        ("about one-twelfth of the province's GDP", "8.33", "one-twelfth"),
        ("Chuzhou's output doubled", "100", "doubled"),
        ("exports tripled", "200", "tripled"),
    ],
)
def test_fractions_and_multiplying_verbs_are_percentages(text: str, value: str, stated: str):
    (q,) = find_quantities(text)
    assert (q.value, q.unit, q.stated) == (
        Decimal(value),
        "http://qudt.org/vocab/unit/PERCENT",
        stated,
    )


@pytest.mark.parametrize(
    "text",
    [
        "in the first three quarters of 2024",
        "the first half of the year",
        "in the last two quarters of it",
    ],
)
def test_quarters_and_halves_of_a_period_are_not_fractions(text: str):
    assert find_quantities(text) == []
