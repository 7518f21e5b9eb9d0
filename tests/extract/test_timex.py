import datetime
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from g60kg.extract.timex import find_times
from g60kg.text.article import read_article

D = datetime.date
P = D(2023, 11, 22)

# (sentence, publication date, [(stated, start, end, kind, shift_years), ...])
PHRASES = [
    ("Output doubled in 2021.", P, [("in 2021", "2021-01-01", "2021-12-31", "period", 0)]),
    ("The 2019 figures were revised.", P, [("2019", "2019-01-01", "2019-12-31", "period", 0)]),
    (
        "Sales rose in the nine months ended Sept. 30.",
        P,
        [("in the nine months ended Sept. 30", "2023-01-01", "2023-09-30", "period", 0)],
    ),
    (
        "Exports fell in the three months to March 2022.",
        P,
        [("in the three months to March 2022", "2022-01-01", "2022-03-31", "period", 0)],
    ),
    (
        "It was signed on Nov. 22, 2023.",
        P,
        [("on Nov. 22, 2023", "2023-11-22", "2023-11-22", "instant", 0)],
    ),
    (
        "It was signed on November 3, 2022.",
        P,
        [("on November 3, 2022", "2022-11-03", "2022-11-03", "instant", 0)],
    ),
    (
        "It was signed on 3 March 2020.",
        P,
        [("on 3 March 2020", "2020-03-03", "2020-03-03", "instant", 0)],
    ),
    (
        "It was signed on 2022-06-30.",
        P,
        [("on 2022-06-30", "2022-06-30", "2022-06-30", "instant", 0)],
    ),
    (
        "The park opened in April 2021.",
        P,
        [("in April 2021", "2021-04-01", "2021-04-30", "period", 0)],
    ),
    ("Sales in Sept. 2022 rose.", P, [("in Sept. 2022", "2022-09-01", "2022-09-30", "period", 0)]),
    (
        "Output grew between 2016 and 2020.",
        P,
        [("between 2016 and 2020", "2016-01-01", "2020-12-31", "period", 0)],
    ),
    (
        "Output grew from 2018 to 2022.",
        P,
        [("from 2018 to 2022", "2018-01-01", "2022-12-31", "period", 0)],
    ),
    ("Output grew in 2018-2022.", P, [("2018-2022", "2018-01-01", "2022-12-31", "period", 0)]),
    ("the 2021-25 period", P, [("2021-25", "2021-01-01", "2025-12-31", "period", 0)]),
    (
        "Since 2016, the valley has grown.",
        P,
        [("Since 2016", "2016-01-01", "2023-11-22", "period", 0)],
    ),
    ("since March 2020", P, [("since March 2020", "2020-03-01", "2023-11-22", "period", 0)]),
    (
        "By the end of 2022, it had 500 firms.",
        P,
        [("By the end of 2022", "2022-12-31", "2022-12-31", "instant", 0)],
    ),
    (
        "as of the end of last year",
        P,
        [("as of the end of last year", "2022-12-31", "2022-12-31", "instant", 0)],
    ),
    (
        "at the end of June 2023",
        P,
        [("at the end of June 2023", "2023-06-30", "2023-06-30", "instant", 0)],
    ),
    ("by end-2021", P, [("by end-2021", "2021-12-31", "2021-12-31", "instant", 0)]),
    (
        "The target is to be met by 2025.",
        P,
        [("by 2025", "2025-12-31", "2025-12-31", "instant", 0)],
    ),
    (
        "during the 14th Five-Year Plan period (2021-2025)",
        P,
        [
            (
                "during the 14th Five-Year Plan period (2021-2025)",
                "2021-01-01",
                "2025-12-31",
                "period",
                0,
            )
        ],
    ),
    (
        "the 13th Five-Year Plan",
        P,
        [("the 13th Five-Year Plan", "2016-01-01", "2020-12-31", "period", 0)],
    ),
    ("This year the output rose.", P, [("This year", "2023-01-01", "2023-11-22", "period", 0)]),
    (
        "So far this year, 30 deals closed.",
        P,
        [("So far this year", "2023-01-01", "2023-11-22", "period", 0)],
    ),
    ("year-to-date sales", P, [("year-to-date", "2023-01-01", "2023-11-22", "period", 0)]),
    ("Last year the output rose.", P, [("Last year", "2022-01-01", "2022-12-31", "period", 0)]),
    ("Next year it opens.", P, [("Next year", "2024-01-01", "2024-12-31", "period", 0)]),
    (
        "In the first three quarters of this year, trade grew.",
        P,
        [("In the first three quarters of this year", "2023-01-01", "2023-09-30", "period", 0)],
    ),
    (
        "in the first three quarters of 2022",
        P,
        [("in the first three quarters of 2022", "2022-01-01", "2022-09-30", "period", 0)],
    ),
    (
        "In the first half of the year, trade grew.",
        P,
        [("In the first half of the year", "2023-01-01", "2023-06-30", "period", 0)],
    ),
    (
        "In the first half, trade grew.",
        P,
        [("In the first half", "2023-01-01", "2023-06-30", "period", 0)],
    ),
    (
        "in the first quarter",
        P,
        [("in the first quarter", "2023-01-01", "2023-03-31", "period", 0)],
    ),
    (
        "in the first quarter",
        D(2024, 2, 10),
        [("in the first quarter", "2023-01-01", "2023-03-31", "period", 0)],
    ),
    (
        "in the third quarter of last year",
        P,
        [("in the third quarter of last year", "2022-07-01", "2022-09-30", "period", 0)],
    ),
    (
        "in the second half of 2022",
        P,
        [("in the second half of 2022", "2022-07-01", "2022-12-31", "period", 0)],
    ),
    ("in Q2 2023", P, [("in Q2 2023", "2023-04-01", "2023-06-30", "period", 0)]),
    ("H1 2022 results", P, [("H1 2022", "2022-01-01", "2022-06-30", "period", 0)]),
    (
        "in the first 10 months of this year",
        P,
        [("in the first 10 months of this year", "2023-01-01", "2023-10-31", "period", 0)],
    ),
    (
        "in the first eight months",
        P,
        [("in the first eight months", "2023-01-01", "2023-08-31", "period", 0)],
    ),
    (
        "From January to September, exports rose.",
        P,
        [("From January to September", "2023-01-01", "2023-09-30", "period", 0)],
    ),
    ("in January-October", P, [("in January-October", "2023-01-01", "2023-10-31", "period", 0)]),
    (
        "Over the past five years, it grew.",
        P,
        [("Over the past five years", "2018-11-22", "2023-11-22", "period", 0)],
    ),
    ("in the past 3 years", P, [("in the past 3 years", "2020-11-22", "2023-11-22", "period", 0)]),
    (
        "over the last two years",
        P,
        [("over the last two years", "2021-11-22", "2023-11-22", "period", 0)],
    ),
    (
        "In the past decade, it grew.",
        P,
        [("In the past decade", "2013-11-22", "2023-11-22", "period", 0)],
    ),
    ("over the past year", P, [("over the past year", "2022-11-22", "2023-11-22", "period", 0)]),
    (
        "in the past six months",
        P,
        [("in the past six months", "2023-05-22", "2023-11-22", "period", 0)],
    ),
    (
        "in the next five years",
        P,
        [("in the next five years", "2023-11-22", "2028-11-22", "period", 0)],
    ),
    (
        "by the end of last year",
        P,
        [("by the end of last year", "2022-12-31", "2022-12-31", "instant", 0)],
    ),
    (
        "by the end of this year",
        P,
        [("by the end of this year", "2023-12-31", "2023-12-31", "instant", 0)],
    ),
    (
        "since the beginning of this year",
        P,
        [("since the beginning of this year", "2023-01-01", "2023-11-22", "period", 0)],
    ),
    ("earlier this year", P, [("earlier this year", "2023-01-01", "2023-11-22", "period", 0)]),
    ("The forum was held recently.", P, [("recently", None, "2023-11-22", "period", 0)]),
    ("It currently employs 900.", P, [("currently", "2023-11-22", "2023-11-22", "instant", 0)]),
    (
        "At present, 40 firms operate.",
        P,
        [("At present", "2023-11-22", "2023-11-22", "instant", 0)],
    ),
    ("It opened in April.", P, [("in April", "2023-04-01", "2023-04-30", "period", 0)]),
    ("It opens in December.", P, [("in December", "2023-12-01", "2023-12-31", "period", 0)]),
    (
        "It was held on Dec. 28.",
        D(2024, 1, 3),
        [("on Dec. 28", "2023-12-28", "2023-12-28", "instant", 0)],
    ),
    (
        "up 8 percent compared to the same period last year",
        P,
        [("compared to the same period last year", None, None, "comparison", -1)],
    ),
    (
        "up 8 percent compared with the same period of 2022",
        P,
        [("compared with the same period of 2022", "2022-01-01", "2022-12-31", "comparison", -1)],
    ),
    ("up 8 percent year on year", P, [("year on year", None, None, "comparison", -1)]),
    ("a year-on-year rise", P, [("year-on-year", None, None, "comparison", -1)]),
    (
        "up 8 percent from a year earlier",
        P,
        [("from a year earlier", None, None, "comparison", -1)],
    ),
    (
        "up 8 percent over the previous year",
        P,
        [("over the previous year", None, None, "comparison", -1)],
    ),
    (
        "up 8 percent compared with 2020",
        P,
        [("compared with 2020", "2020-01-01", "2020-12-31", "comparison", -3)],
    ),
    (
        "up 3 percent compared with the end of last year",
        P,
        [("compared with the end of last year", "2022-12-31", "2022-12-31", "comparison", -1)],
    ),
    (
        "This year, it grew 5 percent year on year.",
        P,
        [
            ("This year", "2023-01-01", "2023-11-22", "period", 0),
            ("year on year", None, None, "comparison", -1),
        ],
    ),
    (
        "The deal was signed on Friday.",
        P,
        [("on Friday", "2023-11-17", "2023-11-17", "instant", 0)],
    ),
    (
        "The deal was signed yesterday.",
        P,
        [("yesterday", "2023-11-21", "2023-11-21", "instant", 0)],
    ),
    ("in mid-2022", P, [("in mid-2022", "2022-05-01", "2022-08-31", "period", 0)]),
    ("late 2021", P, [("late 2021", "2021-09-01", "2021-12-31", "period", 0)]),
    ("later this year", P, [("later this year", "2023-11-22", "2023-12-31", "period", 0)]),
    (
        "in Jan.-Sept. this year",
        P,
        [("in Jan.-Sept. this year", "2023-01-01", "2023-09-30", "period", 0)],
    ),
    ("as of Nov. 22", P, [("as of Nov. 22", "2023-11-22", "2023-11-22", "instant", 0)]),
    ("by September", P, [("by September", "2023-09-30", "2023-09-30", "instant", 0)]),
    ("since May", D(2000, 3, 2), [("since May", "1999-05-01", "2000-03-02", "period", 0)]),
    ("since 2030", P, [("2030", "2030-01-01", "2030-12-31", "period", 0)]),
    (
        "rose to 18,500 during January-April",
        P,
        [("during January-April", "2023-01-01", "2023-04-30", "period", 0)],
    ),
    (
        "up 5 percent compared with last year",
        P,
        [("compared with last year", "2022-01-01", "2022-12-31", "comparison", -1)],
    ),
    ("Last year, output rose.", P, [("Last year", "2022-01-01", "2022-12-31", "period", 0)]),
    # relative phrases without a publication date resolve to nothing
    ("this year", None, [("this year", None, None, "period", 0)]),
    ("over the past five years", None, [("over the past five years", None, None, "period", 0)]),
    ("In the first half, trade grew.", None, []),
    ("in 2020", None, [("in 2020", "2020-01-01", "2020-12-31", "period", 0)]),
    # not time expressions
    ("It may rise.", P, []),
    ("It costs 2000 yuan.", P, []),
    ("It has 1,999 firms.", P, []),
    ("A five-year-old company.", P, []),
    ("The G60 road.", P, []),
    ("in recent years", P, [("in recent years", None, "2023-11-22", "period", 0)]),
    ("over the past few years", P, [("over the past few years", None, "2023-11-22", "period", 0)]),
    (
        "by the end of the 14th Five-Year Plan period",
        P,
        [
            (
                "by the end of the 14th Five-Year Plan period",
                "2025-12-31",
                "2025-12-31",
                "instant",
                0,
            )
        ],
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), PHRASES, ids=[c[0] for c in PHRASES])
def test_time_phrases(text, published, expected):
    got = find_times(text, published)
    assert [
        (t.stated, t.start and str(t.start), t.end_date and str(t.end_date), t.kind, t.shift_years)
        for t in got
    ] == expected
    for t in got:
        assert (t.begin, t.end) == (text.index(t.stated), text.index(t.stated) + len(t.stated))


def test_longest_expression_wins_over_its_parts():
    text = "By the end of last year, the first half of 2022 and the same period last year."
    assert [t.stated for t in find_times(text, P)] == [
        "By the end of last year",
        "the first half of 2022",
        "the same period last year",
    ]


def test_window_limits_the_search_and_offsets_stay_absolute():
    text = "In 2020 it began. In 2021 it grew. In 2022 it paused."
    got = find_times(text, P, 18, 34)
    assert [(t.begin, t.end, t.stated) for t in got] == [(18, 25, "In 2021")]


def test_long_text_finds_every_expression():
    para = "In the first half of 2022, output grew 5 percent year on year. Since 2016 it doubled."
    text = "\n\n".join([para] * 2000) + " " + para * 60
    got = find_times(text, P)
    assert len(got) == 3 * 2060
    assert got[-1].stated == "Since 2016"


def test_seed_time_expressions(seed_article):
    art = read_article(seed_article)
    found = [
        (t.stated, t.start, t.end_date, t.kind, t.shift_years)
        for t in find_times(art.text, art.date)
    ]
    assert found == [
        ("Nov. 22, 2023", D(2023, 11, 22), D(2023, 11, 22), "instant", 0),
        ("2023", D(2023, 1, 1), D(2023, 12, 31), "period", 0),
        ("recently", None, D(2023, 11, 22), "period", 0),
        ("Over the past five years", D(2018, 11, 22), D(2023, 11, 22), "period", 0),
        ("In the first three quarters of this year", D(2023, 1, 1), D(2023, 9, 30), "period", 0),
        ("This year", D(2023, 1, 1), D(2023, 11, 22), "period", 0),
        ("compared to the same period last year", None, None, "comparison", -1),
    ]


FRAGMENTS = st.sampled_from(
    [
        "in ",
        "the ",
        "first ",
        "three ",
        "quarters ",
        "of ",
        "this ",
        "last ",
        "year",
        "2023",
        "1999",
        "-",
        "Nov. ",
        "22",
        ", ",
        "May ",
        "since ",
        "by ",
        "end ",
        "past ",
        "five ",
        "years",
        "compared with ",
        "same period ",
        "recently",
        "Q3 ",
        "half ",
        "\u00a0",
        "\n\n",
        "to ",
        "between ",
        "and ",
        "14th Five-Year Plan ",
        "(",
        ")",
        ".",
        "month",
        "decade",
    ]
)


def test_second_fixture_article_times():
    from pathlib import Path

    art = read_article(
        Path(__file__).parent.parent / "fixtures" / "articles" / "hefei-nev-2024-03-15.txt"
    )
    found = [
        (t.stated, t.start and str(t.start), t.end_date and str(t.end_date), t.kind)
        for b, e in art.body_spans()
        for t in find_times(art.text, art.date, b, e)
    ]
    assert found == [
        ("in 2023", "2023-01-01", "2023-12-31", "period"),
        ("year on year", None, None, "comparison"),
        ("In the first two months of this year", "2024-01-01", "2024-02-29", "period"),
        ("compared with the same period of 2023", "2023-01-01", "2023-12-31", "comparison"),
        ("last year", "2023-01-01", "2023-12-31", "period"),
        ("By the end of 2025", "2025-12-31", "2025-12-31", "instant"),
        ("Since 2020", "2020-01-01", "2024-03-15", "period"),
        ("2019", "2019-01-01", "2019-12-31", "period"),
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=200) | st.lists(FRAGMENTS, max_size=30).map("".join), st.none() | st.dates()
)
def test_find_times_never_crashes_and_spans_quote_the_text(text, published):
    for t in find_times(text, published):
        assert text[t.begin : t.end] == t.stated
        assert t.kind in ("period", "instant", "comparison")
        if t.start and t.end_date:
            assert t.start <= t.end_date
    spans = [(t.begin, t.end) for t in find_times(text, published)]
    assert all(e1 <= b2 for (_, e1), (b2, _) in itertools.pairwise(spans))


@settings(max_examples=150, deadline=None)
@given(st.lists(FRAGMENTS, max_size=30).map("".join), st.integers(-5, 150), st.integers(-5, 150))
def test_window_spans_stay_inside_the_window(text, start, end):
    for t in find_times(text, P, start, end):
        assert max(0, start) <= t.begin < t.end <= min(end, len(text))
        assert text[t.begin : t.end] == t.stated


def _keys_cover_matches(text: str) -> None:
    from g60kg.extract.timex import _RULES
    from g60kg.text.normalize import normalize

    norm = normalize(text)
    for rule in _RULES:
        for m in rule.pattern.finditer(norm):
            assert any(k in m.group(0).lower() for k in rule.keys), (rule.handler.__name__, m)


@pytest.mark.parametrize("text", [c[0] for c in PHRASES])
def test_rule_keys_never_hide_a_match_in_the_phrase_table(text):
    # keys let a rule skip paragraphs; a key missing from a match would lose it
    _keys_cover_matches(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(FRAGMENTS, max_size=30).map("".join))
def test_rule_keys_never_hide_a_match(text):
    _keys_cover_matches(text)
