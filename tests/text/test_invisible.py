"""Invisible characters deleted for reading, every offset mapped back to the published text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from g60kg.text.invisible import INVISIBLE, visible, visible_text


def test_text_without_invisible_characters_needs_no_map():
    assert visible("Songjiang grew 12 percent.") is None


def test_a_number_split_by_a_zero_width_space_is_whole_in_the_shown_text():
    shown = visible("up 1\u200b2 percent")
    assert shown is not None
    assert shown.text == "up 12 percent"
    assert shown.deleted == (4,)
    # "12 percent" is 3..13 shown, 3..14 published: the quote holds the space
    assert shown.span(3, 13) == (3, 14)
    assert shown.published[3:14] == "1\u200b2 percent"


def test_invisible_characters_at_the_edges_of_a_span_stay_outside_it():
    shown = visible("a \u2060\u00ad7\u200d b")
    assert shown is not None
    assert shown.text == "a 7 b"
    assert shown.span(2, 3) == (4, 5)  # "7": not the word joiner before, nor the joiner after
    assert shown.forward(2) == 2 and shown.forward(4) == 2 and shown.forward(6) == 3


def test_every_invisible_character_is_deleted():
    assert visible_text(f"1{INVISIBLE}2") == "12"
    assert INVISIBLE == "\u200b\u200c\u200d\u2060\ufeff\u00ad"


@given(st.text(alphabet="ab1 " + INVISIBLE, max_size=40))
def test_a_mapped_span_quotes_the_shown_characters_with_the_invisible_ones_inside(published):
    shown = visible(published)
    if shown is None:
        return
    for begin in range(len(shown.text)):
        for end in range(begin + 1, len(shown.text) + 1):
            b, e = shown.span(begin, end)
            assert visible_text(published[b:e]) == shown.text[begin:end]
            assert published[b] == shown.text[begin] and published[e - 1] == shown.text[end - 1]
            assert shown.forward(b) == begin and shown.forward(e) == end
