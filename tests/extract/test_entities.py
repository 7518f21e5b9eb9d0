"""Which entity each name in a sentence denotes."""

import pytest

from g60kg.extract import gazetteer
from g60kg.extract.entities import find_mentions
from g60kg.text.normalize import normalize, sentences


def mentions(text: str):
    found = find_mentions(text, normalize(text), gazetteer.load(), sentences(text))
    return [(m.span.quote, m.iri.rsplit("/", 1)[-1], m.qualifier) for m in found]


def test_longest_name_wins():
    assert mentions("Visitors came to Songjiang District.") == [
        ("Songjiang District", "songjiang-district", False)
    ]


def test_possessive_is_flagged():
    text = "Jiading's car makers grew."
    found = find_mentions(text, normalize(text), gazetteer.load(), sentences(text))
    assert found[0].possessive and found[0].iri.endswith("/jiading-district")


def test_curly_possessive_matches_too():
    assert mentions("Qingpu\u2019s exhibition halls")[0][1] == "qingpu-district"


def test_trailing_province_qualifies_every_item_of_a_list():
    text = "Firms from Chuzhou, Suzhou and Bengbu of Anhui Province signed deals."
    assert mentions(text) == [
        ("Chuzhou", "chuzhou", False),
        ("Suzhou", "suzhou-anhui", False),
        ("Bengbu", "bengbu", False),
        ("Anhui Province", "anhui", True),
    ]


def test_city_of_province_qualifier():
    assert mentions("Suzhou City of Jiangsu Province")[0][1] == "suzhou-jiangsu"


def test_bracketed_province_qualifies():
    assert mentions("Suzhou (Anhui) opened a park.")[:2] == [
        ("Suzhou", "suzhou-anhui", False),
        ("Anhui", "anhui", True),
    ]


def test_province_elsewhere_in_the_sentence_disambiguates():
    assert mentions("A new rail line links Suzhou with the rest of Anhui.")[0][1] == "suzhou-anhui"


def test_neighbouring_places_disambiguate():
    assert mentions("Huaibei, Suzhou and Fuyang held talks.")[1][1] == "suzhou-anhui"


def test_context_in_another_sentence_does_not_count():
    text = "Suzhou hosted a fair. Anhui sent a team."
    assert mentions(text)[0][1] == "suzhou-jiangsu"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Taizhou exported ships.", "taizhou-zhejiang"),
        ("Taizhou in Jiangsu exported ships.", "taizhou-jiangsu"),
    ],
)
def test_default_sense_applies_without_context(text, slug):
    assert mentions(text)[0][1] == slug


def test_comma_list_of_provinces_is_not_a_qualifier():
    found = mentions("Shanghai, Jiangsu, Zhejiang and Anhui signed a pact.")
    assert [q for _, _, q in found] == [False, False, False, False]


def test_anaphor_needs_the_initiative_named_first():
    assert mentions("The corridor grew fast.") == []
    text = "The G60 Sci-Tech Innovation Corridor grew. The corridor is large."
    assert [m[1] for m in mentions(text)] == [
        "g60-science-and-technology-innovation-valley",
        "g60-science-and-technology-innovation-valley",
    ]


def test_lower_case_words_are_not_places():
    assert mentions("the huangshan tea and fuyang noodles") == []


def test_mention_quotes_the_original_text():
    text = "Events in Pudong\u00a0New Area"
    found = find_mentions(text, normalize(text), gazetteer.load(), sentences(text))
    assert found[0].span.quote == "Pudong\u00a0New Area"
    assert text[found[0].span.begin : found[0].span.end] == found[0].span.quote


def test_a_province_qualifying_another_name_is_no_context():
    text = "Xuancheng in Anhui Province grew, while Suzhou's foreign trade hit a record."
    assert [m[1] for m in mentions(text)] == ["xuancheng", "anhui", "suzhou-jiangsu"]


def test_mixed_province_list_neighbours_do_not_decide():
    text = "It covers Jiaxing, Hangzhou, Suzhou, Xuancheng, Wuhu and Hefei."
    assert mentions(text)[2][1] == "suzhou-jiangsu"


def test_list_neighbours_outweigh_a_province_named_elsewhere_in_the_sentence():
    found = mentions("Suzhou, Bengbu and Fuyang set up parks with firms from Jiangsu.")
    assert found[0] == ("Suzhou", "suzhou-anhui", False)


def test_a_name_repeated_in_its_sentence_keeps_its_reading():
    found = mentions(
        "Suzhou, Bengbu and Fuyang set up parks with firms from Jiangsu, and Suzhou's exports rose."
    )
    assert [f for f in found if f[0] == "Suzhou"] == [
        ("Suzhou", "suzhou-anhui", False),
        ("Suzhou", "suzhou-anhui", False),
    ]
