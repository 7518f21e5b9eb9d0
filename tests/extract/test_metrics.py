"""Metrics from sentences written for these tests (not copied from the seed)."""

from __future__ import annotations

import datetime

import pytest

from g60kg.extract.pipeline import extract_article
from g60kg.text.article import parse_article

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


def test_a_bare_flow_in_a_later_paragraph_takes_the_period_of_the_last_figures():
    # An article of March 2024 about 2022 goes on about 2022: the publication
    # year would be a period nobody has figures for yet.
    found = rows(
        "In 2022, Tongling's exports rose by 3 percent.\n\nTongling's imports rose by 2 percent."
    )
    assert [(r[1], r[6], r[7]) for r in found] == [
        ("exports", "2022-01-01", "2022-12-31"),
        ("imports", "2022-01-01", "2022-12-31"),
    ]


def test_a_stock_stated_bare_in_a_later_paragraph_is_read_at_publication():
    found = rows(
        "In 2022, Chizhou's exports rose by 3 percent.\n\nChizhou has 410 high-tech enterprises."
    )
    assert [(r[1], r[6], r[7]) for r in found] == [
        ("exports", "2022-01-01", "2022-12-31"),
        ("number-of-high-tech-enterprises", "2024-03-15", "2024-03-15"),
    ]


def test_a_period_running_to_publication_gives_way_to_the_whole_year():
    found = rows(
        "This year, Lishui's exports rose by 3 percent.\n\nLishui's imports rose by 2 percent."
    )
    assert [(r[1], r[6], r[7]) for r in found] == [
        ("exports", "2024-01-01", "2024-03-15"),
        ("imports", "2024-01-01", "2024-12-31"),
    ]


def test_a_time_without_figures_is_not_carried_to_bare_flows():
    found = rows(
        "Quzhou's imports rose by 2 percent in 2023. Quzhou joined the corridor in 2019.\n\n"
        "Quzhou's exports rose by 4 percent."
    )
    assert [(r[1], r[6], r[7]) for r in found] == [
        ("imports", "2023-01-01", "2023-12-31"),
        ("exports", "2023-01-01", "2023-12-31"),
    ]


def test_the_year_means_the_year_the_passage_is_about():
    found = rows(
        "In 2021, Bengbu's exports rose by 7 percent. Bengbu had 950 high-tech enterprises by "
        "the end of the year, up 11 percent over the previous year."
    )
    assert [(r[1], r[2], r[6], r[7]) for r in found] == [
        ("exports", "7", "2021-01-01", "2021-12-31"),
        ("number-of-high-tech-enterprises", "950", "2021-12-31", "2021-12-31"),
        ("number-of-high-tech-enterprises", "11", "2021-12-31", "2021-12-31"),
    ]


def test_a_baseline_time_does_not_scope_what_follows():
    found = rows(
        "Huainan had 1,320 high-tech enterprises, an increase of 140 over the end of 2022, "
        "and its R&D intensity stood at 2.1 percent."
    )
    assert [(r[1], r[2], r[4], r[6]) for r in found] == [
        ("number-of-high-tech-enterprises", "1320", "Level", "2024-03-15"),
        ("number-of-high-tech-enterprises", "140", "Change", "2024-03-15"),
        ("rd-investment-intensity", "2.1", "Level", "2024-01-01"),
    ]


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


# --- patterns found by the unseen gold set (benchmarks/extraction_eval.py) ---


def short(found: list[tuple]) -> list[tuple]:
    """Subject, measure, value, unit, kind, comparator, period start and end."""
    return [r[:8] for r in found]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # an adjective between "In" and the place
            "In neighbouring Huzhou, exports grew by 4 percent in 2023.",
            [
                (
                    "huzhou",
                    "exports",
                    "4",
                    "PERCENT",
                    "Change",
                    "Exactly",
                    "2023-01-01",
                    "2023-12-31",
                )
            ],
        ),
        (  # a possessive province qualifies the city, which is the subject
            "Meanwhile, Zhejiang's Taizhou posted a GDP of 500 billion yuan in 2023.",
            [
                (
                    "taizhou-zhejiang",
                    "gdp",
                    "500000000000",
                    "CCY_CNY",
                    "Level",
                    "Exactly",
                    "2023-01-01",
                    "2023-12-31",
                )
            ],
        ),
        (  # a share, then its change in percentage points
            "Nantong's exports accounted for 20 percent of its GDP in 2023, up 1.2 percentage "
            "points from a year earlier.",
            [
                (
                    "nantong",
                    "exports",
                    "20",
                    "PERCENT",
                    "Share",
                    "Exactly",
                    "2023-01-01",
                    "2023-12-31",
                ),
                (
                    "nantong",
                    "exports",
                    "1.2",
                    "PercentagePoint",
                    "Change",
                    "Exactly",
                    "2023-01-01",
                    "2023-12-31",
                ),
            ],
        ),
        (  # a change stated after its number: "N points higher than"
            "Changzhou's R&D intensity was 3.4 percent last year, 0.2 percentage points higher "
            "than in 2022.",
            [
                (
                    "changzhou",
                    "rd-investment-intensity",
                    "3.4",
                    "PERCENT",
                    "Level",
                    "Exactly",
                    "2023-01-01",
                    "2023-12-31",
                ),
                (
                    "changzhou",
                    "rd-investment-intensity",
                    "0.2",
                    "PercentagePoint",
                    "Change",
                    "Exactly",
                    "2023-01-01",
                    "2023-12-31",
                ),
            ],
        ),
        (  # "year on year" between a change and the level it led to
            "Wenzhou's GDP grew 6 percent year on year in 2023 to 200 billion yuan.",
            [
                ("wenzhou", "gdp", "6", "PERCENT", "Change", "Exactly", "2023-01-01", "2023-12-31"),
                (
                    "wenzhou",
                    "gdp",
                    "200000000000",
                    "CCY_CNY",
                    "Level",
                    "Exactly",
                    "2023-01-01",
                    "2023-12-31",
                ),
            ],
        ),
        (  # a determiner inside a measure phrase; "exceed" is a comparator
            "Lishui saw the output value of its industrial enterprises above designated size "
            "exceed 90 billion yuan in 2023.",
            [
                (
                    "lishui",
                    "industrial-output-value",
                    "90000000000",
                    "CCY_CNY",
                    "Level",
                    "MoreThan",
                    "2023-01-01",
                    "2023-12-31",
                )
            ],
        ),
        (  # a curated narrower investment
            "In Bengbu, industrial investment rose by 9 percent in 2023.",
            [
                (
                    "bengbu",
                    "industrial-investment",
                    "9",
                    "PERCENT",
                    "Change",
                    "Exactly",
                    "2023-01-01",
                    "2023-12-31",
                )
            ],
        ),
        (  # a count whose noun has several modifiers, read at the publication date
            'Ningbo is home to 85 national-level specialized and sophisticated "little giant" '
            "firms.",
            [
                (
                    "ningbo",
                    "number-of-little-giant-enterprises",
                    "85",
                    "NUM",
                    "Level",
                    "Exactly",
                    "2024-03-15",
                    "2024-03-15",
                )
            ],
        ),
        (  # adding to a stock is a change; "its total" is the level
            "Shaoxing added 600 high-tech enterprises last year, bringing its total to 4,000.",
            [
                (
                    "shaoxing",
                    "number-of-high-tech-enterprises",
                    "600",
                    "NUM",
                    "Change",
                    "Exactly",
                    "2023-01-01",
                    "2023-12-31",
                ),
                (
                    "shaoxing",
                    "number-of-high-tech-enterprises",
                    "4000",
                    "NUM",
                    "Level",
                    "Exactly",
                    "2023-01-01",
                    "2023-12-31",
                ),
            ],
        ),
        (  # "such firms" are the firms just counted
            'Lishui had 40 "little giant" enterprises in 2022. Lishui added 9 such firms in 2023.',
            [
                (
                    "lishui",
                    "number-of-little-giant-enterprises",
                    "40",
                    "NUM",
                    "Level",
                    "Exactly",
                    "2022-01-01",
                    "2022-12-31",
                ),
                (
                    "lishui",
                    "number-of-little-giant-enterprises",
                    "9",
                    "NUM",
                    "Change",
                    "Exactly",
                    "2023-01-01",
                    "2023-12-31",
                ),
            ],
        ),
        (  # a quantity in square kilometres with no measure phrase is an area
            "Chongming covers about 1,200 sq km.",
            [
                (
                    "chongming-district",
                    "area",
                    "1200",
                    "KiloM2",
                    "Level",
                    "About",
                    "2024-03-15",
                    "2024-03-15",
                )
            ],
        ),
        (  # the place after a share's whole belongs to the whole
            "Hefei is home to about 40 percent of the high-tech enterprises in Anhui.",
            [
                (
                    "hefei",
                    "number-of-high-tech-enterprises",
                    "40",
                    "PERCENT",
                    "Share",
                    "About",
                    "2024-03-15",
                    "2024-03-15",
                )
            ],
        ),
        (  # money "of" a measure, read with the verb before it
            "Ningbo utilized 3 billion dollars of foreign capital in 2023.",
            [
                (
                    "ningbo",
                    "utilization-of-foreign-capital",
                    "3000000000",
                    "CCY_USD",
                    "Level",
                    "Exactly",
                    "2023-01-01",
                    "2023-12-31",
                )
            ],
        ),
        (  # a second place repeating the measure without naming it
            "Wuxi's R&D intensity stood at 3.3 percent in 2023, and Nantong's was 2.9 percent.",
            [
                (
                    "wuxi",
                    "rd-investment-intensity",
                    "3.3",
                    "PERCENT",
                    "Level",
                    "Exactly",
                    "2023-01-01",
                    "2023-12-31",
                ),
                (
                    "nantong",
                    "rd-investment-intensity",
                    "2.9",
                    "PERCENT",
                    "Level",
                    "Exactly",
                    "2023-01-01",
                    "2023-12-31",
                ),
            ],
        ),
        (  # a ranking: "X led with N, followed by Y with M and Z with K"
            "Nanjing led with 460 listed companies, followed by Wuxi with 120 and Changzhou "
            "with 90.",
            [
                (
                    "nanjing",
                    "number-of-listed-companies",
                    "460",
                    "NUM",
                    "Level",
                    "Exactly",
                    "2024-03-15",
                    "2024-03-15",
                ),
                (
                    "wuxi",
                    "number-of-listed-companies",
                    "120",
                    "NUM",
                    "Level",
                    "Exactly",
                    "2024-03-15",
                    "2024-03-15",
                ),
                (
                    "changzhou",
                    "number-of-listed-companies",
                    "90",
                    "NUM",
                    "Level",
                    "Exactly",
                    "2024-03-15",
                    "2024-03-15",
                ),
            ],
        ),
        (  # "in the same period" is the period stated last, even in an earlier paragraph
            "In the first quarter of 2024, Yangzhou's exports rose 5 percent.\n\n"
            "Zhenjiang's imports rose by 2 percent in the same period.",
            [
                (
                    "yangzhou",
                    "exports",
                    "5",
                    "PERCENT",
                    "Change",
                    "Exactly",
                    "2024-01-01",
                    "2024-03-31",
                ),
                (
                    "zhenjiang",
                    "imports",
                    "2",
                    "PERCENT",
                    "Change",
                    "Exactly",
                    "2024-01-01",
                    "2024-03-31",
                ),
            ],
        ),
    ],
)
def test_unseen_article_patterns(body, expected):
    assert short(rows(body)) == expected


def test_a_list_of_places_with_a_combined_figure_states_no_metric():
    assert rows("Wuxi, Changzhou and Nantong saw their combined exports rise 5 percent.") == []


def test_a_possessive_noun_phrase_becomes_an_uncurated_measure():
    found = rows("In Zhoushan, the city's seafood processing output grew by 7 percent in 2023.")
    assert [(r[0], r[1], r[2], r[4]) for r in found] == [
        ("zhoushan", "seafood-processing-output", "7", "Change")
    ]


def test_a_paragraph_without_metrics_sets_the_time_of_the_next():
    found = rows(
        "Wuxi, Changzhou and Nantong reported steady growth in the first half of 2023.\n\n"
        "Wuxi's exports rose 4 percent."
    )
    assert [(r[0], r[1], r[6], r[7]) for r in found] == [
        ("wuxi", "exports", "2023-01-01", "2023-06-30")
    ]


def test_the_same_period_is_that_of_the_last_figures_not_of_a_day_or_a_figureless_time():
    found = rows(
        "Wuxi's exports rose 4 percent in the first half of 2023, the bureau said on Monday.\n\n"
        "Since 2016, Wuxi has opened many parks.\n\n"
        "Changzhou's imports rose 3 percent in the same period."
    )
    assert [(r[0], r[6], r[7]) for r in found] == [
        ("wuxi", "2023-01-01", "2023-06-30"),
        ("changzhou", "2023-01-01", "2023-06-30"),
    ]


def test_from_x_to_y_over_a_closed_span_puts_y_at_the_span_end():
    found = rows(
        "Between 2017 and 2021, the number of high-tech enterprises in Wuxi rose from 2,000 "
        "to 4,800."
    )
    assert [(r[0], r[2], r[6], r[7]) for r in found] == [
        ("wuxi", "2000", "2017-01-01", "2017-12-31"),
        ("wuxi", "4800", "2021-01-01", "2021-12-31"),
    ]


def test_a_paragraph_referring_back_keeps_the_period():
    found = rows(
        "Nantong's exports rose 6 percent in 2023.\n\n"
        "The city's imports rose 2 percent.\n\n"
        "Yangzhou's imports rose 1 percent."
    )
    assert [(r[0], r[1], r[6]) for r in found] == [
        ("nantong", "exports", "2023-01-01"),
        ("nantong", "imports", "2023-01-01"),
        # the period of the last figures, not the publication year (see
        # test_a_bare_flow_in_a_later_paragraph_takes_the_period_of_the_last_figures)
        ("yangzhou", "imports", "2023-01-01"),
    ]


def test_a_record_phrase_does_not_hide_the_change_after_it():
    found = rows(
        "Chuzhou's exports reached 80 billion yuan in 2023, hitting a record high, up 9 percent "
        "from a year earlier."
    )
    assert [(r[1], r[2], r[4], r[6]) for r in found] == [
        ("exports", "80000000000", "Level", "2023-01-01"),
        ("exports", "9", "Change", "2023-01-01"),
    ]


def test_a_change_named_after_its_number_follows_the_measure():
    found = rows(
        "Lianyungang's exports reached 30 billion yuan in the first quarter of 2023. Its imports "
        "stood at 12 billion yuan over the same period, a 6 percent increase, and its retail "
        "sales were 41 billion yuan, a 2 percent decline."
    )
    assert [(r[1], r[2], r[4], r[6], r[7]) for r in found] == [
        ("exports", "30000000000", "Level", "2023-01-01", "2023-03-31"),
        ("imports", "12000000000", "Level", "2023-01-01", "2023-03-31"),
        ("imports", "6", "Change", "2023-01-01", "2023-03-31"),
        ("retail-sales", "41000000000", "Level", "2023-01-01", "2023-03-31"),
        ("retail-sales", "-2", "Change", "2023-01-01", "2023-03-31"),
    ]


def test_places_with_figures_in_parentheses_repeat_the_measure():
    found = rows(
        "In 2023, Wuxi's GDP reached 1.5 trillion yuan, ranking first, followed by "
        "Changzhou (1.0 trillion yuan) and Nantong (1.2 trillion yuan)."
    )
    assert [(r[0], r[1], r[2], r[6]) for r in found] == [
        ("wuxi", "gdp", "1500000000000", "2023-01-01"),
        ("changzhou", "gdp", "1000000000000", "2023-01-01"),
        ("nantong", "gdp", "1200000000000", "2023-01-01"),
    ]


def test_two_measure_phrases_joined_by_in_are_the_first_narrowed():
    facts = extract_article(
        parse_article(
            "H\n\nZhenjiang's investment in strategic emerging industries grew 12 percent in 2023.",
            slug="t",
            date=PUBLISHED,
        )
    )
    [obs] = facts.observations
    assert obs.measure.endswith("/investment-in-strategic-emerging-industries")
    [new] = [m for m in facts.measures if m.iri == obs.measure]
    assert (new.curated, new.broader) == (False, "https://w3id.org/g60kg/measure/investment")


def test_exports_of_named_products_are_a_narrower_measure_but_goods_are_exports():
    found = rows(
        "Yancheng's exports of electronic products rose 8 percent in 2023.\n\n"
        "Suqian's exports of goods rose 5 percent in 2023."
    )
    assert [(r[0], r[1], r[2]) for r in found] == [
        ("yancheng", "exports-of-electronic-products", "8"),
        ("suqian", "exports", "5"),
    ]


def test_a_count_set_up_in_a_place_belongs_to_that_place():
    found = rows(
        "Huaibei's exports rose 3 percent in 2023. In 2023, 520 foreign-funded enterprises were "
        "set up in Xuzhou, the city's commerce bureau said."
    )
    assert [(r[0], r[1], r[2]) for r in found] == [
        ("huaibei", "exports", "3"),
        ("xuzhou", "number-of-foreign-funded-enterprises", "520"),
    ]


def test_a_count_after_exported_is_the_exports_of_that_thing():
    facts = extract_article(
        parse_article(
            "H\n\nIn 2023, Ningbo exported 52,000 excavators, an increase of 12 percent.",
            slug="t",
            date=PUBLISHED,
        )
    )
    found = [(o.measure.rsplit("/", 1)[-1], str(o.value), o.value_kind) for o in facts.observations]
    assert found == [("excavator-exports", "52000", "Level"), ("excavator-exports", "12", "Change")]
    [new] = [m for m in facts.measures if m.iri.endswith("/excavator-exports")]
    assert new.broader == "https://w3id.org/g60kg/measure/exports"


def test_a_sentence_opening_with_neighboring_place_is_about_that_place():
    found = rows(
        "Hefei's exports rose 4 percent in 2023.\n\n"
        "Neighboring Lu'an, an old revolutionary base, saw its imports rise 6 percent in 2023."
    )
    assert [(r[0], r[1], r[2]) for r in found] == [
        ("hefei", "exports", "4"),
        ("luan", "imports", "6"),
    ]


def test_a_second_place_that_had_a_count_repeats_the_counted_thing():
    found = rows(
        "By the end of 2023, Bozhou had 640 high-tech enterprises, and Fuyang had more than 900."
    )
    assert [(r[0], r[1], r[2], r[5]) for r in found] == [
        ("bozhou", "number-of-high-tech-enterprises", "640", "Exactly"),
        ("fuyang", "number-of-high-tech-enterprises", "900", "MoreThan"),
    ]


def test_equivalent_to_a_percent_of_gdp_is_a_share_of_the_measure_just_stated():
    found = rows(
        "Maanshan's R&D expenditure reached 9.8 billion yuan in 2023, equivalent to 3.1 percent "
        "of its GDP."
    )
    assert [(r[1], r[2], r[4]) for r in found] == [
        ("rd-expenditure", "9800000000", "Level"),
        ("rd-expenditure", "3.1", "Share"),
    ]


def test_an_elided_measure_with_its_own_change_verb():
    found = rows(
        "In 2023, Shaoxing's GDP reached 780 billion yuan, up 7 percent, while Quzhou's "
        "expanded 6.1 percent to 210 billion yuan and Lishui's fell 1.5 percent."
    )
    assert [(r[0], r[1], r[2], r[4]) for r in found] == [
        ("shaoxing", "gdp", "780000000000", "Level"),
        ("shaoxing", "gdp", "7", "Change"),
        ("quzhou", "gdp", "6.1", "Change"),
        ("quzhou", "gdp", "210000000000", "Level"),
        ("lishui", "gdp", "-1.5", "Change"),
    ]


def test_a_counted_noun_and_its_participle_can_name_the_measure():
    found = rows("Changzhou now has 74 companies listed on the STAR Market.")
    assert [(r[0], r[1], r[2]) for r in found] == [
        ("changzhou", "number-of-listed-companies", "74")
    ]


def test_slipped_is_a_fall():
    found = rows("In 2023, Bengbu's retail sales slipped 2.2 percent.")
    assert [(r[0], r[2], r[4]) for r in found] == [("bengbu", "-2.2", "Change")]


def test_a_place_and_a_number_alone_repeat_the_measure_just_stated():
    found = rows(
        "Shaoxing's exports fell 2.5 percent in 2023, Lishui 0.7 percent and Quzhou 1.1 percent."
    )
    assert [(r[0], r[1], r[2], r[4], r[6]) for r in found] == [
        ("shaoxing", "exports", "-2.5", "Change", "2023-01-01"),
        ("lishui", "exports", "-0.7", "Change", "2023-01-01"),
        ("quzhou", "exports", "-1.1", "Change", "2023-01-01"),
    ]


def test_an_area_spread_over_a_list_of_places_is_the_sentence_subjects():
    found = rows("The G60 corridor spans 76,200 sq km across Jiangsu, Zhejiang and Anhui.")
    assert [(r[0], r[1], r[2]) for r in found] == [
        ("g60-science-and-technology-innovation-valley", "area", "76200")
    ]


def test_a_count_of_an_unlexicalised_kind_is_a_narrower_uncurated_measure():
    facts = extract_article(
        parse_article(
            "Headline\n\nChuzhou now has 530 photovoltaic module companies and 2,000 new firms.",
            slug="t",
            date=PUBLISHED,
        )
    )
    found = [
        (o.measure.rsplit("/", 1)[-1], str(o.value), str(o.period_start))
        for o in facts.observations
    ]
    assert found == [
        ("photovoltaic-module-companies", "530", "2024-03-15"),
        ("number-of-enterprises", "2000", "2024-03-15"),
    ]
    (concept,) = facts.measures
    assert (concept.label, concept.curated) == ("photovoltaic module companies", False)
    assert concept.broader == "https://w3id.org/g60kg/measure/number-of-enterprises"


def test_a_spelled_out_part_of_a_places_firms_counts_the_kind_named_after_it():
    found = rows(
        "Tongling had 300 firms. Thirty-six of its firms are listed on stock markets. "
        "Twenty-two of Chuzhou's firms were certified as high-tech enterprises. "
        "Nineteen of its firms won prizes."
    )
    assert [(r[0], r[1], r[2]) for r in found] == [
        ("tongling", "number-of-enterprises", "300"),
        ("tongling", "number-of-listed-companies", "36"),
        ("chuzhou", "number-of-high-tech-enterprises", "22"),
    ]


def test_doubled_is_a_change_of_100_percent_but_not_over_several_years():
    found = rows(
        "In 2023, Chuzhou's exports doubled to 40 billion yuan. "
        "Since 2019, Bengbu's exports have more than doubled to 30 billion yuan last year."
    )
    assert [(r[0], r[2], r[4], r[5]) for r in found] == [
        ("chuzhou", "100", "Change", "Exactly"),
        ("chuzhou", "40000000000", "Level", "Exactly"),
        ("bengbu", "30000000000", "Level", "Exactly"),
    ]


def test_a_fraction_of_a_whole_is_a_share():
    found = rows("In 2023, Chuzhou's exports made up one-third of its GDP.")
    assert [(r[0], r[1], r[2], r[4]) for r in found] == [("chuzhou", "exports", "33.33", "Share")]


def test_an_elided_measure_after_a_conversion_and_a_time_phrase():
    found = rows(
        "Bengbu's GDP rose 5.2 percent to 160.3 billion yuan (22.4 billion U.S. dollars) in "
        "the six months ended June 30, 2023, while Chuzhou's grew 6.6 percent."
    )
    assert [(r[0], r[1], r[2], r[6], r[7]) for r in found] == [
        ("bengbu", "gdp", "5.2", "2023-01-01", "2023-06-30"),
        ("bengbu", "gdp", "160300000000", "2023-01-01", "2023-06-30"),
        ("chuzhou", "gdp", "6.6", "2023-01-01", "2023-06-30"),
    ]


@pytest.mark.parametrize("verb", ["up", "surging", "climbing", "an increase of"])
def test_any_change_word_of_the_cue_lexicon_after_a_figure_states_its_change(verb):
    found = rows(f"In 2023, Hefei's exports reached 50 billion yuan, {verb} 12 percent.")
    assert [r[1:5] for r in found] == [
        ("exports", "50000000000", "CCY_CNY", "Level"),
        ("exports", "12", "PERCENT", "Change"),
    ]


def test_an_elided_clause_takes_any_reporting_verb_of_change_and_its_fall():
    found = rows("In 2023, Jiaxing's GDP rose 5.5 percent, while Huzhou's slipped 0.6 percent.")
    assert [(r[0], r[2], r[4]) for r in found] == [
        ("jiaxing", "5.5", "Change"),
        ("huzhou", "-0.6", "Change"),
    ]


def test_any_share_verb_of_the_cue_lexicon_after_a_figure_states_a_share():
    found = rows("In 2023, Hefei's exports were 50 billion yuan, constituting 30 percent.")
    assert [r[2:5] for r in found] == [
        ("50000000000", "CCY_CNY", "Level"),
        ("30", "PERCENT", "Share"),
    ]


def test_its_refers_to_the_place_named_in_the_sentence_before():
    found = rows(
        "Statistics on Fengxian District were released at a meeting on Monday. "
        "Its GDP in 2022 reached 140 billion yuan, up 3.1 percent year on year."
    )
    assert [(r[0], r[1], r[2], r[4]) for r in found] == [
        ("fengxian-district", "gdp", "140000000000", "Level"),
        ("fengxian-district", "gdp", "3.1", "Change"),
    ]


def test_its_after_a_place_opening_the_sentence_is_that_place():
    found = rows(
        "Hangzhou was busy last year. Lishui, a city in the south, said its exports grew "
        "by 7 percent in 2023."
    )
    assert [(r[0], r[1]) for r in found] == [("lishui", "exports")]


def test_the_district_s_refers_to_the_last_district_named():
    found = rows(
        "Shanghai's leaders toured Jiading District. Officials said the district's retail "
        "sales grew by 4 percent in 2023."
    )
    assert [(r[0], r[1]) for r in found] == [("jiading-district", "retail-sales")]


def test_a_figure_with_no_subject_in_reach_takes_the_place_named_last():
    found = rows(
        "A forum on trade was held in Shaoxing on Monday.\n\n"
        "Total exports amounted to 260 billion yuan in 2023."
    )
    assert [(r[0], r[1], r[2]) for r in found] == [("shaoxing", "exports", "260000000000")]


def test_a_figure_after_a_list_of_places_takes_none_of_them():
    found = rows(
        "Delegates from Hefei, Wuhu and Xuancheng met on Monday.\n\n"
        "Total exports amounted to 260 billion yuan in 2023."
    )
    assert found == []


def test_a_count_of_consecutive_months_is_a_duration_not_a_figure():
    assert rows("Quzhou's tax revenue has grown for 40 consecutive months.") == []


def test_a_noun_before_the_measure_after_of_narrows_it():
    found = rows("In Quzhou, the value of bicycle exports reached 3 billion yuan in 2023.")
    assert [(r[0], r[1], r[2]) for r in found] == [("quzhou", "bicycle-exports", "3000000000")]


def test_trade_with_a_group_of_countries_is_a_narrower_measure():
    found = rows(
        "In 2023, Quzhou's foreign trade with Belt and Road participating countries reached "
        "8 billion yuan."
    )
    assert [(r[0], r[1]) for r in found] == [
        ("quzhou", "foreign-trade-with-belt-and-road-participating-countries")
    ]


def test_marking_a_percent_increase_after_a_level_is_its_change():
    found = rows(
        "In 2023, Quzhou's GDP reached 210 billion yuan, marking a 6.2 percent "
        "year-on-year increase."
    )
    assert [(r[1], r[2], r[4]) for r in found] == [
        ("gdp", "210000000000", "Level"),
        ("gdp", "6.2", "Change"),
    ]


TABLE = (
    "The cities published their figures.\n\n"
    "GDP of cities in Zhejiang in 2023:\n\n"
    "Quzhou 2125.1 6.2%\n\n"
    "Lishui 2003.6 7.1%\n\n"
    "Officials were pleased."
)


def test_rows_of_a_text_table_take_the_measure_and_year_of_its_heading():
    found = rows(TABLE)
    assert [(r[0], r[1], r[2], r[3], r[4], r[6], r[7]) for r in found] == [
        ("quzhou", "gdp", "6.2", "PERCENT", "Change", "2023-01-01", "2023-12-31"),
        ("lishui", "gdp", "7.1", "PERCENT", "Change", "2023-01-01", "2023-12-31"),
    ]


def test_a_table_figure_with_no_unit_is_set_aside_with_its_reason():
    facts = extract_article(parse_article("Headline\n\n" + TABLE, slug="t", date=PUBLISHED))
    text = facts.article.text
    assert [(text[a.begin : a.end], a.reason) for a in facts.set_aside] == [
        ("2125.1", "table figure with no unit"),
        ("2003.6", "table figure with no unit"),
    ]


def test_a_line_of_place_and_numbers_with_no_measure_above_is_no_table():
    assert rows("Officials met.\n\nQuzhou 2125.1 6.2%\n\nLishui 2003.6 7.1%") == []


def test_respectively_pairs_a_list_of_measures_with_its_figures():
    found = rows(
        "In 2023, Quzhou's retail sales, exports and fiscal revenue grew by 5.1%, 6.2% "
        "and 7.3% respectively."
    )
    assert [(r[0], r[1], r[2], r[4]) for r in found] == [
        ("quzhou", "retail-sales", "5.1", "Change"),
        ("quzhou", "exports", "6.2", "Change"),
        ("quzhou", "fiscal-revenue", "7.3", "Change"),
    ]


def test_respectively_pairs_a_list_of_places_with_the_measure_just_stated():
    found = rows(
        "In 2023, Quzhou's GDP grew by 6.5 percent, the fastest. Lishui and Zhoushan "
        "followed with 6.1 percent and 5.9 percent respectively."
    )
    assert [(r[0], r[1], r[2], r[4]) for r in found] == [
        ("quzhou", "gdp", "6.5", "Change"),
        ("lishui", "gdp", "6.1", "Change"),
        ("zhoushan", "gdp", "5.9", "Change"),
    ]


def test_a_verb_of_outlay_names_what_the_money_went_to():
    found = rows(
        "In 2023, Quzhou spent 2.1 billion yuan on basic research and 0.9 billion yuan "
        "on pilot tests."
    )
    assert [(r[0], r[1], r[2]) for r in found] == [
        ("quzhou", "spending-on-basic-research", "2100000000"),
        ("quzhou", "spending-on-pilot-tests", "900000000"),
    ]


def test_a_count_of_a_thing_the_lexicon_lacks_becomes_a_number_of_measure():
    found = rows("By the end of 2023, Quzhou had set up 12 innovation alliances.")
    assert [(r[0], r[1], r[2], r[3]) for r in found] == [
        ("quzhou", "number-of-innovation-alliances", "12", "NUM")
    ]


def test_counts_of_cities_members_and_guests_are_no_metric():
    assert rows("In 2023, Quzhou's alliance linked 12 cities and had 40 members.") == []
    assert rows("In Quzhou, 300 exhibitors attended the fair in 2023.") == []


def test_several_places_as_one_subject_give_no_subject():
    found = rows(
        "Quzhou hosted the forum.\n\n"
        "The two cities together spent 3 billion yuan on basic research in 2023."
    )
    assert found == []


def test_a_person_s_figure_is_not_the_place_s():
    found = rows("Quzhou welcomed investors.\n\nShe said she had 12 employees in 2023.")
    assert found == []


def test_the_noun_phrase_a_figure_is_of_names_an_unknown_measure():
    found = rows("In 2023, Quzhou achieved a tourism profit of 2.4 billion yuan.")
    assert [(r[0], r[1], r[2]) for r in found] == [("quzhou", "tourism-profit", "2400000000")]


def test_a_summary_repeated_at_the_start_of_the_body_is_read_once():
    lead = "Quzhou set up 12 innovation alliances by the end of 2023."
    found = rows(f"{lead}\n\n{lead[:-1]}, officials said on Monday.")
    assert [(r[1], r[2]) for r in found] == [("number-of-innovation-alliances", "12")]


def test_a_count_of_a_thing_the_lexicon_lacks_is_read_at_publication():
    found = rows("Quzhou now has 12 innovation alliances.")
    assert [(r[1], r[6], r[7]) for r in found] == [
        ("number-of-innovation-alliances", str(PUBLISHED), str(PUBLISHED))
    ]


def test_the_g60_high_tech_corridor_is_the_initiative():
    found = rows("The G60 High-Tech Corridor has 12 innovation alliances.")
    assert [r[0] for r in found] == ["g60-science-and-technology-innovation-valley"]


def test_a_sector_s_growth_is_the_growth_of_its_added_value():
    found = rows(
        "In 2023, Quzhou's primary industry saw a 3 percent increase, reaching 12 billion yuan."
    )
    assert [(r[1], r[2], r[4]) for r in found] == [
        ("added-value-of-the-primary-industry", "3", "Change"),
        ("added-value-of-the-primary-industry", "12000000000", "Level"),
    ]


def test_a_growth_rate_of_after_a_level_is_its_change():
    found = rows(
        "Quzhou achieved a GDP of 120 billion yuan in 2023, a year-on-year growth rate "
        "of 6.1 percent."
    )
    assert [(r[1], r[2], r[4]) for r in found] == [
        ("gdp", "120000000000", "Level"),
        ("gdp", "6.1", "Change"),
    ]


def test_a_count_of_industries_is_no_metric():
    assert rows("In 2023, Quzhou's 12 key industries grew fast.") == []


def test_by_a_percent_in_a_list_after_a_change_is_a_change():
    found = rows(
        "In 2023, Quzhou's industrial investment grew by 12 percent, with high-tech "
        "industry investment up by 20 percent, and service investment by 5 percent."
    )
    assert [(r[2], r[4]) for r in found] == [("12", "Change"), ("20", "Change"), ("5", "Change")]


def test_the_value_of_its_trade_with_a_group_is_a_measure_of_the_place():
    found = rows(
        "In 2023, Quzhou's exports grew fast. The value of its trade with ASEAN countries "
        "amounted to 9 billion yuan, up 4.1 percent year on year."
    )
    assert [(r[0], r[1], r[2], r[4]) for r in found] == [
        ("quzhou", "trade-with-asean-countries", "9000000000", "Level"),
        ("quzhou", "trade-with-asean-countries", "4.1", "Change"),
    ]


def test_contributing_a_percent_of_a_total_is_a_share():
    found = rows(
        "In 2023, Quzhou's exports reached 50 billion yuan in this period, up 3 percent "
        "year on year, while contributing 2.5 percent of the province's total exports."
    )
    assert [(r[2], r[4]) for r in found] == [
        ("50000000000", "Level"),
        ("3", "Change"),
        ("2.5", "Share"),
    ]


def test_places_after_a_dash_take_the_measure_just_stated():
    found = rows(
        "Quzhou's R&D intensity was 2.9 percent in 2023, while some regions did better "
        "\u2014 Beijing hit 6.1 percent, Shanghai reached 4.2 percent."
    )
    assert [(r[0], r[1], r[2]) for r in found] == [
        ("quzhou", "rd-investment-intensity", "2.9"),
        ("beijing", "rd-investment-intensity", "6.1"),
        ("shanghai", "rd-investment-intensity", "4.2"),
    ]


def test_a_place_the_gazetteer_lacks_is_no_measure():
    found = rows("Quzhou's R&D intensity was 2.9 percent in 2023. Xiamen city was at 3.1 percent.")
    assert [(r[0], r[2]) for r in found] == [("quzhou", "2.9")]


def test_the_nation_is_the_country_of_the_article_s_places():
    found = rows(
        "Quzhou's R&D intensity was 2.9 percent in 2023. The national R&D intensity "
        "was 2.6 percent. The nation as a whole spent 3 trillion yuan on research "
        "and development in 2023."
    )
    assert [(r[0], r[1], r[2]) for r in found] == [
        ("quzhou", "rd-investment-intensity", "2.9"),
        ("china", "rd-investment-intensity", "2.6"),
        ("china", "rd-expenditure", "3000000000000"),
    ]


def test_the_country_s_total_as_a_share_s_whole_is_not_the_subject():
    found = rows("In 2023, Quzhou's exports accounted for 1.2 percent of the country's exports.")
    assert [(r[0], r[2], r[4]) for r in found] == [("quzhou", "1.2", "Share")]


def test_a_copy_of_the_headline_above_the_body_states_nothing_new():
    body = "Quzhou exports up 5 percent\n\nQuzhou's exports grew by 5 percent in 2023."
    facts = extract_article(
        parse_article("Quzhou exports up 5 percent\n\n" + body, slug="t", date=PUBLISHED)
    )
    text = facts.article.text
    assert [text[o.begin : o.end] for o in facts.observations] == ["5 percent"]
    assert facts.observations[0].begin > text.index("grew")
    assert [(text[a.begin : a.end], a.reason) for a in facts.set_aside] == [
        ("5 percent", "headline repeated")
    ]


def test_a_rank_among_makers_is_no_count():
    assert rows("In 2023, Quzhou's top three chip makers grew fast.") == []


def test_an_average_yearly_increase_after_a_level_is_its_change():
    found = rows(
        "In 2023, Quzhou's fiscal revenue was 30 billion yuan with an average yearly "
        "increase of 9.5 percent."
    )
    assert [(r[1], r[2], r[4]) for r in found] == [
        ("fiscal-revenue", "30000000000", "Level"),
        ("fiscal-revenue", "9.5", "Change"),
    ]


def test_investment_in_industrial_fixed_assets_is_industrial_investment():
    found = rows(
        "Quzhou released its figures on Monday. Its absolute investment amount in "
        "industrial fixed assets in 2023 increased by 12 percent."
    )
    assert [(r[1], r[2]) for r in found] == [("industrial-investment", "12")]


def test_a_number_inside_a_quoted_title_is_part_of_a_name():
    facts = extract_article(
        parse_article(
            'Headline\n\nIn 2023, Quzhou ran the "5% Growth Plan" for its exporters.',
            slug="t",
            date=PUBLISHED,
        )
    )
    text = facts.article.text
    assert facts.observations == []
    assert [(text[a.begin : a.end], a.reason) for a in facts.set_aside] == [
        ("5%", "part of a name")
    ]


def test_residents_before_a_measure_narrow_it_to_them():
    found = rows(
        "In 2023, Quzhou's urban residents' per capita disposable income reached 61,000 yuan."
    )
    assert [(r[0], r[1], r[2]) for r in found] == [
        ("quzhou", "per-capita-disposable-income-of-urban-residents", "61000")
    ]


def test_the_four_areas_take_the_four_places_listed_before_and_the_list_s_unit():
    found = rows(
        "The delta consists of Shanghai and the provinces of Jiangsu, Zhejiang and Anhui. "
        "With the four areas realizing economic growth of 5.1, 5.8, 6.0 and 5.9 percent "
        "respectively in the first quarter of 2023, the region did well."
    )
    assert [(r[0], r[1], r[2], r[3], r[6], r[7]) for r in found] == [
        ("shanghai", "gdp-growth", "5.1", "PERCENT", "2023-01-01", "2023-03-31"),
        ("jiangsu", "gdp-growth", "5.8", "PERCENT", "2023-01-01", "2023-03-31"),
        ("zhejiang", "gdp-growth", "6.0", "PERCENT", "2023-01-01", "2023-03-31"),
        ("anhui", "gdp-growth", "5.9", "PERCENT", "2023-01-01", "2023-03-31"),
    ]


def test_the_region_refers_back_to_the_delta_and_money_in_a_measure_after_it():
    found = rows(
        "The Yangtze River Delta is large. In 2023, the region generated 30 trillion yuan "
        "($4.2 trillion) in GDP."
    )
    assert [(r[0], r[1], r[2]) for r in found] == [("yangtze-river-delta", "gdp", "30000000000000")]


def test_a_count_noun_of_the_lexicon_may_run_past_the_quantity():
    found = rows("In 2023, Quzhou added 40 industrial enterprises above the designated size.")
    assert [(r[1], r[2], r[4]) for r in found] == [
        ("number-of-industrial-enterprises-above-designated-size", "40", "Change")
    ]


def test_a_list_of_measures_in_the_last_clause_of_a_sentence_with_semicolons():
    found = rows(
        "In 2023, Quzhou added 40 high-tech enterprises; its exports rose by 3%; the "
        "retail sales, fiscal revenue and tourism revenue increased by 4.1%, 5.2% and "
        "6.3% respectively."
    )
    assert [(r[1], r[2]) for r in found][-3:] == [
        ("retail-sales", "4.1"),
        ("fiscal-revenue", "5.2"),
        ("tourism-revenue", "6.3"),
    ]


def test_a_head_before_a_list_of_measures_is_shared_by_each():
    found = rows(
        "In 2023, Quzhou's value-added of chip manufacturing and battery manufacturing "
        "grew by 12 percent and 9 percent, respectively."
    )
    assert [(r[1], r[2]) for r in found] == [
        ("value-added-of-chip-manufacturing", "12"),
        ("value-added-of-battery-manufacturing", "9"),
    ]


def test_a_goal_clause_is_not_cut_at_a_thousands_comma():
    found = rows(
        "Quzhou will strive to make 800,000 bicycles in 2024 and double its exports to "
        "more than 20 billion yuan."
    )
    assert found == []


def test_a_count_of_those_who_took_part_is_no_metric():
    found = rows(
        "In Quzhou, 53 companies in the fields of chips, batteries, and software, "
        "participated in the fair in 2023."
    )
    assert found == []


def test_a_figure_of_an_organisation_is_not_the_place_s():
    found = rows(
        "Quzhou hosted investors.\n\nBy the end of 2023, the park had welcomed 610 "
        "companies, including 245 startups."
    )
    assert found == []


def test_a_table_heading_s_province_decides_which_suzhou_a_row_means():
    found = rows(
        "Figures were released.\n\nGDP of cities in Anhui in 2023:\n\n"
        "Hefei 12673.8 5.8%\n\nSuzhou 2346.8 4.9%"
    )
    assert [(r[0], r[2]) for r in found] == [("hefei", "5.8"), ("suzhou-anhui", "4.9")]


def test_each_item_of_a_list_with_its_verb_left_out_names_its_own_measure():
    found = rows(
        "In 2023, Quzhou's investment grew by 8 percent, with chip industry investment up "
        "by 20 percent, battery industry investment by 15 percent, and water, power and "
        "road investment by 6 percent."
    )
    assert [(r[1], r[2], r[4]) for r in found] == [
        ("investment", "8", "Change"),
        ("chip-industry-investment", "20", "Change"),
        ("battery-industry-investment", "15", "Change"),
        ("water-power-and-road-investment", "6", "Change"),
    ]


def test_a_hope_is_a_goal_not_a_fact():
    assert rows("Quzhou hopes to add 300 high-tech enterprises in 2024.") == []
