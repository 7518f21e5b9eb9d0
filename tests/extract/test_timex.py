import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from g60kg.article import read_article
from g60kg.extract.timex import find_times

D = datetime.date


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


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.none() | st.dates())
def test_find_times_never_crashes_and_spans_quote_the_text(text, published):
    for t in find_times(text, published):
        assert text[t.begin : t.end] == t.stated
        assert t.kind in ("period", "instant", "comparison")
        if t.start and t.end_date:
            assert t.start <= t.end_date
