"""Metrics from sentences written for these tests (not copied from the seed)."""

from __future__ import annotations

import datetime

import pytest

from g60kg.article import parse_article
from g60kg.extract.pipeline import extract_article

PUBLISHED = datetime.date(2024, 3, 15)


def rows(body: str) -> list[tuple]:
    facts = extract_article(parse_article("Headline\n\n" + body, slug="t", date=PUBLISHED))
    out = []
    for o in facts.observations:
        assert facts.article.text[o.evidence.begin : o.evidence.end] == o.evidence.quote
        assert facts.article.text[o.begin : o.end] == o.stated
        out.append(
            (
                o.subject.rsplit("/", 1)[-1],
                o.measure.rsplit("/", 1)[-1],
                str(o.value),
                o.unit.rsplit("/", 1)[-1].rsplit("#", 1)[-1],
                o.value_kind,
                o.comparator,
                str(o.period_start),
                str(o.period_end),
                str(o.comparison_start) if o.comparison_start else None,
            )
        )
    return out


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Wuhu's fixed-asset investment dropped by 2.4 percent in the first half of this year.",
            [("wuhu", "fixed-asset-investment", "-2.4", "PERCENT", "Change", "Exactly",
              "2024-01-01", "2024-06-30", None)],
        ),
        (
            "The number of listed companies in Hangzhou reached 270 by the end of last year.",
            [("hangzhou", "number-of-listed-companies", "270", "NUM", "Level", "Exactly",
              "2023-12-31", "2023-12-31", None)],
        ),
        (
            "Over the past decade, Huzhou has cultivated 1,200 high-tech enterprises.",
            [("huzhou", "number-of-high-tech-enterprises", "1200", "NUM", "Level", "Exactly",
              "2014-03-15", "2024-03-15", None)],
        ),
        (
            "Exports of Ningbo accounted for 35 percent of the province's total.",
            [("ningbo", "exports", "35", "PERCENT", "Share", "Exactly",
              "2024-01-01", "2024-12-31", None)],
        ),
        (
            "In Jiaxing, the GDP grew by 6.3 percent to 720 billion yuan in 2023.",
            [("jiaxing", "gdp", "6.3", "PERCENT", "Change", "Exactly",
              "2023-01-01", "2023-12-31", None),
             ("jiaxing", "gdp", "720000000000", "CCY_CNY", "Level", "Exactly",
              "2023-01-01", "2023-12-31", None)],
        ),
        (
            "In 2021, Songjiang's industrial output value rose 12 percent year-on-year.",
            [("songjiang-district", "industrial-output-value", "12", "PERCENT", "Change",
              "Exactly", "2021-01-01", "2021-12-31", "2020-01-01")],
        ),
        (
            "Jinhua's e-commerce sales amounted to 410 billion yuan last year.",
            [("jinhua", "e-commerce-sales", "410000000000", "CCY_CNY", "Level", "Exactly",
              "2023-01-01", "2023-12-31", None)],
        ),
        (
            "The city of Xuzhou added 150 new projects. "
            "In Nantong, retail sales fell by 1.5 percent.",
            [("xuzhou", "number-of-projects", "150", "NUM", "Level", "Exactly",
              "2024-01-01", "2024-12-31", None),
             ("nantong", "retail-sales", "-1.5", "PERCENT", "Change", "Exactly",
              "2024-01-01", "2024-12-31", None)],
        ),
        (
            "The G60 Science and Technology Innovation Corridor covers an area of 76,200 sq km.",
            [("g60-science-and-technology-innovation-valley", "area", "76200", "KiloM2", "Level",
              "Exactly", "2024-03-15", "2024-03-15", None)],
        ),
    ],
)  # fmt: skip
def test_sentence_states_these_metrics(body, expected):
    assert rows(body) == expected


def test_time_before_the_number_covers_the_whole_sentence():
    found = rows(
        "Hefei reported R&D expenditure of 46.5 billion yuan in 2022, "
        "while its R&D intensity stood at 3.91 percent."
    )
    assert [(r[1], r[2], r[6], r[7]) for r in found] == [
        ("rd-expenditure", "46500000000", "2022-01-01", "2022-12-31"),
        ("rd-investment-intensity", "3.91", "2022-01-01", "2022-12-31"),
    ]


def test_year_on_year_after_a_level_is_a_change_of_the_same_measure():
    found = rows("Hefei's GDP reached 1.27 trillion yuan in 2023, up 5.8 percent year on year.")
    assert [(r[1], r[2], r[4], r[8]) for r in found] == [
        ("gdp", "1270000000000", "Level", None),
        ("gdp", "5.8", "Change", "2022-01-01"),
    ]


def test_baseline_year_is_the_comparison_not_the_period():
    found = rows("Since 2020, Anqing's GDP share rose by 0.5 percentage points from 2019.")
    assert [(r[3], r[6], r[7], r[8]) for r in found] == [
        ("PercentagePoint", "2020-01-01", "2024-03-15", "2019-01-01")
    ]


def test_goals_are_not_facts():
    assert rows("Shaoxing plans to attract 50 billion yuan of foreign investment by 2025.") == []


def test_currency_conversion_in_brackets_is_one_number():
    found = rows(
        "Lishui's retail sales reached 90 billion yuan (about 12.5 billion U.S. dollars) last year."
    )
    assert [(r[2], r[3]) for r in found] == [("90000000000", "CCY_CNY")]


def test_count_of_a_thing_not_in_the_lexicon_is_no_metric():
    assert rows("The valley of Anhui links nine cities in Huainan.") == []


def test_anaphor_before_the_initiative_is_named_gives_no_subject():
    assert rows("The corridor is home to more than 5,000 high-tech enterprises.") == []


def test_discourse_subject_carries_to_the_next_sentence():
    found = rows("In Quzhou, tourism boomed. The tourism revenue grew by 8 percent.")
    assert [(r[0], r[1], r[4]) for r in found] == [("quzhou", "tourism-revenue", "Change")]


def test_scope_of_a_lead_in_paragraph_carries_into_the_next():
    found = rows(
        "In the first quarter of this year, Chizhou kept growing.\n\n"
        "Its exports increased by 4 percent."
    )
    assert [(r[0], r[6], r[7]) for r in found] == [("chizhou", "2024-01-01", "2024-03-31")]


def test_scope_ends_with_the_paragraph_that_used_it():
    found = rows(
        "In 2022, Tongling's exports rose by 3 percent.\n\nTongling's imports rose by 2 percent."
    )
    assert [(r[1], r[6]) for r in found] == [("exports", "2022-01-01"), ("imports", "2024-01-01")]


def test_evidence_is_the_clause_when_a_sentence_states_several():
    facts = extract_article(
        parse_article(
            "H\n\nIn Yangzhou, exports grew by 5 percent, and imports fell by 2 percent.",
            slug="t",
            date=PUBLISHED,
        )
    )
    assert [o.evidence.quote for o in facts.observations] == [
        "In Yangzhou, exports grew by 5 percent",
        "imports fell by 2 percent.",
    ]


def test_article_topic_is_the_last_resort_subject():
    found = rows(
        "The G60 Sci-Tech Innovation Corridor Conference opened.\n\n"
        "During the conference, 56 major projects were signed."
    )
    assert [(r[0], r[1], r[2]) for r in found] == [
        ("g60-science-and-technology-innovation-valley", "number-of-projects", "56")
    ]


def test_the_city_refers_to_the_last_city_named():
    found = rows(
        "Officials from Anhui visited Lu'an. The city's retail sales hit 90 billion yuan in 2023."
    )
    assert [(r[0], r[1]) for r in found] == [("luan", "retail-sales")]


def test_unknown_measure_with_appositive_and_place():
    found = rows(
        "The added value of the core industries of the digital economy in Hangzhou, capital of "
        "east China's Zhejiang Province, reached 590.3 billion yuan in 2023, up 8.5 percent "
        "from the previous year."
    )
    assert [(r[0], r[1], r[2], r[4], r[8]) for r in found] == [
        ("hangzhou", "added-value-of-the-core-industries-of-the-digital-economy",
         "590300000000", "Level", None),
        ("hangzhou", "added-value-of-the-core-industries-of-the-digital-economy",
         "8.5", "Change", "2022-01-01"),
    ]  # fmt: skip


def test_time_used_inside_a_paragraph_does_not_carry_to_the_next():
    found = rows(
        "The 2nd Hefei Expo was held in Hefei in November 2023.\n\n"
        "Taizhou recorded exports of 230 billion yuan."
    )
    assert [(r[0], r[6]) for r in found] == [("taizhou-zhejiang", "2024-01-01")]


def test_a_count_of_places_does_not_take_the_measure_before_it():
    found = rows(
        "The G60 Corridor grew. In 2023, the GDP of the nine cities totaled 7.3 trillion yuan."
    )
    assert [(r[0], r[1], r[2]) for r in found] == [
        ("g60-science-and-technology-innovation-valley", "gdp", "7300000000000")
    ]


def test_measure_phrase_after_a_bare_number():
    found = rows('Wenzhou is now home to more than 1,000 "little giant" enterprises.')
    assert [(r[0], r[1], r[2], r[5]) for r in found] == [
        ("wenzhou", "number-of-little-giant-enterprises", "1000", "MoreThan")
    ]


def test_words_around_a_lexicon_phrase_narrow_it_to_an_uncurated_measure():
    facts = extract_article(
        parse_article(
            "H\n\nHefei's integrated circuit industry revenue exceeded 50 billion yuan. "
            "In Huzhou, the output value of the new energy industry increased by 20.5 percent.",
            slug="t",
            date=PUBLISHED,
        )
    )
    assert [(m.label, m.curated, m.broader) for m in facts.measures] == [
        ("integrated circuit industry revenue", False, "https://w3id.org/g60kg/measure/operating-revenue"),
        ("output value of the new energy industry", False, "https://w3id.org/g60kg/measure/output-value"),
    ]  # fmt: skip


def test_change_then_level_in_one_clause():
    found = rows("Hefei's GDP grew 5.8 percent year on year to reach 1.27 trillion yuan in 2023.")
    assert [(r[2], r[4], r[6], r[8]) for r in found] == [
        ("5.8", "Change", "2023-01-01", "2022-01-01"),
        ("1270000000000", "Level", "2023-01-01", None),
    ]


def test_year_on_year_before_the_number_gives_the_comparison():
    found = rows(
        "In the first 10 months, Changzhou's exports registered "
        "a year-on-year increase of 8 percent."
    )
    assert [(r[4], r[6], r[7], r[8]) for r in found] == [
        ("Change", "2023-01-01", "2023-10-31", "2022-01-01")
    ]


def test_from_x_to_y_gives_the_level_then_and_now():
    found = rows(
        "The G60 corridor was launched in 2016. In 2016, its combined GDP has risen "
        "from 4.86 trillion yuan to 7.36 trillion yuan."
    )
    assert [(r[1], r[2], r[4], r[6]) for r in found] == [
        ("gdp", "4860000000000", "Level", "2016-01-01"),
        ("gdp", "7360000000000", "Level", "2024-01-01"),
    ]


def test_share_of_a_measure_named_after_the_number():
    found = rows(
        "The G60 corridor grew. With 1.5 percent of the country's land area, "
        "the valley contributes about 7 percent of the country's GDP."
    )
    assert [(r[1], r[2], r[4], r[5]) for r in found] == [
        ("area", "1.5", "Share", "Exactly"),
        ("gdp", "7", "Share", "About"),
    ]


def test_numbers_about_places_outside_the_gazetteer_are_not_pinned_elsewhere():
    found = rows(
        "In Hefei, exports rose by 5 percent. Shenzhen's GDP reached 3.46 trillion yuan. "
        "In Guangzhou, retail sales grew by 7 percent. Imports grew by 3 percent.\n\n"
        "In addition, Hefei's GDP reached 1.2 trillion yuan."
    )
    assert [(r[0], r[1], r[2]) for r in found] == [
        ("hefei", "exports", "5"),
        ("hefei", "gdp", "1200000000000"),
    ]
