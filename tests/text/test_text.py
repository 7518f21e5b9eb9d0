import pytest
from hypothesis import given
from hypothesis import strategies as st

from g60kg.text.normalize import normalize, sentences, slugify


def test_normalize_folds_typography_one_code_point_each():
    raw = "China\u2019s \u201cvalley\u201d\u00a0grew\u2009\u2014 by 5\u202f% \u2013 \u2212"
    assert normalize(raw) == 'China\'s "valley" grew - by 5 % - -'
    assert len(normalize(raw)) == len(raw)


@given(st.text())
def test_normalize_keeps_length(text):
    assert len(normalize(text)) == len(text)


def _split(text):
    return [text[b:e] for b, e in sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It grew. It fell.", ["It grew.", "It fell."]),
        (
            "BEIJING, Nov. 22, 2023 /PRNewswire/ - A thing happened.",
            ["BEIJING, Nov. 22, 2023 /PRNewswire/ - A thing happened."],
        ),
        ("Output rose 54.5 percent. Exports too.", ["Output rose 54.5 percent.", "Exports too."]),
        (
            "It reached 3.8 trillion U.S. dollars. Next.",
            ["It reached 3.8 trillion U.S. dollars.", "Next."],
        ),
        (
            "Shanghai Example Co., Ltd. Signed a deal.",
            ["Shanghai Example Co., Ltd. Signed a deal."],
        ),
        ("Road No. 5 opened. Cars came.", ["Road No. 5 opened.", "Cars came."]),
        ("They said no. Then left.", ["They said no.", "Then left."]),
        ("He said \u201cgo.\u201d Then left.", ["He said \u201cgo.\u201d", "Then left."]),
        ("Really? Yes! Fine.", ["Really?", "Yes!", "Fine."]),
        ("A heading\n\nA paragraph without stop", ["A heading", "A paragraph without stop"]),
        ("  padded sentence.  ", ["padded sentence."]),
        ("Dr. Li met J. K. Smith. Done.", ["Dr. Li met J. K. Smith.", "Done."]),
        ("", []),
    ],
)
def test_sentences_split_on_stops_not_on_abbreviations(text, expected):
    assert _split(text) == expected


def test_sentences_respect_window_and_report_absolute_offsets():
    text = "Skip this. Keep one. Keep two. Skip that."
    spans = sentences(text, 11, 30)
    assert [text[b:e] for b, e in spans] == ["Keep one.", "Keep two."]
    assert spans[0] == (11, 20)


@given(st.text(alphabet=st.sampled_from("ab .?!\n\u00a0\u201dNo3,U.S"), max_size=80))
def test_sentences_are_trimmed_ordered_and_inside_text(text):
    spans = sentences(text)
    last = 0
    for b, e in spans:
        assert last <= b < e <= len(text)
        assert not text[b].isspace() and not text[e - 1].isspace()
        last = e


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("R&D investment intensity", "rd-investment-intensity"),
        ("Songjiang District", "songjiang-district"),
        (
            "G60 Science and Technology Innovation Valley",
            "g60-science-and-technology-innovation-valley",
        ),
        ("China\u2019s Yangtze River Delta", "chinas-yangtze-river-delta"),
        ("  --Zürich  Expo 2023!! ", "zurich-expo-2023"),
        ("g60-article-2023-11-22", "g60-article-2023-11-22"),
        ("苏州", ""),
    ],
)
def test_slugify(name, slug):
    assert slugify(name) == slug
