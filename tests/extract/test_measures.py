"""The measure lexicon: phrases as articles write them, counts, defaults."""

import pytest

from g60kg.extract import measures
from g60kg.namespaces import G60M
from g60kg.text.normalize import normalize

SEED_MEASURES = [
    "area",
    "newly-registered-capital-of-foreign-funded-enterprises",
    "utilization-of-foreign-capital",
    "import-and-export-volume",
    "total-investment-in-landed-projects",
    "contracted-foreign-capital",
    "share-of-strategic-emerging-industries-in-industrial-output",
    "rd-investment-intensity",
]


@pytest.fixture(scope="module")
def lexicon() -> measures.Lexicon:
    return measures.load()


@pytest.mark.parametrize("slug", SEED_MEASURES)
def test_seed_measures_are_curated(lexicon, slug):
    assert lexicon[G60M + slug].curated


@pytest.mark.parametrize(
    ("phrase", "slug"),
    [
        ("total investment in projects landed", "total-investment-in-landed-projects"),
        ("output value of strategic new industries", SEED_MEASURES[6]),
        ("Intensity of Research and Development Investment", "rd-investment-intensity"),
        ("R&D intensity", "rd-investment-intensity"),
        ("actually utilized foreign capital", "utilization-of-foreign-capital"),
        ("total imports and exports", "import-and-export-volume"),
        ("GDP", "gdp"),
        ("per capita GDP", "gdp-per-capita"),
        ("fixed asset investment", "fixed-asset-investment"),
        ("retail sales of consumer goods", "retail-sales"),
    ],
)  # fmt: skip
def test_phrases_name_their_measure(lexicon, phrase, slug):
    assert lexicon.for_phrase(phrase) == G60M + slug


def test_find_prefers_the_longest_phrase(lexicon):
    text = "the newly registered capital of foreign-funded enterprises rose"
    found = lexicon.find(normalize(text))
    assert [(b, e, iri.removeprefix(G60M)) for b, e, iri in found] == [
        (4, 58, "newly-registered-capital-of-foreign-funded-enterprises")
    ]


def test_find_ignores_quotes_around_words(lexicon):
    found = lexicon.find('the number of "little giant" enterprises')
    assert [iri.removeprefix(G60M) for _, _, iri in found] == ["number-of-little-giant-enterprises"]


@pytest.mark.parametrize(
    ("counted", "slug"),
    [
        ("national high-tech enterprises", "number-of-high-tech-enterprises"),
        ("listed companies", "number-of-listed-companies"),
        ("NEV-related enterprises", "number-of-enterprises"),
        ("academicians", "number-of-academicians"),
        ("invention patents", "number-of-invention-patents"),
    ],
)
def test_counted_nouns_name_their_measure(lexicon, counted, slug):
    assert lexicon.for_count(counted) == G60M + slug


def test_unknown_counted_noun_has_no_measure(lexicon):
    assert lexicon.for_count("cities") is None


def test_area_is_read_at_the_publication_date(lexicon):
    assert lexicon[G60M + "area"].default_period == measures.PUBLICATION_DATE
    assert lexicon[G60M + "gdp"].default_period == measures.PUBLICATION_YEAR


def test_uncurated_measure_gets_a_slug_iri():
    m = measures.uncurated("digital economy output")
    assert (m.iri, m.label, m.curated) == (
        G60M + "digital-economy-output",
        "digital economy output",
        False,
    )


def test_broader_concepts_are_loaded(lexicon):
    assert lexicon[G60M + "rd-investment-intensity"].broader == G60M + "rd-expenditure"
    assert lexicon[G60M + "area"].broader is None


def test_broader_measure_is_read_from_the_lexicon(lexicon):
    assert lexicon[G60M + "industrial-investment"].broader == G60M + "investment"
    assert lexicon[G60M + "number-of-little-giant-enterprises"].broader == (
        G60M + "number-of-enterprises"
    )


def test_counts_of_stocks_are_read_at_the_publication_date(lexicon):
    assert lexicon[G60M + "number-of-high-tech-enterprises"].default_period == (
        measures.PUBLICATION_DATE
    )
    assert lexicon[G60M + "number-of-projects"].default_period == measures.PUBLICATION_YEAR


def test_a_unit_implies_a_measure_only_where_the_lexicon_says_so(lexicon):
    assert lexicon.for_unit("http://qudt.org/vocab/unit/KiloM2") == G60M + "area"
    assert lexicon.for_unit("http://qudt.org/vocab/unit/PERCENT") is None
    assert lexicon.for_unit(None) is None
