"""Named events in sentences written for these tests."""

from __future__ import annotations

import datetime

from g60kg.extract.pipeline import extract_article
from g60kg.namespaces import G60R
from g60kg.text.article import parse_article

PUBLISHED = datetime.date(2024, 3, 15)
VALLEY = G60R + "initiative/g60-science-and-technology-innovation-valley"


def events(body: str):
    facts = extract_article(parse_article("Headline\n\n" + body, slug="t", date=PUBLISHED))
    for e in facts.events:
        assert facts.article.text[e.name_span.begin : e.name_span.end] == e.name_span.quote
    return {e.iri.removeprefix(G60R + "event/"): e for e in facts.events}


def test_forum_with_edition_place_and_day():
    found = events(
        "The 3rd Yangtze River Delta G60 Sci-Tech Innovation Corridor Forum was held in "
        "Jiaxing, Zhejiang Province on Nov. 10, 2023."
    )
    forum = found["g60-science-and-technology-innovation-valley-forum-3"]
    assert forum.label == "3rd Yangtze River Delta G60 Sci-Tech Innovation Corridor Forum"
    assert forum.edition == 3
    assert forum.location == G60R + "region/jiaxing"
    assert forum.date == datetime.date(2023, 11, 10)
    assert forum.year == 2023
    assert forum.about == VALLEY


def test_edition_of_a_gazetteer_series():
    found = events("A ceremony took place at the 5th China International Import Expo in Shanghai.")
    expo = found["china-international-import-expo-5"]
    assert expo.series == G60R + "event/china-international-import-expo"
    assert expo.edition == 5
    assert expo.location == G60R + "region/shanghai"


def test_recently_means_held_before_publication():
    found = events(
        "The 2024 G60 Science and Technology Innovation Valley Summit was held recently."
    )
    summit = found["2024-g60-science-and-technology-innovation-valley-summit"]
    assert summit.held_before == PUBLISHED
    assert summit.year == 2024
    assert summit.date is None


def test_event_held_during_another_shares_its_place_and_year():
    found = events(
        "The World Artificial Intelligence Conference (WAIC) opened in Shanghai on July 6, 2023. "
        "The Digital Economy Forum was held during the World Artificial Intelligence Conference."
    )
    forum = found["digital-economy-forum"]
    assert forum.part_of == G60R + "event/world-artificial-intelligence-conference"
    assert forum.location == G60R + "region/shanghai"
    assert forum.year == 2023
    waic = found["world-artificial-intelligence-conference"]
    assert waic.name_span.quote == "World Artificial Intelligence Conference (WAIC)"
    assert len(waic.evidence) == 2


def test_spellings_of_the_initiative_give_one_event():
    found = events(
        "The G60 S&T Innovation Valley Expo opened. "
        "The G60 Science and Technology Innovation Corridor Expo closed."
    )
    assert list(found) == ["g60-science-and-technology-innovation-valley-expo"]


def test_lower_case_event_words_are_not_events():
    assert events("A forum and a conference were held in Hefei.") == {}


def test_place_and_date_go_to_the_event_they_follow():
    found = events(
        "Hangzhou will host the 2024 Global Digital Trade Expo in September, following the "
        "2nd Global Digital Trade Expo held in Hangzhou in November 2023."
    )
    assert found["2024-global-digital-trade-expo"].location is None
    second = found["global-digital-trade-expo-2"]
    assert (second.location, second.year) == (G60R + "region/hangzhou", 2023)


def test_edition_in_words_and_place_after_a_day():
    found = events("The third Yangtze River Delta Innovation Forum was held on Oct. 12 in Hefei.")
    (forum,) = found.values()
    assert forum.edition == 3
    assert forum.location == G60R + "region/hefei"
    assert forum.date == datetime.date(2023, 10, 12)
