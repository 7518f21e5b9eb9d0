"""What an article says about an initiative."""

from __future__ import annotations

import datetime

from g60kg.extract.pipeline import extract_article
from g60kg.namespaces import G60R
from g60kg.text.article import parse_article


def initiatives(body: str):
    facts = extract_article(
        parse_article("Headline\n\n" + body, slug="t", date=datetime.date(2024, 1, 5))
    )
    return facts.initiatives


def slugs(iris):
    return sorted(i.rsplit("/", 1)[-1] for i in iris)


def test_members_from_an_enumeration_skip_qualifying_provinces():
    (init,) = initiatives(
        "The G60 Sci-Tech Innovation Corridor includes Minhang District of Shanghai, "
        "Changzhou and Suzhou of Jiangsu Province, and Anqing in Anhui."
    )
    assert slugs(init.members) == ["anqing", "changzhou", "minhang-district", "suzhou-jiangsu"]
    assert init.evidence and init.evidence[0].quote.startswith("The G60 Sci-Tech")


def test_anaphor_subject_enumerates_too():
    (init,) = initiatives(
        "The G60 Innovation Corridor grew. The corridor consists of Shaoxing and Ningbo."
    )
    assert slugs(init.members) == ["ningbo", "shaoxing"]


def test_namesake_infrastructure():
    (init,) = initiatives("The G60 Corridor was named after the G60 Shanghai-Kunming Expressway.")
    assert init.named_after == G60R + "infrastructure/g60-expressway"


def test_located_in_the_economic_region_in_its_name():
    (init,) = initiatives(
        "Officials praised the G60 Science and Technology Innovation Corridor "
        "of the Yangtze River Delta."
    )
    assert init.located_in == G60R + "region/yangtze-river-delta"


def test_no_enumeration_no_members():
    (init,) = initiatives("The G60 Corridor attracted investors from Hefei.")
    assert init.members == [] and init.named_after is None


def test_possessive_province_qualifies_instead_of_joining():
    (init,) = initiatives(
        "The G60 corridor spans nine cities: Shanghai's Songjiang District, Jiaxing and "
        "Anhui's Hefei."
    )
    assert slugs(init.members) == ["hefei", "jiaxing", "songjiang-district"]


def test_members_named_before_a_membership_phrase():
    (init,) = initiatives(
        "Jinhua and Huzhou are both members of the G60 Science and Technology Innovation Corridor."
    )
    assert slugs(init.members) == ["huzhou", "jinhua"]


def test_another_member_of_the_corridor():
    (init,) = initiatives("The G60 Corridor grew. Wuhu, another member of the corridor, grew too.")
    assert slugs(init.members) == ["wuhu"]


def test_cities_of_a_province_in_the_corridor_skip_the_province():
    (init,) = initiatives(
        "Hefei and Xuancheng, the two cities of Anhui Province in the G60 Sci-Tech Innovation "
        "Corridor, signed a pact."
    )
    assert slugs(init.members) == ["hefei", "xuancheng"]


def test_joined_alongside_a_list():
    (init,) = initiatives("Huzhou joined the G60 Corridor in 2018 alongside Jinhua and Wuhu.")
    assert slugs(init.members) == ["huzhou", "jinhua", "wuhu"]


def test_a_city_said_not_to_be_part_of_the_corridor_is_no_member():
    (init,) = initiatives("Taizhou, a city in Zhejiang that is not part of the G60 Corridor, grew.")
    assert init.members == []


def test_a_province_between_the_list_and_the_corridor_is_no_member():
    (init,) = initiatives(
        "Shaoxing and Lishui, two Zhejiang cities in the G60 Sci-Tech Innovation Corridor, grew."
    )
    assert slugs(init.members) == ["lishui", "shaoxing"]


def test_a_relative_clause_between_a_city_and_joined_is_skipped():
    (init,) = initiatives(
        "Xuancheng, which borders Huzhou and Hangzhou, joined the G60 Corridor in 2017 "
        "together with Wuhu."
    )
    assert slugs(init.members) == ["wuhu", "xuancheng"]


def test_a_negated_relative_clause_makes_no_member():
    (init,) = initiatives(
        "Chizhou, which is not in the corridor yet, joined the G60 Corridor forum as a guest."
    )
    assert init.members == []


def test_provinces_an_area_spans_are_not_members():
    (init,) = initiatives(
        "The G60 Innovation Corridor, now 80,000 sq km, covers about 80,000 square kilometers "
        "across Jiangsu, Zhejiang and Anhui; its founders gathered in Ningbo."
    )
    assert init.members == []


def test_cities_an_area_spans_are_members_but_not_later_places():
    (init,) = initiatives(
        "The G60 Innovation Corridor spans 5,000 sq km over Shaoxing and Ningbo, and its "
        "office met in Quzhou."
    )
    assert slugs(init.members) == ["ningbo", "shaoxing"]


def test_a_list_after_among_the_member_cities_names_members():
    (init,) = initiatives(
        "The G60 Innovation Corridor held a meeting. Among its member cities, Shaoxing and "
        "Ningbo grew fastest, ahead of Quzhou."
    )
    assert slugs(init.members) == ["ningbo", "shaoxing"]


def test_member_cities_without_a_list_right_after_name_no_members():
    (init,) = initiatives(
        "The G60 Innovation Corridor held a meeting. Among the member cities, growth was "
        "fastest in Ningbo."
    )
    assert init.members == []
